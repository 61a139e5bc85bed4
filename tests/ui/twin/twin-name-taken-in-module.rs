// A free function's twin lands in the same module as the function: a name
// already taken there is rustc's "defined multiple times", pointing at the
// annotated function's name.
use freevars::introspect;

#[introspect(twin)]
fn adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn adder_introspected() -> i32 {
    0
}

fn main() {}
