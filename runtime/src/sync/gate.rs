//! Where a thread waits for a cell another thread holds: a mutex and a
//! condition variable per cell, touched only when someone waits, so that
//! an uncontended borrow pays one relaxed load for them on release.

use core::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// How often to try again before parking: a call of a small closure
/// holds its cells for tens of nanoseconds, less than a park and a wakeup.
const SPINS: u32 = 64;

/// How long a parked thread sleeps before it tries again without a wakeup.
/// A release reads the waiter count with a relaxed load, which may miss a
/// waiter that has just come (the waiter's increment and the release's
/// unlock are not ordered); the timeout turns such a missed wakeup into a
/// short delay rather than a hang.
const RETRY: Duration = Duration::from_millis(2);

/// The waiting room of one cell.
pub(crate) struct Gate {
    /// How many threads are parked (or about to park) on `wake`.
    waiters: AtomicU32,
    lock: Mutex<()>,
    wake: Condvar,
}

impl Gate {
    /// A gate nobody waits at.
    pub(crate) const fn new() -> Gate {
        Gate {
            waiters: AtomicU32::new(0),
            lock: Mutex::new(()),
            wake: Condvar::new(),
        }
    }

    /// The cell's identity in this thread's holds.
    #[inline]
    pub(crate) fn key(&self) -> usize {
        core::ptr::from_ref(self).addr()
    }

    /// Tries `attempt` until it succeeds: spinning a little, then parked
    /// until a release wakes this thread, or `RETRY` passes.
    #[cold]
    #[inline(never)]
    pub(crate) fn wait_for<G>(&self, mut attempt: impl FnMut() -> Option<G>) -> G {
        for _ in 0..SPINS {
            core::hint::spin_loop();
            if let Some(got) = attempt() {
                return got;
            }
        }
        self.waiters.fetch_add(1, Ordering::SeqCst);
        // A panic while the gate's mutex is held leaves nothing half done:
        // it guards no data.
        let mut parked = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let got = loop {
            if let Some(got) = attempt() {
                break got;
            }
            parked = match self.wake.wait_timeout(parked, RETRY) {
                Ok((parked, _)) => parked,
                Err(poisoned) => poisoned.into_inner().0,
            };
        };
        drop(parked);
        self.waiters.fetch_sub(1, Ordering::SeqCst);
        got
    }

    /// Wakes the threads waiting for the cell, if any: called after each
    /// release.
    #[inline]
    pub(crate) fn released(&self) {
        if self.waiters.load(Ordering::Relaxed) != 0 {
            self.wake_all();
        }
    }

    #[cold]
    #[inline(never)]
    fn wake_all(&self) {
        // Taking the mutex orders the wakeup after a waiter's last attempt:
        // it either saw the release or is parked by the time we notify.
        drop(self.lock.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_all();
    }
}
