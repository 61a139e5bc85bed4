use freevars::introspect;

#[introspect(name = "averager")]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn main() {
    // The function is still rewritten: only the argument is refused.
    assert_eq!(make_adder(1).freevars(), ["n"]);
}
