#[allow(clippy::type_complexity)]
fn make_adder(n: i32) -> ::freevars::Closure<Box<dyn Fn(i32) -> i32>> {
    let n = ::freevars::__private::new_cell(n);
    ::freevars::Closure::new(
        Box::new({
            let n_cell = ::freevars::__private::Rc::clone(&n);
            move |x: i32| -> i32 {
                let n = &*::freevars::__private::borrow(
                    &n_cell,
                    "n",
                    "make_adder::{closure}",
                );
                x + *n
            }
        }),
        {
            static CODE: ::freevars::Code = ::freevars::Code::new(
                    "make_adder::{closure}",
                )
                .with_argcount(1)
                .with_varnames(&["x"])
                .with_freevars(&["n"])
                .with_location(::core::file!(), ::core::line!());
            &CODE
        },
        {
            #[allow(unused_imports)]
            use ::freevars::__private::{DebugProbe as _, PlainProbe as _};
            [(&::freevars::__private::Probe::new("n", &n)).dyn_cell()]
        },
    )
}
