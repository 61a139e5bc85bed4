//! The scope model: every binding, every use of a name and every closure of
//! one function, as plain data that tests can assert on.
//!
//! Each site has a typed id ([`BindingId`], [`UseId`], [`ClosureId`]): its
//! index in the model's [`Table`] of that kind. The analysis (`scope`) and
//! the rewrite (`rewrite`) walk the same tree and meet the sites in the same
//! order: `syn`'s visiting order, with these rules where they walk by hand:
//! - a function's parameters, then its body;
//! - a `let`: its pattern, then its initialiser, then its `else` block;
//! - a closure: its parameters in order, its return type, its body;
//! - `for`: the pattern, the iterated expression, the body;
//! - `if`/`while`: the condition (where `let` binds), then the body, then
//!   the `else` branch;
//! - `match`: the scrutinee, then each arm's pattern, guard and body;
//! - a place (`x.a[i]` in `x.a[i].push(..)`): its root first, then the
//!   index expressions, as `syn` visits them;
//! - a standard macro: its arguments in order, then the names inlined in its
//!   format string; another macro: the identifiers in its tokens.
//!
//! The rewrite does not trust the order: at each site it checks that the
//! entry it takes has the site's name (a closure: its number of parameters
//! and `move`), and stops with a spanned "lost track" error at the first
//! site that differs, or that the analysis never saw.

use proc_macro2::{Ident, Span};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};
use syn::Type;

/// An index into one [`Table`] of the model.
pub trait Id: Copy {
    fn from_index(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl Id for $name {
            fn from_index(index: usize) -> $name {
                $name(index)
            }
            fn index(self) -> usize {
                self.0
            }
        }
    )*};
}

ids! {
    /// A binding site (`x` in `let x`, `|x|`, `Some(x)`), in visiting order.
    BindingId;
    /// A name that may use a local, in visiting order.
    UseId;
    /// A closure expression, in visiting order (parents before children).
    ClosureId;
}

/// Entries indexed by one kind of id, so that a use id cannot index the
/// bindings.
pub struct Table<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> Table<I, T> {
    /// The id the next pushed entry gets.
    pub fn next_id(&self) -> I {
        I::from_index(self.items.len())
    }

    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Every entry with its id, in order.
    pub fn iter(&self) -> impl Iterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(index, item)| (I::from_index(index), item))
    }

    /// The same table shape, each entry mapped.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Table<I, U> {
        self.items.iter().map(f).collect()
    }
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Table<I, T> {
        Table {
            items: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Table<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Table<I, T> {
        Table {
            items: iter.into_iter().collect(),
            id: PhantomData,
        }
    }
}

impl<I: Id, T> Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

/// How a use touches its variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Reads it: `x + 1`, `&x`, `f(x)`.
    Read,
    /// Reads or mutates it, as rustc decides from the types: `x.len()` and
    /// `x.push(1)` (method autoref), `x()` (an `Fn` or an `FnMut`).
    Either,
    /// Mutates through it: `x.f = 1`, `&mut x`, `*x = 1`.
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
    /// The name as written, which the rewrite checks at the site.
    pub name: String,
    pub span: Span,
    /// In the arguments of this macro, which is not a standard one: the use
    /// cannot be rewritten.
    pub in_macro: Option<String>,
}

#[derive(Debug)]
pub struct Closure {
    pub parent: Option<ClosureId>,
    pub is_move: bool,
    /// An `async` closure: its body runs as a future, across `.await`s.
    pub is_async: bool,
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
    pub bindings: Table<BindingId, Binding>,
    pub uses: Table<UseId, Use>,
    pub closures: Table<ClosureId, Closure>,
}
