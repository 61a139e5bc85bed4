use freevars::introspect;

trait Maker {
    fn make(&self) -> Box<dyn Fn() -> i32>;
}

struct Seven;

#[introspect]
impl Maker for Seven {
    fn make(&self) -> Box<dyn Fn() -> i32> {
        Box::new(|| 7)
    }
}

fn main() {
    assert_eq!(Seven.make()(), 7);
}
