use crate::CellError;
use crate::var_cell::{CONTENTS, CellRef, ErasedCell, Repr, SET_CONTENTS, VarCell};
use crate::view::sealed::Sealed;
use crate::view::{CellView, fmt_cell, object_repr};
use core::any::{Any, type_name};
use core::fmt;
use std::rc::Rc;

/// A type-erased view of one captured variable: Python's `cell` object.
///
/// A `DynCell` shares the cell (an `Rc` of a `RefCell` that also records
/// who holds it) the closure reads its variable
/// from, so [`contents`](Self::contents) shows the value as of now and
/// [`set_contents`](Self::set_contents) changes what the closure sees on its
/// next call. Cloning a `DynCell` shares the same cell.
///
/// ```
/// use freevars::{DynCell, introspect};
///
/// #[introspect]
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
/// avg(10.0);
/// avg(11.0);
/// let cell: &DynCell = &avg.cells()[0];
/// assert_eq!(cell.name(), "series");
/// assert_eq!(*cell.contents::<Vec<f64>>().unwrap(), [10.0, 11.0]);
/// assert_eq!(cell.contents_repr(), "[10.0, 11.0]");
/// assert!(format!("{cell:?}").starts_with("<cell at 0x"));
/// ```
// Small (five words) and cheap to make: an `Rc` clone and a few stores.
// A `Closure` keeps its first cells inline, so making one allocates
// nothing for them; the type name, addresses and repr are found when
// asked, through the cell's vtable.
#[derive(Clone)]
pub struct DynCell {
    name: &'static str,
    access: Access,
}

#[derive(Clone)]
enum Access {
    /// A `'static` value, reachable by type.
    Typed(Rc<dyn ErasedCell>),
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
    pub(crate) fn typed<T: 'static>(name: &'static str, cell: &Rc<VarCell<T>>) -> DynCell {
        DynCell {
            name,
            access: Access::Typed(Rc::clone(cell) as Rc<dyn ErasedCell>),
        }
    }

    /// What a `Closure` with fewer cells than it has room for fills the
    /// rest with: never shown.
    pub(crate) const PLACEHOLDER: DynCell = DynCell {
        name: "",
        access: Access::Opaque {
            id: 0,
            contents_addr: 0,
            type_name: type_name::<()>,
        },
    };

    pub(crate) fn opaque<T>(name: &'static str, cell: &Rc<VarCell<T>>) -> DynCell {
        DynCell {
            name,
            access: Access::Opaque {
                id: Rc::as_ptr(cell).addr(),
                contents_addr: cell.as_ptr().addr(),
                type_name: type_name::<T>,
            },
        }
    }

    /// The cell as snapshots save and restore it: `None` when its type
    /// borrows data or lacks `Serialize` or `Deserialize`.
    #[cfg(feature = "serde")]
    pub(crate) fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell> {
        match &self.access {
            Access::Typed(cell) => cell.saved(),
            Access::Opaque { .. } => None,
        }
    }

    /// Whether the variable's type borrows data.
    #[cfg(feature = "serde")]
    pub(crate) fn borrows(&self) -> bool {
        matches!(self.access, Access::Opaque { .. })
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
    /// #[freevars::introspect]
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
    /// #[freevars::introspect]
    /// fn make_averager() -> impl Fn(f64) -> f64 {
    ///     let series = Vec::new();
    ///     move |new_value| {
    ///         series.push(new_value);
    ///         series.iter().sum::<f64>() / series.len() as f64
    ///     }
    /// }
    ///
    /// assert_eq!(make_averager().cells()[0].type_name(), "alloc::vec::Vec<f64>");
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
    /// The value is a [`CellRef`], which derefs to `T` (and plays the part
    /// of `std::cell::Ref`): while it is alive, a closure that changes the
    /// variable panics, naming "a `contents()` value" as what holds it.
    ///
    /// # Errors
    /// [`CellError::WrongType`] when the cell holds another type,
    /// [`CellError::Borrowed`] while the closure holds the variable mutably,
    /// [`CellError::NotStatic`] when the variable's type borrows data.
    ///
    /// ```
    /// use freevars::CellError;
    ///
    /// #[freevars::introspect]
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
        self.var_cell::<T>()?
            .try_read(CONTENTS)
            .ok_or(CellError::Borrowed { name: self.name })
    }

    /// Replaces the contents and returns the old value; the closure sees the
    /// new value on its next call, as after `cell.cell_contents = v` in
    /// Python 3.7+.
    ///
    /// # Errors
    /// As [`contents`](Self::contents), and [`CellError::Borrowed`] while any
    /// borrow of the variable is alive.
    ///
    /// ```
    /// #[freevars::introspect]
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
        let mut slot = self
            .var_cell::<T>()?
            .try_frame(SET_CONTENTS)
            .ok_or(CellError::Borrowed { name: self.name })?;
        Ok(core::mem::replace(&mut *slot, value))
    }

    fn var_cell<T: 'static>(&self) -> Result<&VarCell<T>, CellError> {
        let Access::Typed(cell) = &self.access else {
            return Err(CellError::NotStatic {
                name: self.name,
                type_name: self.type_name(),
            });
        };
        let any: &dyn Any = &**cell;
        any.downcast_ref::<VarCell<T>>()
            .ok_or_else(|| CellError::WrongType {
                name: self.name,
                expected: type_name::<T>(),
                found: self.type_name(),
            })
    }

    /// The contents' `Debug` form, or Python's `<TYPE object at 0x…>` when
    /// the type has no `Debug`, borrows data, or is held mutably right now
    /// (then ` (borrowed)` is appended).
    ///
    /// ```
    /// struct Opaque;
    ///
    /// #[freevars::introspect]
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

    /// The contents' `Debug`, when the type has it, is `'static` and the
    /// cell is not being changed.
    pub(crate) fn shown(&self) -> Option<String> {
        let Access::Typed(cell) = &self.access else {
            return None;
        };
        match cell.repr() {
            Repr::Shown(repr) => Some(repr),
            Repr::Borrowed | Repr::Hidden => None,
        }
    }

    /// Whether two views share one cell, as two sibling closures do.
    ///
    /// ```
    /// #[freevars::introspect]
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

    /// The cell's address, Python's `id(cell)`: equal for closures that share
    /// the cell.
    ///
    /// For a variable that borrows data the cell is not kept alive by the
    /// view, so its `id` is only meaningful while the closure lives.
    ///
    /// ```
    /// #[freevars::introspect]
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
    /// assert_eq!(inc.cells()[0].id(), get.cells()[0].id());
    /// assert_ne!(inc.cells()[0].id(), other.cells()[0].id());
    /// ```
    #[must_use]
    pub fn id(&self) -> usize {
        match &self.access {
            Access::Typed(cell) => Rc::as_ptr(cell).cast::<()>().addr(),
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
    const PLACEHOLDER: DynCell = DynCell::PLACEHOLDER;

    fn shown(&self) -> Option<String> {
        DynCell::shown(self)
    }

    #[cfg(feature = "serde")]
    // The sealed trait is unnameable outside the crate, so this method is
    // too, whatever the lint sees.
    #[allow(private_interfaces)]
    fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell> {
        DynCell::saved(self)
    }

    #[cfg(feature = "serde")]
    fn borrows(&self) -> bool {
        DynCell::borrows(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::__private::{debug_cell, new_cell, opaque_cell, typed_cell};
    use crate::CellError;

    #[test]
    fn debug_shows_both_addresses_and_the_short_type() {
        let cell = new_cell(vec![1.0_f64]);
        let view = debug_cell("series", &cell);
        let text = format!("{view:?}");
        let expected = format!(
            "<cell at {:#x}: Vec<f64> object at {:#x}>",
            std::rc::Rc::as_ptr(&cell).addr(),
            cell.as_ptr().addr()
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn contents_reports_borrowed_while_held_mutably() {
        let cell = new_cell(String::from("x"));
        let view = debug_cell("name", &cell);
        let guard = crate::__private::borrow_mut(&cell, "name", "make::{closure}");
        assert_eq!(
            view.contents::<String>().unwrap_err(),
            CellError::Borrowed { name: "name" }
        );
        assert!(view.contents_repr().ends_with(" (borrowed)"));
        assert_eq!(
            view.set_contents(String::new()),
            Err(CellError::Borrowed { name: "name" })
        );
        drop(guard);
        assert_eq!(view.set_contents(String::from("y")).unwrap(), "x");
        assert_eq!(view.contents_repr(), "\"y\"");
    }

    #[test]
    fn wrong_type_names_both_types() {
        let view = debug_cell("count", &new_cell(1_u8));
        assert_eq!(
            view.contents::<i64>().unwrap_err(),
            CellError::WrongType {
                name: "count",
                expected: "i64",
                found: "u8"
            }
        );
    }

    #[test]
    fn a_cell_without_debug_prints_as_an_object() {
        struct Secret;
        let cell = new_cell(Secret);
        let view = typed_cell("secret", &cell);
        assert_eq!(
            view.contents_repr(),
            format!("<Secret object at {:#x}>", cell.as_ptr().addr())
        );
        assert!(view.contents::<Secret>().is_ok());
    }

    #[test]
    fn a_borrowing_cell_has_a_type_and_identity_but_no_contents() {
        let text = String::from("borrowed");
        let cell = new_cell(text.as_str());
        let view = opaque_cell("text", &cell);
        assert_eq!(view.type_name(), "&str");
        assert_eq!(view.id(), std::rc::Rc::as_ptr(&cell).addr());
        assert!(view.contents_repr().starts_with("<&str object at 0x"));
        assert_eq!(
            view.contents::<&'static str>().unwrap_err(),
            CellError::NotStatic {
                name: "text",
                type_name: "&str"
            }
        );
    }
}
