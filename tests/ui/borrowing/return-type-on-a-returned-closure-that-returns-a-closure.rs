// A documented limit: a closure that a returned closure returns is wrapped
// in a `Closure`, so a return type written on the outer closure no longer
// matches.
use freevars::introspect;

#[introspect]
fn make() -> impl Fn() -> Box<dyn Fn() -> i32> {
    let level: i32 = 1;
    move || -> Box<dyn Fn() -> i32> { Box::new(move || level * 10) }
}

fn main() {
    make()()();
}
