use freevars::introspect;

#[introspect]
fn answer() -> i32 {
    42
}

fn main() {
    assert_eq!(answer(), 42);
}
