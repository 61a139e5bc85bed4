use crate::dis::Dis;
use core::fmt;
use std::sync::OnceLock;

/// What a closure is made of, as far as names go: Python's `__code__`.
///
/// Every closure made by one closure expression of an `#[introspect]`
/// function shares one `Code`, reached through
/// [`Closure::code`](crate::Closure::code).
///
/// ```
/// use freevars::introspect;
///
/// #[introspect]
/// fn make_averager() -> impl Fn(f64) -> f64 {
///     let series = Vec::new();
///     let averager = move |new_value: f64| {
///         series.push(new_value);
///         let total: f64 = series.iter().sum();
///         total / series.len() as f64
///     };
///     averager
/// }
///
/// let code = make_averager().code();
/// assert_eq!(code.name(), "averager");
/// assert_eq!(code.qualname(), "make_averager::averager");
/// assert_eq!(code.argcount(), 1);
/// assert_eq!(code.varnames(), ["new_value", "total"]);
/// assert_eq!(code.freevars(), ["series"]);
/// assert!(code.cellvars().is_empty());
/// ```
// No interior mutability and no drop glue: the code of a closure written
// outside an `impl` is a literal that rustc promotes to a constant
// (`&__private::Code(..)`), neither a `static` nor a `const` block per
// closure, each of which rustc checks as a body of its own. A closure made
// inside an `impl` keeps its owner's name in a separate `static` `Owner`.
//
// The fields are public for that literal alone, and positional: the fewest
// tokens for the macro to write and rustc to read, once per closure. The
// generated code is their only writer; the accessors below, one per field,
// are their only readers and the API.
pub struct Code(
    /// `qualname`: `make_averager::averager`.
    #[doc(hidden)]
    pub &'static str,
    /// `owner`: set for a closure made inside an `impl`, whose qualified
    /// name is `Type::qualname`, filled in by the first closure made.
    #[doc(hidden)]
    pub Option<&'static Owner>,
    /// `argcount`.
    #[doc(hidden)]
    pub usize,
    /// `varnames`.
    #[doc(hidden)]
    pub &'static [&'static str],
    /// `freevars`.
    #[doc(hidden)]
    pub &'static [&'static str],
    /// `cellvars`.
    #[doc(hidden)]
    pub &'static [&'static str],
    /// `filename`: the file of the closure's first token, as the macro
    /// read it from its span.
    #[doc(hidden)]
    pub &'static str,
    /// `firstlineno`: that token's line.
    #[doc(hidden)]
    pub u32,
    /// The listing, formatted (see [`Code::dis`]).
    #[doc(hidden)]
    pub &'static str,
    /// The macros the closure invokes, sorted, separated by spaces.
    #[doc(hidden)]
    pub &'static str,
    /// The closure as written.
    #[doc(hidden)]
    pub &'static str,
);

/// The qualified name of a closure made inside an `impl`, which starts with
/// the type's name, known once a closure is made.
pub struct Owner(OnceLock<String>);

impl Owner {
    /// An owner not known yet.
    // For `static OWNER: Owner = Owner::new();`, which `Default` cannot do.
    #[allow(clippy::new_without_default)]
    #[must_use]
    pub const fn new() -> Owner {
        Owner(OnceLock::new())
    }

    /// Records the type of the `impl` a closure described by `code` (made
    /// with this owner) was made in, given as
    /// `std::any::type_name::<Self>()`, and hands the code back. Module
    /// paths and generic arguments are dropped, as Python's `__qualname__`
    /// names a class. Only the first call counts.
    pub fn set(&self, code: &'static Code, type_name: &'static str) -> &'static Code {
        // A race between two threads would store the same string.
        self.0.get_or_init(|| {
            let without_generics = type_name.split('<').next().unwrap_or(type_name);
            let owner = without_generics
                .rsplit("::")
                .next()
                .unwrap_or(without_generics);
            format!("{owner}::{}", code.0)
        });
        code
    }
}

impl Code {
    /// The closure's name: the `let` it was bound to (`averager`), or
    /// `{closure}`. Python's `co_name`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> (impl Fn() -> u8, impl Fn() -> u8) {
    ///     let named = || 1;
    ///     (named, || 2)
    /// }
    ///
    /// let (named, anonymous) = make();
    /// assert_eq!(named.code().name(), "named");
    /// assert_eq!(anonymous.code().name(), "{closure}");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.0.rsplit("::").next().unwrap_or(self.0)
    }

    /// The path from the enclosing function to the closure:
    /// `make_averager::averager`, `Type::method::{closure}`. Python's
    /// `co_qualname`.
    ///
    /// ```
    /// struct Shelf(Vec<&'static str>);
    ///
    /// #[freevars::introspect]
    /// impl Shelf {
    ///     fn reader(&self) -> impl Fn() -> usize + '_ {
    ///         move || self.0.len()
    ///     }
    /// }
    ///
    /// let shelf = Shelf(vec!["Dune"]);
    /// assert_eq!(shelf.reader().code().qualname(), "Shelf::reader::{closure}");
    /// ```
    #[must_use]
    pub fn qualname(&self) -> &str {
        self.1
            .and_then(|owner| owner.0.get())
            .map_or(self.0, String::as_str)
    }

    /// The number of parameters. Python's `co_argcount`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> impl Fn(i32, i32) -> i32 {
    ///     |a, b| a + b
    /// }
    ///
    /// assert_eq!(make().code().argcount(), 2);
    /// ```
    #[must_use]
    pub fn argcount(&self) -> usize {
        self.2
    }

    /// Parameters in order, then the closure's own locals in order of first
    /// binding, each once. A parameter written as a pattern (`(a, b)`) is
    /// named `.0`, `.1`, … by its position, as CPython names the implicit
    /// argument of a comprehension, and the names it binds follow as locals.
    /// Python's `co_varnames`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> impl Fn((i32, i32), i32) -> i32 {
    ///     |(a, b), scale| {
    ///         let sum = a + b;
    ///         sum * scale
    ///     }
    /// }
    ///
    /// assert_eq!(make().code().varnames(), [".0", "scale", "a", "b", "sum"]);
    /// ```
    #[must_use]
    pub fn varnames(&self) -> &'static [&'static str] {
        self.3
    }

    /// The captured names, sorted as CPython sorts `co_freevars`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make(step: u32) -> impl Fn() -> u32 {
    ///     let mut count = 0;
    ///     move || {
    ///         count += step;
    ///         count
    ///     }
    /// }
    ///
    /// assert_eq!(make(2).code().freevars(), ["count", "step"]);
    /// ```
    #[must_use]
    pub fn freevars(&self) -> &'static [&'static str] {
        self.4
    }

    /// The closure's own variables that closures it returns capture: captured
    /// parameters first in parameter order, then other captured locals sorted
    /// (CPython 3.11's `co_cellvars`).
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn adder() -> impl Fn(i32) -> Box<dyn Fn(i32) -> i32> {
    ///     |a| Box::new(move |b| a + b)
    /// }
    ///
    /// let outer = adder();
    /// assert_eq!(outer.code().cellvars(), ["a"]);
    /// assert!(outer(1).code().cellvars().is_empty());
    /// ```
    #[must_use]
    pub fn cellvars(&self) -> &'static [&'static str] {
        self.5
    }

    /// The file the closure is written in. Python's `co_filename`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> impl Fn() {
    ///     || ()
    /// }
    ///
    /// assert!(make().code().filename().ends_with(".rs"));
    /// ```
    #[must_use]
    pub fn filename(&self) -> &'static str {
        self.6
    }

    /// The line the closure starts on. Python's `co_firstlineno`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make() -> impl Fn() -> u32 {
    ///     let here = line!();
    ///     move || here
    /// }
    ///
    /// let f = make();
    /// assert_eq!(f.code().firstlineno(), f() + 1);
    /// ```
    #[must_use]
    pub fn firstlineno(&self) -> u32 {
        self.7
    }

    /// How the closure reaches each name, in source order, one operation a
    /// line: the part of CPython's `dis` that the notebook reads, not
    /// machine code. Its `Display` writes `{line:>4}  {OPNAME:<14}{name}`,
    /// the file's line number on the first operation of each source line.
    /// `LOAD_FAST`/`STORE_FAST` are the closure's own parameters and locals,
    /// `LOAD_DEREF`/`STORE_DEREF` its free variables, `LOAD_GLOBAL` paths
    /// (constants, statics, functions), `LOAD_ATTR`/`STORE_ATTR` fields,
    /// `LOAD_METHOD` method names, and `RETURN_VALUE` the tail and each
    /// `return`; a compound assignment is a load, then a store. Closures
    /// nested in it are not listed, as CPython lists them apart.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_counter() -> impl FnMut() -> u32 {
    ///     let mut count = 0;
    ///     move || {
    ///         count += 1;
    ///         count
    ///     }
    /// }
    ///
    /// let counter = make_counter();
    /// let line = counter.code().firstlineno();
    /// let listing = counter.code().dis().to_string();
    /// assert_eq!(
    ///     listing,
    ///     format!(
    ///         "{:>4}  LOAD_DEREF    count\n      STORE_DEREF   count\n\
    ///          {:>4}  LOAD_DEREF    count\n      RETURN_VALUE  \n",
    ///         line + 1,
    ///         line + 2
    ///     )
    /// );
    /// ```
    #[must_use]
    pub fn dis(&self) -> Dis {
        Dis(self.8)
    }

    /// The closure's source text as written (the user's spelling, not the
    /// rewritten code), from its first token to its last. Python's
    /// `inspect.getsource`.
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
    ///     move |x| x + n // adds n
    /// }
    ///
    /// assert_eq!(make_adder(1).code().source(), "move |x| x + n");
    /// ```
    #[must_use]
    pub fn source(&self) -> &'static str {
        self.10
    }

    /// The macros the closure invokes, without `!`, sorted.
    pub(crate) fn builtins(&self) -> impl Iterator<Item = &'static str> {
        self.9.split(' ').filter(|name| !name.is_empty())
    }
}

/// `<code object averager at 0x…, file "src/main.rs", line 7>`, as Python
/// prints a code object.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<code object {} at {:p}, file \"{}\", line {}>",
            self.name(),
            self,
            self.6,
            self.7
        )
    }
}
