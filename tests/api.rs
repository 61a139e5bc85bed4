//! The runtime API, driven through functions rewritten by `#[introspect]`.
#![deny(warnings)]

use freevars::{CellError, Closure, introspect};

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

#[test]
fn a_closure_is_called_as_written_and_reports_its_names() {
    let avg = make_averager();
    assert!((avg(10.0) - 10.0).abs() < f64::EPSILON);
    assert!((avg(11.0) - 10.5).abs() < f64::EPSILON);
    assert_eq!(avg.freevars(), ["series"]);
    assert_eq!(avg.code().varnames(), ["new_value", "total"]);
    assert_eq!(avg.code().argcount(), 1);
    assert_eq!(avg.code().name(), "{closure}");
    assert_eq!(avg.code().qualname(), "make_averager::{closure}");
    assert_eq!(avg.code().freevars(), avg.freevars());
    assert!(avg.code().filename().ends_with("api.rs"));
    assert_eq!(avg.cells().len(), 1);
    assert_eq!(avg.cells()[0].name(), "series");
    assert_eq!(avg.cells()[0].type_name(), "alloc::vec::Vec<f64>");
    assert_eq!(avg.cells()[0].contents_repr(), "[10.0, 11.0]");
    assert_eq!(
        *avg.cells()[0].contents::<Vec<f64>>().unwrap(),
        [10.0, 11.0]
    );
}

#[test]
fn debug_output_follows_python() {
    let avg = make_averager();
    let closure = format!("{avg:?}");
    assert!(
        closure.starts_with("<closure make_averager::{closure} at 0x"),
        "{closure}"
    );
    let cells = format!("{:?}", avg.cells());
    let cell = &avg.cells()[0];
    assert_eq!(
        cells,
        format!(
            "[<cell at {:#x}: Vec<f64> object at {}>]",
            cell.id(),
            cells.rsplit(" at ").next().unwrap().trim_end_matches(">]")
        )
    );
    assert!(cells.starts_with("[<cell at 0x") && cells.contains(": Vec<f64> object at 0x"));
}

#[test]
fn sibling_closures_share_one_cell() {
    let (inc, get) = make_counter();
    assert_eq!(inc(), 1);
    assert_eq!(inc(), 2);
    assert_eq!(get(), 2);
    assert!(inc.cells()[0].ptr_eq(&get.cells()[0]));
    assert_eq!(inc.cells()[0].id(), get.cells()[0].id());
    assert_eq!(inc.code().name(), "inc");
    assert_eq!(get.code().qualname(), "make_counter::get");
    let (other, _) = make_counter();
    assert!(
        !other.cells()[0].ptr_eq(&inc.cells()[0]),
        "each call makes new cells"
    );
}

#[test]
fn writing_a_cell_changes_what_the_closure_sees() {
    let (inc, get) = make_counter();
    inc();
    let old = get.cell("count").unwrap().set_contents(41_u32).unwrap();
    assert_eq!(old, 1);
    assert_eq!(inc(), 42);
    assert!(get.cell("total").is_none());
}

#[test]
fn wrong_types_are_reported_not_panicked() {
    let avg = make_averager();
    let error = avg.cells()[0].contents::<Vec<f32>>().unwrap_err();
    assert_eq!(
        error,
        CellError::WrongType {
            name: "series",
            expected: "alloc::vec::Vec<f32>",
            found: "alloc::vec::Vec<f64>",
        }
    );
    assert_eq!(
        error.to_string(),
        "cell `series` holds `Vec<f64>`, not `Vec<f32>`"
    );
    assert!(avg.cells()[0].set_contents(String::new()).is_err());
}

#[introspect]
fn make_accumulator(start: i64) -> impl FnMut(i64) -> i64 {
    let mut total = start;
    move |x| {
        total += x;
        total
    }
}

#[test]
fn fn_mut_closures_are_called_through_a_mutable_binding() {
    let mut acc = make_accumulator(10);
    assert_eq!(acc(5), 15);
    assert_eq!(acc(5), 20);
    assert_eq!(*acc.cells()[0].contents::<i64>().unwrap(), 20);
}

#[introspect]
fn make_greeting(name: String) -> impl FnOnce() -> String {
    move || format!("hello, {name}")
}

#[test]
fn fn_once_closures_are_called_after_into_inner() {
    let greet = make_greeting("ada".to_owned());
    assert_eq!(greet.freevars(), ["name"]);
    assert_eq!(greet.cells()[0].contents_repr(), "\"ada\"");
    assert_eq!(greet.into_inner()(), "hello, ada");
}

#[introspect]
fn make_boxed(step: i32) -> Box<dyn Fn(i32) -> i32> {
    Box::new(move |x| x + step)
}

#[introspect]
fn make_wrapped() -> Closure<impl Fn() -> &'static str> {
    let word = "spelled out";
    move || word
}

#[test]
fn boxed_and_already_wrapped_return_types() {
    let add = make_boxed(3);
    assert_eq!(add(4), 7);
    assert_eq!(add.freevars(), ["step"]);
    let boxed: Box<dyn Fn(i32) -> i32> = add.into_inner();
    assert_eq!(boxed(1), 4);
    let word = make_wrapped();
    assert_eq!(word(), "spelled out");
    assert_eq!(word.cells()[0].contents_repr(), "\"spelled out\"");
}

#[introspect]
#[allow(clippy::needless_return)]
fn make_choice(double: bool) -> Box<dyn Fn(i32) -> i32> {
    let factor = 2;
    if double {
        return Box::new(move |x| x * factor);
    }
    let offset = 1;
    Box::new(move |x| x + offset)
}

#[test]
fn every_returned_closure_is_wrapped() {
    let double = make_choice(true);
    let shift = make_choice(false);
    assert_eq!((double(5), shift(5)), (10, 6));
    assert_eq!(double.freevars(), ["factor"]);
    assert_eq!(shift.freevars(), ["offset"]);
}

#[introspect]
fn make_plain() -> impl Fn(u8) -> u8 {
    let bump = 1;
    // Written without `move`: the closure still owns clones of its cells.
    |x| x + bump
}

#[test]
fn a_closure_written_without_move_works() {
    let plain = make_plain();
    assert_eq!(plain(1), 2);
}

#[introspect]
fn make_late() -> impl Fn() -> i32 {
    let mut x = 1;
    let read = move || x;
    x = 10;
    read
}

#[test]
fn the_function_assigns_after_the_closure_was_made_late_binding() {
    assert_eq!(make_late()(), 10);
}

struct NoDebug(u8);

#[introspect]
fn make_opaque() -> impl Fn() -> u8 {
    let secret = NoDebug(7);
    move || secret.0
}

#[test]
fn a_type_without_debug_shows_as_an_object() {
    let f = make_opaque();
    assert_eq!(f(), 7);
    let repr = f.cells()[0].contents_repr();
    assert!(repr.starts_with("<NoDebug object at 0x"), "{repr}");
    assert_eq!(f.cells()[0].contents::<NoDebug>().unwrap().0, 7);
}

#[introspect]
fn make_numbers<I: Iterator<Item = i32>>(iter: &mut I) -> impl FnMut() -> Option<i32> + '_ {
    move || iter.next()
}

#[test]
fn a_captured_mut_reference_is_called_through_without_mut() {
    let mut source = vec![1, 2].into_iter();
    let mut next = make_numbers(&mut source);
    assert_eq!(next(), Some(1));
    assert_eq!(next(), Some(2));
    assert_eq!(next(), None);
    let cell = &next.cells()[0];
    assert_eq!(cell.name(), "iter");
    assert!(
        cell.type_name()
            .starts_with("&mut alloc::vec::into_iter::IntoIter<i32")
    );
    assert!(matches!(
        cell.contents::<u8>(),
        Err(CellError::NotStatic { name: "iter", .. })
    ));
}

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
