//! Runtime misuse: a cell asked for while its closure holds it, and a
//! closure re-entered while it holds a variable mutably.

use freevars::{CellError, introspect};

#[introspect]
fn make_recorder() -> impl Fn(&dyn Fn()) -> usize {
    let log = Vec::new();
    move |during: &dyn Fn()| {
        log.push(1_u8);
        during();
        log.len()
    }
}

#[test]
fn contents_during_a_call_is_a_borrowed_error() {
    let record = make_recorder();
    let cell = record.cells()[0].clone();
    let seen = std::cell::Cell::new(None);
    let count = record(&|| seen.set(Some(cell.contents::<Vec<u8>>().map(|v| v.len()))));
    assert_eq!(count, 1);
    assert_eq!(seen.take(), Some(Err(CellError::Borrowed { name: "log" })));
    assert!(
        cell.contents_repr().starts_with("[1]"),
        "readable again after the call"
    );
    let error = CellError::Borrowed { name: "log" }.to_string();
    assert!(error.starts_with("cell `log` is borrowed"), "{error}");
}

#[introspect]
fn make_reentrant() -> impl Fn(&dyn Fn()) -> u32 {
    let mut count = 0;
    move |inner: &dyn Fn()| {
        count += 1;
        inner();
        count
    }
}

#[test]
#[should_panic(
    expected = "freevars: `make_reentrant::{closure}` cannot change captured variable `count`: it is borrowed already"
)]
fn a_reentrant_call_panics_naming_the_variable_and_the_closure() {
    let f = make_reentrant();
    f(&|| {
        f(&|| {});
    });
}

#[test]
fn a_call_that_does_not_reenter_is_fine() {
    let f = make_reentrant();
    assert_eq!(f(&|| {}), 1);
    assert_eq!(f(&|| {}), 2);
}
