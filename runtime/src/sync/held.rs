//! The cells this thread holds, and where it took them: what tells a
//! borrow that must wait for another thread from one that would wait for
//! itself (a closure re-entered on its own thread), and names the holder
//! in the panic of the second kind.
//!
//! A stack in a thread-local, pushed when a guard is made and popped when
//! it is dropped. Its first entries are inline and it is `const`
//! initialised with nothing to drop, so a push is a few stores to
//! thread-local memory and allocates nothing; only a thread holding more
//! than [`INLINE`] borrows at once spills to a `Vec`.

use core::cell::{Cell, RefCell};

/// One borrow this thread holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hold {
    /// The cell, by the address of its gate.
    pub(crate) key: usize,
    /// The site that took it, or one of the runtime's holders.
    pub(crate) site: &'static str,
    /// Exclusive rather than shared.
    pub(crate) changing: bool,
}

impl Hold {
    #[inline]
    fn is(&self, key: usize, changing: bool) -> bool {
        self.key == key && self.changing == changing
    }

    const NONE: Hold = Hold {
        key: 0,
        site: "",
        changing: false,
    };
}

/// How many borrows fit without allocating: a call holds one per captured
/// variable, and calls nest rarely.
const INLINE: usize = 16;

/// The stack's first entries, and its length. `Copy` data only, so the
/// thread-local needs no destructor and its access no registration check.
struct Stack {
    len: Cell<usize>,
    inline: [Cell<Hold>; INLINE],
}

thread_local! {
    static STACK: Stack = const {
        Stack {
            len: Cell::new(0),
            inline: [const { Cell::new(Hold::NONE) }; INLINE],
        }
    };
    /// The entries past the inline ones.
    static SPILL: RefCell<Vec<Hold>> = const { RefCell::new(Vec::new()) };
}

impl Stack {
    fn get(&self, at: usize) -> Hold {
        match self.inline.get(at) {
            Some(hold) => hold.get(),
            None => SPILL.with_borrow(|spill| spill[at - INLINE]),
        }
    }

    fn set(&self, at: usize, hold: Hold) {
        match self.inline.get(at) {
            Some(slot) => slot.set(hold),
            None => SPILL.with_borrow_mut(|spill| {
                if at - INLINE == spill.len() {
                    spill.push(hold);
                } else {
                    spill[at - INLINE] = hold;
                }
            }),
        }
    }
}

/// Records that this thread now holds a cell. The common case, a free
/// inline slot, is a few stores; the rest is out of line.
#[inline]
pub(crate) fn push(hold: Hold) {
    STACK.with(|stack| {
        let len = stack.len.get();
        match stack.inline.get(len) {
            Some(slot) => slot.set(hold),
            None => stack.set(len, hold),
        }
        stack.len.set(len + 1);
    });
}

/// Forgets one hold of the cell `key` in mode `changing`: the latest, which
/// is the top entry unless guards were dropped out of order.
#[inline]
pub(crate) fn pop(key: usize, changing: bool) {
    STACK.with(|stack| {
        let top = stack.len.get().wrapping_sub(1);
        match stack.inline.get(top) {
            Some(slot) if slot.get().is(key, changing) => stack.len.set(top),
            _ => pop_below(stack, key, changing),
        }
    });
}

/// [`pop`] of a hold below the top or past the inline ones: the top one
/// takes its place.
#[cold]
#[inline(never)]
fn pop_below(stack: &Stack, key: usize, changing: bool) {
    let top = stack.len.get().wrapping_sub(1);
    let last = stack.get(top);
    if !last.is(key, changing) {
        let at = (0..top).rev().find(|&at| stack.get(at).is(key, changing));
        // Not found cannot happen: every guard pushed its hold.
        let Some(at) = at else { return };
        stack.set(at, last);
    }
    if top >= INLINE {
        SPILL.with_borrow_mut(Vec::pop);
    }
    stack.len.set(top);
}

/// The first hold of the cell `key` on this thread, if any: the outermost
/// holder, the one a conflicting borrow names.
pub(crate) fn find(key: usize) -> Option<Hold> {
    STACK.with(|stack| {
        (0..stack.len.get())
            .map(|at| stack.get(at))
            .find(|hold| hold.key == key)
    })
}

#[cfg(test)]
mod tests {
    use super::{Hold, INLINE, find, pop, push};

    fn hold(key: usize, changing: bool) -> Hold {
        Hold {
            key,
            site: "make::f",
            changing,
        }
    }

    #[test]
    fn holds_come_and_go_in_any_order_and_past_the_inline_ones() {
        for key in 1..=INLINE + 4 {
            push(hold(key, key % 2 == 0));
        }
        assert_eq!(find(3), Some(hold(3, false)));
        pop(3, false);
        assert_eq!(find(3), None, "dropped out of order");
        assert_eq!(find(INLINE + 4), Some(hold(INLINE + 4, true)));
        for key in (1..=INLINE + 4).filter(|&key| key != 3) {
            pop(key, key % 2 == 0);
            assert_eq!(find(key), None);
        }
        assert_eq!(find(INLINE + 1), None);
        push(hold(7, false));
        push(hold(7, false));
        pop(7, false);
        assert_eq!(find(7), Some(hold(7, false)), "a nested read remains");
        pop(7, false);
        assert_eq!(find(7), None);
    }
}
