use freevars::introspect;

fn adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

#[introspect]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    adder(n)
}

fn main() {
    assert_eq!(make_adder(1)(1), 2);
}
