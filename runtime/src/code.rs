use core::fmt;
use std::sync::OnceLock;

/// What a closure is made of, as far as names go: Python's `__code__`.
///
/// The `#[introspect]` attribute writes one `static` `Code` per returned
/// closure; every closure made by that code shares it.
///
/// ```
/// use freevars_runtime::Code;
///
/// static CODE: Code = Code::new("make_averager::averager")
///     .with_argcount(1)
///     .with_varnames(&["new_value", "total"])
///     .with_freevars(&["series"]);
///
/// assert_eq!(CODE.name(), "averager");
/// assert_eq!(CODE.qualname(), "make_averager::averager");
/// assert_eq!(CODE.varnames(), ["new_value", "total"]);
/// assert_eq!(CODE.freevars(), ["series"]);
/// assert!(CODE.cellvars().is_empty());
/// ```
pub struct Code {
    qualname: &'static str,
    in_impl: bool,
    /// `Type::qualname`, filled in by the first closure made inside an impl.
    owned_qualname: OnceLock<String>,
    argcount: usize,
    varnames: &'static [&'static str],
    freevars: &'static [&'static str],
    cellvars: &'static [&'static str],
    filename: &'static str,
    firstlineno: u32,
}

impl Code {
    /// A code description with this qualified name (`make_averager::averager`,
    /// `make_counter::{closure}`) and no arguments, locals or captures.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("f::{closure}").name(), "{closure}");
    /// ```
    #[must_use]
    pub const fn new(qualname: &'static str) -> Code {
        Code {
            qualname,
            in_impl: false,
            owned_qualname: OnceLock::new(),
            argcount: 0,
            varnames: &[],
            freevars: &[],
            cellvars: &[],
            filename: "",
            firstlineno: 0,
        }
    }

    /// Sets the number of parameters (`co_argcount`).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("f::{closure}").with_argcount(2).argcount(), 2);
    /// ```
    #[must_use]
    pub const fn with_argcount(mut self, argcount: usize) -> Code {
        self.argcount = argcount;
        self
    }

    /// Sets the parameter and local names (`co_varnames`).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("f::{closure}").with_varnames(&["x", "total"]);
    /// assert_eq!(code.varnames(), ["x", "total"]);
    /// ```
    #[must_use]
    pub const fn with_varnames(mut self, varnames: &'static [&'static str]) -> Code {
        self.varnames = varnames;
        self
    }

    /// Sets the captured names (`co_freevars`), sorted.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("f::{closure}").with_freevars(&["count", "total"]);
    /// assert_eq!(code.freevars(), ["count", "total"]);
    /// ```
    #[must_use]
    pub const fn with_freevars(mut self, freevars: &'static [&'static str]) -> Code {
        self.freevars = freevars;
        self
    }

    /// Sets the names of this closure's own variables that inner closures
    /// capture (`co_cellvars`).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("adder::{closure}").with_cellvars(&["b"]);
    /// assert_eq!(code.cellvars(), ["b"]);
    /// ```
    #[must_use]
    pub const fn with_cellvars(mut self, cellvars: &'static [&'static str]) -> Code {
        self.cellvars = cellvars;
        self
    }

    /// Sets where the closure is written (`co_filename`, `co_firstlineno`).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("f::{closure}").with_location("src/lib.rs", 7);
    /// assert_eq!((code.filename(), code.firstlineno()), ("src/lib.rs", 7));
    /// ```
    #[must_use]
    pub const fn with_location(mut self, filename: &'static str, firstlineno: u32) -> Code {
        self.filename = filename;
        self.firstlineno = firstlineno;
        self
    }

    /// Marks a closure made inside an `impl` block: its qualified name starts
    /// with the type's name, which the first closure made reports through
    /// [`set_owner`](Self::set_owner).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// static CODE: Code = Code::new("reader::{closure}").in_impl();
    /// CODE.set_owner("my_crate::shelf::Shelf<i32>");
    /// assert_eq!(CODE.qualname(), "Shelf::reader::{closure}");
    /// ```
    #[must_use]
    pub const fn in_impl(mut self) -> Code {
        self.in_impl = true;
        self
    }

    /// Records the type of the `impl` the closure was made in, given as
    /// `std::any::type_name::<Self>()`; module paths and generic arguments
    /// are dropped, as Python's `__qualname__` names a class. Only the first
    /// call counts, and only for a code marked [`in_impl`](Self::in_impl).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// static CODE: Code = Code::new("make::{closure}").in_impl();
    /// CODE.set_owner("a::Point");
    /// CODE.set_owner("b::Other");
    /// assert_eq!(CODE.qualname(), "Point::make::{closure}");
    /// ```
    pub fn set_owner(&self, type_name: &'static str) {
        if self.in_impl && self.owned_qualname.get().is_none() {
            let without_generics = type_name.split('<').next().unwrap_or(type_name);
            let owner = without_generics
                .rsplit("::")
                .next()
                .unwrap_or(without_generics);
            // A race between two threads would store the same string.
            let _ = self
                .owned_qualname
                .set(format!("{owner}::{}", self.qualname));
        }
    }

    /// The closure's name: the `let` it was bound to (`averager`), or
    /// `{closure}`. Python's `co_name`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("make_averager::averager").name(), "averager");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.qualname.rsplit("::").next().unwrap_or(self.qualname)
    }

    /// The path from the enclosing function to the closure:
    /// `make_averager::averager`, `Type::method::{closure}`. Python's
    /// `co_qualname`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("outer::{closure}").qualname(), "outer::{closure}");
    /// ```
    #[must_use]
    pub fn qualname(&self) -> &str {
        self.owned_qualname
            .get()
            .map_or(self.qualname, String::as_str)
    }

    /// The number of parameters. Python's `co_argcount`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("f::{closure}").argcount(), 0);
    /// ```
    #[must_use]
    pub fn argcount(&self) -> usize {
        self.argcount
    }

    /// Parameters in order, then the closure's own locals in order of first
    /// binding, each once. A parameter written as a pattern (`(a, b)`) is
    /// named `.0`, `.1`, … by its position, as CPython names the implicit
    /// argument of a comprehension, and the names it binds follow as locals.
    /// Python's `co_varnames`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("f::{closure}").with_varnames(&["new_value", "total"]);
    /// assert_eq!(code.varnames(), ["new_value", "total"]);
    /// ```
    #[must_use]
    pub fn varnames(&self) -> &'static [&'static str] {
        self.varnames
    }

    /// The captured names, sorted as CPython sorts `co_freevars`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// let code = Code::new("f::{closure}").with_freevars(&["series"]);
    /// assert_eq!(code.freevars(), ["series"]);
    /// ```
    #[must_use]
    pub fn freevars(&self) -> &'static [&'static str] {
        self.freevars
    }

    /// The closure's own variables that closures it returns capture: captured
    /// parameters first in parameter order, then other captured locals sorted
    /// (CPython 3.11's `co_cellvars`).
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert!(Code::new("f::{closure}").cellvars().is_empty());
    /// ```
    #[must_use]
    pub fn cellvars(&self) -> &'static [&'static str] {
        self.cellvars
    }

    /// The file the closure is written in. Python's `co_filename`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("f::{closure}").filename(), "");
    /// ```
    #[must_use]
    pub fn filename(&self) -> &'static str {
        self.filename
    }

    /// The line the closure starts on. Python's `co_firstlineno`.
    ///
    /// ```
    /// # use freevars_runtime::Code;
    /// assert_eq!(Code::new("f::{closure}").firstlineno(), 0);
    /// ```
    #[must_use]
    pub fn firstlineno(&self) -> u32 {
        self.firstlineno
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
            self.filename,
            self.firstlineno
        )
    }
}
