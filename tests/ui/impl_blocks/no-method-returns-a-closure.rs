// On an `impl` block the attribute rewrites the methods that return a
// closure; a block with none is refused rather than left silently as written.
use freevars::introspect;

struct Answer;

#[introspect]
impl Answer {
    fn get(&self) -> i32 {
        42
    }
}

fn main() {
    assert_eq!(Answer.get(), 42);
}
