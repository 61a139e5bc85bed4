// Two different closures cannot both be one `impl Fn`: the error points at
// the returned closure, as it would without the attribute.
use freevars::introspect;

#[introspect]
fn make(flag: bool) -> impl Fn() -> i32 {
    let n = 1;
    if flag {
        return move || n;
    }
    move || n + 1
}

fn main() {
    make(true)();
}
