#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::Closure<impl FnMut(f64) -> f64> {
    let count = ::freevars::__private::new_cell(0);
    let total = ::freevars::__private::new_cell(0.0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let averager = ::freevars::__private::closure(
        {
            let count_cell = ::freevars::__private::share_sole(
                &count,
                "make_averager::averager",
            );
            let total_cell = ::freevars::__private::share_sole(
                &total,
                "make_averager::averager",
            );
            move |new_value: f64| -> f64 {
                let count = &mut *::freevars::__private::sole_mut(
                    &count_cell,
                    "count",
                    "make_averager::averager",
                );
                let total = &mut *::freevars::__private::sole_mut(
                    &total_cell,
                    "total",
                    "make_averager::averager",
                );
                *count += 1;
                *total += new_value;
                *total / f64::from(*count)
            }
        },
        const {
            &::freevars::__private::code(
                "make_averager::averager",
                1,
                &["new_value"],
                &["count", "total"],
                &[],
                "   5  LOAD_DEREF    count\n      STORE_DEREF   count\n   6  LOAD_DEREF    total\n      LOAD_FAST     new_value\n      STORE_DEREF   total\n   7  LOAD_DEREF    total\n      LOAD_GLOBAL   f64::from\n      LOAD_DEREF    count\n      RETURN_VALUE  \n",
                "",
                "move |new_value: f64| {\n    count += 1;\n    total += new_value;\n    total / f64::from(count)\n}",
            )
        },
        [
            ::freevars::__private::probe("count", &count).dyn_cell(),
            ::freevars::__private::probe("total", &total).dyn_cell(),
        ],
    );
    averager
}
