// A method returning a closure inside `Option<..>` is refused as the free
// function is (`tests/ui/returns/closure-inside-option.rs`), not skipped.
// Today the method is skipped, so the block reads as one with no such method.
use freevars::introspect;

struct Adders;

#[introspect]
impl Adders {
    fn maybe_adder(n: Option<i32>) -> Option<impl Fn(i32) -> i32> {
        n.map(|n| move |x| x + n)
    }
}

fn main() {
    assert!(Adders::maybe_adder(None).is_none());
}
