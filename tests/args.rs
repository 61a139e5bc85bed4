//! The attribute's arguments: `crate = path::to::freevars` for crates that
//! re-export `freevars` (the refused ones are in `tests/ui/args`).
#![deny(warnings)]

use freevars::introspect;

mod reexport {
    pub use freevars as fv;
}

#[introspect(crate = reexport::fv)]
fn through_a_reexport() -> impl Fn() -> i32 {
    let n = 5;
    move || n
}

#[test]
fn the_crate_path_can_be_given() {
    assert_eq!(through_a_reexport().freevars(), ["n"]);
}
