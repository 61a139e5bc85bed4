#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_counter() -> (
    ::freevars::Closure<impl Fn() -> u32>,
    ::freevars::Closure<impl Fn() -> u32>,
) {
    let count = ::freevars::__private::new_cell(0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let inc = ::freevars::__private::closure(
        {
            let count_cell = ::freevars::__private::share_sole(
                &count,
                "make_counter::inc",
            );
            move || -> u32 {
                let count = &mut *::freevars::__private::sole_mut(
                    &count_cell,
                    "count",
                    "make_counter::inc",
                );
                *count += 1;
                *count
            }
        },
        const {
            &::freevars::__private::code(
                "make_counter::inc",
                0,
                &[],
                &["count"],
                &[],
                "   4  LOAD_DEREF    count\n      STORE_DEREF   count\n   5  LOAD_DEREF    count\n      RETURN_VALUE  \n",
                "",
                "move || {\n    count += 1;\n    count\n}",
            )
        },
        [::freevars::__private::probe("count", &count).dyn_cell()],
    );
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let get = ::freevars::__private::closure(
        {
            let count_cell = ::freevars::__private::share(&count);
            move || -> u32 {
                let count = &*::freevars::__private::borrow(
                    &count_cell,
                    "count",
                    "make_counter::get",
                );
                *count
            }
        },
        const {
            &::freevars::__private::code(
                "make_counter::get",
                0,
                &[],
                &["count"],
                &[],
                "   7  LOAD_DEREF    count\n      RETURN_VALUE  \n",
                "",
                "move || count",
            )
        },
        [::freevars::__private::probe("count", &count).dyn_cell()],
    );
    println!(
        "made a counter starting at {count}", count = * ::freevars::__private::borrow(&
        count, "count", "make_counter")
    );
    (inc, get)
}
