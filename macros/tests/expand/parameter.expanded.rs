#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_adder(n: i32) -> ::freevars::Closure<Box<dyn Fn(i32) -> i32>> {
    let n = ::freevars::__private::new_cell(n);
    ::freevars::__private::closure(
        Box::new({
            let n_cell = ::freevars::__private::share(&n);
            move |x: i32| -> i32 {
                let n = &*::freevars::__private::borrow(
                    &n_cell,
                    "n",
                    "make_adder::{closure}",
                );
                x + *n
            }
        }),
        const {
            &::freevars::__private::code(
                "make_adder::{closure}",
                1,
                &["x"],
                &["n"],
                &[],
                "   2  LOAD_FAST     x\n      LOAD_DEREF    n\n      RETURN_VALUE  \n",
                "",
                "move |x| x + n",
            )
        },
        [::freevars::__private::probe("n", &n).dyn_cell()],
    )
}
