//! A borrow of a captured variable that rustc, not the macro, decides:
//! shared on the first read, exclusive on the first change.

use crate::var_cell::{CellRef, CellRefMut, Record, VarCell};
use core::cell::OnceCell;
use core::fmt;
use core::ops::{Deref, DerefMut};

/// A guard on a captured variable's cell that borrows it when first used:
/// [`deref`](Deref::deref) takes a shared borrow and keeps it,
/// [`deref_mut`](DerefMut::deref_mut) takes the exclusive one (giving up
/// its own shared borrow first), and both are released when the guard is
/// dropped. So `(*guard).len()` reads and `(*guard).push(1)` changes, as
/// rustc picks `Deref` or `DerefMut` for the expression.
///
/// A conflicting borrow panics at the use, naming the variable, the site
/// that wanted it and the one that holds it.
///
/// `C` is the cell: [`VarCell`] for `#[introspect]`, the thread-safe cell
/// for `#[introspect(sync)]`.
pub struct Lazy<'a, C: Borrows> {
    cell: &'a C,
    name: &'static str,
    site: &'static str,
    /// How the exclusive borrow records its holder.
    record: Record,
    /// The shared borrow, once taken by `deref`. `deref` fills it through
    /// `&self`; only `deref_mut`, through `&mut self` (so no reference
    /// `deref` gave out is alive), empties it.
    shared: OnceCell<C::Shared<'a>>,
    /// The exclusive borrow, once taken; then `shared` is empty.
    exclusive: Option<C::Exclusive<'a>>,
}

/// A cell a [`Lazy`] guard borrows: how it takes each kind of borrow,
/// panicking with the variable's name when the borrow conflicts. A public
/// trait in a private module: the protocol's, not the users'.
pub trait Borrows {
    /// The value inside.
    type Value;
    /// A shared borrow.
    type Shared<'a>: Deref<Target = Self::Value>
    where
        Self: 'a;
    /// An exclusive borrow.
    type Exclusive<'a>: DerefMut<Target = Self::Value>
    where
        Self: 'a;
    /// Borrows for reading at `site`.
    #[track_caller]
    fn shared(&self, name: &'static str, site: &'static str) -> Self::Shared<'_>;
    /// Borrows for changing at `site`, recording its holder as `record`
    /// says (a cell that names its holders otherwise ignores it).
    #[track_caller]
    fn exclusive(
        &self,
        name: &'static str,
        site: &'static str,
        record: Record,
    ) -> Self::Exclusive<'_>;
}

impl<T> Borrows for VarCell<T> {
    type Value = T;
    type Shared<'a>
        = CellRef<'a, T>
    where
        T: 'a;
    type Exclusive<'a>
        = CellRefMut<'a, T>
    where
        T: 'a;

    #[inline]
    #[track_caller]
    fn shared(&self, name: &'static str, site: &'static str) -> CellRef<'_, T> {
        self.read(name, site)
    }

    #[inline]
    #[track_caller]
    fn exclusive(
        &self,
        name: &'static str,
        site: &'static str,
        record: Record,
    ) -> CellRefMut<'_, T> {
        self.write(name, site, record)
    }
}

impl<'a, C: Borrows> Lazy<'a, C> {
    /// A guard that has not borrowed `cell` yet.
    #[inline]
    pub(crate) fn new(cell: &'a C, name: &'static str, site: &'static str, record: Record) -> Self {
        Lazy {
            cell,
            name,
            site,
            record,
            shared: OnceCell::new(),
            exclusive: None,
        }
    }

    /// The first read: takes the shared borrow and keeps it.
    #[inline]
    #[track_caller]
    fn read(&self) -> &C::Value {
        let borrowed = self.cell.shared(self.name, self.site);
        // `shared` is empty (`deref` looked), and `read` cannot re-enter.
        let _ = self.shared.set(borrowed);
        match self.shared.get() {
            Some(value) => value,
            None => unreachable!("the shared borrow was just stored"),
        }
    }
}

impl<C: Borrows> Deref for Lazy<'_, C> {
    type Target = C::Value;

    #[inline]
    #[track_caller]
    fn deref(&self) -> &C::Value {
        if let Some(value) = &self.exclusive {
            return value;
        }
        match self.shared.get() {
            Some(value) => value,
            None => self.read(),
        }
    }
}

impl<C: Borrows> DerefMut for Lazy<'_, C> {
    #[inline]
    #[track_caller]
    fn deref_mut(&mut self) -> &mut C::Value {
        if self.exclusive.is_none() {
            // Sound: `&mut self` means no reference from `deref` is alive.
            drop(self.shared.take());
            self.exclusive = Some(self.cell.exclusive(self.name, self.site, self.record));
        }
        match &mut self.exclusive {
            Some(value) => value,
            None => unreachable!("the exclusive borrow was just stored"),
        }
    }
}

/// The value's `Debug` form: a use that reads it (`println!("{v:?}")`
/// on the guard, as a macro the attribute does not know may write).
impl<C: Borrows<Value: fmt::Debug>> fmt::Debug for Lazy<'_, C> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// The value's `Display` form, as for `Debug`.
impl<C: Borrows<Value: fmt::Display>> fmt::Display for Lazy<'_, C> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// A [`Lazy`] guard in the function's own statements: its exclusive
/// borrow records its holder until it ends (`Record::Clear`), so that the
/// cell's sole writer is its holder again afterwards. A type of its own, so
/// that the closures' guards have nothing to do when they end.
pub struct FrameLazy<'a, T>(Lazy<'a, VarCell<T>>);

impl<'a, T> FrameLazy<'a, T> {
    #[inline]
    pub(crate) fn new(cell: &'a VarCell<T>, name: &'static str, site: &'static str) -> Self {
        FrameLazy(Lazy::new(cell, name, site, Record::Clear))
    }
}

impl<T> Drop for FrameLazy<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if self.0.exclusive.is_some() {
            self.0.cell.clear_writer();
        }
    }
}

impl<T> Deref for FrameLazy<'_, T> {
    type Target = T;

    #[inline]
    #[track_caller]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for FrameLazy<'_, T> {
    #[inline]
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for FrameLazy<'_, T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<T: fmt::Display> fmt::Display for FrameLazy<'_, T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use crate::__private::{borrow, borrow_mut, lazy, new_cell};
    use std::cell::Cell;
    use std::panic::{AssertUnwindSafe, Location, catch_unwind};

    /// The message and location of the panic `f` raises on this thread.
    fn panic_of(f: impl FnOnce()) -> (String, u32) {
        thread_local!(static AT: Cell<Option<u32>> = const { Cell::new(None) });
        // One hook for the whole test run, installed once: tests run in
        // parallel, and one test taking the hook back removed another's
        // (a flaky "the hook saw the panic"). Each thread records its own.
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if AT.with(|at| at.get().is_none()) {
                    AT.with(|at| at.set(info.location().map(Location::line)));
                }
                previous(info);
            }));
        });
        AT.with(|at| at.set(None));
        let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
        let line = AT.with(Cell::take).expect("the hook saw the panic");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .expect("a formatted message");
        (message, line)
    }

    #[test]
    fn two_guards_that_only_read_share_the_cell() {
        let v = new_cell(vec![1, 2]);
        let a = &mut lazy(&v, "v", "make::a");
        let b = &mut lazy(&v, "v", "make::b");
        assert_eq!((**a).len(), 2);
        assert_eq!((**b).len(), 2);
        assert_eq!((**a)[0] + (**b)[1], 3);
    }

    #[test]
    fn a_guard_borrows_nothing_until_used() {
        let v = new_cell(0);
        let unused = lazy(&v, "v", "make::a");
        *borrow_mut(&v, "v", "make::b") += 1;
        drop(unused);
        assert_eq!(*borrow(&v, "v", "make"), 1);
    }

    #[test]
    fn a_read_then_a_change_upgrades_the_borrow() {
        let v = new_cell(vec![1]);
        let guard = &mut lazy(&v, "v", "make::{closure}");
        assert_eq!((**guard).len(), 1);
        (**guard).push(2);
        assert_eq!((**guard).len(), 2, "reads through the exclusive borrow");
        (**guard).push(3);
        let (message, _) = panic_of(|| {
            let _ = borrow(&v, "v", "make::other");
        });
        assert!(
            message.starts_with(
                "freevars: `make::other` cannot read captured variable `v`: \
                 `make::{closure}` is changing it"
            ),
            "{message}"
        );
    }

    #[test]
    fn a_temporary_guard_changes_in_place() {
        let v = new_cell(Vec::new());
        (*lazy(&v, "v", "make")).push(1);
        let len = (*lazy(&v, "v", "make")).len();
        assert_eq!(len, 1);
    }

    #[test]
    fn a_read_beside_a_change_panics_naming_both_sites_at_the_use() {
        let v = new_cell(vec![1]);
        let first = &mut lazy(&v, "v", "make::push");
        (**first).push(2);
        let (message, line) = panic_of(|| {
            let second = &mut lazy(&v, "v", "make::len");
            let _ = (**second).len();
        });
        assert_eq!(line, line!() - 2, "the panic points at the use");
        assert_eq!(
            message,
            "freevars: `make::len` cannot read captured variable `v`: `make::push` is \
             changing it (a closure that calls itself or a sibling sharing `v` while holding \
             it, one statement that uses `v` twice, or an async call waiting at an `.await` \
             in a statement that uses `v`)"
        );
    }

    #[test]
    fn a_change_beside_a_read_names_the_reader() {
        let v = new_cell(0);
        let reader = &mut lazy(&v, "v", "make::get");
        assert_eq!(**reader, 0);
        let (message, line) = panic_of(|| {
            *lazy(&v, "v", "make::inc") += 1;
        });
        assert_eq!(line, line!() - 2);
        assert!(
            message.starts_with(
                "freevars: `make::inc` cannot change captured variable `v`: `make::get` is \
                 reading it"
            ),
            "{message}"
        );
    }

    #[test]
    fn a_guard_formats_its_value_by_reading_it() {
        let v = new_cell(vec![1]);
        let guard = &mut lazy(&v, "v", "make::show");
        assert_eq!(format!("{guard:?}"), "[1]");
        let n = new_cell(7);
        let shown = lazy(&n, "n", "make::show");
        assert_eq!(format!("{shown} {shown:?}"), "7 7");
        let (message, _) = panic_of(|| *lazy(&n, "n", "make::set") = 8);
        assert!(message.contains("`make::show` is reading it"), "{message}");
    }

    #[test]
    fn dropping_a_guard_releases_the_cell() {
        let v = new_cell(1);
        {
            let reader = &mut lazy(&v, "v", "make::get");
            assert_eq!(**reader, 1);
            let change = || *lazy(&v, "v", "make::inc") += 1;
            assert!(
                catch_unwind(AssertUnwindSafe(change)).is_err(),
                "held by the reader"
            );
        }
        {
            let writer = &mut lazy(&v, "v", "make::inc");
            **writer += 1;
            let read = || *lazy(&v, "v", "make::get");
            assert!(
                catch_unwind(AssertUnwindSafe(read)).is_err(),
                "held by the writer"
            );
        }
        assert_eq!(
            *lazy(&v, "v", "make::get"),
            2,
            "free after both are dropped"
        );
        *lazy(&v, "v", "make::inc") += 1;
        assert_eq!(*borrow(&v, "v", "make::get"), 3);
    }
}
