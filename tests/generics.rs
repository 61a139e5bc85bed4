//! Type parameters, of the function or of the `impl` the attribute is on: a
//! value whose type is not `'static` may borrow, so its cell shows no
//! contents.
#![deny(warnings)]

use freevars::{CellError, introspect};

#[introspect]
fn constant<T: Clone + 'static>(value: T) -> impl Fn() -> T {
    move || value.clone()
}

#[introspect]
fn borrowing_constant<T: Clone + std::fmt::Debug>(value: T) -> impl Fn() -> T {
    move || value.clone()
}

#[test]
fn generic_values_are_introspected_when_static() {
    let c = constant(vec![1_u8]);
    assert_eq!(c(), [1]);
    assert_eq!(*c.cells()[0].contents::<Vec<u8>>().unwrap(), [1]);
    // `T` has no `Debug` bound here, so the cell shows as an object.
    assert!(
        c.cells()[0]
            .contents_repr()
            .starts_with("<Vec<u8> object at 0x")
    );

    // Without `T: 'static` the value may borrow: its cell has no contents.
    let text = String::from("borrowed");
    let b = borrowing_constant(text.as_str());
    assert_eq!(b(), "borrowed");
    assert!(matches!(
        b.cells()[0].contents::<&str>(),
        Err(CellError::NotStatic { .. })
    ));
    assert_eq!(b.cells()[0].type_name(), "&str");
}

// Regression: the `impl`'s own `T` was taken for `'static`, which rustc refused.
struct Wrap<T>(T);

#[introspect]
impl<T: Clone> Wrap<T> {
    fn constant(t: T) -> impl Fn() -> T {
        move || t.clone()
    }

    fn repeat(self) -> impl Fn() -> T {
        move || self.0.clone()
    }
}

#[test]
fn an_impl_blocks_type_parameters() {
    let word = String::from("w");
    assert_eq!(Wrap::constant(word.as_str())(), "w");
    assert_eq!(Wrap(3).repeat()(), 3);
    assert!(Wrap::constant(1_u8).cells()[0].contents::<u8>().is_err());
}
