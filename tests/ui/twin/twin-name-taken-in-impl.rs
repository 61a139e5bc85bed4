// `#[introspect(twin)]` adds `adder_introspected` beside `adder`; the impl
// block already has a method of that name, so the macro says which to rename.
use freevars::introspect;

struct Adders;

#[introspect(twin)]
impl Adders {
    fn adder(n: i32) -> impl Fn(i32) -> i32 {
        move |x| x + n
    }

    fn adder_introspected() -> i32 {
        0
    }
}

fn main() {}
