use crate::view::CellView;
use crate::{Code, DynCell};
use core::fmt;
use core::ops::{Deref, DerefMut};

/// A closure that can be looked inside, as Python's functions can.
///
/// `#[freevars::introspect]` wraps each closure a function returns in a
/// `Closure<F>`. It derefs to `F`, so it is called like the closure it
/// wraps: `avg(10.0)` for an `impl Fn`, `f(x)` on a `let mut f` for an
/// `impl FnMut`, and `f.into_inner()()` for an `impl FnOnce`. Alongside, it
/// answers what the closure captured: [`freevars`](Self::freevars)
/// (`co_freevars`), [`cells`](Self::cells) (`__closure__`) and
/// [`code`](Self::code) (`__code__`).
///
/// ```
/// use freevars::{Closure, introspect};
///
/// #[introspect]
/// fn make_doubler() -> impl Fn(i32) -> i32 {
///     |x| x * 2
/// }
///
/// let double: Closure<_> = make_doubler();
/// assert_eq!(double(21), 42);
/// assert!(double.freevars().is_empty());
/// assert!(format!("{double:?}").starts_with("<closure make_doubler::{closure} at 0x"));
/// ```
///
/// Stable Rust does not let a library implement the `Fn` traits, so a
/// `Closure` cannot go where a generic `F: Fn(..)` is expected. Pass a
/// reference to the closure inside (`&*f` is a closure when `F: Fn`;
/// `&mut *f` when `F: FnMut`), or take it out with
/// [`into_inner`](Self::into_inner); `#[introspect(twin)]` keeps the
/// original function as written beside the introspectable one. With the
/// `nightly` feature, `Closure<F>` implements `FnOnce`, `FnMut` and `Fn`
/// itself.
///
/// `V` is the view of its cells: [`DynCell`] for `#[introspect]`,
/// [`sync::DynCell`](crate::sync::DynCell) for `#[introspect(sync)]`, whose
/// closures are [`sync::Closure`](crate::sync::Closure)s and can be shared
/// between threads. The methods are the same.
///
/// ```
/// use freevars::introspect;
///
/// #[introspect]
/// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
///     move |x| x + n
/// }
///
/// let add = make_adder(1);
/// let added: Vec<i32> = vec![1, 2].into_iter().map(&*add).collect();
/// assert_eq!(added, [2, 3]);
/// assert_eq!(add.freevars(), ["n"]);
/// ```
#[derive(Clone)]
pub struct Closure<F, V = DynCell> {
    // Dropped first, so that the closure drops the last handles on its
    // cells through their types rather than through the views' vtables.
    cells: Cells<V>,
    f: F,
    code: &'static Code,
}

/// A closure's cells: up to two inline, so that making a closure
/// allocates nothing beyond its cells themselves; more on the heap. Small
/// (80 bytes): a closure is moved when it is returned.
#[derive(Clone)]
enum Cells<V> {
    /// The cells first, then placeholders: as many cells as the closure
    /// has free variables.
    Inline([V; 2]),
    Heap(Box<[V]>),
}

impl<V: CellView> Cells<V> {
    /// The cells, inline when they fit. `N` is known where this is
    /// inlined, so only one arm remains.
    #[inline]
    fn new<const N: usize>(cells: [V; N]) -> Cells<V> {
        if N <= 2 {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or(V::PLACEHOLDER);
            Cells::Inline([next(), next()])
        } else {
            Cells::Heap(Box::new(cells))
        }
    }

    /// The first `len` cells: all of them.
    fn as_slice(&self, len: usize) -> &[V] {
        match self {
            Cells::Inline(cells) => &cells[..len],
            Cells::Heap(cells) => cells,
        }
    }
}

impl<F, V: CellView> Closure<F, V> {
    /// Wraps `f`, described by `code`, with one cell per name of
    /// `code.freevars()`, in that order.
    #[inline]
    pub(crate) fn from_parts<const N: usize>(
        f: F,
        code: &'static Code,
        cells: [V; N],
    ) -> Closure<F, V> {
        debug_assert!(
            cells
                .iter()
                .map(CellView::name)
                .eq(code.freevars().iter().copied()),
            "the cells of `{}` must follow its freevars",
            code.qualname()
        );
        Closure {
            cells: Cells::new(cells),
            f,
            code,
        }
    }

    /// The captured names, sorted as CPython sorts `co_freevars`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     let offset = 1;
    ///     move |x| x + n + offset
    /// }
    ///
    /// assert_eq!(make_adder(2).freevars(), ["n", "offset"]);
    /// ```
    #[must_use]
    pub fn freevars(&self) -> &'static [&'static str] {
        self.code.freevars()
    }

    /// One cell per free variable, in the order of
    /// [`freevars`](Self::freevars): Python's `__closure__`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// let add = make_adder(7);
    /// assert_eq!(add.cells().len(), 1);
    /// assert_eq!(add.cells()[0].contents_repr(), "7");
    /// ```
    #[must_use]
    pub fn cells(&self) -> &[V] {
        self.cells.as_slice(self.code.freevars().len())
    }

    /// The cell of one captured variable.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n
    /// }
    ///
    /// let add = make_adder(7);
    /// assert_eq!(*add.cell("n").unwrap().contents::<i32>().unwrap(), 7);
    /// assert!(add.cell("m").is_none());
    /// ```
    #[must_use]
    pub fn cell(&self, name: &str) -> Option<&V> {
        self.cells().iter().find(|cell| cell.name() == name)
    }

    /// The closure's code description: Python's `__code__`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> impl Fn() -> u8 {
    ///     let adder = || 1;
    ///     adder
    /// }
    ///
    /// assert_eq!(make().code().name(), "adder");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static Code {
        self.code
    }

    /// The wrapped closure, for calling an `impl FnOnce` or passing it where
    /// a closure type is needed. The cells stay shared with any other
    /// closure that captured them.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_greeting(name: String) -> impl FnOnce() -> String {
    ///     move || format!("{name}!")
    /// }
    ///
    /// let once = make_greeting(String::from("done"));
    /// assert_eq!(once.into_inner()(), "done!");
    /// ```
    pub fn into_inner(self) -> F {
        self.f
    }
}

impl<F, V> Deref for Closure<F, V> {
    type Target = F;

    fn deref(&self) -> &F {
        &self.f
    }
}

impl<F, V> DerefMut for Closure<F, V> {
    fn deref_mut(&mut self) -> &mut F {
        &mut self.f
    }
}

/// `<closure make_averager::averager at 0x…>`, the address being the
/// closure's, as Python prints `<function make_averager.<locals>.averager at 0x…>`.
/// `{:?}`: `<closure make_averager::averager at 0x…>`, one line, as Python
/// prints a function. `{:#?}` adds where it is written and each free
/// variable with its value (its type where the value cannot be shown: no
/// `Debug`, a borrowing type, or a call changing it right now):
///
/// ```text
/// <closure make_averager::averager at 0x… (examples/averager.rs:60)>
///     count = 2
///     total = 21.0
/// ```
impl<F, V: CellView> fmt::Debug for Closure<F, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code;
        let at = core::ptr::from_ref(&self.f);
        if !f.alternate() {
            return write!(f, "<closure {} at {at:p}>", code.qualname());
        }
        write!(
            f,
            "<closure {} at {at:p} ({}:{})>",
            code.qualname(),
            code.filename(),
            code.firstlineno()
        )?;
        for cell in self.cells() {
            match cell.shown() {
                Some(value) => write!(f, "\n    {} = {value}", cell.name())?,
                None => write!(
                    f,
                    "\n    {}: {}",
                    cell.name(),
                    crate::short_type_name(cell.type_name())
                )?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::__private::{borrow, closure, code, new_cell, opaque_cell, probe, share};

    #[test]
    fn cells_follow_the_freevars_inline_or_on_the_heap() {
        let none = closure(
            || 0,
            const { &code("none", 0, &[], &[], &[], "", "", "") },
            [],
        );
        assert!(none.cells().is_empty());
        let (a, b, c) = (new_cell(1), new_cell(2_u8), new_cell(String::from("c")));
        let one = closure(
            || (),
            const { &code("one", 0, &[], &["a"], &[], "", "", "") },
            [probe("a", &a).dyn_cell()],
        );
        assert_eq!(one.cells().len(), 1);
        assert_eq!(one.cells()[0].contents_repr(), "1");
        let two = closure(
            || (),
            const { &code("two", 0, &[], &["a", "b"], &[], "", "", "") },
            [probe("a", &a).dyn_cell(), probe("b", &b).dyn_cell()],
        );
        let names: Vec<_> = two.cells().iter().map(crate::DynCell::name).collect();
        assert_eq!(names, ["a", "b"]);
        let three = closure(
            || (),
            const { &code("three", 0, &[], &["a", "b", "c"], &[], "", "", "") },
            [
                probe("a", &a).dyn_cell(),
                probe("b", &b).dyn_cell(),
                probe("c", &c).dyn_cell(),
            ],
        );
        let reprs: Vec<_> = three
            .cells()
            .iter()
            .map(crate::DynCell::contents_repr)
            .collect();
        assert_eq!(reprs, ["1", "2", "\"c\""]);
        assert_eq!(
            three.cell("c").unwrap().type_name(),
            "alloc::string::String"
        );
        assert!(three.cells()[0].ptr_eq(&two.cells()[0]));
    }

    #[test]
    fn cells_are_the_same_views_every_time() {
        let n = new_cell(0);
        let text = String::from("t");
        let t = new_cell(text.as_str());
        let f = closure(
            || (),
            const { &code("make", 0, &[], &["n", "t"], &[], "", "", "") },
            [probe("n", &n).dyn_cell(), opaque_cell("t", &t)],
        );
        assert!(core::ptr::eq(f.cells(), f.cells()));
        assert!(core::ptr::eq(f.cell("t").unwrap(), &raw const f.cells()[1]));
        assert!(
            f.cells()[1]
                .contents_repr()
                .starts_with("<&str object at 0x")
        );
    }

    #[test]
    fn clones_share_the_cells() {
        let count = new_cell(0);
        let inc = closure(
            {
                let count = share(&count);
                move || {
                    *crate::__private::borrow_mut(&count, "count", "make::inc") += 1;
                }
            },
            const { &code("make::inc", 0, &[], &["count"], &[], "", "", "") },
            [probe("count", &count).dyn_cell()],
        );
        let twin = inc.clone();
        inc();
        twin();
        assert_eq!(*borrow(&count, "count", "make"), 2);
        assert!(inc.cells()[0].ptr_eq(&twin.cells()[0]));
        assert_eq!(twin.freevars(), ["count"]);
        assert_eq!(twin.cells()[0].contents_repr(), "2");
    }
}
