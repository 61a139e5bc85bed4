// A variable declared by a macro is invisible to #[introspect]: rather than
// leave it out of the closure's cells, the macro refuses the function.
use freevars::introspect;

macro_rules! declare {
    ($name:ident = $value:expr) => {
        let $name = $value;
    };
}

#[introspect]
fn make_reader() -> impl Fn() -> i32 {
    declare!(hidden = 5);
    move || hidden
}

fn main() {
    assert_eq!(make_reader()(), 5);
}
