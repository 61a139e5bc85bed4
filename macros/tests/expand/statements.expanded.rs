#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_statements() -> ::freevars::Closure<impl Fn() -> usize> {
    let x = ::freevars::__private::new_cell(1);
    let v = ::freevars::__private::new_cell(vec![1]);
    let mut state = Some(0);
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let get = ::freevars::__private::closure(
        {
            let v_cell = ::freevars::__private::share_sole(&v, "make_statements::get");
            let x_cell = ::freevars::__private::share(&x);
            move || -> usize {
                let v = &mut ::freevars::__private::sole_lazy(
                    &v_cell,
                    "v",
                    "make_statements::get",
                );
                let x = &*::freevars::__private::borrow(
                    &x_cell,
                    "x",
                    "make_statements::get",
                );
                (**v).len() + *x
            }
        },
        const {
            &::freevars::__private::code(
                "make_statements::get",
                0,
                &[],
                &["v", "x"],
                &[],
                "   5  LOAD_DEREF    v\n      LOAD_METHOD   len\n      LOAD_DEREF    x\n      RETURN_VALUE  \n",
                "",
                "move || v.len() + x",
            )
        },
        [
            ::freevars::__private::probe("v", &v).dyn_cell(),
            ::freevars::__private::probe("x", &x).dyn_cell(),
        ],
    );
    {
        let value = *::freevars::__private::borrow(&x, "x", "make_statements") + 1;
        *::freevars::__private::borrow_mut(&x, "x", "make_statements") = value;
    };
    {
        let arg = (*::freevars::__private::lazy(&v, "v", "make_statements")).len();
        (*::freevars::__private::lazy(&v, "v", "make_statements")).push(arg)
    };
    match state {
        Some(n) => state = Some(n + 1),
        None => {}
    }
    {
        let iter = 0..(*::freevars::__private::lazy(&v, "v", "make_statements")).len();
        for i in iter {
            (*::freevars::__private::borrow_mut(&v, "v", "make_statements"))[i] += 1;
        }
    }
    {
        let x = &*::freevars::__private::borrow(&x, "x", "make_statements");
        log::info!("x is {x}");
    }
    get
}
