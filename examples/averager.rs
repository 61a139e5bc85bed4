//! The Python closures notebook, replayed in
//! Rust: each cell prints the Python it mirrors, the Rust expression that
//! replays it, and the value.
//!
//! Run it with `cargo run --example averager`.

// `len() as f64`, as the notebook divides by `len(series)`: a series never
// holds 2^52 values.
#![allow(clippy::cast_precision_loss)]

use freevars::{getclosurevars, introspect, short_type_name};
use std::any::type_name_of_val;

/// In [1]: a class to calculate a running average.
pub struct Average {
    series: Vec<f64>,
}

impl Average {
    #[must_use]
    pub fn new() -> Average {
        Average { series: Vec::new() }
    }

    /// Python's `__call__`.
    pub fn call(&mut self, new_value: f64) -> f64 {
        self.series.push(new_value);
        let total: f64 = self.series.iter().sum();
        total / self.series.len() as f64
    }
}

impl Default for Average {
    fn default() -> Average {
        Average::new()
    }
}

/// In [5]: the functional implementation, a closure over `series`.
#[introspect]
#[must_use]
pub fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    let averager = move |new_value: f64| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    };
    averager
}

/// In [20], fixed: keeps only the count and the total. Rebinding them needs
/// `let mut`, Rust's `nonlocal`; without it the macro refuses the function
/// (see `tests/ui/scope/broken-averager.rs`).
#[introspect]
#[must_use]
pub fn make_averager_with_count() -> impl FnMut(f64) -> f64 {
    let mut count = 0_u32;
    let mut total = 0.0;
    let averager = move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    };
    averager
}

/// The broken averager and the error the macro gives for it.
pub const BROKEN_CASE: &str = "tests/ui/scope/broken-averager.rs";
pub const BROKEN_ERROR: &str = include_str!("../tests/ui/scope/broken-averager.stderr");

/// One notebook cell replayed.
pub struct Replayed {
    /// The notebook's `In [n]`; `None` for a call the notebook does not make.
    pub number: Option<u32>,
    pub python: &'static str,
    pub rust: &'static str,
    /// What the cell prints; empty for a definition.
    pub value: String,
}

/// Replays `$rust`, which mirrors notebook cell `$number` (`$python`), and
/// keeps its value: `Debug` as Python's repr, or `Display` for a type name.
macro_rules! cell {
    ($cells:ident, $number:expr, $python:literal, define $rust:path) => {
        $cells.push(Replayed {
            number: $number,
            python: $python,
            rust: stringify!($rust),
            value: String::new(),
        })
    };
    ($cells:ident, $number:expr, $python:literal, type_of $rust:expr) => {
        $cells.push(Replayed {
            number: $number,
            python: $python,
            rust: stringify!($rust),
            value: $rust.to_string(),
        })
    };
    ($cells:ident, $number:expr, $python:literal, $rust:expr) => {
        $cells.push(Replayed {
            number: $number,
            python: $python,
            rust: stringify!($rust),
            value: format!("{:?}", $rust),
        })
    };
}

/// Every cell of the notebook, in order.
///
/// # Panics
/// If the averager's cell does not hold a `Vec<f64>`, which would be a bug.
#[must_use]
pub fn replay() -> Vec<Replayed> {
    let mut cells = Vec::new();

    cell!(cells, Some(1), "class Average: ...", define Average::call);
    let mut avg = Average::new();
    cell!(cells, Some(2), "avg = Average(); avg(10)", avg.call(10.0));
    cell!(cells, Some(3), "avg(11)", avg.call(11.0));
    cell!(cells, Some(4), "avg(12)", avg.call(12.0));

    cell!(cells, Some(5), "def make_averager(): ...", define make_averager);
    let avg = make_averager();
    cell!(cells, Some(6), "avg = make_averager(); avg(10)", avg(10.0));
    cell!(cells, Some(7), "avg(11)", avg(11.0));
    cell!(cells, Some(8), "avg(12)", avg(12.0));
    cell!(
        cells,
        Some(9),
        "avg.__code__.co_varnames",
        avg.code().varnames()
    );
    cell!(cells, Some(10), "avg.__code__.co_freevars", avg.freevars());
    cell!(cells, Some(11), "avg.__closure__", avg.cells());
    cell!(cells, Some(12), "avg.__closure__[0]", avg.cells()[0]);
    cell!(
        cells,
        Some(13),
        "avg.__closure__[0].cell_contents",
        *avg.cells()[0]
            .contents::<Vec<f64>>()
            .expect("series holds a Vec<f64>")
    );
    cell!(
        cells,
        Some(15),
        "type(avg.__closure__)",
        type_of short_type_name(type_name_of_val(avg.cells()))
    );
    cell!(
        cells,
        Some(16),
        "type(avg.__closure__[0])",
        type_of short_type_name(type_name_of_val(&avg.cells()[0]))
    );
    cell!(
        cells,
        Some(17),
        "type(avg.__closure__[0].cell_contents)",
        type_of short_type_name(avg.cells()[0].type_name())
    );

    cell!(
        cells,
        Some(20),
        "def make_averager(): total = 0; count = 0; ... count += 1 ...",
        define make_averager_with_count
    );
    let mut avg = make_averager_with_count();
    cell!(cells, Some(21), "avg = make_averager()", avg.freevars());
    cell!(cells, Some(24), "avg(10)", avg(10.0));
    cell!(cells, None, "avg(11)", avg(11.0));
    cell!(cells, None, "avg(12)", avg(12.0));
    // `dis` of the working twin: where Python's broken averager loads and
    // stores `count` as a local (`LOAD_FAST`), `let mut` makes it a free
    // variable (`LOAD_DEREF`/`STORE_DEREF`); the parameter stays `LOAD_FAST`.
    cell!(cells, Some(26), "dis(avg)", avg.code().dis());
    cell!(
        cells,
        None,
        "inspect.getclosurevars(avg)",
        getclosurevars(&avg)
    );
    cell!(cells, None, "avg.__code__", avg.code());
    // What the closure holds, in one view.
    cells.push(Replayed {
        number: None,
        python: "avg, avg.__closure__",
        rust: "format!(\"{avg:#?}\")",
        value: format!("{avg:#?}"),
    });
    cells
}

fn main() {
    for cell in replay() {
        let number = cell
            .number
            .map_or_else(|| " ".to_owned(), |n| n.to_string());
        println!("In [{number}]: {}", cell.python);
        println!("  Rust: {}", cell.rust);
        if cell.number == Some(20) {
            println!(
                "  As Python raises UnboundLocalError for `count += 1`, #[introspect] refuses \
                 it without `let mut` ({BROKEN_CASE}):"
            );
            for line in BROKEN_ERROR.lines().take(5) {
                println!("  | {line}");
            }
            println!("  With `let mut count` and `let mut total` (Rust's `nonlocal`):");
        }
        if !cell.value.is_empty() {
            println!("{}", cell.value);
        }
        println!();
    }
}
