//! The cell a captured variable of `#[introspect(sync)]` lives in when
//! some code only reads it (see `mutex_cell.rs` for the others): an
//! `RwLock` that is only ever tried, never waited on, so that a thread
//! that holds it shared can always read it again, and that tells a holder
//! on this thread (a conflict, which panics) from one on another (which is
//! waited for).

use super::gate::Gate;
use super::guard::{CellRefMut, ReadRef};
use super::held::{self, Hold};
use super::recorded::Recorded;
use crate::var_cell::{CONTENTS_REPR, Record, Repr, Want, already_borrowed};
use core::any::Any;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};

/// The cell a captured variable of `#[introspect(sync)]` lives in, shared
/// through an `Arc` by every closure that captures it.
///
/// Borrows take the lock with `try_read`/`try_write` only: std's `RwLock`
/// prefers writers, so a thread blocked in `write()` would stop a thread
/// that holds the lock shared from reading again (a closure calling a
/// sibling that reads the same variable), a deadlock. When the try fails,
/// the cell's holds on this thread tell whether this thread is in the way
/// (a panic naming the variable and the holder) or another is (a wait at
/// the cell's [`Gate`]).
///
/// A panic while the cell is held poisons the lock; the cell ignores it,
/// as the single-thread cell, a `RefCell`, has no poisoning.
pub struct SyncCell<T> {
    value: RwLock<T>,
    gate: Gate,
    /// The value's address, and how to show and save it.
    pub(crate) recorded: Recorded<T>,
}

impl<T> SyncCell<T> {
    /// A free cell holding `value`, in its `Arc`, its value's address
    /// recorded.
    pub(crate) fn new(value: T) -> Arc<SyncCell<T>> {
        let mut cell = Arc::new(SyncCell {
            value: RwLock::new(value),
            gate: Gate::new(),
            recorded: Recorded::new(),
        });
        // Only this handle exists yet, so the cell can still be changed in
        // place (no lock taken), and the value has its final address.
        if let Some(SyncCell {
            value, recorded, ..
        }) = Arc::get_mut(&mut cell)
        {
            recorded.settle(value.get_mut().unwrap_or_else(PoisonError::into_inner));
        }
        cell
    }

    /// The lock shared, now or never; poisoning ignored.
    #[inline]
    fn try_shared(&self) -> Option<RwLockReadGuard<'_, T>> {
        match self.value.try_read() {
            Ok(value) => Some(value),
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// The lock exclusive, now or never; poisoning ignored.
    #[inline]
    fn try_exclusive(&self) -> Option<RwLockWriteGuard<'_, T>> {
        match self.value.try_write() {
            Ok(value) => Some(value),
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// A shared borrow for `site`, waiting while another thread changes the
    /// value, panicking when this thread does.
    #[inline]
    #[track_caller]
    pub(crate) fn read(&self, name: &'static str, site: &'static str) -> ReadRef<'_, T> {
        match self.try_shared() {
            Some(value) => ReadRef::new(value, &self.gate, site),
            None => match self.read_or_held(site) {
                Ok(value) => value,
                Err(hold) => conflict(name, site, Want::Read, hold),
            },
        }
    }

    /// An exclusive borrow for `site`, waiting while another thread holds
    /// the cell, panicking when this thread does.
    #[inline]
    #[track_caller]
    pub(crate) fn write(&self, name: &'static str, site: &'static str) -> CellRefMut<'_, T> {
        match self.try_exclusive() {
            Some(value) => CellRefMut::new(value, &self.gate, site),
            None => match self.write_or_held(site) {
                Ok(value) => value,
                Err(hold) => conflict(name, site, Want::Change, hold),
            },
        }
    }

    /// A shared borrow held by `holder`, after waiting for other threads;
    /// or this thread's hold that stops it.
    pub(crate) fn read_or_held(&self, holder: &'static str) -> Result<ReadRef<'_, T>, Hold> {
        // Only an exclusive borrow stops a shared one, and only one
        // exclusive borrow exists: this thread's, if it holds the cell.
        if let Some(value) = self.try_shared() {
            return Ok(ReadRef::new(value, &self.gate, holder));
        }
        if let Some(hold) = held::find(self.gate.key()) {
            return Err(hold);
        }
        let value = self.gate.wait_for(|| self.try_shared());
        Ok(ReadRef::new(value, &self.gate, holder))
    }

    /// An exclusive borrow held by `holder`, after waiting for other
    /// threads; or this thread's hold that stops it.
    pub(crate) fn write_or_held(&self, holder: &'static str) -> Result<CellRefMut<'_, T>, Hold> {
        if let Some(value) = self.try_exclusive() {
            return Ok(CellRefMut::new(value, &self.gate, holder));
        }
        // This thread's hold, shared or not, would never end while it
        // waits.
        if let Some(hold) = held::find(self.gate.key()) {
            return Err(hold);
        }
        let value = self.gate.wait_for(|| self.try_exclusive());
        Ok(CellRefMut::new(value, &self.gate, holder))
    }
}

/// The panic of a borrow that this thread's `hold` stops.
#[cold]
#[inline(never)]
#[track_caller]
fn conflict(name: &'static str, site: &'static str, want: Want, hold: Hold) -> ! {
    already_borrowed(
        name,
        site,
        want,
        Some(hold.site),
        hold.changing,
        " on this thread",
    )
}

/// A thread-safe cell of a `'static` type with its type erased: what a
/// [`sync::DynCell`](crate::sync::DynCell) keeps.
pub(crate) trait ErasedSyncCell: Any + Send + Sync {
    /// The contents' type, as `type_name` spells it.
    fn type_name(&self) -> &'static str;
    /// The address of the value inside.
    fn contents_addr(&self) -> usize;
    /// The value's `Debug` form, when the type has one, after waiting for
    /// other threads; `Borrowed` when this thread changes it.
    fn repr(&self) -> Repr;
    /// The cell as snapshots save and restore it, when its type allows it.
    #[cfg(feature = "serde")]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell>;
}

impl<T: Send + Sync + 'static> ErasedSyncCell for SyncCell<T> {
    fn type_name(&self) -> &'static str {
        core::any::type_name::<T>()
    }

    fn contents_addr(&self) -> usize {
        self.recorded.contents_addr()
    }

    fn repr(&self) -> Repr {
        let Some(show) = self.recorded.shown() else {
            return Repr::Hidden;
        };
        match self.read_or_held(CONTENTS_REPR) {
            Ok(value) => Repr::Shown(show(&value)),
            Err(_) => Repr::Borrowed,
        }
    }

    #[cfg(feature = "serde")]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell> {
        self.recorded
            .codec()
            .map(|_| self as &dyn crate::snapshot::SavedCell)
    }
}

impl<T> crate::lazy::Borrows for SyncCell<T> {
    type Value = T;
    type Shared<'a>
        = ReadRef<'a, T>
    where
        T: 'a;
    type Exclusive<'a>
        = CellRefMut<'a, T>
    where
        T: 'a;

    #[inline]
    #[track_caller]
    fn shared(&self, name: &'static str, site: &'static str) -> ReadRef<'_, T> {
        self.read(name, site)
    }

    #[inline]
    #[track_caller]
    fn exclusive(&self, name: &'static str, site: &'static str, _: Record) -> CellRefMut<'_, T> {
        self.write(name, site)
    }
}
