//! Expansion snapshots: `tests/expand/NAME.rs` expands to the reviewed
//! `tests/expand/NAME.expanded.rs`. A change to the generated code fails
//! here until the snapshot is updated (`FREEVARS_BLESS=1 cargo test`) and
//! reviewed.

use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let input = std::fs::read_to_string(dir.join(format!("{name}.rs"))).unwrap();
    let item: proc_macro2::TokenStream = input.parse().unwrap();
    let output = crate::expand::introspect(proc_macro2::TokenStream::new(), item);
    let file: syn::File = syn::parse2(output).expect("the expansion parses");
    let expanded = prettyplease::unparse(&file);
    let snapshot = dir.join(format!("{name}.expanded.rs"));
    if std::env::var_os("FREEVARS_BLESS").is_some() {
        std::fs::write(&snapshot, &expanded).unwrap();
    }
    let reviewed = std::fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        expanded == reviewed,
        "the expansion of tests/expand/{name}.rs changed; run `FREEVARS_BLESS=1 cargo test` \
         and review the diff of {name}.expanded.rs. New expansion:\n{expanded}"
    );
}

#[test]
fn averager() {
    check("averager");
}

#[test]
fn count_total() {
    check("count_total");
}

#[test]
fn counter() {
    check("counter");
}

#[test]
fn parameter() {
    check("parameter");
}

#[test]
fn the_readme_shows_the_averager_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let snapshot = std::fs::read_to_string(root.join("tests/expand/averager.expanded.rs")).unwrap();
    assert!(
        readme.contains(&snapshot),
        "README's \"How it works\" must show tests/expand/averager.expanded.rs as it is"
    );
}
