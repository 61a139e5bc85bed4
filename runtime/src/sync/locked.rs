//! The borrow of a mutex cell: the lock's guard, with the cell's holder
//! recorded while it is alive.

use super::owner::Owner;
use core::fmt;
use core::ops::{Deref, DerefMut};
use std::sync::MutexGuard;

/// A borrow of a mutex cell, for reading or changing alike (the cell has
/// no shared mode). Dropping it forgets the holder, then unlocks.
pub struct Locked<'a, T> {
    value: MutexGuard<'a, T>,
    owner: &'a Owner,
}

impl<'a, T> Locked<'a, T> {
    /// The lock just taken, recorded as this thread's, for `site`.
    #[inline]
    pub(crate) fn new(
        value: MutexGuard<'a, T>,
        owner: &'a Owner,
        site: &'static str,
        changing: bool,
    ) -> Self {
        owner.enter(site, changing);
        Locked { value, owner }
    }
}

impl<T> Drop for Locked<'_, T> {
    /// Runs before the fields are dropped: the holder is forgotten while
    /// the lock still keeps other threads out.
    #[inline]
    fn drop(&mut self) {
        self.owner.leave();
    }
}

impl<T> Deref for Locked<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Locked<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Locked<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
