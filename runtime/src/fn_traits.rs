//! With the `nightly` feature, a [`Closure<F>`] is a closure: it implements
//! `FnOnce`, `FnMut` and `Fn` whenever `F` does, each call forwarding to the
//! wrapped closure, so an annotated factory's result goes wherever the plain
//! closure went (`iter.map(make_adder(1))`, `F: FnMut(..)` bounds, `Box<dyn
//! Fn(..)>`). Stable Rust does not allow implementing these traits; the crate
//! that calls the closure needs no feature gate of its own.
//!
//! ```
//! #[freevars::introspect]
//! fn make_multiplier(n: i32) -> impl Fn(i32) -> i32 {
//!     move |x| x * n
//! }
//!
//! let double = make_multiplier(2);
//! let doubled: Vec<i32> = vec![1, 2].into_iter().map(&double).collect();
//! assert_eq!(doubled, [2, 4]);
//! let doubled: Vec<i32> = vec![3].into_iter().map(double).collect();
//! assert_eq!(doubled, [6]);
//! ```

use crate::Closure;
use core::marker::Tuple;

/// Calls the wrapped closure by value: what `f()` does for an `impl FnOnce`,
/// and what `Option::map(f)` asks for.
impl<Args: Tuple, F: FnOnce<Args>> FnOnce<Args> for Closure<F> {
    type Output = F::Output;

    extern "rust-call" fn call_once(self, args: Args) -> F::Output {
        self.into_inner().call_once(args)
    }
}

/// Calls the wrapped closure through `&mut`: what `Iterator::map` asks for.
impl<Args: Tuple, F: FnMut<Args>> FnMut<Args> for Closure<F> {
    extern "rust-call" fn call_mut(&mut self, args: Args) -> F::Output {
        (**self).call_mut(args)
    }
}

/// Calls the wrapped closure through `&`.
impl<Args: Tuple, F: Fn<Args>> Fn<Args> for Closure<F> {
    extern "rust-call" fn call(&self, args: Args) -> F::Output {
        (**self).call(args)
    }
}
