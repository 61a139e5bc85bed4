//! Every supported shape of `#[introspect]`, with nearly every rustc and
//! clippy lint denied: the code the macro generates must not trip any.
//! `.ci/run` runs `cargo clippy -p freevars-lint-tests --all-targets -- -D warnings`.
//!
//! Not denied: clippy's `shadow_*` restriction lints. The rewrite rebinds a
//! captured name to its cell, and in a closure to the borrowed value, under
//! the user's own name (so that uses inside macros still find it): those
//! lints would report the user's variable shadowing itself.
#![deny(
    warnings,
    unused,
    rust_2018_idioms,
    unused_qualifications,
    clippy::all,
    clippy::pedantic,
    clippy::nursery,
    missing_docs,
    missing_debug_implementations,
    single_use_lifetimes,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    unused_import_braces,
    unused_lifetimes,
    unused_results,
    variant_size_differences,
    clippy::allow_attributes_without_reason,
    clippy::clone_on_ref_ptr,
    clippy::dbg_macro,
    clippy::print_stdout,
    clippy::rc_buffer,
    clippy::redundant_type_annotations,
    clippy::str_to_string,
    clippy::unwrap_used
)]
#![forbid(unsafe_code)]

use freevars::{Closure, introspect};

/// `impl Fn`, a closure expression in tail position.
#[introspect]
#[must_use]
pub fn averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / f64::from(u32::try_from(series.len()).unwrap_or(u32::MAX))
    }
}

/// `impl FnMut`, a named closure rebinding `let mut` variables.
#[introspect]
#[must_use]
pub fn count_total() -> impl FnMut(f64) -> f64 {
    let mut count = 0_u32;
    let mut total = 0.0;
    let averager = move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    };
    averager
}

/// `impl FnOnce`.
#[introspect]
#[must_use]
pub fn greeting(name: String) -> impl FnOnce() -> String {
    move || format!("hello, {name}")
}

/// A tuple of sibling closures sharing one cell.
#[introspect]
#[must_use]
pub fn counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

/// `Box<dyn Fn>` with `return` and a tail, capturing a parameter.
#[introspect]
#[must_use]
pub fn adder(n: i32, double: bool) -> Box<dyn Fn(i32) -> i32> {
    if double {
        return Box::new(move |x| 2 * x + n);
    }
    Box::new(move |x| x + n)
}

/// Already written as `freevars::Closure<..>`.
#[introspect]
#[must_use]
pub fn wrapped() -> Closure<impl Fn() -> &'static str> {
    let word = "word";
    move || word
}

/// A closure returning a closure.
#[introspect]
#[must_use]
pub fn curried(a: i32) -> impl Fn(i32) -> Box<dyn Fn(i32) -> i32> {
    move |b| Box::new(move |c| a + b + c)
}

/// A closure without captures, and one with a value that has no `Debug`.
#[introspect]
#[must_use]
pub fn constant() -> impl Fn() -> u8 {
    || 7
}

/// A value without `Debug`.
#[allow(
    missing_debug_implementations,
    reason = "the point: a captured type without `Debug` still compiles"
)]
pub struct Opaque(pub u8);

/// Captures a value without `Debug`.
#[introspect]
#[must_use]
pub fn opaque() -> impl Fn() -> u8 {
    let secret = Opaque(3);
    move || secret.0
}

/// A borrowed capture.
#[introspect]
pub fn numbers<I: Iterator<Item = i32>>(iter: &mut I) -> impl FnMut() -> Option<i32> + '_ {
    move || iter.next()
}

/// Late binding: the function assigns after making the closure, and a
/// plain closure in the function uses the same cell.
#[introspect]
#[must_use]
pub fn late() -> impl Fn() -> usize {
    let mut log = vec![1_usize];
    let push = move |n: usize| log.push(n);
    push(2);
    log = vec![0; 3];
    move || log.len()
}

/// Format macros and struct shorthand with captured variables.
#[introspect]
#[must_use]
pub fn formatted(width: usize, x: i32, y: i32) -> impl Fn() -> (String, Point) {
    move || (format!("{x:>width$}"), Point { x, y })
}

/// A result that borrows from the argument: the closure goes through a
/// nested `fn` carrying the bound.
#[introspect]
#[must_use]
pub fn suffix(n: usize) -> impl Fn(&str) -> &str {
    move |s| &s[n..]
}

/// A boxed closure bound to a name, a `move` closure inside it, `write!`,
/// `assert!` and a `ref mut` pattern on captured variables.
///
/// # Panics
/// The closure panics for an entry of `limit` or more.
#[introspect]
#[must_use]
pub fn journal(limit: usize) -> Box<dyn Fn(usize) -> String> {
    use std::fmt::Write as _;
    let out = String::new();
    let last = Some(0_usize);
    let journal = Box::new(move |entry: usize| {
        assert!(entry < limit);
        if let Some(ref mut seen) = last {
            *seen = entry;
        }
        let scaled = move |x: usize| x * limit;
        let _ = write!(out, "{};", scaled(entry));
        out.clone()
    });
    journal
}

/// `let`s under `#[cfg]` standing in for each other, and a tail that
/// borrows a cell declared in the body.
#[introspect]
#[must_use]
pub fn level() -> (impl Fn() -> u8, u8) {
    #[cfg(debug_assertions)]
    let level = 1;
    #[cfg(not(debug_assertions))]
    let level = 2;
    (move || level, level)
}

/// A point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// Across.
    pub x: i32,
    /// Down.
    pub y: i32,
}

/// A type with methods returning closures.
#[derive(Debug)]
pub struct Shelf {
    books: Vec<String>,
}

impl Shelf {
    /// Captures `&self`.
    #[introspect]
    pub fn reader(&self) -> impl Fn() -> usize + '_ {
        move || self.books.len()
    }
}

#[introspect]
impl Point {
    /// Captures `self` by value.
    #[must_use]
    pub fn scaler(self) -> impl Fn(i32) -> Self {
        move |k| Self {
            x: self.x * k,
            y: self.y * k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Point, Shelf};

    #[test]
    fn every_shape_runs() {
        assert!((super::averager()(4.0) - 4.0).abs() < f64::EPSILON);
        assert!((super::count_total()(2.0) - 2.0).abs() < f64::EPSILON);
        assert_eq!(
            super::greeting("ada".to_owned()).into_inner()(),
            "hello, ada"
        );
        let (inc, get) = super::counter();
        assert_eq!((inc(), get()), (1, 1));
        assert_eq!(super::adder(1, true)(2), 5);
        assert_eq!(super::wrapped()(), "word");
        assert_eq!(super::curried(1)(2)(3), 6);
        assert_eq!(super::constant()(), 7);
        assert_eq!(super::opaque()(), 3);
        let mut source = std::iter::once(5);
        assert_eq!(super::numbers(&mut source)(), Some(5));
        assert_eq!(super::late()(), 3);
        assert_eq!(super::formatted(3, 1, 2)().0, "  1");
        let shelf = Shelf {
            books: vec![String::new()],
        };
        assert_eq!(shelf.reader()(), 1);
        assert_eq!(Point { x: 1, y: 2 }.scaler()(3), Point { x: 3, y: 6 });
        assert_eq!(super::suffix(1)("ab"), "b");
        assert_eq!(super::journal(10)(2), "20;");
        let (level, value) = super::level();
        assert_eq!(level(), value);
    }
}

/// A field of the use shapes below.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    /// The tags.
    pub names: Vec<String>,
    /// How many were added.
    pub added: usize,
}

const fn count(tags: &Tags) -> usize {
    tags.names.len()
}

fn add(tags: &mut Tags, name: &str) {
    tags.names.push(name.to_owned());
    tags.added += 1;
}

/// Every shape of use of a captured variable, in returned closures that
/// only read it (a shared borrow), change it (exclusive), or call methods
/// on it (rustc decides).
#[introspect]
#[must_use]
pub fn use_shapes() -> (
    impl Fn() -> usize,
    impl Fn(&str) -> usize,
    impl Fn() -> String,
) {
    let tags = Tags::default();
    let mut limit = 3_usize;
    let read = move || {
        let copied = tags.clone();
        let slice = &tags.names[..];
        count(&tags) + copied.added + slice.len() + tags.added + limit
    };
    let write = move |name: &str| {
        add(&mut tags, name);
        tags.added += 1;
        limit = limit.max(tags.added);
        let all = &mut tags;
        all.names.len()
    };
    let show = move || {
        let first = tags.names.first().cloned().unwrap_or_default();
        format!("{first} {} {tags:?} {limit}", tags.added)
    };
    (read, write, show)
}

/// The same shapes in the function body, after the closures captured the
/// variables, and statements that read and change one variable.
#[introspect]
#[must_use]
pub fn body_shapes() -> (impl Fn() -> usize, String) {
    let tags = Tags::default();
    let mut limit = 3_usize;
    let mut state = Some(1_u8);
    let get = move || tags.added + limit + usize::from(state.unwrap_or(0));
    add(&mut tags, "a");
    tags.added += 1;
    limit = limit + tags.names.len();
    limit += limit;
    tags.names.push(tags.names.len().to_string());
    if let Some(1) = state {
        state = None;
    }
    match state {
        None => state = Some(2),
        Some(_) => {}
    }
    let every = &limit;
    let shown = format!(
        "{} {:?} {} {} {}",
        count(&tags),
        tags.clone(),
        tags.names[..].len(),
        limit,
        *every
    );
    (get, shown)
}

/// A read-only capture passed by reference: `&tags` must not become a `&*`
/// that clippy's `borrow_deref_ref` reports.
#[introspect]
#[must_use]
pub fn counted(tags: Tags) -> impl Fn() -> usize {
    move || count(&tags)
}

/// A captured reference read through `*`, in a closure and in the body.
#[introspect]
#[must_use]
pub fn scaled_by(factor: &usize) -> (impl Fn(usize) -> usize + '_, usize) {
    let scale = move |x: usize| x * *factor;
    let doubled = *factor * 2;
    (scale, doubled)
}

/// An async closure, borrowing per use across its `.await`, beside a
/// closure that returns a future.
#[introspect]
#[must_use]
pub fn async_counter(step: u32) -> (impl AsyncFn(u32) -> u32, impl AsyncFn() -> u32) {
    let mut total = 0;
    let add = async move |x: u32| {
        total += x * step;
        core::future::ready(()).await;
        total
    };
    let read = move || core::future::ready(total);
    (add, read)
}

/// `#[introspect(sync)]`: a mutex cell (`hits`, only changed), a
/// reader-writer cell (`label`, read), thread bounds kept.
#[introspect(sync)]
#[must_use]
pub fn sync_counter(
    label: String,
) -> (
    impl Fn() -> String + Send + Sync + 'static,
    impl AsyncFn(u32) -> u32 + Send + Sync,
) {
    let mut hits = 0_u32;
    let mut total = 0_u32;
    let hit = move || {
        hits += 1;
        format!("{label}: {hits}")
    };
    let add = async move |x: u32| {
        total += x;
        total
    };
    (hit, add)
}

/// A closure captured by a sibling and returned beside it: cloned where it
/// is used as a value, in the function and in a returned closure.
#[introspect]
#[must_use]
pub fn closure_in_a_cell(n: i32) -> (impl Fn() -> i32, impl Fn() -> i32, impl Fn() -> i32) {
    let get = move || n;
    let twice = move || get() * 2;
    let moved = move || {
        let g = get;
        g() + 1
    };
    (get, twice, moved)
}
