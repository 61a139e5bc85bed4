use freevars::introspect;
use std::rc::Rc;

#[introspect(sync)]
fn make_reader(shared: Rc<Vec<u8>>) -> impl Fn() -> usize + Send + Sync {
    move || shared.len()
}

fn main() {}
