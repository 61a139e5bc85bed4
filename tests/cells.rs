//! The cells a closure's captured variables live in (Python's `__closure__`):
//! shared between sibling closures, readable and writable from outside,
//! told apart by their ids.
#![deny(warnings)]

use freevars::{CellError, introspect};

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

#[introspect]
fn make_pair() -> impl Fn() -> i32 {
    let a = 1;
    let b = 2;
    move || a + b
}

#[test]
fn cell_ids_tell_cells_apart() {
    let pair = make_pair();
    let [a, b] = pair.cells() else {
        panic!("two cells")
    };
    assert_ne!(a.id(), b.id(), "two variables, two cells");
    assert_ne!(
        pair.cells()[0].id(),
        make_pair().cells()[0].id(),
        "each call makes new cells"
    );
    let (inc, get) = make_counter();
    assert_eq!(
        inc.cell("count").unwrap().id(),
        get.cell("count").unwrap().id(),
        "one cell seen from two sibling closures"
    );
    assert_ne!(inc.cells()[0].id(), a.id());
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
