//! A Graphviz picture of closures and the cells they share, as Python Tutor
//! draws functions and the frames they close over.

use crate::view::CellView;
use crate::{Introspect, short_type_name};
use core::fmt::Write as _;

/// How many characters of a cell's value a label shows; a longer value is
/// cut to one less and ends with `…`.
const MAX_VALUE_CHARS: usize = 40;

/// Draws `closures` and their cells as a Graphviz `digraph`: one node per
/// closure, labelled with its qualified name, one node per cell, labelled
/// `name: Type = value`, and an edge from each closure to the cell of each
/// of its free variables.
///
/// A cell that several closures share (sibling closures capturing one
/// variable) is one node with an edge from each of them; cells are told
/// apart by [`DynCell::id`](crate::DynCell::id), so two calls of one factory
/// give two nodes of the same name. A closure given twice is drawn once.
///
/// The text is deterministic: the closures in the order given, then the
/// cells in the order they are first reached, then the edges, with node ids
/// that number them (`closure0`, `cell0`), not addresses. The type is cut to
/// its last path segments by [`short_type_name`], the value is
/// [`DynCell::contents_repr`](crate::DynCell::contents_repr) cut to 40
/// characters, and left out (`name: Type`) where it cannot be shown: no
/// `Debug`, a type that borrows, or a cell being changed; `"` and `\`
/// are escaped and a line break becomes `\n`. Render it with `dot -Tsvg`,
/// or in Rust with the `layout-rs` crate (`cargo run --example picture`).
///
/// ```
/// use freevars::{dot, introspect};
///
/// #[introspect]
/// fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
///     let mut count = 0;
///     let inc = move || {
///         count += 1;
///         count
///     };
///     let get = move || count;
///     (inc, get)
/// }
///
/// let (inc, get) = make_counter();
/// inc();
/// assert_eq!(
///     dot(&[&inc, &get]),
///     r#"digraph closures {
///     rankdir=LR;
///     node [shape=box, style=filled];
///     closure0 [label="make_counter::inc", fillcolor=lightblue];
///     closure1 [label="make_counter::get", fillcolor=lightblue];
///     cell0 [label="count: u32 = 1", fillcolor=lightyellow];
///     closure0 -> cell0;
///     closure1 -> cell0;
/// }
/// "#
/// );
/// ```
#[must_use]
pub fn dot<V: CellView>(closures: &[&dyn Introspect<V>]) -> String {
    // Closures by address (one drawn once however often it is given), cells
    // by id, each in the order first seen.
    let mut closure_addrs: Vec<usize> = Vec::new();
    let mut shown: Vec<&dyn Introspect<V>> = Vec::new();
    for &closure in closures {
        let addr = core::ptr::from_ref(closure).cast::<()>().addr();
        if !closure_addrs.contains(&addr) {
            closure_addrs.push(addr);
            shown.push(closure);
        }
    }
    let mut cell_ids: Vec<usize> = Vec::new();
    let mut cells = Vec::new();
    let mut edges = Vec::new();
    for (from, closure) in shown.iter().enumerate() {
        for cell in closure.cells() {
            let to = cell_ids.iter().position(|&id| id == cell.id());
            let to = to.unwrap_or_else(|| {
                cell_ids.push(cell.id());
                cells.push(cell);
                cell_ids.len() - 1
            });
            edges.push((from, to));
        }
    }

    let mut out = String::from("digraph closures {\n    rankdir=LR;\n");
    out.push_str("    node [shape=box, style=filled];\n");
    for (n, closure) in shown.iter().enumerate() {
        let label = escape(closure.code().qualname());
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            out,
            "    closure{n} [label=\"{label}\", fillcolor=lightblue];"
        );
    }
    for (n, cell) in cells.iter().enumerate() {
        let name_and_type = format!("{}: {}", cell.name(), short_type_name(cell.type_name()));
        // A value that cannot be shown (no `Debug`, a borrowing type, a cell
        // being changed) is left out rather than shown by its address.
        let label = escape(&match cell.shown() {
            Some(value) => format!("{name_and_type} = {}", shorten(value)),
            None => name_and_type,
        });
        let _ = writeln!(
            out,
            "    cell{n} [label=\"{label}\", fillcolor=lightyellow];"
        );
    }
    for (from, to) in edges {
        let _ = writeln!(out, "    closure{from} -> cell{to};");
    }
    out.push_str("}\n");
    out
}

/// `value`, or its first `MAX_VALUE_CHARS - 1` characters and `…`.
fn shorten(value: String) -> String {
    if value.chars().count() <= MAX_VALUE_CHARS {
        return value;
    }
    let mut cut: String = value.chars().take(MAX_VALUE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// `text` inside a DOT string: `"` and `\` escaped, a line break as DOT's
/// `\n`, and other control characters spelled out (`\u{7}`), as Graphviz
/// would otherwise take them raw (and `layout-rs` stops at a NUL).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                for e in c.escape_default() {
                    if e == '\\' {
                        out.push('\\');
                    }
                    out.push(e);
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{MAX_VALUE_CHARS, escape, shorten};

    #[test]
    fn escapes_quotes_backslashes_and_control_characters() {
        assert_eq!(escape(r#""a\b""#), r#"\"a\\b\""#);
        assert_eq!(escape("one\ntwo"), r"one\ntwo");
        assert_eq!(escape("bell\u{7}nul\0"), r"bell\\u{7}nul\\u{0}");
        assert_eq!(escape("make::{closure} <T>"), "make::{closure} <T>");
    }

    #[test]
    fn shortens_long_values_by_characters() {
        let fits = "é".repeat(MAX_VALUE_CHARS);
        assert_eq!(shorten(fits.clone()), fits);
        let long = "é".repeat(MAX_VALUE_CHARS + 1);
        let cut = shorten(long);
        assert_eq!(cut.chars().count(), MAX_VALUE_CHARS);
        assert_eq!(cut, "é".repeat(MAX_VALUE_CHARS - 1) + "…");
    }
}
