//! Where the rewrite is in the model's tables.

use crate::model::{BindingId, ClosureId, Id, Model, UseId};
use crate::syntax::name_of;
use proc_macro2::{Ident, Span};
use syn::ExprClosure;

/// Where the rewrite is in the model's tables. Each site takes the next
/// entry of its kind, checked against the site: the first site that does
/// not match, or that the analysis never saw, stops the rewrite with an
/// error there.
#[derive(Default)]
pub(super) struct Cursor {
    pub(super) bindings: usize,
    pub(super) uses: usize,
    pub(super) closures: usize,
    pub(super) lost: Option<syn::Error>,
}

impl Cursor {
    pub(super) fn binding_site(&mut self, model: &Model, ident: &Ident) -> Option<BindingId> {
        let id = BindingId::from_index(self.bindings);
        self.bindings += 1;
        let entry = model.bindings.get(id).map(|b| b.name.as_str());
        self.named_site(ident, entry, "the binding of")
            .then_some(id)
    }

    pub(super) fn use_site(&mut self, model: &Model, ident: &Ident) -> Option<UseId> {
        let id = UseId::from_index(self.uses);
        self.uses += 1;
        let entry = model.uses.get(id).map(|u| u.name.as_str());
        self.named_site(ident, entry, "a use of").then_some(id)
    }

    /// Whether the site `ident` is the model's `entry` (a name), described
    /// as `what` if it is not.
    pub(super) fn named_site(&mut self, ident: &Ident, entry: Option<&str>, what: &str) -> bool {
        let name = name_of(ident);
        let matches = entry == Some(name.as_str());
        let expected = || entry.map(|expected| format!("{what} `{expected}`"));
        self.check(matches, ident.span(), || format!("`{name}`"), expected)
    }

    pub(super) fn closure_site(&mut self, model: &Model, node: &ExprClosure) -> Option<ClosureId> {
        let id = ClosureId::from_index(self.closures);
        self.closures += 1;
        let entry = model.closures.get(id);
        let matches = entry.is_some_and(|c| {
            c.params.len() == node.inputs.len() && c.is_move == node.capture.is_some()
        });
        let expected = || entry.map(|c| format!("a closure of {} parameters", c.params.len()));
        self.check(
            matches,
            node.inputs_begin.span,
            || "this closure".to_owned(),
            expected,
        )
        .then_some(id)
    }

    pub(super) fn next_use(&self) -> UseId {
        UseId::from_index(self.uses)
    }

    pub(super) fn next_closure(&self) -> ClosureId {
        ClosureId::from_index(self.closures)
    }

    /// Whether the site matches, recording the first mismatch. The
    /// descriptions are made only for a mismatch.
    pub(super) fn check(
        &mut self,
        matches: bool,
        at: Span,
        found: impl FnOnce() -> String,
        expected: impl FnOnce() -> Option<String>,
    ) -> bool {
        if self.lost.is_some() {
            return false;
        }
        if !matches {
            let expected = expected().unwrap_or_else(|| "no more sites".to_owned());
            let detail = format!("at {}, where the analysis has {expected}", found());
            self.lost = Some(lost_track(at, &detail));
        }
        matches
    }

    /// The error of the first mismatch, or of sites the rewrite never
    /// reached.
    pub(super) fn finish(self, model: &Model, function: &Ident) -> syn::Result<()> {
        if let Some(error) = self.lost {
            return Err(error);
        }
        let seen = (self.bindings, self.uses, self.closures);
        let expected = (model.bindings.len(), model.uses.len(), model.closures.len());
        if seen == expected {
            Ok(())
        } else {
            Err(lost_track(
                function.span(),
                &format!(
                    "in this function: the analysis saw {expected:?} bindings, uses and \
                     closures, the rewrite {seen:?}"
                ),
            ))
        }
    }
}

fn lost_track(at: Span, detail: &str) -> syn::Error {
    syn::Error::new(
        at,
        format!(
            "#[introspect] lost track of this function's names {detail}. The function is left \
             as written; please report it at the freevars repository"
        ),
    )
}
