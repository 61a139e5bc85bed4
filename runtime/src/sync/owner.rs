//! Which thread holds a mutex cell, and which site took it: two words
//! written with plain (relaxed) stores while the lock is held, read only
//! when a lock attempt fails, to tell this thread's hold (a conflict,
//! which panics) from another's (which is waited for).
//!
//! The thread is named by the address of a `const`-initialised
//! thread-local: computing it is an add to the thread pointer, with no
//! registration and no destructor. The site is kept as the address of its
//! text, which safe code cannot turn back into the text; it is compared
//! with the sites that could have taken the cell and that the panic knows
//! (the one asking, and the runtime's own holders), so a closure that
//! re-enters itself names itself.

use crate::var_cell::{CONTENTS, CONTENTS_REPR, SET_CONTENTS, SNAPSHOT_HOLDERS};
use core::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Only its address matters: distinct for each live thread. Two bytes,
    /// so the address is even and its low bit is free for `changing`.
    static MARKER: u16 = const { 0 };
}

/// This thread's marker.
#[inline]
fn this_thread() -> usize {
    MARKER.with(|marker| core::ptr::from_ref(marker).addr())
}

/// The holder of a mutex cell: nobody (0), or a thread and a site.
pub(crate) struct Owner {
    /// This thread's marker, with the low bit set for a borrow that
    /// changes the value; 0 while the cell is free.
    thread: AtomicUsize,
    /// The address of the holder's site text.
    site: AtomicUsize,
}

/// What a failed lock attempt learns of this thread's hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hold {
    /// The site that took the cell, when it is one the asker knows.
    pub(crate) site: Option<&'static str>,
    /// Whether that hold changes the value.
    pub(crate) changing: bool,
}

impl Owner {
    /// Nobody holds the cell.
    pub(crate) const fn new() -> Owner {
        Owner {
            thread: AtomicUsize::new(0),
            site: AtomicUsize::new(0),
        }
    }

    /// Records this thread as the holder, for `site`: called with the lock
    /// just taken, so nobody else writes these words until it is released.
    #[inline]
    pub(crate) fn enter(&self, site: &'static str, changing: bool) {
        self.thread
            .store(this_thread() | usize::from(changing), Ordering::Relaxed);
        self.site.store(site.as_ptr().addr(), Ordering::Relaxed);
    }

    /// Forgets the holder: called just before the lock is released.
    #[inline]
    pub(crate) fn leave(&self) {
        self.thread.store(0, Ordering::Relaxed);
    }

    /// Whether this thread holds the cell: only this thread writes its own
    /// marker, so a relaxed load sees its latest store (the marker, or the
    /// 0 of its last release) unless another thread took the cell since.
    #[inline]
    pub(crate) fn is_this_thread(&self) -> bool {
        self.thread.load(Ordering::Relaxed) & !1 == this_thread()
    }

    /// This thread's hold, if it is the holder; `asking` is the site that
    /// wants the cell, the one holder besides the runtime's that can be
    /// named.
    ///
    /// A relaxed load is enough: only this thread writes its own marker,
    /// and it sees its own latest store (its marker, or the 0 of its last
    /// release); any other thread's store holds that thread's marker.
    #[cold]
    pub(crate) fn this_thread_hold(&self, asking: &'static str) -> Option<Hold> {
        let thread = self.thread.load(Ordering::Relaxed);
        if thread & !1 != this_thread() {
            return None;
        }
        let site = self.site.load(Ordering::Relaxed);
        let site = [asking, CONTENTS, SET_CONTENTS, CONTENTS_REPR]
            .iter()
            .chain(SNAPSHOT_HOLDERS)
            .find(|known| known.as_ptr().addr() == site)
            .copied();
        Some(Hold {
            site,
            changing: thread & 1 == 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Owner;

    /// One text, so one address, as one call site of generated code has.
    static INC: &str = "make::inc";

    #[test]
    fn only_this_threads_hold_is_found_and_known_sites_are_named() {
        let owner = Owner::new();
        assert!(owner.this_thread_hold(INC).is_none(), "free");
        owner.enter(INC, true);
        let hold = owner.this_thread_hold(INC).unwrap();
        assert_eq!((hold.site, hold.changing), (Some(INC), true));
        let other = owner.this_thread_hold("make::other_site").unwrap();
        assert_eq!(other.site, None, "an unknown site is not named");
        std::thread::scope(|s| {
            s.spawn(|| assert!(owner.this_thread_hold(INC).is_none()));
        });
        owner.leave();
        assert!(owner.this_thread_hold(INC).is_none(), "released");
    }
}
