//! What each name means at the current point of the walk: a stack of
//! meanings per name, undone when a scope ends, so that looking a name up
//! costs the same however deep the function is.

use crate::model::BindingId;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// A local variable, and whether its body has not started yet (a match
    /// guard or the rest of a `let` chain: not in a cell there).
    Local {
        binding: BindingId,
        before_body: bool,
    },
    /// An item declared in an enclosing block.
    Item,
}

#[derive(Default)]
pub struct ScopeTable {
    meanings: HashMap<String, Vec<Meaning>>,
    /// Names given a meaning, to take back when their scope ends.
    undo: Vec<String>,
    scope_starts: Vec<usize>,
    /// Statement macros that may have declared variables, with the depth of
    /// the scope they stand in.
    declaring_macros: Vec<(usize, String)>,
}

impl ScopeTable {
    pub fn push(&mut self) {
        self.scope_starts.push(self.undo.len());
    }

    pub fn pop(&mut self) {
        let start = self.scope_starts.pop().unwrap_or(0);
        for name in self.undo.drain(start..).rev() {
            if let Some(stack) = self.meanings.get_mut(&name) {
                stack.pop();
            }
        }
        let depth = self.scope_starts.len();
        self.declaring_macros.retain(|(at, _)| *at <= depth);
    }

    pub fn define(&mut self, name: &str, meaning: Meaning) {
        self.meanings
            .entry(name.to_owned())
            .or_default()
            .push(meaning);
        self.undo.push(name.to_owned());
    }

    pub fn resolve(&self, name: &str) -> Option<Meaning> {
        self.meanings.get(name).and_then(|s| s.last()).copied()
    }

    /// The body of `binding`, defined before its body started, starts now.
    pub fn start_body(&mut self, name: &str, binding: BindingId) {
        if let Some(Meaning::Local {
            binding: b,
            before_body,
        }) = self.meanings.get_mut(name).and_then(|s| s.last_mut())
            && *b == binding
        {
            *before_body = false;
        }
    }

    /// A statement macro that is not a standard one may declare variables
    /// for the rest of the current scope.
    pub fn macro_may_declare(&mut self, name: String) {
        self.declaring_macros.push((self.scope_starts.len(), name));
    }

    /// The innermost such macro in scope.
    pub fn declaring_macro(&self) -> Option<&str> {
        self.declaring_macros.last().map(|(_, name)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Meaning, ScopeTable};
    use crate::model::{BindingId, Id};

    fn local(index: usize) -> Meaning {
        Meaning::Local {
            binding: BindingId::from_index(index),
            before_body: false,
        }
    }

    #[test]
    fn inner_scopes_shadow_and_are_undone() {
        let mut table = ScopeTable::default();
        table.push();
        table.define("x", local(0));
        table.push();
        table.define("x", local(1));
        table.define("f", Meaning::Item);
        assert_eq!(table.resolve("x"), Some(local(1)));
        table.pop();
        assert_eq!(table.resolve("x"), Some(local(0)));
        assert_eq!(table.resolve("f"), None);
        table.pop();
        assert_eq!(table.resolve("x"), None);
    }

    #[test]
    fn declaring_macros_end_with_their_scope() {
        let mut table = ScopeTable::default();
        table.push();
        table.push();
        table.macro_may_declare("my_let".to_owned());
        assert_eq!(table.declaring_macro(), Some("my_let"));
        table.pop();
        assert_eq!(table.declaring_macro(), None);
    }
}
