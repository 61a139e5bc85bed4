use freevars::introspect;

#[introspect]
fn maybe_adder(n: Option<i32>) -> Option<impl Fn(i32) -> i32> {
    n.map(|n| move |x| x + n)
}

fn main() {
    assert!(maybe_adder(None).is_none());
}
