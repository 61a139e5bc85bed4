//! What the generated code's calls ask of a thread-safe cell, so that one
//! generic function serves both kinds: the reader-writer [`SyncCell`] and
//! the [`MutexCell`] of a variable that every borrow changes.

use super::cell::{ErasedSyncCell, SyncCell};
use super::mutex_cell::MutexCell;
use super::view::DynCell;
use crate::lazy::Borrows;
use core::any::type_name;
use std::sync::Arc;

/// A cell of `#[introspect(sync)]`, of either kind: how it is borrowed
/// (through [`Borrows`]), viewed and described. A public trait in a
/// private module, so that nothing outside the crate implements it.
pub trait CellKind: Borrows {
    /// The address of the value inside.
    fn contents_addr(&self) -> usize;

    /// Records how to show the value.
    fn show_with(&self, show: fn(&Self::Value) -> String);

    /// Records how to save and restore the value.
    #[cfg(feature = "serde")]
    // The trait is unnameable outside the crate, so this method is too,
    // whatever the lint sees.
    #[allow(private_interfaces)]
    fn save_with(&self, codec: crate::snapshot::Codec<Self::Value>);

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
    fn contents_addr(&self) -> usize {
        SyncCell::contents_addr(self)
    }

    #[inline]
    fn show_with(&self, show: fn(&T) -> String) {
        SyncCell::show_with(self, show);
    }

    #[cfg(feature = "serde")]
    #[allow(private_interfaces)]
    #[inline]
    fn save_with(&self, codec: crate::snapshot::Codec<T>) {
        SyncCell::save_with(self, codec);
    }

    fn typed_view(cell: &Arc<Self>, name: &'static str) -> DynCell
    where
        T: Send + Sync + 'static,
    {
        DynCell::typed(name, Arc::clone(cell) as Arc<dyn ErasedSyncCell>)
    }
}

impl<T> CellKind for MutexCell<T> {
    fn contents_addr(&self) -> usize {
        MutexCell::contents_addr(self)
    }

    #[inline]
    fn show_with(&self, show: fn(&T) -> String) {
        MutexCell::show_with(self, show);
    }

    #[cfg(feature = "serde")]
    #[allow(private_interfaces)]
    #[inline]
    fn save_with(&self, codec: crate::snapshot::Codec<T>) {
        MutexCell::save_with(self, codec);
    }

    fn typed_view(cell: &Arc<Self>, name: &'static str) -> DynCell
    where
        T: Send + Sync + 'static,
    {
        DynCell::typed(name, Arc::clone(cell) as Arc<dyn ErasedSyncCell>)
    }
}
