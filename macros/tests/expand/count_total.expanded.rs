#[allow(clippy::type_complexity)]
fn make_averager() -> ::freevars::Closure<impl FnMut(f64) -> f64> {
    let count = ::freevars::__private::new_cell(0);
    let total = ::freevars::__private::new_cell(0.0);
    #[allow(clippy::let_and_return)]
    let averager = ::freevars::Closure::new(
        {
            let count_cell = ::freevars::__private::Rc::clone(&count);
            let total_cell = ::freevars::__private::Rc::clone(&total);
            move |new_value: f64| -> f64 {
                let count = &mut *::freevars::__private::borrow_mut(
                    &count_cell,
                    "count",
                    "make_averager::averager",
                );
                let total = &mut *::freevars::__private::borrow_mut(
                    &total_cell,
                    "total",
                    "make_averager::averager",
                );
                *count += 1;
                *total += new_value;
                *total / f64::from(*count)
            }
        },
        {
            static CODE: ::freevars::Code = ::freevars::Code::new(
                    "make_averager::averager",
                )
                .with_argcount(1)
                .with_varnames(&["new_value"])
                .with_freevars(&["count", "total"])
                .with_location(::core::file!(), ::core::line!());
            &CODE
        },
        {
            #[allow(unused_imports)]
            use ::freevars::__private::{DebugProbe as _, PlainProbe as _};
            [
                (&::freevars::__private::Probe::new("count", &count)).dyn_cell(),
                (&::freevars::__private::Probe::new("total", &total)).dyn_cell(),
            ]
        },
    );
    averager
}
