use freevars::introspect;

#[introspect]
async fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn main() {
    drop(make_adder(1));
}
