//! The cell a captured variable lives in, and its borrows: a `RefCell`
//! that also records who holds it, so that a conflicting borrow can say
//! which closure (or which `contents()` value) is in the way.

use core::any::Any;
use core::cell::{Cell, Ref, RefCell, RefMut};
use core::fmt;
use core::ops::{Deref, DerefMut};

/// The holder recorded for a borrow taken through [`DynCell::contents`].
///
/// Holders that are not code sites are these statics, told apart from the
/// sites the macro writes by address (`is_runtime_holder`).
///
/// [`DynCell::contents`]: crate::DynCell::contents
pub(crate) static CONTENTS: &str = "a `contents()` value";
/// The holder recorded while [`DynCell::set_contents`] replaces the value.
///
/// [`DynCell::set_contents`]: crate::DynCell::set_contents
pub(crate) static SET_CONTENTS: &str = "a `set_contents()` call";
/// The holder recorded while [`DynCell::contents_repr`] formats the value.
///
/// [`DynCell::contents_repr`]: crate::DynCell::contents_repr
pub(crate) static CONTENTS_REPR: &str = "a `contents_repr()` call";
/// The holder recorded while a snapshot serializes the value.
#[cfg(feature = "serde")]
pub(crate) static SNAPSHOT: &str = "a `snapshot()` call";
/// The holder recorded while a restore replaces the value.
#[cfg(feature = "serde")]
pub(crate) static RESTORE: &str = "a `restore()` call";
/// The holders snapshots record.
#[cfg(feature = "serde")]
pub(crate) static SNAPSHOT_HOLDERS: &[&str] = &[SNAPSHOT, RESTORE];
#[cfg(not(feature = "serde"))]
pub(crate) static SNAPSHOT_HOLDERS: &[&str] = &[];

/// The cell a captured variable lives in, shared through an `Rc` by every
/// closure that captures it: a `RefCell` that records its holder.
///
/// The holder is the site (`make_counter::inc`, or the function's name
/// for a use in the function itself) of the exclusive borrow, or of the
/// first of the shared borrows still alive, or one of the runtime's
/// holders (a `contents()` value). A conflicting borrow names it.
pub struct VarCell<T> {
    /// The site of the latest exclusive borrow that records itself (see
    /// [`Record`]): the holder while the cell is held exclusively.
    writer: Cell<Option<&'static str>>,
    /// The one returned closure that changes the variable, when only one
    /// does: set when it is made, and the holder of an exclusive borrow
    /// that `writer` does not name. Its borrows record nothing, so that its
    /// call costs what a hand-written `RefCell`'s does.
    sole: Cell<Option<&'static str>>,
    /// Set by a shared borrow that finds it empty, cleared by the same
    /// borrow when it ends: the holder while the cell is shared. Empty
    /// while shared borrows that ended out of order leave readers behind
    /// none of which recorded itself.
    reader: Cell<Option<&'static str>>,
    /// Formats the value with `Debug`: set by the closures that capture
    /// the variable when its type has `Debug` (`__private::probe`), so that
    /// a type-erased view can show it.
    shown: Cell<Option<Show<T>>>,
    /// Saves and restores the value: set like `shown`, when the type has
    /// `Serialize` and `Deserialize` (feature `serde`).
    #[cfg(feature = "serde")]
    codec: Cell<Option<crate::snapshot::Codec<T>>>,
    value: RefCell<T>,
}

/// Formats a value with `Debug`.
type Show<T> = fn(&T) -> String;

impl<T> VarCell<T> {
    /// A cell holding `value`, free.
    pub(crate) const fn new(value: T) -> VarCell<T> {
        VarCell {
            writer: Cell::new(None),
            sole: Cell::new(None),
            reader: Cell::new(None),
            shown: Cell::new(None),
            #[cfg(feature = "serde")]
            codec: Cell::new(None),
            value: RefCell::new(value),
        }
    }

    /// Records how to show the value, for [`ErasedCell::repr`].
    #[inline]
    pub(crate) fn show_with(&self, show: Show<T>) {
        self.shown.set(Some(show));
    }

    /// Records how to save and restore the value, for snapshots.
    #[cfg(feature = "serde")]
    #[inline]
    pub(crate) fn save_with(&self, codec: crate::snapshot::Codec<T>) {
        self.codec.set(Some(codec));
    }

    /// How to save and restore the value, when its type allows it.
    #[cfg(feature = "serde")]
    pub(crate) fn codec(&self) -> Option<crate::snapshot::Codec<T>> {
        self.codec.get()
    }

    /// Who holds the cell now (the holder a conflicting borrow names), and
    /// whether it is changing the value rather than reading it.
    #[cfg(feature = "serde")]
    pub(crate) fn held_by(&self) -> (Option<&'static str>, bool) {
        let changing = self.value.try_borrow().is_err();
        (self.holder(changing), changing)
    }

    /// The holder of the borrow in the way: the recorded writer, else the
    /// sole writer, for an exclusive one; the recorded reader otherwise.
    fn holder(&self, changing: bool) -> Option<&'static str> {
        if changing {
            self.writer.get().or(self.sole.get())
        } else {
            self.reader.get()
        }
    }

    /// Records `site` as the one closure that changes the variable.
    #[inline]
    pub(crate) fn set_sole(&self, site: &'static str) {
        self.sole.set(Some(site));
    }

    /// The address of the value inside.
    pub(crate) fn as_ptr(&self) -> *mut T {
        self.value.as_ptr()
    }

    /// A shared borrow held by `holder`, or `None` while the cell is held
    /// exclusively.
    #[inline]
    pub(crate) fn try_read(&self, holder: &'static str) -> Option<CellRef<'_, T>> {
        let value = self.value.try_borrow().ok()?;
        let release = if self.reader.get().is_none() {
            self.reader.set(Some(holder));
            Some(&self.reader)
        } else {
            None
        };
        Some(CellRef { value, release })
    }

    /// An exclusive borrow held by `holder`, recorded as `record` says, or
    /// `None` while the cell is borrowed.
    #[inline]
    pub(crate) fn try_write(
        &self,
        holder: &'static str,
        record: Record,
    ) -> Option<CellRefMut<'_, T>> {
        let value = self.value.try_borrow_mut().ok()?;
        match record {
            Record::Keep => match self.writer.get() {
                Some(writer) if core::ptr::eq(writer, holder) => {}
                _ => self.writer.set(Some(holder)),
            },
            Record::Clear => self.writer.set(Some(holder)),
            Record::Sole => {}
        }
        Some(CellRefMut { value })
    }

    /// An exclusive borrow held by a runtime `holder` (`set_contents`),
    /// recorded until it ends, or `None` while the cell is borrowed.
    #[inline]
    pub(crate) fn try_frame(&self, holder: &'static str) -> Option<FrameRefMut<'_, T>> {
        let value = self.try_write(holder, Record::Clear)?;
        Some(FrameRefMut { value, cell: self })
    }

    /// Ends the record of a [`Record::Clear`] borrow, which its holder
    /// calls when the borrow ends: the sole writer is the holder again.
    #[inline]
    pub(crate) fn clear_writer(&self) {
        self.writer.set(None);
    }

    /// A shared borrow for `site`, panicking with who holds the cell when it
    /// is held exclusively.
    #[inline]
    #[track_caller]
    pub(crate) fn read(&self, name: &'static str, site: &'static str) -> CellRef<'_, T> {
        match self.try_read(site) {
            Some(value) => value,
            None => self.conflict(name, site, Want::Read),
        }
    }

    /// An exclusive borrow for `site`, panicking with who holds the cell
    /// when it is borrowed.
    #[inline]
    #[track_caller]
    pub(crate) fn write(
        &self,
        name: &'static str,
        site: &'static str,
        record: Record,
    ) -> CellRefMut<'_, T> {
        match self.try_write(site, record) {
            Some(value) => value,
            None => self.conflict(name, site, Want::Change),
        }
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn conflict(&self, name: &'static str, site: &'static str, want: Want) -> ! {
        // Only an exclusive borrow stops a shared one.
        let changing = self.value.try_borrow().is_err();
        already_borrowed(name, site, want, self.holder(changing), changing, "")
    }
}

/// How an exclusive borrow records its holder, for a conflicting borrow to
/// name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Record {
    /// Records itself, and leaves the record when it ends: a returned
    /// closure that changes the variable call after call only compares it
    /// (stores are what a call of a small closure is bounded by). For a
    /// variable that more than one returned closure changes.
    Keep,
    /// Records itself and clears the record when it ends, so that the
    /// sole writer is the holder again: the function's own uses and the
    /// runtime's borrows (`set_contents`).
    Clear,
    /// Records nothing: the variable's sole writer, named by the cell.
    Sole,
}

/// A cell of a `'static` type with its type erased: what a [`DynCell`]
/// keeps, an `Rc<dyn ErasedCell>` whose vtable knows the type.
///
/// [`DynCell`]: crate::DynCell
pub(crate) trait ErasedCell: Any {
    /// The contents' type, as `type_name` spells it.
    fn type_name(&self) -> &'static str;
    /// The address of the value inside.
    fn contents_addr(&self) -> usize;
    /// The value's `Debug` form, when the type has one.
    fn repr(&self) -> Repr;
    /// The cell as snapshots save and restore it, when its type allows it.
    #[cfg(feature = "serde")]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell>;
}

/// What [`ErasedCell::repr`] can show.
pub(crate) enum Repr {
    /// The value's `Debug` form.
    Shown(String),
    /// The type has `Debug`, but the value is held exclusively.
    Borrowed,
    /// The type has no `Debug`.
    Hidden,
}

impl<T: 'static> ErasedCell for VarCell<T> {
    fn type_name(&self) -> &'static str {
        core::any::type_name::<T>()
    }

    fn contents_addr(&self) -> usize {
        self.as_ptr().addr()
    }

    fn repr(&self) -> Repr {
        let Some(show) = self.shown.get() else {
            return Repr::Hidden;
        };
        match self.try_read(CONTENTS_REPR) {
            Some(value) => Repr::Shown(show(&value)),
            None => Repr::Borrowed,
        }
    }

    #[cfg(feature = "serde")]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell> {
        self.codec
            .get()
            .map(|_| self as &dyn crate::snapshot::SavedCell)
    }
}

/// What a borrow was for.
#[derive(Clone, Copy)]
pub(crate) enum Want {
    Read,
    Change,
}

/// The panic of a borrow that conflicts with the holder's. `place` follows
/// what the holder is doing: empty here, " on this thread" for a
/// thread-safe cell, whose other threads' holders are waited for.
#[cold]
#[track_caller]
pub(crate) fn already_borrowed(
    name: &str,
    site: &str,
    want: Want,
    holder: Option<&'static str>,
    changing: bool,
    place: &str,
) -> ! {
    let verb = match want {
        Want::Read => "read",
        Want::Change => "change",
    };
    let holding = if changing { "changing" } else { "reading" };
    let (holder, hint) = match holder {
        Some(holder) if is_runtime_holder(holder) => (
            holder.to_owned(),
            format!("drop it before calling a closure that uses `{name}`"),
        ),
        Some(holder) => (
            format!("`{holder}`"),
            format!(
                "a closure that calls itself or a sibling sharing `{name}` while holding it, \
                 one statement that uses `{name}` twice, or an async call waiting at an \
                 `.await` in a statement that uses `{name}`"
            ),
        ),
        None => (
            String::from("a closure or a `contents()` value"),
            format!(
                "a closure that calls another sharing `{name}` while holding it, or a \
                 `contents()` value still alive"
            ),
        ),
    };
    panic!(
        "freevars: `{site}` cannot {verb} captured variable `{name}`: {holder} is {holding} \
         it{place} ({hint})"
    )
}

/// Whether a holder is one of the runtime's (a `contents()` value), which
/// are named as they are, rather than a code site, which is quoted.
pub(crate) fn is_runtime_holder(holder: &'static str) -> bool {
    [CONTENTS, SET_CONTENTS, CONTENTS_REPR]
        .iter()
        .chain(SNAPSHOT_HOLDERS)
        .any(|known| core::ptr::eq(*known, holder))
}

/// A shared borrow of a captured variable's cell, as returned by
/// [`DynCell::contents`](crate::DynCell::contents): it derefs to the value,
/// and while it is alive the closures that change the variable cannot run
/// (they panic naming "a `contents()` value" as the holder).
///
/// It plays the part of [`core::cell::Ref`], which it wraps.
///
/// ```
/// #[freevars::introspect]
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
pub struct CellRef<'a, T> {
    value: Ref<'a, T>,
    /// The cell's holder slot, when this borrow recorded itself there.
    release: Option<&'a Cell<Option<&'static str>>>,
}

impl<T> Deref for CellRef<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Drop for CellRef<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Some(holder) = self.release {
            holder.set(None);
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

/// An exclusive borrow of a captured variable's cell, recorded as its
/// holder.
pub struct CellRefMut<'a, T> {
    value: RefMut<'a, T>,
}

/// An exclusive borrow that the function's own statements take: recorded
/// as the holder until it ends (`Record::Clear`). A type of its own, so
/// that the closures' borrows ([`CellRefMut`]) have nothing to do when they
/// end.
pub struct FrameRefMut<'a, T> {
    value: CellRefMut<'a, T>,
    cell: &'a VarCell<T>,
}

impl<'a, T> FrameRefMut<'a, T> {
    #[inline]
    #[track_caller]
    pub(crate) fn new(cell: &'a VarCell<T>, name: &'static str, site: &'static str) -> Self {
        FrameRefMut {
            value: cell.write(name, site, Record::Clear),
            cell,
        }
    }
}

impl<T> Drop for FrameRefMut<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.cell.clear_writer();
    }
}

impl<T> Deref for FrameRefMut<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for FrameRefMut<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
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

impl<T: fmt::Debug> fmt::Debug for CellRefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::__private::{borrow, borrow_mut, debug_cell, new_cell};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// The message of the panic `f` raises (also for the sync cells' tests).
    pub(crate) fn message(f: impl FnOnce()) -> String {
        let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
        payload
            .downcast_ref::<String>()
            .cloned()
            .expect("a formatted message")
    }

    #[test]
    fn the_holder_is_the_first_of_the_readers() {
        let count = new_cell(0);
        let first = borrow(&count, "count", "make::first");
        let second = borrow(&count, "count", "make::second");
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert!(
            text.contains(
                "`make::inc` cannot change captured variable `count`: `make::first` is reading it"
            ),
            "{text}"
        );
        drop(first);
        // The first reader ended before the second: no reader is recorded.
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert!(
            text.contains("`count`: a closure or a `contents()` value is reading it"),
            "{text}"
        );
        // A reader that comes while none is recorded records itself.
        let third = borrow(&count, "count", "make::third");
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert!(text.contains("`make::third` is reading it"), "{text}");
        drop((second, third));
        *borrow_mut(&count, "count", "make::inc") += 1;
        let text = message(|| {
            let _writer = borrow_mut(&count, "count", "make::inc");
            drop(borrow(&count, "count", "make::get"));
        });
        assert!(
            text.contains(
                "`make::get` cannot read captured variable `count`: `make::inc` is changing it"
            ),
            "{text}"
        );
        assert_eq!(
            *borrow(&count, "count", "make::get"),
            1,
            "free after the panic"
        );
    }

    #[test]
    fn the_sole_writer_is_named_without_recording_itself() {
        use crate::__private::{guard_mut, share_sole, sole_mut};
        let count = new_cell(0);
        let inc = share_sole(&count, "make::inc");
        let read_beside = |holder: &str| {
            let text = message(|| drop(borrow(&count, "count", "make::get")));
            assert!(text.contains(&format!("{holder} is changing it")), "{text}");
        };
        let held = sole_mut(&inc, "count", "make::inc");
        read_beside("`make::inc`");
        drop(held);
        // The function's own statements record themselves while they hold
        // the cell, and clear the record when they end.
        let held = borrow_mut(&count, "count", "make");
        read_beside("`make`");
        drop(held);
        let held = sole_mut(&inc, "count", "make::inc");
        read_beside("`make::inc`");
        drop(held);
        // So does `set_contents` (a runtime holder, through `Record::Clear`).
        let view = crate::__private::probe("count", &count).dyn_cell();
        view.set_contents(5_i32).expect("free");
        let held = sole_mut(&inc, "count", "make::inc");
        read_beside("`make::inc`");
        drop(held);
        // A closure that is not the only writer records itself, and leaves
        // the record (a cell that such closures change has no sole writer).
        let held = guard_mut(&count, "count", "make::dec");
        read_beside("`make::dec`");
        drop(held);
        assert_eq!(*borrow(&count, "count", "make::get"), 5);
    }

    #[test]
    fn the_holder_is_the_writer_that_holds_the_cell_now() {
        let count = new_cell(0);
        *borrow_mut(&count, "count", "make::reset") = 5;
        let view = debug_cell("count", &count);
        assert_eq!(view.set_contents(1), Ok(5));
        let held = borrow_mut(&count, "count", "make::inc");
        let text = message(|| drop(borrow(&count, "count", "make::get")));
        assert!(text.contains("`make::inc` is changing it"), "{text}");
        drop(held);
        // A reader after the writers: the writer recorded last is not it.
        let reader = borrow(&count, "count", "make::get");
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert!(text.contains("`make::get` is reading it"), "{text}");
        drop(reader);
        let held = borrow_mut(&count, "count", "make::reset");
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert!(
            text.contains(
                "`make::inc` cannot change captured variable `count`: `make::reset` is changing it"
            ),
            "{text}"
        );
        drop(held);
    }

    #[test]
    fn a_contents_value_is_named_as_the_holder() {
        let count = new_cell(0_u32);
        let view = debug_cell("count", &count);
        let held = view.contents::<u32>().unwrap();
        let text = message(|| drop(borrow_mut(&count, "count", "make::inc")));
        assert_eq!(
            text,
            "freevars: `make::inc` cannot change captured variable `count`: a `contents()` \
             value is reading it (drop it before calling a closure that uses `count`)"
        );
        drop(held);
        *borrow_mut(&count, "count", "make::inc") += 1;
        assert_eq!(view.set_contents(5_u32), Ok(1));
    }

    #[test]
    fn debug_shows_the_value_beside_readers_and_says_borrowed_beside_a_writer() {
        let series = new_cell(vec![1.5_f64]);
        let view = debug_cell("series", &series);
        let reader = borrow(&series, "series", "make::mean");
        assert_eq!(view.contents_repr(), "[1.5]");
        assert_eq!(*view.contents::<Vec<f64>>().unwrap(), [1.5]);
        drop(reader);
        let writer = borrow_mut(&series, "series", "make::push");
        assert!(view.contents_repr().ends_with(" (borrowed)"));
        drop(writer);
        assert_eq!(view.contents_repr(), "[1.5]");
    }
}
