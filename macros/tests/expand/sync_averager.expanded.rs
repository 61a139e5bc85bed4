#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::sync::Closure<impl Fn(f64) -> f64 + Send + Sync> {
    let count = ::freevars::__private::sync::new_exclusive_cell(0);
    let total = ::freevars::__private::sync::new_exclusive_cell(0.0);
    ::freevars::__private::sync::closure(
        {
            let count_cell = ::freevars::__private::sync::share(&count);
            let total_cell = ::freevars::__private::sync::share(&total);
            move |new_value: f64| -> f64 {
                let count = &mut *::freevars::__private::sync::borrow_mut(
                    &count_cell,
                    "count",
                    "make_averager::{closure}",
                );
                let total = &mut *::freevars::__private::sync::borrow_mut(
                    &total_cell,
                    "total",
                    "make_averager::{closure}",
                );
                *count += 1;
                *total += new_value;
                *total / f64::from(*count)
            }
        },
        const {
            &::freevars::__private::code(
                "make_averager::{closure}",
                1,
                &["new_value"],
                &["count", "total"],
                &[],
                "   5  LOAD_DEREF    count\n      STORE_DEREF   count\n   6  LOAD_DEREF    total\n      LOAD_FAST     new_value\n      STORE_DEREF   total\n   7  LOAD_DEREF    total\n      LOAD_GLOBAL   f64::from\n      LOAD_DEREF    count\n      RETURN_VALUE  \n",
                "",
                "move |new_value| {\n    count += 1;\n    total += new_value;\n    total / f64::from(count)\n}",
            )
        },
        [
            ::freevars::__private::sync::probe("count", &count).dyn_cell(),
            ::freevars::__private::sync::probe("total", &total).dyn_cell(),
        ],
    )
}
