//! The cell of a captured variable that every borrow changes: a `Mutex`,
//! cheaper than the reader-writer cell when no code reads the variable
//! alone, and waited on in std's own `lock()` when another thread holds it.

use super::locked::Locked;
use super::owner::{Hold, Owner};
use super::recorded::Recorded;
use crate::var_cell::{CONTENTS_REPR, Record, Repr, Want, already_borrowed};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};

/// The cell of a captured variable that no code borrows shared, shared
/// through an `Arc` by every closure that captures it.
///
/// A borrow tries the lock (one atomic read-modify-write, as
/// `Mutex::lock` is when free) and records this thread as the holder
/// with relaxed stores. Only when the try fails does it look at the
/// holder: this thread is a conflict (a closure that re-enters itself),
/// which panics naming the variable; another thread is waited for in
/// std's `lock()`. Waiting cannot deadlock the way it could for the
/// reader-writer cell: with no shared borrows, a thread never holds this
/// cell while asking for it again except in a conflict, which panics.
///
/// A panic while the cell is held poisons the lock; the cell ignores it,
/// as the single-thread cell, a `RefCell`, has no poisoning.
// `C` layout: the lock, the value and the holder first, the words every
// borrow touches, so that a small value keeps them in one cache line.
#[repr(C)]
pub struct MutexCell<T> {
    value: Mutex<T>,
    owner: Owner,
    /// The value's address, and how to show and save it.
    pub(crate) recorded: Recorded<T>,
}

impl<T> MutexCell<T> {
    /// A free cell holding `value`, in its `Arc`, its value's address
    /// recorded.
    pub(crate) fn new(value: T) -> Arc<MutexCell<T>> {
        let mut cell = Arc::new(MutexCell {
            value: Mutex::new(value),
            owner: Owner::new(),
            recorded: Recorded::new(),
        });
        // Only this handle exists yet, so the cell can still be changed in
        // place, and the value has its final address.
        if let Some(MutexCell {
            value, recorded, ..
        }) = Arc::get_mut(&mut cell)
        {
            recorded.settle(value.get_mut().unwrap_or_else(PoisonError::into_inner));
        }
        cell
    }

    /// The lock, now or never; poisoning ignored.
    #[inline]
    fn try_take(&self) -> Option<MutexGuard<'_, T>> {
        match self.value.try_lock() {
            Ok(value) => Some(value),
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// The cell held by this thread for `site`, reading or changing as
    /// `want` says, after waiting for other threads; a panic naming the
    /// variable when this thread holds it already.
    #[inline]
    #[track_caller]
    pub(crate) fn lock(&self, name: &'static str, site: &'static str, want: Want) -> Locked<'_, T> {
        let changing = matches!(want, Want::Change);
        if self.owner.is_this_thread() {
            return self.lock_slowly(name, site, want);
        }
        // Not held by this thread: std's `lock()` cannot wait for itself,
        // and under contention it is one attempt on the lock's cache line
        // where a try first would be two.
        let value = self.value.lock().unwrap_or_else(PoisonError::into_inner);
        Locked::new(value, &self.owner, site, changing)
    }

    /// [`lock`](Self::lock) when the try failed.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn lock_slowly(&self, name: &'static str, site: &'static str, want: Want) -> Locked<'_, T> {
        match self.wait_or_held(site, matches!(want, Want::Change)) {
            Ok(value) => value,
            Err(hold) => conflict(name, site, want, hold),
        }
    }

    /// The cell held by `holder`, after waiting for other threads; or this
    /// thread's hold that stops it.
    pub(crate) fn lock_or_held(
        &self,
        holder: &'static str,
        changing: bool,
    ) -> Result<Locked<'_, T>, Hold> {
        match self.try_take() {
            Some(value) => Ok(Locked::new(value, &self.owner, holder, changing)),
            None => self.wait_or_held(holder, changing),
        }
    }

    /// After a failed try: this thread's hold, or the cell once the other
    /// thread releases it. Not tried again first: under contention each
    /// try is one more write to the lock's cache line, which the holder
    /// needs.
    fn wait_or_held(&self, holder: &'static str, changing: bool) -> Result<Locked<'_, T>, Hold> {
        if let Some(hold) = self.owner.this_thread_hold(holder) {
            return Err(hold);
        }
        let value = self.value.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(Locked::new(value, &self.owner, holder, changing))
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
        hold.site,
        hold.changing,
        " on this thread",
    )
}

impl<T: Send + Sync + 'static> super::cell::ErasedSyncCell for MutexCell<T> {
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
        match self.lock_or_held(CONTENTS_REPR, false) {
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

/// A mutex cell has no shared mode: both borrows take it whole, so a
/// [`Lazy`](crate::lazy::Lazy) guard locks it at its first use, whether
/// that reads or changes.
impl<T> crate::lazy::Borrows for MutexCell<T> {
    type Value = T;
    type Shared<'a>
        = Locked<'a, T>
    where
        T: 'a;
    type Exclusive<'a>
        = Locked<'a, T>
    where
        T: 'a;

    #[inline]
    #[track_caller]
    fn shared(&self, name: &'static str, site: &'static str) -> Locked<'_, T> {
        self.lock(name, site, Want::Read)
    }

    #[inline]
    #[track_caller]
    fn exclusive(&self, name: &'static str, site: &'static str, _: Record) -> Locked<'_, T> {
        self.lock(name, site, Want::Change)
    }
}
