//! Every test of the macro crate, in one tree: `model` asserts the scope
//! model and the plan without compiling anything, `snapshots` compares
//! expansions with reviewed files, `real_code` and `mutations` are the
//! robustness runs. This file holds the helpers they share: run the analysis
//! on a function written in the test, and read back what it found.

mod expansion;
mod model;
mod mutations;
mod pipeline;
mod real_code;
mod snapshots;

use crate::args::Args;
use crate::expand::{Planned, plan_fn};
use crate::model::{Access, ClosureId, Id as _};
use crate::plan::Plan;
use crate::scope::Analysis;
use proc_macro2::TokenStream;
use syn::ItemFn;

/// The analysis and plan of one function.
pub struct Facts {
    pub analysis: Analysis,
    pub plan: Plan,
    pub errors: Vec<String>,
}

/// Runs the production pipeline (`expand::plan_fn`) on a free function.
pub fn facts(item: TokenStream) -> Facts {
    let item: ItemFn = syn::parse2(item).expect("test functions parse");
    let Planned {
        analysis,
        plan,
        errors,
        ..
    } = plan_fn(&item.sig, &item.block, &Args::default(), None)
        .unwrap_or_else(|error| panic!("the function reaches the plan: {error}"));
    let errors = errors.all().map(ToString::to_string).collect();
    Facts {
        analysis,
        plan,
        errors,
    }
}

fn closure(index: usize) -> ClosureId {
    ClosureId::from_index(index)
}

impl Facts {
    /// Captures of a closure, in order of first use, with their access.
    pub fn captures(&self, index: usize) -> Vec<(String, Access)> {
        let model = &self.analysis.model;
        model.closures[closure(index)]
            .captures
            .iter()
            .map(|&(b, access)| (model.bindings[b].name.clone(), access))
            .collect()
    }

    /// The names a returned closure reports as `co_freevars`, in the order
    /// the plan gives the generated code.
    pub fn freevars(&self, index: usize) -> Vec<&str> {
        let model = &self.analysis.model;
        self.plan.introspected[&closure(index)]
            .captures
            .iter()
            .map(|c| model.bindings[c.binding].name.as_str())
            .collect()
    }

    pub fn params(&self, index: usize) -> &[String] {
        &self.analysis.model.closures[closure(index)].params
    }

    /// Names of the closure's own locals, in order.
    pub fn locals(&self, index: usize) -> Vec<&str> {
        let model = &self.analysis.model;
        model.closures[closure(index)]
            .locals
            .iter()
            .map(|&b| model.bindings[b].name.as_str())
            .collect()
    }

    pub fn varnames(&self, index: usize) -> &[String] {
        &self.plan.introspected[&closure(index)].varnames
    }

    pub fn cellvars(&self, index: usize) -> &[String] {
        &self.plan.introspected[&closure(index)].cellvars
    }

    pub fn qualname(&self, index: usize) -> &str {
        &self.plan.introspected[&closure(index)].qualname
    }

    /// The bindings a closure captures, by id (ids count binding sites in
    /// source order from 0, parameters first).
    pub fn captured_ids(&self, index: usize) -> Vec<usize> {
        self.analysis.model.closures[closure(index)]
            .captures
            .iter()
            .map(|&(b, _)| b.index())
            .collect()
    }

    /// The closures that are returned.
    pub fn returned(&self) -> Vec<usize> {
        self.plan.introspected.keys().map(|c| c.index()).collect()
    }

    /// Names of the variables lifted into cells.
    pub fn lifted(&self) -> Vec<&str> {
        let model = &self.analysis.model;
        self.plan
            .lifted
            .iter()
            .filter(|(_, lifted)| **lifted)
            .map(|(b, _)| model.bindings[b].name.as_str())
            .collect()
    }
}
