#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::Closure<impl FnMut(f64) -> f64> {
    use ::freevars::__private as __freevars;
    let count = __freevars::new_cell(0);
    let total = __freevars::new_cell(0.0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let averager = __freevars::closure(
        {
            let count_cell = __freevars::share_sole(&count, "make_averager::averager");
            let total_cell = __freevars::share_sole(&total, "make_averager::averager");
            move |new_value: f64| -> f64 {
                let count = &mut *__freevars::sole_mut(
                    &count_cell,
                    "count",
                    "make_averager::averager",
                );
                let total = &mut *__freevars::sole_mut(
                    &total_cell,
                    "total",
                    "make_averager::averager",
                );
                *count += 1;
                *total += new_value;
                *total / f64::from(*count)
            }
        },
        &__freevars::Code(
            "make_averager::averager",
            __freevars::NO_OWNER,
            1,
            &["new_value"],
            &["count", "total"],
            &[],
            "count_total.rs",
            4,
            "   5  LOAD_DEREF    count\n      STORE_DEREF   count\n   6  LOAD_DEREF    total\n      LOAD_FAST     new_value\n      STORE_DEREF   total\n   7  LOAD_DEREF    total\n      LOAD_GLOBAL   f64::from\n      LOAD_DEREF    count\n      RETURN_VALUE  \n",
            "",
            "move |new_value: f64| {\n    count += 1;\n    total += new_value;\n    total / f64::from(count)\n}",
        ),
        [
            __freevars::probe("count", &count).dyn_cell(),
            __freevars::probe("total", &total).dyn_cell(),
        ],
    );
    averager
}
