//! Runtime types of [`freevars`](https://docs.rs/freevars): the cells that hold
//! captured variables, the [`Closure`] wrapper that makes a closure
//! introspectable, and the [`Code`] description of a closure.
//!
//! Users depend on the `freevars` crate, which re-exports everything here
//! together with the `#[introspect]` attribute. The types can also be built by
//! hand, which is what the attribute generates:
//!
//! ```
//! use freevars_runtime::{Closure, Code, __private};
//!
//! static CODE: Code = Code::new("make_counter::{closure}")
//!     .with_freevars(&["count"]);
//!
//! let count = __private::new_cell(0_u32);
//! let counter = Closure::new(
//!     {
//!         let count = __private::Rc::clone(&count);
//!         move || {
//!             let count = &mut *__private::borrow_mut(&count, "count", CODE.qualname());
//!             *count += 1;
//!             *count
//!         }
//!     },
//!     &CODE,
//!     [__private::debug_cell("count", &count)],
//! );
//! assert_eq!(counter(), 1);
//! assert_eq!(counter.freevars(), ["count"]);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(feature = "nightly", feature(unboxed_closures, fn_traits, tuple_trait))]

mod cell;
mod closure;
mod code;
mod error;
#[cfg(feature = "nightly")]
mod fn_traits;
mod type_name;

#[doc(hidden)]
pub mod __private;

pub use crate::cell::DynCell;
pub use crate::closure::Closure;
pub use crate::code::Code;
pub use crate::error::CellError;
pub use crate::type_name::short_type_name;
