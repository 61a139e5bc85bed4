//! `freevars::dot`, the Graphviz picture of closures and their cells: one
//! node per shared cell, separate nodes for unrelated ones, escaped and
//! shortened labels, and text that `layout-rs` lays out. Also that the
//! README's `docs/closures.svg` is what `cargo run --example picture` draws
//! today.
#![deny(warnings)]

use freevars::{Introspect, dot, introspect};

// The example's closures and its rendering (`render_svg`), shared so that
// the committed picture is checked against the code that draws it; its
// `main` is the example's own.
#[allow(dead_code)]
#[path = "../examples/picture.rs"]
mod picture;

use picture::{make_averager, make_counter, picture_dot, render_svg};

#[introspect]
fn make_account(owner: String) -> (impl Fn(u32) -> u32, impl Fn() -> String) {
    let mut balance = 0;
    let deposit = move |amount: u32| {
        balance += amount;
        balance
    };
    let statement = move || format!("{owner}: {balance}");
    (deposit, statement)
}

#[introspect]
fn make_labels() -> impl Fn() -> usize {
    let path = String::from(r#"C:\temp\"x""#);
    let bytes = vec![0_u8; 100];
    move || path.len() + bytes.len()
}

#[introspect]
fn make_constant() -> impl Fn() -> u8 {
    || 7
}

/// The nodes and edges of a `dot` text: `(id, label)` per node statement
/// and `(from, to)` per edge, in the order written.
type Graph = (Vec<(String, String)>, Vec<(String, String)>);

fn parse(dot: &str) -> Graph {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for line in dot.lines() {
        let line = line.trim();
        if let Some((id, rest)) = line.split_once(" [label=\"") {
            let (label, _) = rest.rsplit_once("\", fillcolor=").expect(line);
            nodes.push((id.to_owned(), label.to_owned()));
        } else if let Some((from, to)) = line.split_once(" -> ") {
            let to = to.strip_suffix(';').expect(line);
            edges.push((from.to_owned(), to.to_owned()));
        }
    }
    (nodes, edges)
}

fn edge(from: &str, to: &str) -> (String, String) {
    (from.to_owned(), to.to_owned())
}

/// `text` as `layout-rs` writes it in SVG.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Renders `dot` with `layout-rs`, which must parse it, and checks that the
/// SVG shows every label of `labels` (as written, unescaped).
fn assert_renders(dot: &str, labels: &[&str]) -> String {
    let svg = render_svg(dot).unwrap_or_else(|e| panic!("layout-rs: {e}\n{dot}"));
    assert!(svg.starts_with("<?xml"), "{svg}");
    for label in labels {
        let shown = xml(label);
        assert!(svg.contains(&shown), "{shown} is not in\n{svg}");
    }
    svg
}

#[test]
fn siblings_sharing_a_cell_are_one_cell_node_with_two_edges() {
    let (inc, get) = make_counter();
    inc();
    let text = dot(&[&inc, &get]);
    let (nodes, edges) = parse(&text);
    let cells: Vec<_> = nodes
        .iter()
        .filter(|(id, _)| id.starts_with("cell"))
        .collect();
    assert_eq!(cells.len(), 1, "{text}");
    assert_eq!(cells[0].1, "count: u32 = 1");
    assert_eq!(
        edges,
        [edge("closure0", "cell0"), edge("closure1", "cell0")]
    );
    assert_renders(
        &text,
        &["make_counter::inc", "make_counter::get", "count: u32 = 1"],
    );
}

#[test]
fn unrelated_closures_get_separate_cell_nodes() {
    let (first, _) = make_counter();
    let (second, _) = make_counter();
    second();
    let avg = make_averager();
    avg(4.0);
    let text = dot(&[&first, &second, &avg]);
    let (nodes, edges) = parse(&text);
    let labels: Vec<&str> = nodes.iter().map(|(_, label)| label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "make_counter::inc",
            "make_counter::inc",
            "make_averager::{closure}",
            "count: u32 = 0",
            "count: u32 = 1",
            "series: Vec<f64> = [4.0]",
        ]
    );
    assert_eq!(
        edges,
        [
            edge("closure0", "cell0"),
            edge("closure1", "cell1"),
            edge("closure2", "cell2"),
        ]
    );
    assert_renders(
        &text,
        &[
            "count: u32 = 0",
            "count: u32 = 1",
            "series: Vec<f64> = [4.0]",
        ],
    );
}

#[test]
fn the_text_for_two_closures_and_two_cells() {
    let (deposit, statement) = make_account(String::from("ann"));
    deposit(5);
    // `statement` lists `balance` before `owner`, so `owner` is the second
    // cell reached; `balance` was reached first, from `deposit`.
    assert_eq!(statement.freevars(), ["balance", "owner"]);
    assert!(deposit.cells()[0].ptr_eq(&statement.cells()[0]));
    let expected = format!(
        r#"digraph closures {{
    rankdir=LR;
    node [shape=box, style=filled];
    closure0 [label="{}", fillcolor=lightblue];
    closure1 [label="{}", fillcolor=lightblue];
    cell0 [label="balance: u32 = 5", fillcolor=lightyellow];
    cell1 [label="owner: String = \"ann\"", fillcolor=lightyellow];
    closure0 -> cell0;
    closure1 -> cell0;
    closure1 -> cell1;
}}
"#,
        deposit.code().qualname(),
        statement.code().qualname(),
    );
    let text = dot(&[&deposit, &statement]);
    assert_eq!(text, expected);
    assert_renders(
        &text,
        &[
            "make_account::deposit",
            "make_account::statement",
            "balance: u32 = 5",
            r#"owner: String = "ann""#,
        ],
    );
}

#[test]
fn labels_escape_quotes_and_backslashes_and_cut_long_values() {
    let f = make_labels();
    let text = dot(&[&f]);
    let (nodes, _) = parse(&text);
    // The value's `Debug` form is `"C:\\temp\\\"x\""`; the DOT string escapes
    // each of its `\` and `"` once more.
    assert_eq!(nodes[2].1, r#"path: String = \"C:\\\\temp\\\\\\\"x\\\"\""#);
    let bytes = &nodes[1].1;
    let value = bytes.strip_prefix("bytes: Vec<u8> = ").expect(bytes);
    assert_eq!(value.chars().count(), 40, "{value}");
    assert!(
        value.starts_with("[0, 0, 0") && value.ends_with('…'),
        "{value}"
    );
    // `layout-rs` reads the escapes back: the SVG shows the `Debug` form.
    let path = f.cell("path").unwrap().contents_repr();
    assert_eq!(path, r#""C:\\temp\\\"x\"""#);
    assert_renders(
        &text,
        &[
            &format!("path: String = {path}"),
            &format!("bytes: Vec<u8> = {value}"),
        ],
    );
}

#[test]
fn a_closure_given_twice_is_drawn_once_and_one_without_cells_has_no_edge() {
    let (inc, _) = make_counter();
    let constant = make_constant();
    let text = dot(&[&inc, &constant, &inc]);
    let (nodes, edges) = parse(&text);
    let ids: Vec<&str> = nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["closure0", "closure1", "cell0"]);
    assert_eq!(nodes[1].1, "make_constant::{closure}");
    assert_eq!(edges, [edge("closure0", "cell0")]);
    assert_renders(&text, &["make_constant::{closure}"]);
}

#[test]
fn no_closures_is_an_empty_graph() {
    let text = dot(&[] as &[&dyn Introspect]);
    assert_eq!(
        text,
        "digraph closures {\n    rankdir=LR;\n    node [shape=box, style=filled];\n}\n"
    );
    // `layout-rs` parses it, but cannot lay out a graph without nodes (it
    // panics "Sorting an empty graph"), so it is not rendered.
    let graph = layout::gv::DotParser::new(&text).process();
    assert!(graph.is_ok(), "{graph:?}");
}

#[test]
fn the_readme_picture_is_what_the_example_draws_today() {
    let svg = assert_renders(
        &picture_dot(),
        &[
            "make_counter::inc",
            "make_counter::get",
            "make_averager::{closure}",
            "count: u32 = 2",
            "series: Vec<f64> = [10.0, 11.0]",
        ],
    );
    // Nothing in it depends on where the cells live, so it can be compared
    // byte for byte.
    assert!(!svg.contains("0x"), "{svg}");
    let committed = include_str!("../docs/closures.svg");
    assert!(
        svg == committed,
        "docs/closures.svg is stale: run `cargo run --example picture` and copy closures.svg to docs/"
    );
}

struct Opaque;

#[introspect]
fn make_hidden() -> impl Fn() -> usize {
    let hidden = Opaque;
    let shown = 3_usize;
    move || {
        let _ = &hidden;
        shown
    }
}

// Regression: a value that cannot be shown was labelled by its address,
// so the text changed from run to run.
#[test]
fn a_value_that_cannot_be_shown_is_left_out_not_given_an_address() {
    let text = dot(&[&make_hidden()]);
    assert!(text.contains("label=\"hidden: Opaque\""), "{text}");
    assert!(text.contains("label=\"shown: usize = 3\""), "{text}");
    assert!(!text.contains("0x"), "{text}");
}
