// A documented limit: a two-phase borrow does not pass through `DerefMut`,
// so a reference taken from a held variable cannot feed a method call that
// changes it (plain Rust accepts this).
use freevars::introspect;

#[introspect]
fn make() -> impl Fn() -> Vec<i64> {
    let v: Vec<i64> = vec![1];
    let get = move || v.clone();
    if let Some(last) = v.last() {
        v.push(*last + 100);
    }
    get
}

fn main() {
    make()();
}
