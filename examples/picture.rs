//! The README's picture of shared cells: the counter's `inc` and `get`
//! pointing at the one `count` they share, and an unrelated averager with
//! its own cell, drawn by `freevars::dot` and rendered to SVG with the
//! `layout-rs` crate, as Python Tutor draws closures and their frames.
//!
//! Run it with `cargo run --example picture`: it writes `closures.svg` in the
//! current directory and prints the DOT text, which `dot -Tsvg` (Graphviz)
//! renders too. `docs/closures.svg` is its output, and `tests/picture.rs`
//! checks that it still is.

use freevars::{dot, introspect};

/// `inc` rebinds `count`, `get` reads it: both capture the same cell.
#[introspect]
#[must_use]
pub fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

/// The README's averager: a closure of its own, with its own cell.
#[introspect]
#[must_use]
pub fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value: f64| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

/// The DOT text of the picture: the counter after two calls of `inc`, the
/// averager after `avg(10.0)` and `avg(11.0)`.
#[must_use]
pub fn picture_dot() -> String {
    let (inc, get) = make_counter();
    inc();
    inc();
    let avg = make_averager();
    avg(10.0);
    avg(11.0);
    dot(&[&inc, &get, &avg])
}

/// Lays out `dot` and renders it as SVG with `layout-rs`.
///
/// # Errors
/// `layout-rs`'s message when it cannot parse `dot`.
///
/// # Panics
/// In `layout-rs`, when the graph has no node (`dot` of no closures).
pub fn render_svg(dot: &str) -> Result<String, String> {
    let graph = layout::gv::DotParser::new(dot).process()?;
    let mut builder = layout::gv::GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    let mut svg = layout::backends::svg::SVGWriter::new();
    visual.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

fn main() {
    let dot = picture_dot();
    let svg = render_svg(&dot).expect("layout-rs parses what freevars::dot writes");
    std::fs::write("closures.svg", svg).expect("closures.svg can be written here");
    print!("{dot}");
}
