// `crate = ..` given twice: generated code can find freevars at one path only.
// Today the last one wins silently, hence rustc's errors on `missing`.
use freevars::introspect;

#[introspect(crate = freevars, crate = missing)]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn main() {
    assert_eq!(make_adder(1)(1), 2);
}
