use freevars::introspect;

#[introspect]
fn make_adder(n: i32) -> Box<dyn Fn(i32) -> i32 + Send> {
    Box::new(move |x| x + n)
}

fn main() {
    assert_eq!(make_adder(1)(1), 2);
}
