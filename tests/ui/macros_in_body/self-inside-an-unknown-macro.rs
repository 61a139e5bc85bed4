// Inside a returned closure, `self` is held under another name, which a macro
// #[introspect] does not know cannot see.
use freevars::introspect;

macro_rules! show {
    ($label:literal => $value:expr) => {
        format!("{} {}", $label, $value)
    };
}

struct Counter {
    n: i32,
}

impl Counter {
    #[introspect]
    fn shower(self) -> impl Fn() -> String {
        move || show!("n" => self.n)
    }
}

fn main() {
    Counter { n: 1 }.shower()();
}
