// On stable a `Closure` is not itself a closure: it derefs to one, but Rust
// does not let a library implement the `Fn` traits, so passing it where
// `F: FnMut(..)` is asked for fails. Write instead:
// - `.map(&*adder)`: a `&F` is a closure when `F: Fn` (`&mut *adder` for an
//   `impl FnMut`), and `adder` still answers `freevars()` afterwards;
// - `.map(make_adder(1).into_inner())`: the plain closure, cells still shared;
// - `#[introspect(twin)]`: `make_adder` stays a plain closure and
//   `make_adder_introspected` returns the `Closure`;
// - on nightly, the `nightly` feature of `freevars`: `Closure` then
//   implements the `Fn` traits and this case compiles.
use freevars::introspect;

#[introspect]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

fn main() {
    let _sums = vec![1, 2, 3].into_iter().map(make_adder(1));
}
