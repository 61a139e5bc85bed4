//! The notebook replay of `examples/averager.rs` prints the facts the Python
//! notebook prints.

#[path = "../examples/averager.rs"]
#[allow(dead_code)]
mod averager;

use averager::Replayed;

fn cell(cells: &[Replayed], number: u32) -> &str {
    &cells
        .iter()
        .find(|c| c.number == Some(number))
        .unwrap_or_else(|| panic!("cell {number} is replayed"))
        .value
}

/// `<cell at 0x…: Vec<f64> object at 0x…>` with two real addresses.
fn is_cell_repr(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("<cell at 0x") else {
        return false;
    };
    let Some((cell, rest)) = rest.split_once(": Vec<f64> object at 0x") else {
        return false;
    };
    let Some(contents) = rest.strip_suffix('>') else {
        return false;
    };
    let hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    hex(cell) && hex(contents) && cell != contents
}

#[test]
fn the_class_and_the_closure_average_alike() {
    let cells = averager::replay();
    for (class, closure) in [(2, 6), (3, 7), (4, 8)] {
        assert_eq!(cell(&cells, class), cell(&cells, closure));
    }
    assert_eq!(
        [cell(&cells, 6), cell(&cells, 7), cell(&cells, 8)],
        ["10.0", "10.5", "11.0"]
    );
}

#[test]
fn the_closure_is_introspected_as_in_python() {
    let cells = averager::replay();
    assert_eq!(cell(&cells, 9), r#"["new_value", "total"]"#);
    assert_eq!(cell(&cells, 10), r#"["series"]"#);
    let closure = cell(&cells, 11);
    let inner = closure
        .strip_prefix('[')
        .and_then(|c| c.strip_suffix(']'))
        .expect("a slice of one cell");
    assert!(is_cell_repr(inner), "{closure}");
    assert_eq!(cell(&cells, 12), inner, "__closure__[0] is the same cell");
    assert_eq!(cell(&cells, 13), "[10.0, 11.0, 12.0]");
    assert_eq!(cell(&cells, 15), "[DynCell]");
    assert_eq!(cell(&cells, 16), "DynCell");
    assert_eq!(cell(&cells, 17), "Vec<f64>");
}

#[test]
fn the_count_and_total_averager_needs_let_mut() {
    // The example prints `BROKEN_ERROR`, the reviewed `.stderr` of
    // `BROKEN_CASE`. Compiling the case here (trybuild fails if the macro's
    // error differs from that file) makes the checks below about the macro's
    // real output, not only about a checked-in file.
    trybuild::TestCases::new().compile_fail(averager::BROKEN_CASE);
    assert!(averager::BROKEN_ERROR.contains("cannot assign to captured variable `count`"));
    assert!(averager::BROKEN_ERROR.contains("let mut count"));
    assert!(averager::BROKEN_ERROR.contains(averager::BROKEN_CASE));
    let cells = averager::replay();
    assert_eq!(cell(&cells, 21), r#"["count", "total"]"#);
    assert_eq!(cell(&cells, 24), "10.0");
    let later: Vec<&str> = cells
        .iter()
        .filter(|c| c.number.is_none())
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(&later[..2], ["10.5", "11.0"]);
    assert!(later[3].starts_with("<code object averager at 0x"));
}

/// The line of `examples/averager.rs` that holds `text`, in the working
/// averager (after `make_averager_with_count`).
fn line_of(text: &str) -> usize {
    let source = include_str!("../examples/averager.rs");
    let start = source
        .find("fn make_averager_with_count")
        .expect("the working averager");
    let at = start + source[start..].find(text).expect("the line");
    source[..at].matches('\n').count() + 1
}

#[test]
fn cell_26_disassembles_the_working_averager() {
    let cells = averager::replay();
    let (bump, add, divide) = (
        line_of("count += 1;"),
        line_of("total += new_value;"),
        line_of("total / f64::from(count)"),
    );
    let expected = format!(
        "{bump:>4}  LOAD_DEREF    count\n\
         \x20     STORE_DEREF   count\n\
         {add:>4}  LOAD_DEREF    total\n\
         \x20     LOAD_FAST     new_value\n\
         \x20     STORE_DEREF   total\n\
         {divide:>4}  LOAD_DEREF    total\n\
         \x20     LOAD_GLOBAL   f64::from\n\
         \x20     LOAD_DEREF    count\n\
         \x20     RETURN_VALUE  \n"
    );
    // Where Python's broken averager loads and stores `count` with
    // `LOAD_FAST`, the working twin reaches it as a free variable.
    assert_eq!(cell(&cells, 26), expected);
    let vars = &cells
        .iter()
        .find(|c| c.python == "inspect.getclosurevars(avg)")
        .expect("replayed")
        .value;
    assert!(
        vars.contains(r#"nonlocals: {"count": 3, "total": 33.0}"#),
        "{vars}"
    );
    assert!(vars.contains(r#"globals: ["f64::from"]"#), "{vars}");
    let pretty = &cells.last().expect("replayed").value;
    assert!(
        pretty.starts_with("<closure make_averager_with_count::averager at 0x"),
        "{pretty}"
    );
    assert!(
        pretty.ends_with("\n    count = 3\n    total = 33.0"),
        "{pretty}"
    );
}
