//! A closure that a sibling closure captures lives in a cell like any other
//! captured variable. In plain Rust it can still be used as a value (returned,
//! moved into another closure) only when it is `Copy`; in a cell it is not
//! (what it captures are cells), so such a use clones it, and the clone
//! shares its cells.
#![deny(warnings)]

use freevars::introspect;

// Regression: returning `get` beside `twice`, which captures it, was
// "cannot move out of dereference of `CellRef`" (E0507).
#[introspect]
fn make_pair() -> (impl Fn() -> i32, impl Fn() -> i32) {
    let n = 1;
    let get = move || n;
    let twice = move || get() * 2;
    (get, twice)
}

#[test]
fn a_captured_closure_can_be_returned_beside_its_captor() {
    let (get, twice) = make_pair();
    assert_eq!((get(), twice()), (1, 2));
    assert_eq!(get.freevars(), ["n"]);
    assert_eq!(twice.freevars(), ["get"]);
    // The returned `get` and the one in `twice`'s cell share the cell of `n`.
    get.cell("n").unwrap().set_contents(5_i32).unwrap();
    assert_eq!((get(), twice()), (5, 10));
}

#[introspect]
fn make_by_value() -> (impl Fn() -> i32, impl Fn() -> i32) {
    let n = 3;
    let get = move || n;
    let renamed = move || {
        let g = get;
        g() + 1
    };
    (get, renamed)
}

#[test]
fn a_captured_closure_can_be_moved_inside_a_returned_closure() {
    let (get, renamed) = make_by_value();
    assert_eq!((get(), renamed(), renamed()), (3, 4, 4));
}

#[introspect]
fn make_summer() -> (impl Fn() -> i32, impl Fn(i32) -> i32) {
    let step = 10;
    let get = move || step;
    let sum = move |k: i32| (0..k).map(move |i| get() + i).sum::<i32>();
    (get, sum)
}

#[test]
fn a_nested_move_closure_takes_its_own_clone() {
    let (get, sum) = make_summer();
    assert_eq!(sum(3), 10 + 11 + 12);
    get.cell("step").unwrap().set_contents(0_i32).unwrap();
    assert_eq!(sum(3), 3, "the clone shares the cell of `step`");
}

/// Not `Clone`: a closure capturing it can only be borrowed, never cloned.
struct Token(i32);

fn call_it(f: &dyn Fn() -> i32) -> i32 {
    f()
}

#[introspect]
fn make_borrowed() -> impl Fn() -> i32 {
    let token = Token(7);
    let get = move || token.0;
    let first = call_it(&get);
    move || get() + first
}

#[test]
fn a_borrowed_closure_is_not_cloned() {
    assert_eq!(make_borrowed()(), 14);
}

#[introspect(sync)]
fn make_pair_sync() -> (
    impl Fn() -> i32 + Send + Sync,
    impl Fn() -> i32 + Send + Sync,
) {
    let n = 1;
    let get = move || n;
    let twice = move || get() * 2;
    (get, twice)
}

#[test]
fn the_same_under_sync() {
    let (get, twice) = make_pair_sync();
    get.cell("n").unwrap().set_contents(2_i32).unwrap();
    let from_a_thread = std::thread::spawn(move || twice() + get()).join().unwrap();
    assert_eq!(from_a_thread, 6, "both see the cell of `n`");
}
