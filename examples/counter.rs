//! Two sibling closures share one cell, as Python's `inc`/`get` pair shares
//! `count`; a cell written from outside is seen by both.
//!
//! Run it with `cargo run --example counter`.

use freevars::introspect;

/// `inc` rebinds `count` (so it is `let mut`, Rust's `nonlocal`); `get`
/// reads it. Both capture the same cell.
#[introspect]
#[must_use]
pub fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

fn main() {
    let (inc, get) = make_counter();
    println!("inc() -> {}", inc());
    println!("inc() -> {}", inc());
    println!("get() -> {}", get());

    println!("inc.cells() -> {:?}", inc.cells());
    println!("get.cells() -> {:?}", get.cells());
    let shared = inc.cells()[0].ptr_eq(&get.cells()[0]);
    println!("inc.cells()[0].ptr_eq(&get.cells()[0]) -> {shared}");

    // Python 3.7+: `get.__closure__[0].cell_contents = 100`
    let old = get.cells()[0]
        .set_contents(100_u32)
        .expect("count holds a u32 and no closure is running");
    println!("get.cells()[0].set_contents(100) -> Ok({old})");
    println!("inc() -> {}", inc());
    println!("get() -> {}", get());
}
