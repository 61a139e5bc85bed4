//! How a call borrows the cells it uses: shared where the body only reads a
//! variable, exclusive where it changes it (assigns it, takes `&mut` of it,
//! calls a method on it); and what happens when a cell is held already (a
//! re-entered closure panics naming the variable, `contents()` reports
//! `CellError::Borrowed`).
#![deny(warnings)]

use freevars::{CellError, introspect};
use std::panic::{AssertUnwindSafe, catch_unwind};

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

#[test]
fn a_closure_that_only_reads_takes_a_shared_borrow() {
    let (inc, get) = make_counter();
    inc();
    let held = get.cells()[0].contents::<u32>().unwrap();
    assert_eq!(get(), 1, "reading beside a shared `contents()` value");
    assert_eq!(*held, 1);
}

#[test]
fn a_closure_that_changes_a_variable_takes_an_exclusive_borrow() {
    let (inc, get) = make_counter();
    let held = get.cells()[0].contents::<u32>().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(&*inc)).expect_err("`inc` changes `count`");
    let message = payload
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.starts_with(
            "freevars: `make_counter::inc` cannot change captured variable `count`: a `contents()` value is reading it"
        ),
        "{message}"
    );
    assert_eq!(*held, 0, "the failed call changed nothing");
}

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
    expected = "freevars: `make_reentrant::{closure}` cannot change captured variable `count`: `make_reentrant::{closure}` is changing it"
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

#[introspect]
fn counts_in_place() -> impl Fn(i32) -> usize {
    // No `mut`: changing the vector in place, as `series.append` in Python.
    let seen = Vec::new();
    move |x| {
        seen.push(x);
        seen.len()
    }
}

#[test]
fn mutating_through_needs_no_mut() {
    let f = counts_in_place();
    f(1);
    assert_eq!(f(2), 2);
}

#[introspect]
fn make_numbers<I: Iterator<Item = i32>>(iter: &mut I) -> impl FnMut() -> Option<i32> + '_ {
    move || iter.next()
}

#[test]
fn a_captured_mut_reference_is_called_through_without_mut() {
    let mut source = vec![1, 2].into_iter();
    let mut next = make_numbers(&mut source);
    assert_eq!(next(), Some(1));
    assert_eq!(next(), Some(2));
    assert_eq!(next(), None);
    let cell = &next.cells()[0];
    assert_eq!(cell.name(), "iter");
    assert!(
        cell.type_name()
            .starts_with("&mut alloc::vec::into_iter::IntoIter<i32")
    );
    assert!(matches!(
        cell.contents::<u8>(),
        Err(CellError::NotStatic { name: "iter", .. })
    ));
}

// Regression: a `ref mut` pattern on a captured variable did not borrow it mutably.
#[introspect]
fn bumper() -> impl Fn() -> i32 {
    let slot = Some(0);
    move || {
        if let Some(ref mut v) = slot {
            *v += 1;
        }
        slot.unwrap_or(0)
    }
}

#[test]
fn ref_mut_pattern_on_a_captured_variable() {
    let bump = bumper();
    bump();
    assert_eq!(bump(), 2);
}

// Regression: passing a captured `&mut T` on (a reborrow) was taken for a read and held shared.
fn helper(v: &mut Vec<i32>) {
    v.push(1);
}

#[introspect]
fn pusher(r: &mut Vec<i32>) -> impl FnMut() -> usize + '_ {
    move || {
        helper(r);
        r.len()
    }
}

struct Tally(u32);

fn bump(t: &mut Tally) {
    t.0 += 1;
}

impl Tally {
    #[introspect]
    fn counter(&mut self) -> impl FnMut() -> u32 + '_ {
        move || {
            bump(self);
            self.0
        }
    }
}

#[test]
fn a_captured_mut_reference_passed_to_a_function() {
    let mut v = Vec::new();
    let mut push = pusher(&mut v);
    push();
    assert_eq!(push(), 2);
    let mut tally = Tally(0);
    let mut count = tally.counter();
    count();
    assert_eq!(count(), 2);
}

// Regression: a `move` closure inside a returned closure moved the `&mut` guard out of it.
#[introspect]
fn nested_move() -> impl FnMut() -> i32 {
    let mut count = 0;
    move || {
        count += 1;
        let double = move || count * 2;
        double() + count
    }
}

#[introspect]
fn scaled(mut factor: i32) -> impl FnMut(&[i32]) -> Vec<i32> {
    move |xs| {
        factor += 1;
        xs.iter().map(move |x| x * factor).collect()
    }
}

#[test]
fn a_move_closure_inside_a_returned_closure() {
    let mut f = nested_move();
    assert_eq!(f(), 3);
    assert_eq!(f(), 6);
    let mut scale = scaled(1);
    assert_eq!(scale(&[1, 2]), [2, 4]);
}
