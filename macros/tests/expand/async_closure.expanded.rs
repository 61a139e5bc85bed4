#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_greeter(greeting: String) -> ::freevars::Closure<impl AsyncFn(u32) -> String> {
    let greeting = ::freevars::__private::new_cell(greeting);
    let calls = ::freevars::__private::new_cell(0);
    #[cfg_attr(clippy, allow(clippy::needless_return))]
    return ::freevars::__private::closure(
        {
            let calls = ::freevars::__private::share(&calls);
            let greeting = ::freevars::__private::share(&greeting);
            async move |id: u32| -> String {
                *::freevars::__private::borrow_mut(
                    &calls,
                    "calls",
                    "make_greeter::{closure}",
                ) += 1;
                tick().await;
                format!(
                    "{greeting} #{id} ({calls})", greeting = *
                    ::freevars::__private::borrow(& greeting, "greeting",
                    "make_greeter::{closure}"), calls = * ::freevars::__private::borrow(&
                    calls, "calls", "make_greeter::{closure}")
                )
            }
        },
        const {
            &::freevars::__private::code(
                "make_greeter::{closure}",
                1,
                &["id"],
                &["calls", "greeting"],
                &[],
                "   4  LOAD_DEREF    calls\n      STORE_DEREF   calls\n   5  LOAD_GLOBAL   tick\n   6  LOAD_DEREF    greeting\n      LOAD_FAST     id\n      LOAD_DEREF    calls\n      RETURN_VALUE  \n",
                "format",
                "async move |id| {\n    calls += 1;\n    tick().await;\n    format!(\"{greeting} #{id} ({calls})\")\n}",
            )
        },
        [
            ::freevars::__private::probe("calls", &calls).dyn_cell(),
            ::freevars::__private::probe("greeting", &greeting).dyn_cell(),
        ],
    );
}
