// The error names the closure that assigns, not the first that captures.
use freevars::introspect;

#[introspect]
fn f() -> (impl Fn() -> u32, impl Fn()) {
    let n: u32 = 0;
    let get = move || n;
    let reset = move || n = 0;
    (get, reset)
}

fn main() {
    let (get, reset) = f();
    reset();
    get();
}
