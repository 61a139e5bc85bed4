#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_greeter(greeting: String) -> ::freevars::Closure<impl AsyncFn(u32) -> String> {
    use ::freevars::__private as __freevars;
    let greeting = __freevars::new_cell(greeting);
    let calls = __freevars::new_cell(0);
    #[cfg_attr(clippy, allow(clippy::needless_return))]
    return __freevars::closure(
        {
            let calls = __freevars::share(&calls);
            let greeting = __freevars::share(&greeting);
            async move |id: u32| -> String {
                *__freevars::borrow_mut(&calls, "calls", "make_greeter::{closure}") += 1;
                tick().await;
                format!(
                    "{greeting} #{id} ({calls})", greeting = * __freevars::borrow(&
                    greeting, "greeting", "make_greeter::{closure}"), calls = *
                    __freevars::borrow(& calls, "calls", "make_greeter::{closure}")
                )
            }
        },
        &__freevars::Code(
            "make_greeter::{closure}",
            __freevars::NO_OWNER,
            1,
            &["id"],
            &["calls", "greeting"],
            &[],
            "async_closure.rs",
            3,
            "   4  LOAD_DEREF    calls\n      STORE_DEREF   calls\n   5  LOAD_GLOBAL   tick\n   6  LOAD_DEREF    greeting\n      LOAD_FAST     id\n      LOAD_DEREF    calls\n      RETURN_VALUE  \n",
            "format",
            "async move |id| {\n    calls += 1;\n    tick().await;\n    format!(\"{greeting} #{id} ({calls})\")\n}",
        ),
        [
            __freevars::probe("calls", &calls).dyn_cell(),
            __freevars::probe("greeting", &greeting).dyn_cell(),
        ],
    );
}
