#[allow(clippy::type_complexity)]
fn make_averager() -> ::freevars::Closure<impl Fn(f64) -> f64> {
    let series = ::freevars::__private::new_cell(Vec::new());
    ::freevars::Closure::new(
        {
            let series_cell = ::freevars::__private::Rc::clone(&series);
            move |new_value: f64| -> f64 {
                let series = &mut *::freevars::__private::borrow_mut(
                    &series_cell,
                    "series",
                    "make_averager::{closure}",
                );
                (*series).push(new_value);
                let total: f64 = (*series).iter().sum();
                total / (*series).len() as f64
            }
        },
        {
            static CODE: ::freevars::Code = ::freevars::Code::new(
                    "make_averager::{closure}",
                )
                .with_argcount(1)
                .with_varnames(&["new_value", "total"])
                .with_freevars(&["series"])
                .with_location(::core::file!(), ::core::line!());
            &CODE
        },
        {
            #[allow(unused_imports)]
            use ::freevars::__private::{DebugProbe as _, PlainProbe as _};
            [(&::freevars::__private::Probe::new("series", &series)).dyn_cell()]
        },
    )
}
