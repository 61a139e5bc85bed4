#[cfg_attr(clippy, allow(clippy::type_complexity))]
fn make_counter(
    step: u32,
) -> (
    ::freevars::sync::Closure<impl Fn() -> u32 + Send + Sync>,
    ::freevars::sync::Closure<impl Fn() -> Vec<u32> + Send>,
) {
    use ::freevars::__private::sync as __freevars;
    let step = __freevars::new_cell(step);
    let count = __freevars::new_cell(0);
    let log = __freevars::new_cell(Vec::new());
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let inc = __freevars::closure(
        {
            let count_cell = __freevars::share(&count);
            let log_cell = __freevars::share(&log);
            let step_cell = __freevars::share(&step);
            move || -> u32 {
                let count = &mut *__freevars::borrow_mut(
                    &count_cell,
                    "count",
                    "make_counter::inc",
                );
                let log = &mut *__freevars::borrow_mut(
                    &log_cell,
                    "log",
                    "make_counter::inc",
                );
                let step = &*__freevars::borrow(&step_cell, "step", "make_counter::inc");
                *count += *step;
                (*log).push(*count);
                *count
            }
        },
        &__freevars::Code(
            "make_counter::inc",
            __freevars::NO_OWNER,
            0,
            &[],
            &["count", "log", "step"],
            &[],
            "sync_counter.rs",
            4,
            "   5  LOAD_DEREF    count\n      LOAD_DEREF    step\n      STORE_DEREF   count\n   6  LOAD_DEREF    log\n      LOAD_METHOD   push\n      LOAD_DEREF    count\n   7  LOAD_DEREF    count\n      RETURN_VALUE  \n",
            "",
            "move || {\n    count += step;\n    log.push(count);\n    count\n}",
        ),
        [
            __freevars::probe("count", &count).dyn_cell(),
            __freevars::probe("log", &log).dyn_cell(),
            __freevars::probe("step", &step).dyn_cell(),
        ],
    );
    #[cfg_attr(clippy, allow(clippy::let_and_return))]
    let history = __freevars::closure(
        {
            let log_cell = __freevars::share(&log);
            move || -> Vec<u32> {
                let log = &mut *__freevars::borrow_mut(
                    &log_cell,
                    "log",
                    "make_counter::history",
                );
                (*log).clone()
            }
        },
        &__freevars::Code(
            "make_counter::history",
            __freevars::NO_OWNER,
            0,
            &[],
            &["log"],
            &[],
            "sync_counter.rs",
            9,
            "   9  LOAD_DEREF    log\n      LOAD_METHOD   clone\n      RETURN_VALUE  \n",
            "",
            "move || log.clone()",
        ),
        [__freevars::probe("log", &log).dyn_cell()],
    );
    (*__freevars::lazy(&log, "log", "make_counter"))
        .push(*__freevars::borrow(&count, "count", "make_counter"));
    (inc, history)
}
