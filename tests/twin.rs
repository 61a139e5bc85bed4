//! `#[introspect(twin)]`: the function stays as written, so its callers
//! compile unchanged, and `NAME_introspected` beside it returns the
//! introspectable closure.

use freevars::introspect;

#[introspect(twin)]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

#[test]
fn the_original_is_a_plain_closure_and_the_twin_introspects() {
    // The original goes wherever a closure goes.
    let sums: Vec<i32> = vec![1, 2, 3].into_iter().map(make_adder(10)).collect();
    assert_eq!(sums, [11, 12, 13]);
    let adder = make_adder_introspected(10);
    assert_eq!(adder(1), 11);
    assert_eq!(adder.freevars(), ["n"]);
    // The twin reports the original's name: it is the same code.
    assert_eq!(adder.code().qualname(), "make_adder::{closure}");
    assert_eq!(*adder.cell("n").unwrap().contents::<i32>().unwrap(), 10);
}

#[introspect(twin)]
fn make_counter() -> (impl FnMut() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

#[test]
fn tuples_of_closures_have_twins() {
    let (mut inc, get) = make_counter();
    inc();
    // Plain closures: each has its own copy of `count`.
    assert_eq!((inc(), get()), (2, 0));
    let (mut inc, get) = make_counter_introspected();
    inc();
    // The twin's closures share one cell, as Python's do.
    assert_eq!((inc(), get()), (2, 2));
    assert!(inc.cells()[0].ptr_eq(&get.cells()[0]));
}

#[introspect(twin)]
fn make_labeller<T>(label: T) -> impl Fn(i32) -> String
where
    T: std::fmt::Display + Clone + 'static,
{
    move |x| format!("{label}: {x}")
}

#[test]
fn generic_functions_keep_their_generics_and_where_clause() {
    assert_eq!(make_labeller("n")(1), "n: 1");
    let labeller = make_labeller_introspected("n");
    assert_eq!(labeller(2), "n: 2");
    assert_eq!(labeller.freevars(), ["label"]);
    assert_eq!(*labeller.cells()[0].contents::<&str>().unwrap(), "n");
}

struct Scale {
    factor: i64,
}

#[introspect(twin)]
impl Scale {
    fn scaler(&self) -> impl Fn(i64) -> i64 + '_ {
        move |x| x * self.factor
    }

    fn by(factor: i64) -> Box<dyn Fn(i64) -> i64> {
        Box::new(move |x| x * factor)
    }

    fn factor(&self) -> i64 {
        self.factor
    }
}

#[test]
fn methods_and_associated_functions_have_twins_in_the_impl() {
    let scale = Scale { factor: 2 };
    let plain: Vec<i64> = vec![1, 2].into_iter().map(scale.scaler()).collect();
    assert_eq!(plain, [2, 4]);
    let scaler = scale.scaler_introspected();
    assert_eq!(scaler(3), 6);
    assert_eq!(scaler.freevars(), ["self"]);
    assert_eq!((Scale::by(3))(2), 6);
    let by = Scale::by_introspected(3);
    assert_eq!(by(2), 6);
    assert_eq!(by.freevars(), ["factor"]);
    assert_eq!(scale.factor(), 2);
}

/// Without `twin`, a `Closure` is passed on through `&*f` (a `&F` is a
/// closure when `F: Fn`), `&mut *f`, or `into_inner()`.
#[introspect]
fn make_multiplier(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x * n
}

#[introspect]
fn make_tally() -> impl FnMut(i32) -> i32 {
    let mut total = 0;
    move |x| {
        total += x;
        total
    }
}

#[test]
fn a_closure_is_passed_on_by_reference_or_unwrapped() {
    let triple = make_multiplier(3);
    let tripled: Vec<i32> = vec![1, 2].into_iter().map(&*triple).collect();
    assert_eq!(tripled, [3, 6]);
    assert_eq!(triple.freevars(), ["n"]);
    let mut tally = make_tally();
    let running: Vec<i32> = vec![1, 2, 3].into_iter().map(&mut *tally).collect();
    assert_eq!(running, [1, 3, 6]);
    assert_eq!(tally.cells()[0].contents_repr(), "6");
    let doubled: Vec<i32> = vec![1, 2]
        .into_iter()
        .map(make_multiplier(2).into_inner())
        .collect();
    assert_eq!(doubled, [2, 4]);
}

// Written from the README alone, as a new user would: an event handler
// with a log, adopted with `twin` so that the existing caller, which passes
// the handler to a generic function, is untouched.
fn dispatch<F: FnMut(&str) -> usize>(mut handler: F, events: &[&str]) -> usize {
    events
        .iter()
        .map(|event| handler(event))
        .last()
        .unwrap_or(0)
}

#[introspect(twin)]
fn handler(prefix: String) -> impl FnMut(&str) -> usize {
    let mut log: Vec<String> = Vec::new();
    move |event| {
        log.push(format!("{prefix}{event}"));
        log.len()
    }
}

#[test]
fn a_handler_with_a_log_keeps_its_callers() {
    assert_eq!(dispatch(handler("> ".to_owned()), &["click", "key"]), 2);
    let mut logged = handler_introspected("> ".to_owned());
    assert_eq!(dispatch(&mut *logged, &["click", "key"]), 2);
    assert_eq!(logged.freevars(), ["log", "prefix"]);
    assert_eq!(
        *logged
            .cell("log")
            .unwrap()
            .contents::<Vec<String>>()
            .unwrap(),
        ["> click", "> key"]
    );
}
