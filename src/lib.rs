#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use freevars_macros::introspect;
pub use freevars_runtime::{
    CellError, CellView, Closure, ClosureVars, Code, Dis, DynCell, Introspect, dot, getclosurevars,
    short_type_name, sync,
};
#[cfg(feature = "serde")]
pub use freevars_runtime::{
    SavedClosure, SavedVar, Snapshot, SnapshotError, Unserializable, Why, restore, snapshot,
};

#[doc(hidden)]
pub mod __private {
    pub use freevars_runtime::__private::*;
}
