//! What a view's `contents()` returns: a borrow of either kind of
//! thread-safe cell, behind one type.

use super::guard::ReadRef;
use super::locked::Locked;
use core::fmt;
use core::ops::Deref;

/// A borrow of a captured variable's cell of a closure made with
/// `#[introspect(sync)]`, as returned by
/// [`sync::DynCell::contents`](crate::sync::DynCell::contents): it derefs
/// to the value, and while it is alive, closures that change the variable
/// wait for it on other threads, and panic on this one (naming "a
/// `contents()` value" as the holder).
///
/// It plays the part of [`std::sync::RwLockReadGuard`], or of
/// [`std::sync::MutexGuard`] for a variable that every borrow changes
/// (whose cell has no shared mode, so that closures that only read it
/// wait too); like them, it stays on the thread that made it.
///
/// ```
/// #[freevars::introspect(sync)]
/// fn make_adder(n: i64) -> impl Fn(i64) -> i64 {
///     move |x| x + n
/// }
///
/// let add = make_adder(3);
/// let n = add.cells()[0].contents::<i64>().unwrap();
/// assert_eq!(*n, 3);
/// assert_eq!(add(1), 4, "reading beside a shared borrow");
/// assert_eq!(format!("{n:?} {n}"), "3 3");
/// ```
pub struct CellRef<'a, T>(Kind<'a, T>);

/// Which cell was borrowed.
enum Kind<'a, T> {
    /// A reader-writer cell, shared.
    Read(ReadRef<'a, T>),
    /// A mutex cell, whole.
    Locked(Locked<'a, T>),
}

impl<'a, T> CellRef<'a, T> {
    /// A shared borrow of a reader-writer cell.
    pub(crate) fn read(value: ReadRef<'a, T>) -> Self {
        CellRef(Kind::Read(value))
    }

    /// A borrow of a mutex cell.
    pub(crate) fn locked(value: Locked<'a, T>) -> Self {
        CellRef(Kind::Locked(value))
    }
}

impl<T> Deref for CellRef<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        match &self.0 {
            Kind::Read(value) => value,
            Kind::Locked(value) => value,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for CellRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for CellRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
