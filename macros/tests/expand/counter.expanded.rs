#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_counter() -> (
    ::freevars::Closure<impl Fn() -> u32>,
    ::freevars::Closure<impl Fn() -> u32>,
) {
    use ::freevars::__private as __freevars;
    let count = __freevars::new_cell(0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let inc = __freevars::closure(
        {
            let count_cell = __freevars::share_sole(&count, "make_counter::inc");
            move || -> u32 {
                let count = &mut *__freevars::sole_mut(
                    &count_cell,
                    "count",
                    "make_counter::inc",
                );
                *count += 1;
                *count
            }
        },
        &__freevars::Code(
            "make_counter::inc",
            __freevars::NO_OWNER,
            0,
            &[],
            &["count"],
            &[],
            "counter.rs",
            3,
            "   4  LOAD_DEREF    count\n      STORE_DEREF   count\n   5  LOAD_DEREF    count\n      RETURN_VALUE  \n",
            "",
            "move || {\n    count += 1;\n    count\n}",
        ),
        [__freevars::probe("count", &count).dyn_cell()],
    );
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let get = __freevars::closure(
        {
            let count_cell = __freevars::share(&count);
            move || -> u32 {
                let count = &*__freevars::borrow(
                    &count_cell,
                    "count",
                    "make_counter::get",
                );
                *count
            }
        },
        &__freevars::Code(
            "make_counter::get",
            __freevars::NO_OWNER,
            0,
            &[],
            &["count"],
            &[],
            "counter.rs",
            7,
            "   7  LOAD_DEREF    count\n      RETURN_VALUE  \n",
            "",
            "move || count",
        ),
        [__freevars::probe("count", &count).dyn_cell()],
    );
    println!(
        "made a counter starting at {count}", count = * __freevars::borrow(& count,
        "count", "make_counter")
    );
    (inc, get)
}
