//! What the function returns: `impl Fn`/`FnMut`/`FnOnce`, `Box<dyn Fn..>`,
//! `Closure<..>` as written, from the tail and from every `return`; and the
//! closure's signature taken from the return type.
#![deny(warnings)]

use freevars::{Closure, introspect};

#[introspect]
fn make_accumulator(start: i64) -> impl FnMut(i64) -> i64 {
    let mut total = start;
    move |x| {
        total += x;
        total
    }
}

#[test]
fn fn_mut_closures_are_called_through_a_mutable_binding() {
    let mut acc = make_accumulator(10);
    assert_eq!(acc(5), 15);
    assert_eq!(acc(5), 20);
    assert_eq!(*acc.cells()[0].contents::<i64>().unwrap(), 20);
}

#[introspect]
fn make_greeting(name: String) -> impl FnOnce() -> String {
    move || format!("hello, {name}")
}

#[test]
fn fn_once_closures_are_called_after_into_inner() {
    let greet = make_greeting("ada".to_owned());
    assert_eq!(greet.freevars(), ["name"]);
    assert_eq!(greet.cells()[0].contents_repr(), "\"ada\"");
    assert_eq!(greet.into_inner()(), "hello, ada");
}

#[introspect]
fn make_boxed(step: i32) -> Box<dyn Fn(i32) -> i32> {
    Box::new(move |x| x + step)
}

#[introspect]
fn make_wrapped() -> Closure<impl Fn() -> &'static str> {
    let word = "spelled out";
    move || word
}

#[test]
fn boxed_and_already_wrapped_return_types() {
    let add = make_boxed(3);
    assert_eq!(add(4), 7);
    assert_eq!(add.freevars(), ["step"]);
    let boxed: Box<dyn Fn(i32) -> i32> = add.into_inner();
    assert_eq!(boxed(1), 4);
    let word = make_wrapped();
    assert_eq!(word(), "spelled out");
    assert_eq!(word.cells()[0].contents_repr(), "\"spelled out\"");
}

#[introspect]
#[allow(clippy::needless_return)]
fn make_choice(double: bool) -> Box<dyn Fn(i32) -> i32> {
    let factor = 2;
    if double {
        return Box::new(move |x| x * factor);
    }
    let offset = 1;
    Box::new(move |x| x + offset)
}

#[test]
fn every_returned_closure_is_wrapped() {
    let double = make_choice(true);
    let shift = make_choice(false);
    assert_eq!((double(5), shift(5)), (10, 6));
    assert_eq!(double.freevars(), ["factor"]);
    assert_eq!(shift.freevars(), ["offset"]);
}

// Regression: `let g = Box::new(<closure>); g` did not unsize to `Closure<Box<dyn ..>>`.
#[introspect]
#[allow(clippy::let_and_return)]
fn boxed_by_name() -> Box<dyn Fn() -> i32> {
    let k = 4;
    let g = Box::new(move || k);
    g
}

#[introspect]
#[allow(clippy::let_and_return)]
fn boxed_by_annotated_name() -> Box<dyn Fn() -> i32> {
    let k = 5;
    let g: Box<dyn Fn() -> i32> = Box::new(move || k);
    g
}

#[test]
fn a_boxed_closure_bound_to_a_name() {
    let g = boxed_by_name();
    assert_eq!((g(), g.code().name()), (4, "g"));
    assert_eq!(boxed_by_annotated_name()(), 5);
}

// Regression: inside `Closure::new`, rustc no longer took `Fn(&str) -> &str` from the return type.
#[introspect]
fn identity() -> impl Fn(&str) -> &str {
    |s| s
}

#[introspect]
fn suffix(n: usize) -> impl Fn(&str) -> &str {
    move |s| &s[n..]
}

#[introspect]
fn first_byte() -> impl for<'x> Fn(&'x [u8]) -> &'x [u8] {
    |b| &b[..1]
}

#[test]
fn a_result_borrowing_from_the_argument() {
    assert_eq!(identity()("same"), "same");
    assert_eq!(suffix(2)("abcd"), "cd");
    assert_eq!(first_byte()(b"xy"), b"x");
}
