//! The type-erased view of a thread-safe cell: the [`DynCell`] of
//! `#[introspect(sync)]`, with the same methods as the single-thread one.

use super::cell::{ErasedSyncCell, SyncCell};
use super::cell_ref::CellRef;
use super::mutex_cell::MutexCell;
use crate::CellError;
use crate::var_cell::{CONTENTS, Repr, SET_CONTENTS};
use crate::view::sealed::Sealed;
use crate::view::{CellView, fmt_cell, object_repr};
use core::any::{Any, type_name};
use core::fmt;
use std::sync::Arc;

/// A type-erased view of one captured variable of a closure made with
/// `#[introspect(sync)]`: Python's `cell` object, as
/// [`crate::DynCell`] is for `#[introspect]`, with the same methods.
///
/// It shares the cell the closure reads its variable from (an `Arc` of an
/// `RwLock`, or of a `Mutex` for a variable that every borrow changes),
/// and can be sent to and shared with other threads. Its
/// [`contents`](Self::contents), [`set_contents`](Self::set_contents) and
/// [`contents_repr`](Self::contents_repr) wait while a call on another
/// thread holds the cell, and report it borrowed when this thread holds it
/// in their way (they never wait for themselves).
///
/// ```
/// use freevars::{introspect, sync::DynCell};
///
/// #[introspect(sync)]
/// fn make_averager() -> impl Fn(f64) -> f64 {
///     let series = Vec::new();
///     move |new_value| {
///         series.push(new_value);
///         let total: f64 = series.iter().sum();
///         total / series.len() as f64
///     }
/// }
///
/// let avg = make_averager();
/// std::thread::scope(|s| {
///     s.spawn(|| avg(10.0));
///     s.spawn(|| avg(11.0));
/// });
/// let cell: &DynCell = &avg.cells()[0];
/// assert_eq!(cell.name(), "series");
/// assert_eq!(cell.contents::<Vec<f64>>().unwrap().len(), 2);
/// assert!(format!("{cell:?}").starts_with("<cell at 0x"));
/// ```
// As small as the single-thread view: an `Arc` clone and a few stores.
#[derive(Clone)]
pub struct DynCell {
    name: &'static str,
    access: Access,
}

/// A cell found by its value's type: one of the two kinds.
enum Typed<'a, T> {
    Rw(&'a SyncCell<T>),
    Mutex(&'a MutexCell<T>),
}

#[derive(Clone)]
enum Access {
    /// A `'static` value, reachable by type.
    Typed(Arc<dyn ErasedSyncCell>),
    /// A value that borrows data: only its type and addresses are known.
    Opaque {
        /// Address of the cell: its identity.
        id: usize,
        /// Address of the value inside the cell.
        contents_addr: usize,
        type_name: fn() -> &'static str,
    },
}

impl DynCell {
    /// The view of a cell whose value can be reached by type.
    pub(crate) fn typed(name: &'static str, cell: Arc<dyn ErasedSyncCell>) -> DynCell {
        DynCell {
            name,
            access: Access::Typed(cell),
        }
    }

    /// The view of a cell whose type borrows data, by its identity, the
    /// address of its value and its type.
    pub(crate) fn opaque(
        name: &'static str,
        id: usize,
        contents_addr: usize,
        type_name: fn() -> &'static str,
    ) -> DynCell {
        DynCell {
            name,
            access: Access::Opaque {
                id,
                contents_addr,
                type_name,
            },
        }
    }

    /// Address of the value inside the cell.
    fn contents_addr(&self) -> usize {
        match &self.access {
            Access::Typed(cell) => cell.contents_addr(),
            Access::Opaque { contents_addr, .. } => *contents_addr,
        }
    }

    /// The captured variable's name, as in `co_freevars`.
    ///
    /// ```
    /// #[freevars::introspect(sync)]
    /// fn make_counter() -> impl Fn() -> u32 {
    ///     let mut count = 0;
    ///     move || {
    ///         count += 1;
    ///         count
    ///     }
    /// }
    ///
    /// assert_eq!(make_counter().cells()[0].name(), "count");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The type of the contents, as [`std::any::type_name`] spells it.
    ///
    /// ```
    /// #[freevars::introspect(sync)]
    /// fn make_counter() -> impl Fn() -> u32 {
    ///     let mut count = 0_u32;
    ///     move || {
    ///         count += 1;
    ///         count
    ///     }
    /// }
    ///
    /// assert_eq!(make_counter().cells()[0].type_name(), "u32");
    /// ```
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.access {
            Access::Typed(cell) => cell.type_name(),
            Access::Opaque { type_name, .. } => type_name(),
        }
    }

    /// Borrows the contents as a `T`: Python's `cell.cell_contents`.
    ///
    /// Waits while a call on another thread changes the variable (or holds
    /// it at all, for a variable that every borrow changes). The value
    /// is a [`CellRef`], which derefs to `T`: while it is alive, calls that
    /// change the variable wait for it on other threads and panic on this
    /// one.
    ///
    /// # Errors
    /// [`CellError::WrongType`] when the cell holds another type,
    /// [`CellError::Borrowed`] while this thread changes the variable (a
    /// call of the closure on the way here; for a variable that every
    /// borrow changes, any borrow on this thread, another `contents()`
    /// value included),
    /// [`CellError::NotStatic`] when the variable's type borrows data.
    ///
    /// ```
    /// use freevars::CellError;
    ///
    /// #[freevars::introspect(sync)]
    /// fn make_adder(n: i64) -> impl Fn(i64) -> i64 {
    ///     move |x| x + n
    /// }
    ///
    /// let add = make_adder(3);
    /// let cell = add.cell("n").unwrap();
    /// assert_eq!(*cell.contents::<i64>().unwrap(), 3);
    /// assert!(matches!(cell.contents::<i32>(), Err(CellError::WrongType { .. })));
    /// ```
    pub fn contents<T: 'static>(&self) -> Result<CellRef<'_, T>, CellError> {
        let borrowed = match self.cell::<T>()? {
            Typed::Rw(cell) => cell.read_or_held(CONTENTS).map(CellRef::read).ok(),
            Typed::Mutex(cell) => cell.lock_or_held(CONTENTS, false).map(CellRef::locked).ok(),
        };
        borrowed.ok_or(CellError::Borrowed { name: self.name })
    }

    /// Replaces the contents and returns the old value; the closure sees the
    /// new value on its next call. Waits while a call on another thread
    /// holds the variable.
    ///
    /// # Errors
    /// As [`contents`](Self::contents), and [`CellError::Borrowed`] while
    /// any borrow of the variable on this thread is alive.
    ///
    /// ```
    /// #[freevars::introspect(sync)]
    /// fn make_counter() -> impl Fn() -> u8 {
    ///     let mut count = 0;
    ///     move || {
    ///         count += 1;
    ///         count
    ///     }
    /// }
    ///
    /// let counter = make_counter();
    /// assert_eq!(counter(), 1);
    /// assert_eq!(counter.cells()[0].set_contents(5_u8), Ok(1));
    /// assert_eq!(counter(), 6);
    /// ```
    pub fn set_contents<T: 'static>(&self, value: T) -> Result<T, CellError> {
        let old = match self.cell::<T>()? {
            Typed::Rw(cell) => cell
                .write_or_held(SET_CONTENTS)
                .map(|mut slot| core::mem::replace(&mut *slot, value))
                .ok(),
            Typed::Mutex(cell) => cell
                .lock_or_held(SET_CONTENTS, true)
                .map(|mut slot| core::mem::replace(&mut *slot, value))
                .ok(),
        };
        old.ok_or(CellError::Borrowed { name: self.name })
    }

    /// The cell, of either kind, when it holds a `T`.
    fn cell<T: 'static>(&self) -> Result<Typed<'_, T>, CellError> {
        let Access::Typed(cell) = &self.access else {
            return Err(CellError::NotStatic {
                name: self.name,
                type_name: self.type_name(),
            });
        };
        let any: &dyn Any = &**cell;
        if let Some(cell) = any.downcast_ref::<SyncCell<T>>() {
            return Ok(Typed::Rw(cell));
        }
        any.downcast_ref::<MutexCell<T>>()
            .map(Typed::Mutex)
            .ok_or_else(|| CellError::WrongType {
                name: self.name,
                expected: type_name::<T>(),
                found: self.type_name(),
            })
    }

    /// The contents' `Debug` form, or Python's `<TYPE object at 0x…>` when
    /// the type has no `Debug`, borrows data, or is changed by this thread
    /// right now (then ` (borrowed)` is appended). Waits while a call on
    /// another thread changes it.
    ///
    /// ```
    /// struct Opaque;
    ///
    /// #[freevars::introspect(sync)]
    /// fn make() -> impl Fn() -> usize {
    ///     let shown = vec![1, 2];
    ///     let hidden = Opaque;
    ///     move || {
    ///         let _ = &hidden;
    ///         shown.len()
    ///     }
    /// }
    ///
    /// let f = make();
    /// assert_eq!(f.cell("shown").unwrap().contents_repr(), "[1, 2]");
    /// assert!(f.cell("hidden").unwrap().contents_repr().starts_with("<Opaque object at 0x"));
    /// ```
    #[must_use]
    pub fn contents_repr(&self) -> String {
        let object = || object_repr(self.type_name(), self.contents_addr());
        let Access::Typed(cell) = &self.access else {
            return object();
        };
        match cell.repr() {
            Repr::Shown(repr) => repr,
            Repr::Borrowed => object() + " (borrowed)",
            Repr::Hidden => object(),
        }
    }

    /// Whether two views share one cell, as two sibling closures do.
    ///
    /// ```
    /// #[freevars::introspect(sync)]
    /// fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    ///     let mut count = 0;
    ///     let inc = move || {
    ///         count += 1;
    ///         count
    ///     };
    ///     let get = move || count;
    ///     (inc, get)
    /// }
    ///
    /// let (inc, get) = make_counter();
    /// let (other, _) = make_counter();
    /// assert!(inc.cells()[0].ptr_eq(&get.cells()[0]));
    /// assert!(!inc.cells()[0].ptr_eq(&other.cells()[0]));
    /// ```
    #[must_use]
    pub fn ptr_eq(&self, other: &DynCell) -> bool {
        self.id() == other.id()
    }

    /// The cell's address, Python's `id(cell)`: equal for closures that
    /// share the cell.
    ///
    /// For a variable that borrows data the cell is not kept alive by the
    /// view, so its `id` is only meaningful while the closure lives.
    ///
    /// ```
    /// #[freevars::introspect(sync)]
    /// fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    ///     let mut count = 0;
    ///     let inc = move || {
    ///         count += 1;
    ///         count
    ///     };
    ///     let get = move || count;
    ///     (inc, get)
    /// }
    ///
    /// let (inc, get) = make_counter();
    /// assert_eq!(inc.cells()[0].id(), get.cells()[0].id());
    /// ```
    #[must_use]
    pub fn id(&self) -> usize {
        match &self.access {
            Access::Typed(cell) => Arc::as_ptr(cell).cast::<()>().addr(),
            Access::Opaque { id, .. } => *id,
        }
    }
}

/// `<cell at 0x…: Vec<f64> object at 0x…>`, as Python prints a cell.
impl fmt::Debug for DynCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_cell(f, self.id(), self.type_name(), self.contents_addr())
    }
}

impl CellView for DynCell {
    fn name(&self) -> &'static str {
        self.name
    }

    fn type_name(&self) -> &'static str {
        DynCell::type_name(self)
    }

    fn id(&self) -> usize {
        DynCell::id(self)
    }

    fn contents_repr(&self) -> String {
        DynCell::contents_repr(self)
    }
}

impl Sealed for DynCell {
    const PLACEHOLDER: DynCell = DynCell {
        name: "",
        access: Access::Opaque {
            id: 0,
            contents_addr: 0,
            type_name: type_name::<()>,
        },
    };

    fn shown(&self) -> Option<String> {
        let Access::Typed(cell) = &self.access else {
            return None;
        };
        match cell.repr() {
            Repr::Shown(repr) => Some(repr),
            Repr::Borrowed | Repr::Hidden => None,
        }
    }

    #[cfg(feature = "serde")]
    // The sealed trait is unnameable outside the crate, so this method is
    // too, whatever the lint sees.
    #[allow(private_interfaces)]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell> {
        match &self.access {
            Access::Typed(cell) => cell.saved(),
            Access::Opaque { .. } => None,
        }
    }

    #[cfg(feature = "serde")]
    fn borrows(&self) -> bool {
        matches!(self.access, Access::Opaque { .. })
    }
}
