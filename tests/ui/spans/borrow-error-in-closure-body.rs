// A captured value lives in a shared cell: moving it out of the closure is a
// borrow error, reported at the user's code.
use freevars::introspect;

#[introspect]
fn make_greeting(name: String) -> impl Fn() -> String {
    move || name
}

fn main() {
    make_greeting(String::new())();
}
