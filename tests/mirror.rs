//! The rest of Python's mirror: `Code::dis` (how each name is reached),
//! `getclosurevars`, `Code::source`, and the `Introspect` trait that lets
//! closures of different types be handled together.
#![deny(warnings)]

use freevars::{Introspect, getclosurevars, introspect};

/// The line of this file that holds `text`, after the line holding `after`.
fn line_of(after: &str, text: &str) -> usize {
    let source = include_str!("mirror.rs");
    let start = source.find(after).expect("the function");
    let at = start + source[start..].find(text).expect("the line");
    source[..at].matches('\n').count() + 1
}

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[test]
fn dis_lists_how_the_averager_reaches_each_name_line_by_line() {
    let avg = make_averager();
    let line = |text| line_of("fn make_averager()", text);
    let (push, sum, divide) = (
        line("series.push(new_value);"),
        line("let total: f64"),
        line("total / series.len()"),
    );
    let listing = avg.code().dis().to_string();
    let expected = [
        format!("{push:>4}  LOAD_DEREF    series"),
        "      LOAD_METHOD   push".to_owned(),
        "      LOAD_FAST     new_value".to_owned(),
        format!("{sum:>4}  LOAD_DEREF    series"),
        "      LOAD_METHOD   iter".to_owned(),
        "      LOAD_METHOD   sum".to_owned(),
        "      STORE_FAST    total".to_owned(),
        format!("{divide:>4}  LOAD_FAST     total"),
        "      LOAD_DEREF    series".to_owned(),
        "      LOAD_METHOD   len".to_owned(),
        "      RETURN_VALUE  ".to_owned(),
    ];
    assert_eq!(listing.lines().collect::<Vec<_>>(), expected);
    assert_eq!(avg.code().firstlineno() as usize + 1, push);
}

const SCALE: f64 = 2.0;
static OFFSET: f64 = 1.0;

#[derive(Default)]
struct Stats {
    seen: usize,
    last: f64,
}

fn halve(x: f64) -> f64 {
    x / 2.0
}

#[introspect]
fn make_stats() -> impl Fn(f64) -> String {
    let stats = Stats::default();
    move |x| {
        stats.seen += 1;
        stats.last = halve(x) * SCALE + OFFSET + std::f64::consts::PI.floor();
        if stats.seen > 100 {
            return String::new();
        }
        let text = format!("{} {}", stats.seen, f64::from(1_u8));
        println!("{text}");
        text.trim().to_owned()
    }
}

#[test]
fn getclosurevars_splits_names_as_python_does() {
    let f = make_stats();
    assert_eq!(f(4.0), "1 1");
    let vars = getclosurevars(&f);
    assert_eq!(
        vars.nonlocals.keys().copied().collect::<Vec<_>>(),
        ["stats"]
    );
    assert!(vars.nonlocals["stats"].ptr_eq(&f.cells()[0]));
    assert_eq!(
        vars.globals,
        [
            "OFFSET",
            "SCALE",
            "String::new",
            "f64::from",
            "halve",
            "std::f64::consts::PI"
        ]
    );
    assert_eq!(vars.builtins, ["format", "println"]);
    assert_eq!(vars.unbound, ["floor", "last", "seen", "to_owned", "trim"]);
}

#[test]
fn dis_shows_fields_stores_and_every_return() {
    let listing = make_stats().code().dis().to_string();
    let ops: Vec<&str> = listing.lines().map(|l| l[6..].trim_end()).collect();
    // `stats.seen += 1`: load the field, then store it (a compound
    // assignment is a load, then a store, as in CPython).
    assert_eq!(
        &ops[..4],
        [
            "LOAD_DEREF    stats",
            "LOAD_ATTR     seen",
            "LOAD_DEREF    stats",
            "STORE_ATTR    seen"
        ]
    );
    let returns = line_of("fn make_stats()", "return String::new();");
    assert!(
        listing.contains(&format!(
            "{returns:>4}  LOAD_GLOBAL   String::new\n      RETURN_VALUE"
        )),
        "{listing}"
    );
    assert_eq!(ops.iter().filter(|op| **op == "RETURN_VALUE").count(), 2);
}

#[introspect]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| {
        // The comment stays.
        x + n
    }
}

#[test]
fn source_is_the_closure_as_written() {
    assert_eq!(
        make_adder(1).code().source(),
        "move |x| {\n    // The comment stays.\n    x + n\n}"
    );
    assert_eq!(
        make_averager().code().source(),
        "move |new_value| {\n    series.push(new_value);\n    let total: f64 = series.iter().sum();\n    total / series.len() as f64\n}"
    );
}

#[introspect]
fn make_scalers(factor: i32) -> (impl Fn(i32) -> i32, impl Fn(i32) -> i32) {
    let scale = move |x: i32| x * factor;
    let offset = move |x: i32| -> i32 { x + factor };
    (scale, offset)
}

// The head (`move |x: i32| -> i32`) is read token by token and a block body
// as one span: both kinds of body keep their spacing.
#[test]
fn source_keeps_an_expression_body_and_a_return_type() {
    let (scale, offset) = make_scalers(3);
    assert_eq!(scale.code().source(), "move |x: i32| x * factor");
    assert_eq!(
        offset.code().source(),
        "move |x: i32| -> i32 { x + factor }"
    );
}

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
fn closures_of_different_types_are_handled_together() {
    let (inc, get) = make_counter();
    let adder = make_adder(3);
    inc();
    let all: [&dyn Introspect; 3] = [&inc, &get, &adder];
    let names: Vec<&str> = all.iter().map(|c| c.code().qualname()).collect();
    assert_eq!(
        names,
        [
            "make_counter::inc",
            "make_counter::get",
            "make_adder::{closure}"
        ]
    );
    assert_eq!(all[2].freevars(), ["n"]);
    assert!(
        all[0]
            .cell("count")
            .unwrap()
            .ptr_eq(all[1].cell("count").unwrap())
    );
    assert_eq!(all[1].cell("count").unwrap().contents_repr(), "1");
    assert!(all[2].cell("count").is_none());
}

struct NoDebug;

#[introspect]
fn make_mixed() -> impl Fn() -> f64 {
    let mut count = 0_u32;
    let total = 21.5;
    let hidden = NoDebug;
    move || {
        count += 1;
        let _ = &hidden;
        f64::from(count) + total
    }
}

#[test]
fn debug_is_one_line_and_pretty_debug_shows_each_free_variable() {
    let f = make_mixed();
    f();
    f();
    let short = format!("{f:?}");
    assert!(
        short.starts_with("<closure make_mixed::{closure} at 0x"),
        "{short}"
    );
    assert!(short.ends_with('>') && !short.contains('\n'), "{short}");
    let pretty = format!("{f:#?}");
    let line = f.code().firstlineno();
    let head = format!("({}:{line})>", f.code().filename());
    let lines: Vec<&str> = pretty.lines().collect();
    assert!(
        lines[0].starts_with("<closure make_mixed::{closure} at 0x"),
        "{pretty}"
    );
    assert!(lines[0].ends_with(&head), "{pretty}");
    // Sorted as `co_freevars`; a value without `Debug` shows its type.
    assert_eq!(
        lines[1..],
        ["    count = 2", "    hidden: NoDebug", "    total = 21.5"]
    );
}

// Regression: the reads in a match guard were left out of the listing.
#[introspect]
fn classify(limit: u32) -> impl Fn(Option<u32>) -> &'static str {
    move |o| match o {
        Some(n) if n >= limit => "big",
        Some(_) => "small",
        None => "none",
    }
}

#[test]
fn dis_lists_the_reads_of_a_match_guard() {
    let ops: Vec<String> = classify(3)
        .code()
        .dis()
        .ops()
        .map(|(op, name)| format!("{op} {name}"))
        .collect();
    assert_eq!(
        ops,
        [
            "LOAD_FAST o",
            "STORE_FAST n",
            "LOAD_FAST n",
            "LOAD_DEREF limit",
            "RETURN_VALUE "
        ]
    );
}
