// The return type promises two closures; the function returns three.
use freevars::introspect;

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let count = 0;
    let get = move || count;
    let next = move || count + 1;
    let previous = move || count - 1;
    (get, next, previous)
}

fn main() {
    let (get, _) = make_counter();
    assert_eq!(get(), 0);
}
