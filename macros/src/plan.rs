//! Decides, from the model and the returned closures, what the rewrite does:
//! which variables become cells, how each use reaches its cell, and what each
//! returned closure reports (`freevars`, `varnames`, `cellvars`).
//!
//! A *frame* is the function itself or a returned closure. A variable
//! captured by a returned closure is *lifted* into a cell owned by the frame
//! that declares it. In that frame each use borrows the cell for the
//! statement (`*borrow(&x, ..)`); in a returned closure that captured it,
//! the closure borrows the cell once per call and uses go through that
//! guard (`*x`).

use crate::errors::Errors;
use crate::lifetimes;
use crate::model::{Access, BindingId, BindingKind, ClosureId, Model, Owner, Table, UseId};
use crate::returns::{Returned, Returns, WrapSite};
use crate::scope::Analysis;
use crate::shape::ClosureType;
use crate::syntax::any_ident;
use proc_macro2::Ident;
use std::collections::{BTreeMap, HashMap, HashSet};
use syn::ext::IdentExt as _;
use syn::visit::Visit;

/// What the function is, for names and paths in generated code.
pub struct Context {
    pub krate: syn::Path,
    pub fn_name: String,
    /// Inside an `impl` (or the function names `Self`): qualified names start
    /// with the type's name, known at run time.
    pub in_impl: bool,
    /// Type parameters without a `'static` bound.
    pub non_static_params: Vec<Ident>,
    /// Every generic parameter in scope (types, consts, lifetimes without
    /// their `'`), which a nested `fn` cannot name.
    pub generic_names: Vec<Ident>,
    /// The function takes something that may borrow (a reference, a
    /// lifetime, `&self`, a type parameter without `'static`): a value it
    /// makes without a type annotation may hold a borrow too.
    pub inputs_may_borrow: bool,
    /// The generics in scope, the `impl`'s then the function's, with their
    /// bounds and `where` clauses.
    pub generics: syn::Generics,
    /// The type of the `impl` block the attribute is on, which `Self` names.
    pub self_ty: Option<syn::Type>,
    /// `#[introspect(sync)]`: cells shared between threads.
    pub sync: bool,
}

/// The `impl`'s generics followed by the function's, as one list.
fn merged_generics(outer: Option<&syn::Generics>, inner: &syn::Generics) -> syn::Generics {
    let mut merged = outer.cloned().unwrap_or_default();
    merged.params.extend(inner.params.iter().cloned());
    if let Some(clause) = &inner.where_clause {
        merged
            .make_where_clause()
            .predicates
            .extend(clause.predicates.iter().cloned());
    }
    merged
}

/// The `impl` block the attribute is on, around the function.
#[derive(Clone, Copy)]
pub struct Impl<'a> {
    pub generics: &'a syn::Generics,
    pub self_ty: &'a syn::Type,
}

impl Context {
    pub fn new(
        sig: &syn::Signature,
        block: &syn::Block,
        krate: &syn::Path,
        outer: Option<Impl<'_>>,
    ) -> Context {
        let impl_generics = outer.map(|i| i.generics);
        let generics = || [Some(&sig.generics), impl_generics].into_iter().flatten();
        let mut non_static_params: Vec<Ident> = generics()
            .flat_map(lifetimes::non_static_type_params)
            .collect();
        let self_may_borrow = impl_generics.is_some_and(|g| {
            g.lifetimes().next().is_some() || !lifetimes::non_static_type_params(g).is_empty()
        });
        if self_may_borrow {
            // A value of type `Self` may borrow as well.
            non_static_params.push(Ident::new("Self", proc_macro2::Span::call_site()));
        }
        let self_ty = syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: crate::syntax::simple_path("Self", false),
        });
        let inputs_may_borrow = generics().any(|g| g.lifetimes().next().is_some())
            || sig.inputs.iter().any(|input| match input {
                syn::FnArg::Receiver(r) => match &r.kind {
                    syn::ReceiverKind::Typed(_, ty) => {
                        lifetimes::may_borrow(ty, &non_static_params)
                    }
                    syn::ReceiverKind::Value => lifetimes::may_borrow(&self_ty, &non_static_params),
                    _ => true,
                },
                syn::FnArg::Typed(t) => lifetimes::may_borrow(&t.ty, &non_static_params),
            });
        Context {
            krate: krate.clone(),
            fn_name: sig.ident.unraw().to_string(),
            in_impl: impl_generics.is_some() || mentions_self(sig, block),
            non_static_params,
            generic_names: generics().flat_map(lifetimes::param_names).collect(),
            inputs_may_borrow,
            generics: merged_generics(impl_generics, &sig.generics),
            self_ty: outer.map(|i| i.self_ty.clone()),
            sync: false,
        }
    }
}

/// A method (it has `self`) or an associated function that names `Self`.
fn mentions_self(sig: &syn::Signature, block: &syn::Block) -> bool {
    struct FindSelf(bool);
    impl<'ast> Visit<'ast> for FindSelf {
        fn visit_ident(&mut self, ident: &'ast Ident) {
            self.0 |= ident == "Self";
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            self.visit_path(&mac.path);
            self.0 |= any_ident(mac.tokens.clone(), &|ident| ident == "Self");
        }
    }
    let mut find = FindSelf(sig.receiver().is_some());
    find.visit_signature(sig);
    find.visit_block(block);
    find.0
}

/// How one use of a name is rewritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UseRewrite {
    Keep,
    /// `*borrow(&x, "x", site)`, `*borrow_mut(..)` or `*lazy(..)`: the frame
    /// owns the cell.
    Borrow {
        mode: Mode,
        site: String,
    },
    /// `*x` (`**x` through a lazy guard): the returned closure holds the
    /// cell for the call.
    Guard {
        mode: Mode,
    },
}

/// How a cell is held: by a returned closure for a call, or by one use in
/// the frame that owns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every use reads: a shared borrow.
    Shared,
    /// Some use is a method call or a call of a captured closure, which
    /// reads or changes as rustc decides: a guard that borrows shared on
    /// `deref` and exclusive on `deref_mut`.
    Lazy,
    /// Some use changes it by its syntax (`x = ..`, `x += ..`, `&mut x`).
    Exclusive,
    /// Only closures it returns use the variable: it just passes the cell on.
    PassThrough,
}

impl Mode {
    /// The mode a use, or a call making some uses, needs.
    pub fn of(access: Access) -> Mode {
        match access {
            Access::Read => Mode::Shared,
            Access::Either => Mode::Lazy,
            Access::Mutate | Access::Assign => Mode::Exclusive,
        }
    }
}

#[derive(Debug)]
pub struct Capture {
    pub binding: BindingId,
    pub mode: Mode,
    /// The cell is in the frame that makes the closure (not a guard of it).
    pub owned_by_parent: bool,
    /// The type may borrow: the view shows no contents.
    pub opaque: bool,
    /// This closure is the only returned closure that changes the
    /// variable (`sole_writers`).
    pub sole: bool,
}

pub struct Introspected {
    pub qualname: String,
    pub ty: ClosureType,
    /// In `freevars` order.
    pub captures: Vec<Capture>,
    pub argcount: usize,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
}

pub struct Plan {
    pub lifted: Table<BindingId, bool>,
    pub uses: Table<UseId, UseRewrite>,
    pub introspected: BTreeMap<ClosureId, Introspected>,
    pub wraps: HashMap<WrapSite, ClosureId>,
    /// `move` closures that are not returned but capture cells of their
    /// frame: each takes a clone of them. (Values a returned closure holds
    /// borrowed are copied in, as plain Rust does: see `rewrite::Copies`.)
    pub clones: HashMap<ClosureId, Vec<BindingId>>,
    /// Bindings whose cell is made where their body starts (parameters of
    /// returned closures), by closure.
    pub lifted_params: HashMap<ClosureId, Vec<BindingId>>,
    /// Cells that no code borrows shared: every use changes the variable,
    /// or may (a method call). Under `sync` they are mutexes, cheaper than
    /// reader-writer locks, as only one borrow at a time ever holds them;
    /// without `sync` there is one kind of cell, and this table is empty.
    pub exclusive_cells: Table<BindingId, bool>,
    /// Lifted variables that hold a closure (`let get = move || n;`). In
    /// plain Rust such a closure can be captured by a sibling and still be
    /// used as a value only when it is `Copy`; in a cell it is not (its
    /// captures are cells), and it is cloned instead, which shares them.
    pub closure_values: HashSet<BindingId>,
    /// The uses of those as values (`(get, twice)`), which clone them.
    pub cloned: HashSet<UseId>,
}

pub fn build(analysis: &Analysis, returns: Returns, cx: &Context) -> (Plan, Errors) {
    let Returns { returned, wraps } = returns;
    let planner = Planner::new(analysis, &returned, cx);
    let mut errors = Errors::default();
    let (uses, direct) = planner.uses(&mut errors);
    planner.check_initialised(&mut errors);
    planner.check_resolved(&mut errors);
    let mut introspected = BTreeMap::new();
    let mut lifted_params = HashMap::new();
    for (id, ret) in &returned {
        let info = planner.introspected(*id, ret, &direct, &mut errors);
        lifted_params.insert(*id, planner.lifted_params(*id));
        introspected.insert(*id, info);
    }
    if !cx.sync {
        sole_writers(&mut introspected, &analysis.model);
    }
    let clones = planner.clones();
    // Only `sync` has two kinds of cells to choose from.
    let exclusive_cells = if cx.sync {
        exclusive_cells(&planner.lifted, &analysis.model, &uses)
    } else {
        Table::default()
    };
    let closure_values: HashSet<BindingId> = analysis
        .let_closures
        .iter()
        .filter(|&(&b, c)| planner.lifted[b] && !analysis.boxed_lets.contains(c))
        .map(|(&b, _)| b)
        .collect();
    let cloned_uses = analysis
        .by_value
        .iter()
        .filter(|&&u| {
            uses[u] != UseRewrite::Keep
                && analysis.model.uses[u]
                    .binding
                    .is_some_and(|b| closure_values.contains(&b))
        })
        .copied()
        .collect();
    let plan = Plan {
        lifted: planner.lifted,
        uses,
        introspected,
        wraps,
        clones,
        lifted_params,
        exclusive_cells,
        closure_values,
        cloned: cloned_uses,
    };
    (plan, errors)
}

/// Marks each capture by the only returned closure that may change the
/// variable (its guard is exclusive or lazy): the cell names that closure
/// as the holder of its exclusive borrows, and the closure's calls record
/// nothing (`__private::sole_mut`). An `async` closure borrows per
/// statement, as the function does, and is never the sole writer; without
/// `sync` only, whose cells name their holders otherwise.
fn sole_writers(introspected: &mut BTreeMap<ClosureId, Introspected>, model: &Model) {
    let mut writers: HashMap<BindingId, usize> = HashMap::new();
    for (&id, info) in introspected.iter() {
        for c in &info.captures {
            if matches!(c.mode, Mode::Exclusive | Mode::Lazy) {
                let count = writers.entry(c.binding).or_default();
                // An async writer counts twice: never sole, nor its sibling.
                *count += if model.closures[id].is_async { 2 } else { 1 };
            }
        }
    }
    for info in introspected.values_mut() {
        for c in &mut info.captures {
            c.sole = matches!(c.mode, Mode::Exclusive | Mode::Lazy) && writers[&c.binding] == 1;
        }
    }
}

/// The lifted bindings that every use borrows exclusively, or through a
/// lazy guard that becomes exclusive in a returned closure under `sync`
/// (`Guard { mode: Lazy }` is `Exclusive` there already): no shared borrow
/// of them is ever taken by the generated code.
fn exclusive_cells(
    lifted: &Table<BindingId, bool>,
    model: &Model,
    uses: &Table<UseId, UseRewrite>,
) -> Table<BindingId, bool> {
    let mut exclusive = lifted.map(|&lifted| lifted);
    for (id, u) in model.uses.iter() {
        let shared = matches!(
            uses[id],
            UseRewrite::Borrow {
                mode: Mode::Shared | Mode::Lazy,
                ..
            } | UseRewrite::Guard {
                mode: Mode::Shared | Mode::Lazy
            }
        );
        if let (true, Some(b)) = (shared, u.binding) {
            exclusive[b] = false;
        }
    }
    exclusive
}

struct Planner<'a> {
    analysis: &'a Analysis,
    model: &'a Model,
    cx: &'a Context,
    returned: &'a BTreeMap<ClosureId, Returned>,
    /// The frame each closure's body belongs to.
    frame_of: Table<ClosureId, Option<ClosureId>>,
    lifted: Table<BindingId, bool>,
    qualnames: HashMap<ClosureId, String>,
}

/// The strongest access each returned closure makes to each variable
/// through its guard.
type Direct = HashMap<(ClosureId, BindingId), Access>;

impl<'a> Planner<'a> {
    fn new(
        analysis: &'a Analysis,
        returned: &'a BTreeMap<ClosureId, Returned>,
        cx: &'a Context,
    ) -> Planner<'a> {
        let model = &analysis.model;
        let mut frame_of: Table<ClosureId, Option<ClosureId>> = Table::default();
        for (id, closure) in model.closures.iter() {
            let frame = if returned.contains_key(&id) {
                Some(id)
            } else {
                closure.parent.and_then(|p| frame_of[p])
            };
            frame_of.push(frame);
        }
        let mut lifted = model.bindings.map(|_| false);
        for &id in returned.keys() {
            for &(b, _) in &model.closures[id].captures {
                lifted[b] = true;
            }
        }
        for (b, binding) in model.bindings.iter() {
            if let Some(first) = binding.alias_of {
                lifted[b] = lifted[first];
            }
        }
        lift_cfg_twins(model, &mut lifted);
        Planner {
            analysis,
            model,
            cx,
            returned,
            frame_of,
            lifted,
            qualnames: qualnames(model, returned, cx),
        }
    }

    /// Whether uses in `frame` borrow the cell each time (`*borrow(&x, ..)`
    /// until the end of the statement) rather than through a guard held
    /// for the call: in the frame that owns the cell, and in a returned
    /// `async` closure, whose calls may interleave at each `.await`.
    fn borrows_per_use(&self, frame: Option<ClosureId>, b: BindingId) -> bool {
        frame == self.owner_frame(b)
            || frame
                .is_some_and(|f| self.returned.contains_key(&f) && self.model.closures[f].is_async)
    }

    /// The frame that declares a variable (and owns its cell).
    fn owner_frame(&self, b: BindingId) -> Option<ClosureId> {
        match self.model.bindings[b].owner {
            Owner::Function => None,
            Owner::Closure(c) => self.frame_of[c],
        }
    }

    /// A use inside another macro keeps its name. In the frame that owns the
    /// cell, that name is the cell; in a returned closure it is the borrowed
    /// value, except for `self`, which the closure holds under another name.
    fn unrewritable(
        &self,
        b: BindingId,
        mac: &str,
        span: proc_macro2::Span,
        rewrite: &UseRewrite,
    ) -> Option<syn::Error> {
        let name = &self.model.bindings[b].name;
        let message = match rewrite {
            UseRewrite::Borrow { .. } | UseRewrite::Guard { .. } if name == "self" => format!(
                "#[introspect] cannot rewrite `self` inside `{mac}!`, a macro it does not \
                 know: `self` is in a cell, under another name. Bind it first \
                 (`let this = &self;`) and pass that"
            ),
            _ => return None,
        };
        Some(syn::Error::new(span, message))
    }

    /// The access a use needs of its cell. Any use of a variable declared
    /// `&mut T` (or `&mut self`) may reborrow it mutably (`helper(r)`),
    /// which needs the cell held exclusively.
    fn access(&self, b: BindingId, access: Access) -> Access {
        let mut_ref = matches!(
            self.model.bindings[b].ty,
            Some(syn::Type::Reference(syn::TypeReference {
                mutability: Some(_),
                ..
            }))
        );
        if mut_ref {
            access.max(Access::Mutate)
        } else {
            access
        }
    }

    /// Whether a variable's value may borrow, so that its view cannot hand
    /// it out. Read from its declared type; without one, from what the
    /// value can have been made of: the function's inputs, and the
    /// parameters of the returned closure that declares it.
    fn may_borrow(&self, b: BindingId) -> bool {
        let binding = &self.model.bindings[b];
        let params = &self.cx.non_static_params;
        if binding.kind == (BindingKind::Receiver { by_ref: true }) {
            return true;
        }
        if let Some(ty) = &binding.ty {
            return lifetimes::may_borrow(ty, params);
        }
        let closure_inputs_borrow = |c: ClosureId| {
            self.returned
                .get(&c)
                .is_some_and(|r| r.ty.inputs.iter().any(|t| lifetimes::may_borrow(t, params)))
        };
        self.cx.inputs_may_borrow
            || match binding.owner {
                Owner::Function => false,
                Owner::Closure(c) => closure_inputs_borrow(c),
            }
    }

    fn site(&self, frame: Option<ClosureId>) -> String {
        frame.map_or_else(|| self.cx.fn_name.clone(), |c| self.qualnames[&c].clone())
    }

    fn uses(&self, errors: &mut Errors) -> (Table<UseId, UseRewrite>, Direct) {
        let mut direct = Direct::new();
        let mut uses = Table::default();
        for (id, u) in self.model.uses.iter() {
            let rewrite = match u.binding {
                Some(b) if self.lifted[b] && !u.before_body => {
                    let frame = u.closure.and_then(|c| self.frame_of[c]);
                    let access = self.access(b, u.access);
                    if self.borrows_per_use(frame, b) {
                        UseRewrite::Borrow {
                            mode: Mode::of(access),
                            site: self.site(frame),
                        }
                    } else {
                        if let Some(f) = frame {
                            let strongest = direct.entry((f, b)).or_insert(access);
                            *strongest = (*strongest).max(access);
                        }
                        // The mode is the call's, known once every use is seen.
                        UseRewrite::Guard {
                            mode: Mode::PassThrough,
                        }
                    }
                }
                _ => UseRewrite::Keep,
            };
            if let (Some(mac), Some(b)) = (&u.in_macro, u.binding)
                && let Some(error) = self.unrewritable(b, mac, u.span, &rewrite)
            {
                errors.stop(error);
            }
            // `let x; x = 1;` initialises: refused once, in `check_initialised`.
            if let Some(b) = u.binding
                && self.lifted[b]
                && u.access == Access::Assign
                && !self.model.bindings[b].mutable
                && self.model.bindings[b].kind != (BindingKind::SimpleLet { deferred: true })
            {
                errors.beside(self.nonlocal_error(b, id));
            }
            uses.push(rewrite);
        }
        for (id, u) in self.model.uses.iter() {
            if let (UseRewrite::Guard { mode }, Some(b), Some(frame)) = (
                &mut uses[id],
                u.binding,
                u.closure.and_then(|c| self.frame_of[c]),
            ) && let Some(&access) = direct.get(&(frame, b))
            {
                *mode = self.call_mode(access);
            }
        }
        (uses, direct)
    }

    /// How a returned closure holds a cell for its call. Under `sync`, a
    /// cell it may change (a method call) is held exclusively from the
    /// start: a lazy guard's change from shared to exclusive would let
    /// another thread's change in between a read and a write.
    fn call_mode(&self, access: Access) -> Mode {
        match Mode::of(access) {
            Mode::Lazy if self.cx.sync => Mode::Exclusive,
            mode => mode,
        }
    }

    /// A returned closure cannot use a name a macro may have declared: its
    /// cell would be missing.
    fn check_resolved(&self, errors: &mut Errors) {
        for unresolved in &self.analysis.unresolved {
            let u = &self.model.uses[unresolved.use_id];
            if u.closure.and_then(|c| self.frame_of[c]).is_some() {
                errors.stop(syn::Error::new(
                    u.span,
                    format!(
                        "#[introspect] cannot tell whether `{name}` is a variable: `{mac}!` above \
                         may declare it, and variables a macro declares are invisible to \
                         #[introspect]. Declare `{name}` with `let`; if it is a function or a \
                         constant, write its path (`self::{name}`)",
                        name = unresolved.name,
                        mac = unresolved.mac,
                    ),
                ));
            }
        }
    }

    fn check_initialised(&self, errors: &mut Errors) {
        for (b, binding) in self.model.bindings.iter() {
            if self.lifted[b] && binding.kind == (BindingKind::SimpleLet { deferred: true }) {
                errors.stop(syn::Error::new(
                    binding.ident.span(),
                    format!(
                        "#[introspect] keeps `{0}` in a cell from where it is declared, so it \
                         needs a value there: write `let {0} = <value>;`",
                        binding.name
                    ),
                ));
            }
        }
    }

    fn introspected(
        &self,
        id: ClosureId,
        ret: &Returned,
        direct: &Direct,
        errors: &mut Errors,
    ) -> Introspected {
        let closure = &self.model.closures[id];
        let parent_frame = closure.parent.and_then(|p| self.frame_of[p]);
        let mut captures: Vec<Capture> = closure
            .captures
            .iter()
            .map(|&(b, _)| Capture {
                binding: b,
                mode: direct
                    .get(&(id, b))
                    .copied()
                    .map_or(Mode::PassThrough, |access| self.call_mode(access)),
                owned_by_parent: self.owner_frame(b) == parent_frame,
                opaque: self.may_borrow(b),
                sole: false,
            })
            .collect();
        let name = |c: &Capture| &self.model.bindings[c.binding].name;
        captures.sort_by(|a, b| name(a).cmp(name(b)));
        if self.needs_unknown_self(ret) {
            errors.stop(syn::Error::new_spanned(
                &ret.ty.bound,
                "#[introspect] needs the type `Self` stands for to give this closure its \
                 signature (its result borrows from its argument): put the attribute on the \
                 `impl` block instead of the method",
            ));
        }
        if let (Some(bound), Some(first), false) =
            (&ret.ty.thread_bound, captures.first(), self.cx.sync)
        {
            errors.stop(syn::Error::new_spanned(
                bound,
                format!(
                    "this closure captures `{}`, and #[introspect] keeps captured variables in \
                     `Rc<RefCell<_>>` cells, which are not `Send` or `Sync`: write \
                     `#[introspect(sync)]` for cells that can go to other threads, or remove \
                     this bound",
                    name(first)
                ),
            ));
        }
        let (varnames, cellvars) = code_names(self.model, id, &self.lifted);
        Introspected {
            qualname: self.qualnames[&id].clone(),
            ty: ret.ty.clone(),
            captures,
            argcount: closure.params.len(),
            varnames,
            cellvars,
        }
    }

    /// A closure whose result borrows from its argument gets its signature
    /// from a nested `fn` (`codegen::Gen::signature`), which cannot name
    /// `Self`: the `impl`'s type stands in for it, unknown to an attribute
    /// on the method alone.
    fn needs_unknown_self(&self, ret: &Returned) -> bool {
        self.cx.self_ty.is_none()
            && ret
                .ty
                .output
                .as_ref()
                .is_some_and(crate::shape::has_elided_lifetime)
            && any_ident(ret.ty.bound.clone(), &|ident| ident == "Self")
    }

    /// Parameters of a returned closure that closures it returns capture.
    fn lifted_params(&self, id: ClosureId) -> Vec<BindingId> {
        self.model.closures[id]
            .param_bindings
            .iter()
            .copied()
            .filter(|&b| self.lifted[b] && self.model.bindings[b].owner == Owner::Closure(id))
            .collect()
    }

    fn clones(&self) -> HashMap<ClosureId, Vec<BindingId>> {
        let mut clones = HashMap::new();
        for (id, closure) in self.model.closures.iter() {
            if closure.is_move && !self.returned.contains_key(&id) {
                let takes: Vec<BindingId> = closure
                    .captures
                    .iter()
                    .map(|&(b, _)| b)
                    .filter(|&b| self.lifted[b] && self.borrows_per_use(self.frame_of[id], b))
                    .collect();
                if !takes.is_empty() {
                    clones.insert(id, takes);
                }
            }
        }
        clones
    }

    fn nonlocal_error(&self, b: BindingId, use_id: UseId) -> syn::Error {
        let binding = &self.model.bindings[b];
        // The closure that assigns: the frame of the use.
        let by = self.site(
            self.model.uses[use_id]
                .closure
                .and_then(|c| self.frame_of[c]),
        );
        let declare = match binding.kind {
            BindingKind::Param | BindingKind::Receiver { .. } => {
                format!("declare the parameter `mut {}`", binding.name)
            }
            BindingKind::SimpleLet { .. } | BindingKind::Pattern => {
                format!("declare it `let mut {}`", binding.name)
            }
        };
        let message = format!(
            "cannot assign to captured variable `{}`: {declare} (Rust's `nonlocal`) to rebind it \
             from `{by}`",
            binding.name,
        );
        match self.analysis.assignments.get(&use_id) {
            Some(&(first, last)) => spanning(first, last, message),
            None => syn::Error::new(self.model.uses[use_id].span, message),
        }
    }
}

/// `#[cfg(a)] let level = 1; #[cfg(not(a))] let level = 2;`: whichever
/// `let` is compiled, uses refer to it, so if one is a cell all are.
fn lift_cfg_twins(model: &Model, lifted: &mut Table<BindingId, bool>) {
    let mut twins: HashMap<(usize, &str), Vec<BindingId>> = HashMap::new();
    for (b, binding) in model.bindings.iter() {
        twins
            .entry((binding.block, binding.name.as_str()))
            .or_default()
            .push(b);
    }
    for group in twins.values() {
        let gated = group.iter().any(|&b| model.bindings[b].cfg);
        if gated && group.iter().any(|&b| lifted[b]) {
            for &b in group {
                lifted[b] = true;
            }
        }
    }
}

/// `make_averager::averager`, `adder::{closure}::{closure}`.
fn qualnames(
    model: &Model,
    returned: &BTreeMap<ClosureId, Returned>,
    cx: &Context,
) -> HashMap<ClosureId, String> {
    let mut names: HashMap<ClosureId, String> = HashMap::new();
    // Parents have smaller ids, so their names exist first.
    for (&id, ret) in returned {
        let mut parent = model.closures[id].parent;
        while let Some(p) = parent {
            if returned.contains_key(&p) {
                break;
            }
            parent = model.closures[p].parent;
        }
        let prefix = parent.map_or_else(|| cx.fn_name.clone(), |p| names[&p].clone());
        let name = ret.name.as_deref().unwrap_or("{closure}");
        names.insert(id, format!("{prefix}::{name}"));
    }
    names
}

/// `co_varnames` and `co_cellvars` with CPython 3.11's rules: parameters,
/// then locals in order of first binding; a captured local that is not a
/// parameter is a cell variable and not a local.
fn code_names(
    model: &Model,
    id: ClosureId,
    lifted: &Table<BindingId, bool>,
) -> (Vec<String>, Vec<String>) {
    let closure = &model.closures[id];
    let name = |b: &BindingId| model.bindings[*b].name.clone();
    let is_param_name = |b: &BindingId| closure.params.contains(&model.bindings[*b].name);

    let mut varnames = closure.params.clone();
    let locals = closure
        .param_bindings
        .iter()
        .filter(|b| !is_param_name(b))
        .chain(&closure.locals);
    for b in locals {
        if !lifted[*b] && !varnames.contains(&name(b)) {
            varnames.push(name(b));
        }
    }

    let mut cellvars: Vec<String> = Vec::new();
    for b in closure.param_bindings.iter().filter(|b| is_param_name(b)) {
        if lifted[*b] && !cellvars.contains(&name(b)) {
            cellvars.push(name(b));
        }
    }
    let mut others: Vec<String> = closure
        .param_bindings
        .iter()
        .filter(|b| !is_param_name(b))
        .chain(&closure.locals)
        .filter(|b| lifted[**b])
        .map(name)
        .filter(|n| !cellvars.contains(n))
        .collect();
    others.sort();
    others.dedup();
    cellvars.extend(others);
    (varnames, cellvars)
}

/// An error spanning from one token to another, as `new_spanned` spans the
/// tokens of a node.
fn spanning(first: proc_macro2::Span, last: proc_macro2::Span, message: String) -> syn::Error {
    let mut start = proc_macro2::Punct::new('=', proc_macro2::Spacing::Alone);
    start.set_span(first);
    let mut end = start.clone();
    end.set_span(last);
    syn::Error::new_spanned(quote::quote!(#start #end), message)
}
