#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::sync::Closure<impl Fn(f64) -> f64 + Send + Sync> {
    use ::freevars::__private::sync as __freevars;
    let count = __freevars::new_exclusive_cell(0);
    let total = __freevars::new_exclusive_cell(0.0);
    __freevars::closure(
        {
            let count_cell = __freevars::share(&count);
            let total_cell = __freevars::share(&total);
            move |new_value: f64| -> f64 {
                let count = &mut *__freevars::borrow_mut(
                    &count_cell,
                    "count",
                    "make_averager::{closure}",
                );
                let total = &mut *__freevars::borrow_mut(
                    &total_cell,
                    "total",
                    "make_averager::{closure}",
                );
                *count += 1;
                *total += new_value;
                *total / f64::from(*count)
            }
        },
        &__freevars::Code(
            "make_averager::{closure}",
            __freevars::NO_OWNER,
            1,
            &["new_value"],
            &["count", "total"],
            &[],
            "sync_averager.rs",
            4,
            "   5  LOAD_DEREF    count\n      STORE_DEREF   count\n   6  LOAD_DEREF    total\n      LOAD_FAST     new_value\n      STORE_DEREF   total\n   7  LOAD_DEREF    total\n      LOAD_GLOBAL   f64::from\n      LOAD_DEREF    count\n      RETURN_VALUE  \n",
            "",
            "move |new_value| {\n    count += 1;\n    total += new_value;\n    total / f64::from(count)\n}",
        ),
        [
            __freevars::probe("count", &count).dyn_cell(),
            __freevars::probe("total", &total).dyn_cell(),
        ],
    )
}
