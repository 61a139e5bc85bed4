//! Every test of the macro crate, in one tree: `model` asserts the scope
//! model and the plan without compiling anything, `snapshots` compares
//! expansions with reviewed files, `real_code` and `mutations` are the
//! robustness runs. This file holds the helpers they share: run the analysis
//! on a function written in the test, and read back what it found.

mod expansion;
mod model;
mod mutations;
mod real_code;
mod snapshots;

use crate::model::{Access, ClosureId};
use crate::plan::{self, Context, Plan};
use crate::scope::{self, Analysis};
use crate::{returns, shape};
use proc_macro2::TokenStream;
use quote::format_ident;
use syn::{ItemFn, ReturnType, parse_quote};

/// The analysis and plan of one function.
pub struct Facts {
    pub analysis: Analysis,
    pub plan: Plan,
    pub errors: Vec<String>,
}

pub fn facts(item: TokenStream) -> Facts {
    let item: ItemFn = syn::parse2(item).expect("test functions parse");
    let krate = parse_quote!(::freevars);
    let mut output = item.sig.output.clone();
    let shape = match &mut output {
        ReturnType::Type(_, ty) => shape::rewrite(ty, &krate).expect("supported return type"),
        ReturnType::Default => shape::Shape::Plain,
    };
    let analysis = scope::analyze(&item.sig, &item.block);
    let returned = returns::find(&item.block, &shape, &analysis).expect("returned closures");
    let cx = Context {
        krate,
        fn_name: item.sig.ident.to_string(),
        in_impl: false,
        non_static_params: vec![format_ident!("T")],
        generic_names: vec![format_ident!("T")],
    };
    let (plan, outcome) = plan::build(&analysis, returned, &cx);
    let errors = outcome
        .fatal
        .iter()
        .chain(&outcome.nonlocal)
        .map(ToString::to_string)
        .collect();
    Facts {
        analysis,
        plan,
        errors,
    }
}

impl Facts {
    /// Captures of a closure, in order of first use, with their access.
    pub fn captures(&self, closure: ClosureId) -> Vec<(String, Access)> {
        let model = &self.analysis.model;
        model.closures[closure]
            .captures
            .iter()
            .map(|&(b, access)| (model.bindings[b].name.clone(), access))
            .collect()
    }

    pub fn freevars(&self, closure: ClosureId) -> Vec<&str> {
        self.analysis.model.freevars(closure)
    }

    pub fn params(&self, closure: ClosureId) -> &[String] {
        &self.analysis.model.closures[closure].params
    }

    /// Names of the closure's own locals, in order.
    pub fn locals(&self, closure: ClosureId) -> Vec<&str> {
        let model = &self.analysis.model;
        model.closures[closure]
            .locals
            .iter()
            .map(|&b| model.bindings[b].name.as_str())
            .collect()
    }

    pub fn varnames(&self, closure: ClosureId) -> &[String] {
        &self.plan.introspected[&closure].varnames
    }

    pub fn cellvars(&self, closure: ClosureId) -> &[String] {
        &self.plan.introspected[&closure].cellvars
    }

    pub fn qualname(&self, closure: ClosureId) -> &str {
        &self.plan.introspected[&closure].qualname
    }

    /// The bindings a closure captures, by id (ids count binding sites in
    /// source order from 0, parameters first).
    pub fn captured_ids(&self, closure: ClosureId) -> Vec<usize> {
        self.analysis.model.closures[closure]
            .captures
            .iter()
            .map(|&(b, _)| b)
            .collect()
    }

    /// The closures that are returned.
    pub fn returned(&self) -> Vec<ClosureId> {
        self.plan.introspected.keys().copied().collect()
    }

    /// Names of the variables lifted into cells.
    pub fn lifted(&self) -> Vec<&str> {
        let model = &self.analysis.model;
        self.plan
            .lifted
            .iter()
            .enumerate()
            .filter(|(_, lifted)| **lifted)
            .map(|(b, _)| model.bindings[b].name.as_str())
            .collect()
    }
}
