#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_adder(n: i32) -> ::freevars::Closure<Box<dyn Fn(i32) -> i32>> {
    use ::freevars::__private as __freevars;
    let n = __freevars::new_cell(n);
    __freevars::closure(
        Box::new({
            let n_cell = __freevars::share(&n);
            move |x: i32| -> i32 {
                let n = &*__freevars::borrow(&n_cell, "n", "make_adder::{closure}");
                x + *n
            }
        }),
        &__freevars::Code(
            "make_adder::{closure}",
            __freevars::NO_OWNER,
            1,
            &["x"],
            &["n"],
            &[],
            "parameter.rs",
            2,
            "   2  LOAD_FAST     x\n      LOAD_DEREF    n\n      RETURN_VALUE  \n",
            "",
            "move |x| x + n",
        ),
        [__freevars::probe("n", &n).dyn_cell()],
    )
}
