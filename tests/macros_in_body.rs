//! Macros in the function and in its closures: names inside them count as
//! uses, the standard macros are rewritten and still show the code as
//! written, and any other macro keeps its tokens (in the function, it gets
//! each captured variable it names as a shared borrow of the value).
#![deny(warnings)]

use freevars::introspect;
use std::fmt::Write as _;

#[introspect]
fn with_macros(width: usize) -> impl Fn(f64) -> String {
    let mut count = 0;
    let label = String::from("value");
    move |v| {
        count += 1;
        assert!(count > 0, "{label} {count}");
        assert_eq!(label.len(), 5);
        let spaces = vec![' '; width];
        debug_assert_ne!(spaces.len(), usize::MAX);
        format!("{label}#{count}:{v:>width$.1}")
    }
}

#[test]
fn macros_in_the_body_use_captured_variables() {
    let f = with_macros(6);
    assert_eq!(f(1.25), "value#1:   1.2");
    assert_eq!(f.freevars(), ["count", "label", "width"]);
}

// Regression: `write!` into a captured buffer was taken for a read, so the closure held it shared.
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

// Regression: a `fn` declared after a statement macro was taken for a variable the macro declared.
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

// Regression: `stringify!(x)` showed the rewritten `* x`.
#[introspect]
fn named() -> impl Fn() -> &'static str {
    let x = 1;
    move || {
        let _ = x;
        stringify!(x)
    }
}

// Regression: a failed `assert!` showed the rewritten condition.
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

// Regression: rewriting `x` to `*x` inside a user macro broke one that wants an identifier.
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
    // Regression: `{count}` in another macro's string was not seen as a use.
    assert_eq!(formatted.freevars(), ["count"]);
    assert_eq!(formatted(), "count=3");
}

macro_rules! log_line {
    ($($arg:tt)*) => {
        format!("[log] {}", format!($($arg)*))
    };
}

macro_rules! debug_value {
    (? $value:ident) => {
        format!("{} = {:?}", stringify!($value), $value)
    };
}

// Issue 9: a macro the attribute does not know, in the function body, could
// not read a captured variable (it was refused at compile time).
#[introspect]
fn scaler(factor: f64) -> (impl Fn(f64) -> f64, Vec<String>) {
    let mut lines = vec![log_line!("scaler with factor {factor}")];
    let scale = move |x| x * factor;
    lines.push(log_line!("scaler with factor {}", factor));
    lines.push(debug_value!(?factor));
    (scale, lines)
}

#[test]
fn unknown_macros_in_the_body_read_captured_variables() {
    let (scale, lines) = scaler(2.5);
    assert_eq!(scale(2.0).to_string(), "5");
    assert_eq!(
        lines,
        [
            "[log] scaler with factor 2.5",
            "[log] scaler with factor 2.5",
            "factor = 2.5"
        ]
    );
}

// Regression: a statement macro whose expansion ends in `;` was lent its
// values as an expression, which rustc refuses (`semicolon_in_expressions_from_macros`).
macro_rules! note {
    ($out:ident, $($arg:tt)*) => {
        $out.push(format!($($arg)*));
    };
}

#[introspect]
fn noted(n: u32) -> (impl Fn() -> u32, Vec<String>) {
    let mut notes = Vec::new();
    let get = move || n;
    note!(notes, "n = {}", n);
    (get, notes)
}

#[test]
fn a_statement_macro_ending_in_a_semicolon_reads_a_captured_variable() {
    let (get, notes) = noted(1);
    assert_eq!(get(), 1);
    assert_eq!(notes, ["n = 1"]);
}
