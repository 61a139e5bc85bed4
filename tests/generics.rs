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

// Regression: values made from a borrowed input without a type annotation
// were taken for `'static`, and the function did not compile ("borrowed data
// escapes", naming `freevars::__private::Probe`).
#[introspect]
fn words<'a>(text: &'a str) -> impl FnMut() -> Option<&'a str> {
    let mut it = text.split_whitespace();
    move || it.next()
}

enum Expr {
    Var(usize),
    Lit(i32),
}

#[introspect]
fn compile(e: &Expr) -> Box<dyn Fn(&[i32]) -> i32 + '_> {
    match e {
        Expr::Var(index) => Box::new(move |env| env[*index]),
        Expr::Lit(value) => Box::new(move |_| *value),
    }
}

#[introspect]
fn collect<T>(first: T) -> impl FnMut(T) -> usize {
    let mut items = Vec::new();
    items.push(first);
    move |x| {
        items.push(x);
        items.len()
    }
}

#[test]
fn values_made_from_borrowed_inputs_compile_and_hide_their_contents() {
    let text = String::from("two words");
    let mut next = words(&text);
    assert_eq!((next(), next(), next()), (Some("two"), Some("words"), None));
    assert_eq!(next.freevars(), ["it"]);
    assert!(matches!(
        next.cells()[0].contents::<u8>(),
        Err(CellError::NotStatic { name: "it", .. })
    ));
    let var = compile(&Expr::Var(1));
    assert_eq!(var(&[10, 20]), 20);
    assert_eq!(var.freevars(), ["index"]);
    assert_eq!(compile(&Expr::Lit(7))(&[]), 7);
    let mut collector = collect(String::from("a"));
    assert_eq!(collector(String::from("b")), 2);
    assert!(matches!(
        collector.cells()[0].contents::<Vec<String>>(),
        Err(CellError::NotStatic { name: "items", .. })
    ));
}

#[introspect]
fn annotated_words(text: &str) -> impl Fn() -> usize {
    let count: usize = text.split_whitespace().count();
    move || count
}

#[test]
fn an_annotated_static_value_shows_its_contents() {
    let count = annotated_words("three short words");
    assert_eq!(count(), 3);
    assert_eq!(*count.cells()[0].contents::<usize>().unwrap(), 3);
}
