//! What the generated code's calls ask of a thread-safe cell, so that one
//! generic function serves both kinds: the reader-writer [`SyncCell`] and
//! the [`MutexCell`] of a variable that every borrow changes.

use super::cell::{ErasedSyncCell, SyncCell};
use super::mutex_cell::MutexCell;
use super::recorded::Recorded;
use super::view::DynCell;
use crate::lazy::Borrows;
use core::any::type_name;
use std::sync::Arc;

/// A cell of `#[introspect(sync)]`, of either kind: how it is borrowed
/// (through [`Borrows`]), viewed and described. A public trait in a
/// private module, so that nothing outside the crate implements it.
pub trait CellKind: Borrows {
    /// The value's address, and how to show and save it.
    // The trait is unnameable outside the crate, so this method is too,
    // whatever the lint sees.
    #[allow(private_interfaces)]
    fn recorded(&self) -> &Recorded<Self::Value>;

    /// The address of the value inside.
    fn contents_addr(&self) -> usize {
        self.recorded().contents_addr()
    }

    /// Records how to show the value.
    #[inline]
    fn show_with(&self, show: fn(&Self::Value) -> String) {
        self.recorded().show_with(show);
    }

    /// Records how to save and restore the value.
    #[cfg(feature = "serde")]
    #[allow(private_interfaces)]
    #[inline]
    fn save_with(&self, codec: crate::snapshot::Codec<Self::Value>) {
        self.recorded().save_with(codec);
    }

    /// The view of a cell whose value can be reached by type.
    fn typed_view(cell: &Arc<Self>, name: &'static str) -> DynCell
    where
        Self::Value: Send + Sync + 'static;

    /// The view of a cell whose type borrows data: name, type and
    /// addresses only.
    fn opaque_view(cell: &Arc<Self>, name: &'static str) -> DynCell {
        DynCell::opaque(
            name,
            Arc::as_ptr(cell).addr(),
            cell.contents_addr(),
            type_name::<Self::Value>,
        )
    }
}

impl<T> CellKind for SyncCell<T> {
    #[allow(private_interfaces)]
    fn recorded(&self) -> &Recorded<T> {
        &self.recorded
    }

    fn typed_view(cell: &Arc<Self>, name: &'static str) -> DynCell
    where
        T: Send + Sync + 'static,
    {
        DynCell::typed(name, Arc::clone(cell) as Arc<dyn ErasedSyncCell>)
    }
}

impl<T> CellKind for MutexCell<T> {
    #[allow(private_interfaces)]
    fn recorded(&self) -> &Recorded<T> {
        &self.recorded
    }

    fn typed_view(cell: &Arc<Self>, name: &'static str) -> DynCell
    where
        T: Send + Sync + 'static,
    {
        DynCell::typed(name, Arc::clone(cell) as Arc<dyn ErasedSyncCell>)
    }
}
