// Cells are allocated at run time, so a `const fn` cannot be rewritten.
use freevars::introspect;

#[introspect]
const fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn main() {
    assert_eq!(make_adder(1)(1), 2);
}
