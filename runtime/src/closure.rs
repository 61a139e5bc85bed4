use crate::{Code, DynCell};
use core::fmt;
use core::ops::{Deref, DerefMut};

/// A closure that can be looked inside, as Python's functions can.
///
/// `Closure<F>` derefs to `F`, so it is called like the closure it wraps:
/// `avg(10.0)` for an `impl Fn`, `f(x)` on a `let mut f` for an `impl FnMut`,
/// and `f.into_inner()()` for an `impl FnOnce`. Alongside, it answers what the
/// closure captured: [`freevars`](Self::freevars) (`co_freevars`),
/// [`cells`](Self::cells) (`__closure__`) and [`code`](Self::code)
/// (`__code__`).
///
/// ```
/// use freevars_runtime::{Closure, Code, __private};
///
/// static CODE: Code = Code::new("make::{closure}").with_argcount(1);
/// let double = Closure::new(|x: i32| x * 2, &CODE, []);
/// assert_eq!(double(21), 42);
/// assert!(double.freevars().is_empty());
/// assert_eq!(format!("{double:?}").split(" at ").next(), Some("<closure make::{closure}"));
/// ```
#[derive(Clone)]
pub struct Closure<F> {
    f: F,
    code: &'static Code,
    cells: Box<[DynCell]>,
}

impl<F> Closure<F> {
    /// Wraps `f`, described by `code`, with one cell per name of
    /// `code.freevars()`, in that order. This is what `#[introspect]`
    /// generates.
    ///
    /// ```
    /// use freevars_runtime::{Closure, Code, __private};
    ///
    /// static CODE: Code = Code::new("make::{closure}").with_freevars(&["n"]);
    /// let n = __private::new_cell(2);
    /// let add = Closure::new(
    ///     {
    ///         let n = __private::Rc::clone(&n);
    ///         move |x: i32| x + *__private::borrow(&n, "n", "make::{closure}")
    ///     },
    ///     &CODE,
    ///     [__private::debug_cell("n", &n)],
    /// );
    /// assert_eq!(add(1), 3);
    /// ```
    pub fn new<const N: usize>(f: F, code: &'static Code, cells: [DynCell; N]) -> Closure<F> {
        debug_assert!(
            cells
                .iter()
                .map(DynCell::name)
                .eq(code.freevars().iter().copied()),
            "the cells of `{}` must follow its freevars",
            code.qualname()
        );
        Closure {
            f,
            code,
            cells: Box::new(cells),
        }
    }

    /// The captured names, sorted as CPython sorts `co_freevars`.
    ///
    /// ```
    /// # use freevars_runtime::{Closure, Code};
    /// static CODE: Code = Code::new("f::{closure}");
    /// assert!(Closure::new(|| 1, &CODE, []).freevars().is_empty());
    /// ```
    #[must_use]
    pub fn freevars(&self) -> &'static [&'static str] {
        self.code.freevars()
    }

    /// One cell per free variable, in the order of
    /// [`freevars`](Self::freevars): Python's `__closure__`.
    ///
    /// ```
    /// # use freevars_runtime::{Closure, Code, __private};
    /// static CODE: Code = Code::new("f::{closure}").with_freevars(&["n"]);
    /// let n = __private::new_cell(7);
    /// let f = Closure::new(|| (), &CODE, [__private::debug_cell("n", &n)]);
    /// assert_eq!(f.cells()[0].contents_repr(), "7");
    /// ```
    #[must_use]
    pub fn cells(&self) -> &[DynCell] {
        &self.cells
    }

    /// The cell of one captured variable.
    ///
    /// ```
    /// # use freevars_runtime::{Closure, Code, __private};
    /// static CODE: Code = Code::new("f::{closure}").with_freevars(&["n"]);
    /// let n = __private::new_cell(7);
    /// let f = Closure::new(|| (), &CODE, [__private::debug_cell("n", &n)]);
    /// assert_eq!(*f.cell("n").unwrap().contents::<i32>().unwrap(), 7);
    /// assert!(f.cell("m").is_none());
    /// ```
    #[must_use]
    pub fn cell(&self, name: &str) -> Option<&DynCell> {
        self.cells.iter().find(|cell| cell.name() == name)
    }

    /// The closure's code description: Python's `__code__`.
    ///
    /// ```
    /// # use freevars_runtime::{Closure, Code};
    /// static CODE: Code = Code::new("f::adder");
    /// assert_eq!(Closure::new(|| (), &CODE, []).code().name(), "adder");
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
    /// # use freevars_runtime::{Closure, Code};
    /// static CODE: Code = Code::new("f::{closure}");
    /// let once = Closure::new(move || String::from("done"), &CODE, []);
    /// assert_eq!(once.into_inner()(), "done");
    /// ```
    pub fn into_inner(self) -> F {
        self.f
    }
}

impl<F> Deref for Closure<F> {
    type Target = F;

    fn deref(&self) -> &F {
        &self.f
    }
}

impl<F> DerefMut for Closure<F> {
    fn deref_mut(&mut self) -> &mut F {
        &mut self.f
    }
}

/// `<closure make_averager::averager at 0x…>`, the address being the
/// closure's, as Python prints `<function make_averager.<locals>.averager at 0x…>`.
impl<F> fmt::Debug for Closure<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<closure {} at {:p}>",
            self.code.qualname(),
            core::ptr::from_ref(&self.f)
        )
    }
}
