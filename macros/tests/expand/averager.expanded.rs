#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_averager() -> ::freevars::Closure<impl Fn(f64) -> f64> {
    use ::freevars::__private as __freevars;
    let series = __freevars::new_cell(Vec::new());
    __freevars::closure(
        {
            let series_cell = __freevars::share_sole(
                &series,
                "make_averager::{closure}",
            );
            move |new_value: f64| -> f64 {
                let series = &mut __freevars::sole_lazy(
                    &series_cell,
                    "series",
                    "make_averager::{closure}",
                );
                (**series).push(new_value);
                let total: f64 = (**series).iter().sum();
                total / (**series).len() as f64
            }
        },
        &__freevars::Code(
            "make_averager::{closure}",
            __freevars::NO_OWNER,
            1,
            &["new_value", "total"],
            &["series"],
            &[],
            "averager.rs",
            3,
            "   4  LOAD_DEREF    series\n      LOAD_METHOD   push\n      LOAD_FAST     new_value\n   5  LOAD_DEREF    series\n      LOAD_METHOD   iter\n      LOAD_METHOD   sum\n      STORE_FAST    total\n   6  LOAD_FAST     total\n      LOAD_DEREF    series\n      LOAD_METHOD   len\n      RETURN_VALUE  \n",
            "",
            "move |new_value| {\n    series.push(new_value);\n    let total: f64 = series.iter().sum();\n    total / series.len() as f64\n}",
        ),
        [__freevars::probe("series", &series).dyn_cell()],
    )
}
