//! What a thread-safe cell of either kind knows of its value beside the
//! value: its address, recorded once when the cell is made, and how to
//! show and save it, recorded by the closures that capture the variable.

use std::sync::OnceLock;

/// Formats a value with `Debug`.
pub(crate) type Show<T> = fn(&T) -> String;

/// The records of one cell.
pub(crate) struct Recorded<T> {
    /// The address of the value inside, for views of types that borrow
    /// data (which cannot be locked through a type-erased view).
    contents_addr: usize,
    /// Formats the value with `Debug`, when its type has it.
    shown: OnceLock<Show<T>>,
    /// Saves and restores the value, when the type has `Serialize` and
    /// `Deserialize` (feature `serde`).
    #[cfg(feature = "serde")]
    codec: OnceLock<crate::snapshot::Codec<T>>,
}

impl<T> Recorded<T> {
    /// Nothing recorded yet.
    pub(crate) const fn new() -> Recorded<T> {
        Recorded {
            contents_addr: 0,
            shown: OnceLock::new(),
            #[cfg(feature = "serde")]
            codec: OnceLock::new(),
        }
    }

    /// Records where `value` lives: called once the cell is in its `Arc`,
    /// while only its maker has it, so the value has its final address.
    pub(crate) fn settle(&mut self, value: &mut T) {
        self.contents_addr = core::ptr::from_mut(value).addr();
    }

    /// The address of the value inside.
    pub(crate) fn contents_addr(&self) -> usize {
        self.contents_addr
    }

    /// Records how to show the value.
    #[inline]
    pub(crate) fn show_with(&self, show: Show<T>) {
        let _ = self.shown.set(show);
    }

    /// How to show the value, when its type has `Debug`.
    pub(crate) fn shown(&self) -> Option<Show<T>> {
        self.shown.get().copied()
    }

    /// Records how to save and restore the value, for snapshots.
    #[cfg(feature = "serde")]
    #[inline]
    pub(crate) fn save_with(&self, codec: crate::snapshot::Codec<T>) {
        let _ = self.codec.set(codec);
    }

    /// How to save and restore the value, when its type allows it.
    #[cfg(feature = "serde")]
    pub(crate) fn codec(&self) -> Option<crate::snapshot::Codec<T>> {
        self.codec.get().copied()
    }
}
