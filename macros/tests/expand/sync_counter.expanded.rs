#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_counter(
    step: u32,
) -> (
    ::freevars::sync::Closure<impl Fn() -> u32 + Send + Sync>,
    ::freevars::sync::Closure<impl Fn() -> Vec<u32> + Send>,
) {
    let step = ::freevars::__private::sync::new_cell(step);
    let count = ::freevars::__private::sync::new_cell(0);
    let log = ::freevars::__private::sync::new_cell(Vec::new());
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let inc = ::freevars::__private::sync::closure(
        {
            let count_cell = ::freevars::__private::sync::share(&count);
            let log_cell = ::freevars::__private::sync::share(&log);
            let step_cell = ::freevars::__private::sync::share(&step);
            move || -> u32 {
                let count = &mut *::freevars::__private::sync::borrow_mut(
                    &count_cell,
                    "count",
                    "make_counter::inc",
                );
                let log = &mut *::freevars::__private::sync::borrow_mut(
                    &log_cell,
                    "log",
                    "make_counter::inc",
                );
                let step = &*::freevars::__private::sync::borrow(
                    &step_cell,
                    "step",
                    "make_counter::inc",
                );
                *count += *step;
                (*log).push(*count);
                *count
            }
        },
        const {
            &::freevars::__private::code(
                "make_counter::inc",
                0,
                &[],
                &["count", "log", "step"],
                &[],
                "   5  LOAD_DEREF    count\n      LOAD_DEREF    step\n      STORE_DEREF   count\n   6  LOAD_DEREF    log\n      LOAD_METHOD   push\n      LOAD_DEREF    count\n   7  LOAD_DEREF    count\n      RETURN_VALUE  \n",
                "",
                "move || {\n    count += step;\n    log.push(count);\n    count\n}",
            )
        },
        [
            ::freevars::__private::sync::probe("count", &count).dyn_cell(),
            ::freevars::__private::sync::probe("log", &log).dyn_cell(),
            ::freevars::__private::sync::probe("step", &step).dyn_cell(),
        ],
    );
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let history = ::freevars::__private::sync::closure(
        {
            let log_cell = ::freevars::__private::sync::share(&log);
            move || -> Vec<u32> {
                let log = &mut *::freevars::__private::sync::borrow_mut(
                    &log_cell,
                    "log",
                    "make_counter::history",
                );
                (*log).clone()
            }
        },
        const {
            &::freevars::__private::code(
                "make_counter::history",
                0,
                &[],
                &["log"],
                &[],
                "   9  LOAD_DEREF    log\n      LOAD_METHOD   clone\n      RETURN_VALUE  \n",
                "",
                "move || log.clone()",
            )
        },
        [::freevars::__private::sync::probe("log", &log).dyn_cell()],
    );
    (*::freevars::__private::sync::lazy(&log, "log", "make_counter"))
        .push(*::freevars::__private::sync::borrow(&count, "count", "make_counter"));
    (inc, history)
}
