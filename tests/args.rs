//! The attribute's arguments: `crate = path::to::freevars` for crates that
//! re-export `freevars` (the refused ones are in `tests/ui/args`).
#![deny(warnings)]

use freevars::introspect;

/// A re-export of `freevars` whose protocol counts the cells it makes, so a
/// test can tell that generated code went through this path and not
/// `::freevars` (which resolves here too).
mod reexport {
    pub mod fv {
        pub use freevars::*;

        pub mod __private {
            pub use freevars::__private::*;

            thread_local! {
                pub static CELLS_MADE: ::std::cell::Cell<usize> = const { ::std::cell::Cell::new(0) };
            }

            pub fn new_cell<T>(value: T) -> Cell<T> {
                CELLS_MADE.with(|made| made.set(made.get() + 1));
                freevars::__private::new_cell(value)
            }
        }
    }
}

#[introspect(crate = reexport::fv)]
fn through_a_reexport() -> impl Fn() -> i32 {
    let n = 5;
    move || n
}

// Regression: this test passed even when the path was ignored.
#[test]
fn the_crate_path_is_the_one_generated_code_uses() {
    let before = reexport::fv::__private::CELLS_MADE.with(std::cell::Cell::get);
    let five = through_a_reexport();
    let after = reexport::fv::__private::CELLS_MADE.with(std::cell::Cell::get);
    assert_eq!(five(), 5);
    assert_eq!(five.freevars(), ["n"]);
    assert_eq!(
        after - before,
        1,
        "the cell of `n` was made through `reexport::fv`"
    );
}
