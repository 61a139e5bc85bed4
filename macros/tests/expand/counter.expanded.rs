#[allow(clippy::type_complexity)]
fn make_counter() -> (
    ::freevars::Closure<impl Fn() -> u32>,
    ::freevars::Closure<impl Fn() -> u32>,
) {
    let count = ::freevars::__private::new_cell(0);
    #[allow(clippy::let_and_return)]
    let inc = ::freevars::Closure::new(
        {
            let count_cell = ::freevars::__private::Rc::clone(&count);
            move || -> u32 {
                let count = &mut *::freevars::__private::borrow_mut(
                    &count_cell,
                    "count",
                    "make_counter::inc",
                );
                *count += 1;
                *count
            }
        },
        {
            static CODE: ::freevars::Code = ::freevars::Code::new("make_counter::inc")
                .with_freevars(&["count"])
                .with_location(::core::file!(), ::core::line!());
            &CODE
        },
        {
            #[allow(unused_imports)]
            use ::freevars::__private::{DebugProbe as _, PlainProbe as _};
            [(&::freevars::__private::Probe::new("count", &count)).dyn_cell()]
        },
    );
    #[allow(clippy::let_and_return)]
    let get = ::freevars::Closure::new(
        {
            let count_cell = ::freevars::__private::Rc::clone(&count);
            move || -> u32 {
                let count = &*::freevars::__private::borrow(
                    &count_cell,
                    "count",
                    "make_counter::get",
                );
                *count
            }
        },
        {
            static CODE: ::freevars::Code = ::freevars::Code::new("make_counter::get")
                .with_freevars(&["count"])
                .with_location(::core::file!(), ::core::line!());
            &CODE
        },
        {
            #[allow(unused_imports)]
            use ::freevars::__private::{DebugProbe as _, PlainProbe as _};
            [(&::freevars::__private::Probe::new("count", &count)).dyn_cell()]
        },
    );
    println!(
        "made a counter starting at {count}", count = * ::freevars::__private::borrow(&
        count, "count", "make_counter")
    );
    (inc, get)
}
