// Inside a macro it does not know, #[introspect] leaves names as written:
// in the function, a captured variable's name is its cell, not its value.
use freevars::introspect;

macro_rules! show {
    ($label:literal => $value:expr) => {
        format!("{} {}", $label, $value)
    };
}

#[introspect]
fn make_counter() -> impl Fn() -> i32 {
    let n = 1;
    let shown = show!("n" => n);
    drop(shown);
    move || n
}

fn main() {
    make_counter()();
}
