// In the function, a macro #[introspect] does not know gets a captured
// variable as a shared borrow of its value: one that changes it is refused
// by rustc at the macro.
use freevars::introspect;

macro_rules! bump {
    ($value:ident) => {
        $value += 1
    };
}

#[introspect]
fn make_counter() -> impl Fn() -> i32 {
    let mut n = 1;
    bump!(n);
    move || n
}

fn main() {
    make_counter()();
}
