use freevars::introspect;

#[introspect]
fn make_reader(flag: bool) -> impl Fn() -> i32 {
    let value;
    if flag {
        value = 1;
    } else {
        value = 2;
    }
    move || value
}

fn main() {
    assert_eq!(make_reader(true)(), 1);
}
