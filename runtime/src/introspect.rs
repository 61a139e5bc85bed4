//! One view of every introspectable closure, whatever its type, and
//! Python's `inspect.getclosurevars`.

use crate::view::CellView;
use crate::{Closure, Code, DynCell};
use core::fmt;
use std::collections::BTreeMap;

/// What any `freevars` closure answers, as a trait object, so that closures
/// of different types can be handled together:
/// `&[&inc as &dyn Introspect, &get]`.
///
/// ```
/// use freevars::{Introspect, introspect};
///
/// #[introspect]
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
/// let closures: [&dyn Introspect; 2] = [&inc, &get];
/// let names: Vec<&str> = closures.iter().map(|c| c.code().name()).collect();
/// assert_eq!(names, ["inc", "get"]);
/// assert!(closures[0].cells()[0].ptr_eq(&closures[1].cells()[0]));
/// ```
///
/// `V` is the view of the cells, as for [`Closure`]: `&dyn Introspect`
/// takes the closures of `#[introspect]`, `&dyn Introspect<sync::DynCell>`
/// those of `#[introspect(sync)]`.
pub trait Introspect<V: CellView = DynCell> {
    /// The closure's code: Python's `__code__`.
    fn code(&self) -> &'static Code;
    /// The closure's cells, in `freevars` order: Python's `__closure__`.
    fn cells(&self) -> &[V];
    /// The captured names: Python's `__code__.co_freevars`.
    fn freevars(&self) -> &'static [&'static str] {
        self.code().freevars()
    }
    /// The cell of the captured variable `name`.
    fn cell(&self, name: &str) -> Option<&V> {
        self.cells().iter().find(|cell| cell.name() == name)
    }
}

impl<F, V: CellView> Introspect<V> for Closure<F, V> {
    fn code(&self) -> &'static Code {
        Closure::code(self)
    }

    fn cells(&self) -> &[V] {
        Closure::cells(self)
    }
}

/// The names a closure uses, split as Python's `inspect.getclosurevars`
/// splits them. Each list is sorted and without repeats. `Debug` shows each
/// nonlocal's value, as Python shows `nonlocals={'count': 3}`.
#[derive(Clone)]
pub struct ClosureVars<V = DynCell> {
    /// The free variables and their cells.
    pub nonlocals: BTreeMap<&'static str, V>,
    /// Constants, statics, functions and other paths the closure names, as
    /// written: `SCALE`, `std::f64::consts::PI`, `f64::from`.
    pub globals: Vec<&'static str>,
    /// The macros it invokes, without `!`: `format`, `println`.
    pub builtins: Vec<&'static str>,
    /// Field and method names, as CPython 3.13 reports attribute names.
    pub unbound: Vec<&'static str>,
}

impl<V: CellView> fmt::Debug for ClosureVars<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Values<'a, V>(&'a BTreeMap<&'static str, V>);
        impl<V: CellView> fmt::Debug for Values<'_, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(
                        self.0
                            .iter()
                            .map(|(name, cell)| (name, Repr(cell.contents_repr()))),
                    )
                    .finish()
            }
        }
        struct Repr(String);
        impl fmt::Debug for Repr {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        f.debug_struct("ClosureVars")
            .field("nonlocals", &Values(&self.nonlocals))
            .field("globals", &self.globals)
            .field("builtins", &self.builtins)
            .field("unbound", &self.unbound)
            .finish()
    }
}

/// Splits the names `closure` uses into nonlocals, globals, builtins and
/// unbound names: Python's `inspect.getclosurevars`, which was added "to
/// simplify testing stateful closures".
///
/// ```
/// use freevars::{getclosurevars, introspect};
///
/// const SCALE: f64 = 2.0;
///
/// #[introspect]
/// fn make_averager() -> impl Fn(f64) -> String {
///     let series = Vec::new();
///     move |new_value| {
///         series.push(new_value * SCALE);
///         format!("{}", series.iter().sum::<f64>() / series.len() as f64)
///     }
/// }
///
/// let avg = make_averager();
/// avg(1.0);
/// let vars = getclosurevars(&avg);
/// assert_eq!(vars.nonlocals["series"].contents_repr(), "[2.0]");
/// assert_eq!(vars.globals, ["SCALE"]);
/// assert_eq!(vars.builtins, ["format"]);
/// assert_eq!(vars.unbound, ["iter", "len", "push", "sum"]);
/// ```
#[must_use]
pub fn getclosurevars<V: CellView>(closure: &dyn Introspect<V>) -> ClosureVars<V> {
    let code = closure.code();
    let nonlocals = closure
        .cells()
        .iter()
        .map(|cell| (cell.name(), cell.clone()))
        .collect();
    let mut globals = Vec::new();
    let mut unbound = Vec::new();
    for (op, name) in code.dis().ops() {
        match op {
            "LOAD_GLOBAL" => globals.push(name),
            "LOAD_ATTR" | "STORE_ATTR" | "LOAD_METHOD" => unbound.push(name),
            _ => {}
        }
    }
    let sorted = |mut names: Vec<&'static str>| {
        names.sort_unstable();
        names.dedup();
        names
    };
    ClosureVars {
        nonlocals,
        globals: sorted(globals),
        builtins: sorted(code.builtins().collect()),
        unbound: sorted(unbound),
    }
}
