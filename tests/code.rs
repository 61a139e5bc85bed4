//! What a closure reports about itself (Python's `__code__` and repr): its
//! names, variables, file and line, and its `Debug` output.
#![deny(warnings)]

use freevars::introspect;

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
fn a_closure_is_called_as_written_and_reports_its_names() {
    let avg = make_averager();
    assert!((avg(10.0) - 10.0).abs() < f64::EPSILON);
    assert!((avg(11.0) - 10.5).abs() < f64::EPSILON);
    assert_eq!(avg.freevars(), ["series"]);
    assert_eq!(avg.code().varnames(), ["new_value", "total"]);
    assert_eq!(avg.code().argcount(), 1);
    assert_eq!(avg.code().name(), "{closure}");
    assert_eq!(avg.code().qualname(), "make_averager::{closure}");
    assert_eq!(avg.code().freevars(), ["series"]);
    assert!(avg.code().filename().ends_with("code.rs"));
    assert_eq!(avg.cells().len(), 1);
    assert_eq!(avg.cells()[0].name(), "series");
    assert_eq!(avg.cells()[0].type_name(), "alloc::vec::Vec<f64>");
    assert_eq!(avg.cells()[0].contents_repr(), "[10.0, 11.0]");
    assert_eq!(
        *avg.cells()[0].contents::<Vec<f64>>().unwrap(),
        [10.0, 11.0]
    );
}

#[test]
fn debug_output_follows_python() {
    let avg = make_averager();
    let closure = format!("{avg:?}");
    assert!(
        closure.starts_with("<closure make_averager::{closure} at 0x"),
        "{closure}"
    );
    let cells = format!("{:?}", avg.cells());
    let cell = &avg.cells()[0];
    assert_eq!(
        cells,
        format!(
            "[<cell at {:#x}: Vec<f64> object at {}>]",
            cell.id(),
            cells.rsplit(" at ").next().unwrap().trim_end_matches(">]")
        )
    );
    assert!(cells.starts_with("[<cell at 0x") && cells.contains(": Vec<f64> object at 0x"));
}

// Each closure returns `line!()` written on its own first line, so the test
// compares `firstlineno()` with the real line of the closure, not with the
// attribute's or the function's.
#[introspect]
fn make_located() -> impl Fn() -> u32 {
    let offset = 0;
    move || line!() + offset
}

#[introspect]
fn make_located_pair() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let offset = 0;
    let first = move || line!() + offset;

    let second = move || line!() + offset;
    (first, second)
}

#[test]
fn firstlineno_is_the_line_the_closure_is_written_on() {
    let located = make_located();
    assert_eq!(located.code().firstlineno(), located());
    let (first, second) = make_located_pair();
    assert_eq!(first.code().firstlineno(), first());
    assert_eq!(second.code().firstlineno(), second());
    assert_eq!(second() - first(), 2);
}

// A factory that a `macro_rules!` writes: the closure's file and line are
// where the macro writes its first token, the lines its listing shows, not
// the line of the invocation (which `line!()` in it returns).
macro_rules! located_factory {
    ($name:ident) => {
        #[introspect]
        fn $name() -> impl Fn() -> u32 {
            let offset = 0;
            move || line!() + offset
        }
    };
}

located_factory!(make_located_by_a_macro);

#[test]
fn a_closure_a_macro_writes_is_located_where_the_macro_writes_it() {
    let located = make_located_by_a_macro();
    let code = located.code();
    let listing = code.dis().to_string();
    let first_listed: u32 = listing
        .split_whitespace()
        .next()
        .and_then(|line| line.parse().ok())
        .expect("the listing starts with a line number");
    assert_eq!(code.firstlineno(), first_listed, "{listing}");
    assert_ne!(code.firstlineno(), located(), "the invocation's line");
    assert!(code.filename().ends_with("code.rs"));
}

// The file and line are the macro's literal in every path that writes one:
// the `static` of a closure made in an `impl` and the cells under `sync`.
struct Located {
    offset: u32,
}

#[introspect]
impl Located {
    fn make(&self) -> impl Fn() -> u32 {
        let offset = self.offset;
        move || line!() + offset
    }
}

#[introspect(sync)]
fn make_located_sync() -> impl Fn() -> u32 + Send + Sync {
    let offset = 0;
    move || line!() + offset
}

#[test]
fn firstlineno_is_the_closures_line_in_an_impl_and_under_sync() {
    let in_impl = Located { offset: 0 }.make();
    assert_eq!(in_impl.code().firstlineno(), in_impl());
    assert!(in_impl.code().filename().ends_with("code.rs"));
    assert_eq!(in_impl.code().qualname(), "Located::make::{closure}");
    let shared = make_located_sync();
    assert_eq!(shared.code().firstlineno(), shared());
    assert!(shared.code().filename().ends_with("code.rs"));
}
