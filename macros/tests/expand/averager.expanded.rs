#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::Closure<impl Fn(f64) -> f64> {
    let series = ::freevars::__private::new_cell(Vec::new());
    ::freevars::__private::closure(
        {
            let series_cell = ::freevars::__private::share(&series);
            move |new_value: f64| -> f64 {
                let series = &mut ::freevars::__private::lazy(
                    &series_cell,
                    "series",
                    "make_averager::{closure}",
                );
                (**series).push(new_value);
                let total: f64 = (**series).iter().sum();
                total / (**series).len() as f64
            }
        },
        const {
            &::freevars::__private::code(
                "make_averager::{closure}",
                1,
                &["new_value", "total"],
                &["series"],
                &[],
            )
        },
        [::freevars::__private::probe("series", &series).dyn_cell()],
    )
}
