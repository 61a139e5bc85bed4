//! The `nightly` feature: a `Closure` implements the `Fn` traits, so an
//! annotated factory's result goes wherever the plain closure went, and
//! still answers `freevars()`. This crate needs no `#![feature(..)]`: the
//! impls live in `freevars-runtime`. CI runs it with
//! `cargo +nightly test --features nightly`.
#![cfg(feature = "nightly")]

use freevars::{Closure, introspect};

#[introspect]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

#[introspect]
fn make_tally() -> impl FnMut(i32) -> i32 {
    let mut total = 0;
    move |x| {
        total += x;
        total
    }
}

#[introspect]
fn make_greeting(name: String) -> impl FnOnce() -> String {
    move || format!("hello {name}")
}

#[introspect]
fn make_boxed(n: i32) -> Box<dyn Fn(i32) -> i32> {
    Box::new(move |x| x * n)
}

fn apply<F: FnMut(i32) -> i32>(mut f: F) -> Vec<i32> {
    vec![f(1), f(2), f(3)]
}

fn call_once<F: FnOnce() -> String>(f: F) -> String {
    f()
}

#[test]
fn a_factory_result_goes_into_map() {
    let sums: Vec<i32> = vec![1, 2, 3].into_iter().map(make_adder(1)).collect();
    assert_eq!(sums, [2, 3, 4]);
    let adder = make_adder(10);
    // By reference, so that it can still be asked what it captured.
    let sums: Vec<i32> = vec![1, 2].into_iter().map(&adder).collect();
    assert_eq!(sums, [11, 12]);
    assert_eq!(adder(0), 10);
    assert_eq!(adder.freevars(), ["n"]);
}

#[test]
fn an_fn_mut_goes_to_a_generic_bound() {
    let mut tally = make_tally();
    assert_eq!(apply(&mut tally), [1, 3, 6]);
    assert_eq!(tally(4), 10);
    assert_eq!(tally.freevars(), ["total"]);
    assert_eq!(*tally.cell("total").unwrap().contents::<i32>().unwrap(), 10);
    // By value too: the generic function owns the `Closure`.
    assert_eq!(apply(make_tally()), [1, 3, 6]);
}

#[test]
fn an_fn_once_is_called_directly_and_passed_on() {
    let greeting = make_greeting("ada".to_owned());
    assert_eq!(greeting.freevars(), ["name"]);
    // No `into_inner()` needed any more.
    assert_eq!(greeting(), "hello ada");
    assert_eq!(call_once(make_greeting("bob".to_owned())), "hello bob");
    let lookup = |name: &str| (name == "ada").then(|| "known".to_owned());
    assert_eq!(
        lookup("eve").unwrap_or_else(make_greeting("eve".to_owned())),
        "hello eve"
    );
}

#[test]
fn a_boxed_closure_is_a_closure() {
    let triple: Closure<Box<dyn Fn(i32) -> i32>> = make_boxed(3);
    assert_eq!(apply(&triple), [3, 6, 9]);
    assert_eq!(triple.freevars(), ["n"]);
    let tripled: Vec<i32> = vec![5].into_iter().map(triple).collect();
    assert_eq!(tripled, [15]);
}

#[test]
fn a_closure_is_boxed_as_a_trait_object() {
    let adder = make_adder(5);
    let freevars = adder.freevars();
    let boxed: Box<dyn Fn(i32) -> i32> = Box::new(adder);
    assert_eq!(boxed(1), 6);
    assert_eq!(freevars, ["n"]);
    let parsers: Vec<Box<dyn FnMut(i32) -> i32>> =
        vec![Box::new(make_tally()), Box::new(make_adder(1))];
    let results: Vec<i32> = parsers.into_iter().map(|mut f| f(2)).collect();
    assert_eq!(results, [2, 3]);
}

#[introspect]
fn compose(first: Closure<impl Fn(i32) -> i32>, then: i32) -> impl Fn(i32) -> i32 {
    move |x| first(x) + then
}

#[test]
fn a_closure_goes_into_another_factory() {
    // A factory taking `impl Fn` accepts a `Closure` as it is.
    fn twice(f: impl Fn(i32) -> i32) -> impl Fn(i32) -> i32 {
        move |x| f(f(x))
    }
    assert_eq!(twice(make_adder(2))(0), 4);
    let composed = compose(make_adder(1), 10);
    assert_eq!(composed(0), 11);
    assert_eq!(composed.freevars(), ["first", "then"]);
}
