//! Runtime types of [`freevars`](https://docs.rs/freevars): the cells that hold
//! captured variables, the [`Closure`] wrapper that makes a closure
//! introspectable, and the [`Code`] description of a closure.
//!
//! Users depend on the `freevars` crate, which re-exports everything here
//! together with the `#[introspect]` attribute, the only way to make a
//! [`Closure`]: its constructors are the macro's hidden protocol.
//!
//! ```
//! use freevars::introspect;
//!
//! #[introspect]
//! fn make_counter() -> impl Fn() -> u32 {
//!     let mut count = 0;
//!     move || {
//!         count += 1;
//!         count
//!     }
//! }
//!
//! let counter = make_counter();
//! assert_eq!(counter(), 1);
//! assert_eq!(counter.freevars(), ["count"]);
//! assert_eq!(counter.cells()[0].contents_repr(), "1");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(feature = "nightly", feature(unboxed_closures, fn_traits, tuple_trait))]

mod cell;
mod closure;
mod code;
mod dis;
mod dot;
mod error;
#[cfg(feature = "nightly")]
mod fn_traits;
mod introspect;
mod lazy;
#[cfg(feature = "serde")]
mod snapshot;
pub mod sync;
mod type_name;
mod var_cell;
mod view;

#[doc(hidden)]
pub mod __private;

pub use crate::cell::DynCell;
pub use crate::closure::Closure;
pub use crate::code::Code;
pub use crate::dis::Dis;
pub use crate::dot::dot;
pub use crate::error::CellError;
pub use crate::introspect::{ClosureVars, Introspect, getclosurevars};
#[cfg(feature = "serde")]
pub use crate::snapshot::{
    SavedClosure, SavedVar, Snapshot, SnapshotError, Unserializable, Why, restore, snapshot,
};
pub use crate::type_name::short_type_name;
pub use crate::var_cell::CellRef;
pub use crate::view::CellView;
