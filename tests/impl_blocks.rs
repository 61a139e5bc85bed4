//! `#[introspect]` on a method and on an inherent `impl` block: `self` is
//! captured like any variable, and closures are named after the type.
#![deny(warnings)]

use freevars::introspect;

struct Shelf {
    books: Vec<String>,
}

impl Shelf {
    #[introspect]
    fn counter(&self) -> impl Fn() -> usize + '_ {
        move || self.books.len()
    }
}

#[test]
fn a_method_captures_self_and_names_its_type() {
    let shelf = Shelf {
        books: vec!["SICP".to_owned()],
    };
    let count = shelf.counter();
    assert_eq!(count(), 1);
    assert_eq!(count.freevars(), ["self"]);
    assert_eq!(count.code().qualname(), "Shelf::counter::{closure}");
}

struct Tally;

#[introspect]
impl Tally {
    fn start(from: u32) -> impl Fn() -> u32 {
        move || from
    }

    fn unrelated(self) -> usize {
        std::mem::size_of_val(&self)
    }
}

#[test]
fn an_impl_block_rewrites_its_closure_returning_methods() {
    let start = Tally::start(3);
    assert_eq!(start(), 3);
    assert_eq!(start.code().qualname(), "Tally::start::{closure}");
    assert_eq!(Tally.unrelated(), 0);
}
