//! The borrows of a reader-writer cell: the lock's guards, recorded in this
//! thread's holds while alive, and waking waiters when dropped.

use super::gate::Gate;
use super::held::{self, Hold};
use core::fmt;
use core::ops::{Deref, DerefMut};
use std::sync::{RwLockReadGuard, RwLockWriteGuard};

/// A shared borrow of a reader-writer cell, for a call that only reads
/// the variable.
pub struct ReadRef<'a, T> {
    // Dropped first: the lock is free before waiters are woken.
    value: RwLockReadGuard<'a, T>,
    _release: Release<'a, false>,
}

/// An exclusive borrow of a thread-safe cell, for a call that changes
/// the variable.
pub struct CellRefMut<'a, T> {
    value: RwLockWriteGuard<'a, T>,
    _release: Release<'a, true>,
}

/// What a guard does once its lock guard is dropped: forget the hold and
/// wake waiters. `CHANGING` tells which hold, at no cost per guard.
struct Release<'a, const CHANGING: bool> {
    gate: &'a Gate,
}

impl<const CHANGING: bool> Release<'_, CHANGING> {
    /// Records the hold a guard begins.
    #[inline]
    fn hold<'a>(gate: &'a Gate, site: &'static str) -> Release<'a, CHANGING> {
        held::push(Hold {
            key: gate.key(),
            site,
            changing: CHANGING,
        });
        Release { gate }
    }
}

impl<const CHANGING: bool> Drop for Release<'_, CHANGING> {
    #[inline]
    fn drop(&mut self) {
        held::pop(self.gate.key(), CHANGING);
        self.gate.released();
    }
}

impl<'a, T> ReadRef<'a, T> {
    /// A shared borrow held by `site`, recorded as this thread's.
    #[inline]
    pub(crate) fn new(value: RwLockReadGuard<'a, T>, gate: &'a Gate, site: &'static str) -> Self {
        ReadRef {
            value,
            _release: Release::hold(gate, site),
        }
    }
}

impl<'a, T> CellRefMut<'a, T> {
    /// An exclusive borrow held by `site`, recorded as this thread's.
    #[inline]
    pub(crate) fn new(value: RwLockWriteGuard<'a, T>, gate: &'a Gate, site: &'static str) -> Self {
        CellRefMut {
            value,
            _release: Release::hold(gate, site),
        }
    }
}

impl<T> Deref for ReadRef<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Deref for CellRefMut<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for CellRefMut<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for ReadRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for ReadRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: fmt::Debug> fmt::Debug for CellRefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
