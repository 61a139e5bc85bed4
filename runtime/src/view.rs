//! What a [`Closure`](crate::Closure) needs of its cells' views, so that
//! the wrapper, [`Introspect`](crate::Introspect), [`getclosurevars`] and
//! [`dot`](crate::dot) are written once for closures that stay on one
//! thread ([`DynCell`](crate::DynCell)) and closures made with
//! `#[introspect(sync)]` ([`sync::DynCell`](crate::sync::DynCell)).
//!
//! [`getclosurevars`]: crate::getclosurevars

use crate::short_type_name;
use core::fmt;

/// A type-erased view of a captured variable's cell: [`DynCell`] for
/// closures made with `#[introspect]`, [`sync::DynCell`] for those made with
/// `#[introspect(sync)]`. Sealed: the crate's two views are the only ones.
///
/// Code generic over the view works with both kinds of closure:
///
/// ```
/// use freevars::introspect;
/// use freevars_runtime::{CellView, Introspect};
///
/// fn names<V: CellView>(closure: &dyn Introspect<V>) -> Vec<&'static str> {
///     closure.cells().iter().map(CellView::name).collect()
/// }
///
/// #[introspect]
/// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
///     move |x| x + n
/// }
///
/// assert_eq!(names(&make_adder(1)), ["n"]);
/// ```
///
/// [`DynCell`]: crate::DynCell
/// [`sync::DynCell`]: crate::sync::DynCell
pub trait CellView: sealed::Sealed + Clone + fmt::Debug {
    /// The captured variable's name, as in `co_freevars`.
    ///
    /// ```
    /// # use freevars::introspect;
    /// # use freevars::CellView;
    /// #[introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// assert_eq!(CellView::name(&make_adder(1).cells()[0]), "n");
    /// ```
    fn name(&self) -> &'static str;

    /// The type of the contents, as [`std::any::type_name`] spells it.
    ///
    /// ```
    /// # use freevars::introspect;
    /// # use freevars::CellView;
    /// #[introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// assert_eq!(CellView::type_name(&make_adder(1).cells()[0]), "i32");
    /// ```
    fn type_name(&self) -> &'static str;

    /// The cell's address, Python's `id(cell)`.
    ///
    /// ```
    /// # use freevars::introspect;
    /// # use freevars::CellView;
    /// #[introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// let add = make_adder(1);
    /// assert_eq!(CellView::id(&add.cells()[0]), add.cells()[0].id());
    /// ```
    fn id(&self) -> usize;

    /// The contents' `Debug` form, or `<TYPE object at 0x…>`.
    ///
    /// ```
    /// # use freevars::introspect;
    /// # use freevars::CellView;
    /// #[introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// assert_eq!(CellView::contents_repr(&make_adder(1).cells()[0]), "1");
    /// ```
    fn contents_repr(&self) -> String;

    /// Whether two views share one cell.
    ///
    /// ```
    /// # use freevars::introspect;
    /// # use freevars::CellView;
    /// #[introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// let (add, other) = (make_adder(1), make_adder(1));
    /// assert!(CellView::ptr_eq(&add.cells()[0], &add.cells()[0].clone()));
    /// assert!(!CellView::ptr_eq(&add.cells()[0], &other.cells()[0]));
    /// ```
    fn ptr_eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

/// What the crate asks of a view beside the public methods; a public trait
/// in a private module, so that no other crate can implement [`CellView`].
pub(crate) mod sealed {
    /// The crate's side of a view.
    pub trait Sealed {
        /// What a `Closure` with fewer cells than it has room for fills
        /// the rest with: never shown.
        const PLACEHOLDER: Self;

        /// The contents' `Debug`, when the type has it, is `'static` and
        /// the cell is not being changed.
        fn shown(&self) -> Option<String>;

        /// The cell as snapshots save and restore it: `None` when its type
        /// borrows data or lacks `Serialize` or `Deserialize`.
        #[cfg(feature = "serde")]
        // The sealed trait is unnameable outside the crate, so this method is
        // too, whatever the lint sees.
        #[allow(private_interfaces)]
        fn saved(&self) -> Option<&dyn crate::snapshot::SavedCell>;

        /// Whether the variable's type borrows data.
        #[cfg(feature = "serde")]
        fn borrows(&self) -> bool;
    }
}

/// `<cell at 0x…: Vec<f64> object at 0x…>`, as Python prints a cell: the
/// `Debug` of both views.
pub(crate) fn fmt_cell(
    f: &mut fmt::Formatter<'_>,
    id: usize,
    type_name: &str,
    contents_addr: usize,
) -> fmt::Result {
    write!(
        f,
        "<cell at {id:#x}: {} object at {contents_addr:#x}>",
        short_type_name(type_name),
    )
}

/// `<Vec<f64> object at 0x…>`: a value that cannot be shown, as Python
/// shows an object without a `__repr__`.
pub(crate) fn object_repr(type_name: &str, contents_addr: usize) -> String {
    format!(
        "<{} object at {contents_addr:#x}>",
        short_type_name(type_name)
    )
}
