//! Programs that once broke, each named after what broke, with a line on why.
#![deny(warnings)]

use freevars::introspect;
use std::fmt::Write as _;

// `write!` into a captured buffer changes it: it was taken for a read, and
// the closure held the buffer shared.
#[introspect]
fn writer() -> impl Fn(i32) -> usize {
    let out = String::new();
    move |x| {
        write!(out, "{x};").unwrap();
        out.len()
    }
}

#[test]
fn write_into_a_captured_buffer() {
    let w = writer();
    w(1);
    assert_eq!(w(22), 5);
    assert_eq!(w.cells()[0].contents_repr(), "\"1;22;\"");
}

// `ref mut` in a pattern borrows the matched variable mutably.
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

// A function declared in the body is an item, not a variable a statement
// macro may have declared.
macro_rules! note {
    ($text:literal) => {
        let _ = $text;
    };
}

#[introspect]
fn doubler() -> impl Fn(&[i32]) -> Vec<i32> {
    fn double(x: i32) -> i32 {
        x * 2
    }
    note!("made");
    move |xs| xs.iter().copied().map(double).collect()
}

#[test]
fn an_item_of_the_body_after_a_statement_macro() {
    assert_eq!(doubler()(&[4]), [8]);
}

// Passing a captured `&mut T` on reborrows it mutably: the closure held it
// shared, as the use looked like a read.
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

// `let g = Box::new(<closure>); g` with a `Box<dyn Fn..>` return type: the
// wrapped `Closure<Box<{closure}>>` does not unsize to `Closure<Box<dyn ..>>`.
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

// A result that borrows from the argument (`Fn(&str) -> &str`): a closure
// cannot spell that signature, and inside `Closure::new` rustc no longer
// took it from the return type.
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

// A `move` closure inside a returned closure moved the guard the returned
// closure holds (a `&mut i32`), so the returned closure could not use it
// after; it now takes a reborrow.
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

// `let`s under `#[cfg]` that stand in for each other: only the last was a
// cell, and when the other was compiled its uses were not rewritten to match.
#[introspect]
fn level() -> impl Fn() -> u8 {
    #[cfg(debug_assertions)]
    let level = 1;
    #[cfg(not(debug_assertions))]
    let level = 2;
    move || level
}

#[test]
fn cfg_alternative_lets() {
    let expected = if cfg!(debug_assertions) { 1 } else { 2 };
    assert_eq!(level()(), expected);
    assert_eq!(level().freevars(), ["level"]);
}

// `stringify!` reads no variable: it showed the rewritten `* x`.
#[introspect]
fn named() -> impl Fn() -> &'static str {
    let x = 1;
    move || {
        let _ = x;
        stringify!(x)
    }
}

// A failed `assert!` showed the rewritten condition.
#[introspect]
fn checked(limit: i32) -> impl Fn(i32) -> i32 {
    move |x| {
        assert!(x < limit);
        x
    }
}

#[test]
fn macros_show_the_code_as_written() {
    assert_eq!(named()(), "x");
    let check = checked(5);
    assert_eq!(check(1), 1);
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(9)))
        .expect_err("the assertion fails");
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied());
    assert_eq!(message, Some("assertion failed: x < limit"));
}

// A user macro may want an identifier (`$v:ident`): rewriting `x` to `*x`
// inside it broke it. Inside a returned closure the name is the value.
macro_rules! show {
    ($v:ident) => {
        format!("{}={}", stringify!($v), $v)
    };
}

macro_rules! my_fmt {
    ($($t:tt)*) => { format!($($t)*) };
}

#[introspect]
fn shown() -> (impl Fn() -> String, impl Fn() -> String) {
    let x = 1;
    let count = 3;
    (move || show!(x), move || my_fmt!("count={count:?}"))
}

#[test]
fn user_macros_keep_their_tokens() {
    let (show, formatted) = shown();
    assert_eq!(show(), "x=1");
    // `{count}` in another macro's string is a use: it was missed.
    assert_eq!(formatted.freevars(), ["count"]);
    assert_eq!(formatted(), "count=3");
}

// The type parameters of the `impl` the attribute is on count: a value of
// type `T` without `T: 'static` may borrow, so its cell shows no contents
// (it was taken for `'static`, which rustc refused).
struct Wrap<T>(T);

#[introspect]
impl<T: Clone> Wrap<T> {
    fn constant(t: T) -> impl Fn() -> T {
        move || t.clone()
    }

    fn repeat(self) -> impl Fn() -> T {
        move || self.0.clone()
    }
}

#[test]
fn an_impl_blocks_type_parameters() {
    let word = String::from("w");
    assert_eq!(Wrap::constant(word.as_str())(), "w");
    assert_eq!(Wrap(3).repeat()(), 3);
    assert!(Wrap::constant(1_u8).cells()[0].contents::<u8>().is_err());
}
