#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_statements() -> ::freevars::Closure<impl Fn() -> usize> {
    use ::freevars::__private as __freevars;
    let x = __freevars::new_cell(1);
    let v = __freevars::new_cell(vec![1]);
    let mut state = Some(0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let get = __freevars::closure(
        {
            let v_cell = __freevars::share_sole(&v, "make_statements::get");
            let x_cell = __freevars::share(&x);
            move || -> usize {
                let v = &mut __freevars::sole_lazy(&v_cell, "v", "make_statements::get");
                let x = &*__freevars::borrow(&x_cell, "x", "make_statements::get");
                (**v).len() + *x
            }
        },
        &__freevars::Code(
            "make_statements::get",
            __freevars::NO_OWNER,
            0,
            &[],
            &["v", "x"],
            &[],
            "statements.rs",
            5,
            "   5  LOAD_DEREF    v\n      LOAD_METHOD   len\n      LOAD_DEREF    x\n      RETURN_VALUE  \n",
            "",
            "move || v.len() + x",
        ),
        [__freevars::probe("v", &v).dyn_cell(), __freevars::probe("x", &x).dyn_cell()],
    );
    {
        let value = *__freevars::borrow(&x, "x", "make_statements") + 1;
        *__freevars::borrow_mut(&x, "x", "make_statements") = value;
    };
    {
        let arg = (*__freevars::lazy(&v, "v", "make_statements")).len();
        (*__freevars::lazy(&v, "v", "make_statements")).push(arg)
    };
    match state {
        Some(n) => state = Some(n + 1),
        None => {}
    }
    {
        let iter = 0..(*__freevars::lazy(&v, "v", "make_statements")).len();
        for i in iter {
            (*__freevars::borrow_mut(&v, "v", "make_statements"))[i] += 1;
        }
    }
    {
        let x = &*__freevars::borrow(&x, "x", "make_statements");
        log::info!("x is {x}");
    }
    get
}
