//! The `#[introspect]` attribute of [`freevars`](https://docs.rs/freevars).
//! This crate is an implementation detail: depend on `freevars`.
//!
//! The expansion runs in steps, one module each: `shape` reads the return
//! type, `scope` builds the `model` of the body, `returns` and `plan` decide
//! what becomes a cell, and `rewrite` with `codegen` writes the new function.

mod args;
mod body_macro;
mod codegen;
mod dis;
mod errors;
mod expand;
mod lifetimes;
mod model;
mod plan;
mod reorder;
mod returns;
mod rewrite;
mod scope;
mod shape;
mod syntax;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Makes the closures a function returns introspectable, as Python's are.
///
/// Every variable a returned closure captures is lifted into a shared cell
/// (`Rc<RefCell<T>>`), and the returned closure is wrapped in
/// `freevars::Closure`, which calls like the closure and also answers
/// `freevars()`, `cells()` and `code()`.
///
/// ```text
/// #[freevars::introspect]
/// fn make_averager() -> impl Fn(f64) -> f64 {
///     let series = Vec::new();
///     move |new_value: f64| {
///         series.push(new_value);
///         series.iter().sum::<f64>() / series.len() as f64
///     }
/// }
/// ```
///
/// Put it on a function (free or associated) whose return type has
/// `impl Fn..`, `Box<dyn Fn..>` or a tuple of them, or on an `impl` block to
/// rewrite each of its methods that returns a closure. The only argument is
/// `crate = path::to::freevars`, for crates that re-export `freevars`. The
/// `freevars` crate's documentation has the full rules.
#[proc_macro_attribute]
pub fn introspect(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::introspect(args.into(), input.into()).into()
}
