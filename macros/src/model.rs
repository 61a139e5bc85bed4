//! The scope model: every binding, every use of a name and every closure of
//! one function, as plain data that tests can assert on.
//!
//! Sites are numbered in the order `syn`'s visitors reach them, so the
//! rewriter, walking the same tree in the same order, finds the entry for
//! each site by counting (see [`Counters`]).

use proc_macro2::{Ident, Span};
use syn::Type;

/// Index of a binding site (`x` in `let x`, `|x|`, `Some(x)`), in visiting order.
pub type BindingId = usize;
/// Index of a name that may use a local, in visiting order.
pub type UseId = usize;
/// Index of a closure expression, in visiting order (parents before children).
pub type ClosureId = usize;

/// How a use touches its variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Reads it: `x + 1`, `&x`, `f(x)`.
    Read,
    /// Mutates through it: `x.push(1)`, `x.f = 1`, `&mut x`, `*x = 1`.
    Mutate,
    /// Rebinds it: `x = 1`, `x += 1`, `(x, y) = ..`. Needs `let mut`.
    Assign,
}

/// Where a binding is declared: the enclosing function or one of its closures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Function,
    Closure(ClosureId),
}

pub struct Binding {
    /// The name; `self` for a method receiver.
    pub name: String,
    pub ident: Ident,
    pub mutable: bool,
    pub owner: Owner,
    /// The declared type, when the binding is a whole parameter or `let`.
    pub ty: Option<Type>,
    pub kind: BindingKind,
    /// In an or-pattern (`Ok(x) | Err(x)`), the first `x`: both are one
    /// variable.
    pub alias_of: Option<BindingId>,
    /// The block the binding is declared in, numbered in visiting order.
    pub block: usize,
    /// Declared by a `let` under `#[cfg(..)]`: a twin `let` of the same
    /// name may stand in for it.
    pub cfg: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// A parameter of the function or of a closure.
    Param,
    /// `self`; `by_ref` for `&self` and `&mut self`.
    Receiver { by_ref: bool },
    /// `let NAME = ..;` with nothing else in the pattern; `deferred` for
    /// `let NAME;`, initialised later.
    SimpleLet { deferred: bool },
    /// Any other pattern: destructuring `let`, `match`, `for`, `if let`.
    Pattern,
}

/// A name in expression position (or in a macro) that may refer to a local.
#[derive(Debug)]
pub struct Use {
    /// The local it refers to; `None` for items, globals and unknown names.
    pub binding: Option<BindingId>,
    pub access: Access,
    /// The innermost closure around the use.
    pub closure: Option<ClosureId>,
    /// Refers to its binding before the binding's body starts (a match guard,
    /// the rest of a `let` chain): the variable is not in a cell there yet.
    pub before_body: bool,
    pub span: Span,
    /// In the arguments of this macro, which is not a standard one: the use
    /// cannot be rewritten.
    pub in_macro: Option<String>,
}

#[derive(Debug)]
pub struct Closure {
    pub parent: Option<ClosureId>,
    pub is_move: bool,
    /// One entry per parameter: its name for `co_varnames`.
    pub params: Vec<String>,
    /// Bindings of the parameters, in order.
    pub param_bindings: Vec<BindingId>,
    /// The closure's own bindings outside its parameters, in order.
    pub locals: Vec<BindingId>,
    /// Bindings declared outside the closure and used in it (also through
    /// nested closures), in order of first use, with the strongest access.
    pub captures: Vec<(BindingId, Access)>,
}

/// The analysis of one function body.
#[derive(Default)]
pub struct Model {
    pub bindings: Vec<Binding>,
    pub uses: Vec<Use>,
    pub closures: Vec<Closure>,
}

impl Model {
    /// Names captured by a closure, sorted as CPython sorts `co_freevars`.
    #[cfg(test)]
    pub fn freevars(&self, closure: ClosureId) -> Vec<&str> {
        let mut names: Vec<&str> = self.closures[closure]
            .captures
            .iter()
            .map(|&(b, _)| self.bindings[b].name.as_str())
            .collect();
        names.sort_unstable();
        names
    }
}

/// Counts sites while walking, in the same way in the analysis and in the
/// rewrite, so both agree on every site's number.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    pub bindings: usize,
    pub uses: usize,
    pub closures: usize,
}
