// A documented limit: a captured variable lives in its cell from its
// declaration, so a value that is not `Copy` cannot be moved out of it and
// assigned again before a closure captures it (plain Rust accepts this).
use freevars::introspect;

#[introspect]
fn make() -> (impl Fn() -> usize, Vec<i32>) {
    let mut v = vec![1, 2];
    let w = v;
    v = vec![3];
    (move || v.len(), w)
}

fn main() {
    let (len, _) = make();
    len();
}
