//! Builds the [`Model`] of a function: resolves every name the way rustc
//! does (lexical scopes, shadowing, items declared in blocks), records which
//! closure uses which variable and how, in one pass over the body.
//!
//! Names are looked up in a map from name to a stack of meanings, undone
//! when a scope ends, so the pass is linear in the size of the function.

use crate::body_macro::{Arg, BodyMacro, MacroArgs, is_expression_macro};
use crate::model::{
    Access, Binding, BindingId, BindingKind, Closure, ClosureId, Counters, Model, Owner, Use,
};
use proc_macro2::{Ident, TokenStream};
use quote::ToTokens;
use std::collections::{HashMap, HashSet};
use syn::ext::IdentExt as _;
use syn::visit::{self, Visit};
use syn::{
    Attribute, BinOp, Block, Expr, ExprClosure, ExprPath, FnArg, Item, Macro, Pat, PatIdent,
    ReceiverKind, Signature, Stmt, Type, UseTree,
};

/// The model, plus what the return analysis needs to find closures by node.
#[derive(Default)]
pub struct Analysis {
    pub model: Model,
    /// Single-name paths in expression position, by node address.
    pub path_ids: HashMap<usize, crate::model::UseId>,
    /// Closures, by node address.
    pub closure_ids: HashMap<usize, ClosureId>,
    /// `let NAME = <closure>;` or `let NAME = Box::new(<closure>);`.
    pub let_closures: HashMap<BindingId, ClosureId>,
    /// The closures of those `let`s that are boxed.
    pub boxed_lets: HashSet<ClosureId>,
    /// An assignment to a variable (`x = ..`, `x += ..`), for error messages.
    pub assignments: HashMap<crate::model::UseId, TokenStream>,
    /// How many sites of each kind the function has.
    pub counters: Counters,
    /// Names that resolve to nothing, used (not called) after a statement
    /// macro that may have declared them: `my_let!(x); move || x`.
    pub unresolved: Vec<Unresolved>,
}

/// A name used after a statement macro that may have declared it.
pub struct Unresolved {
    pub use_id: crate::model::UseId,
    pub name: String,
    pub mac: String,
}

/// Analyses a function's parameters and body.
pub fn analyze(sig: &Signature, body: &Block) -> Analysis {
    let mut walker = Walker::default();
    walker.push_scope();
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                let ident = Ident::from(receiver.self_token);
                walker.declaring_params = true;
                let id = walker.new_binding(&ident, receiver.mutability.is_some());
                walker.declaring_params = false;
                let binding = &mut walker.analysis.model.bindings[id];
                match &receiver.kind {
                    ReceiverKind::Reference(_, lifetime, mutability) => {
                        binding.kind = BindingKind::Receiver { by_ref: true };
                        binding.ty = Some(syn::parse_quote!(& #lifetime #mutability Self));
                    }
                    ReceiverKind::Typed(_, ty) => {
                        binding.kind = BindingKind::Receiver { by_ref: false };
                        binding.ty = Some((**ty).clone());
                    }
                    _ => {
                        binding.kind = BindingKind::Receiver { by_ref: false };
                        binding.ty = Some(syn::parse_quote!(Self));
                    }
                }
                params.push(id);
            }
            FnArg::Typed(typed) => {
                params.extend(walker.declare(&typed.pat, Some(&typed.ty), true));
            }
        }
    }
    walker.activate(&params, false);
    walker.visit_block(body);
    walker.pop_scope();
    walker.analysis.counters = walker.counters;
    walker.analysis
}

#[derive(Clone, Copy)]
enum Meaning {
    Local(BindingId),
    Item,
}

#[derive(Default)]
struct Walker {
    analysis: Analysis,
    counters: Counters,
    meanings: HashMap<String, Vec<Meaning>>,
    /// Names given a meaning, to take back when their scope ends.
    undo: Vec<String>,
    scope_starts: Vec<usize>,
    closure_stack: Vec<ClosureId>,
    /// While a pattern is read: the bindings it declares, not yet visible.
    declaring: Vec<BindingId>,
    declared_ty: Option<Type>,
    declaring_params: bool,
    /// Bindings visible in a guard or `let` chain but whose body has not
    /// started.
    before_body: Vec<bool>,
    /// The access of the next use of these paths, set by their parent.
    access_of: HashMap<usize, Access>,
    assignment_of: HashMap<usize, TokenStream>,
    /// Paths called as functions (`f(..)`).
    callees: HashSet<usize>,
    /// Statement macros that may declare variables, with their scope depth.
    declaring_macros: Vec<(usize, String)>,
    /// The blocks being walked, by number.
    blocks: Vec<usize>,
    /// Inside the arguments of a macro that is not a standard one.
    unknown_macro: Option<String>,
    next_block: usize,
}

fn addr<T>(node: &T) -> usize {
    std::ptr::from_ref(node).addr()
}

/// Whether a pattern identifier binds a variable: `None`, `MAX` and other
/// capitalised names are constants, variants and unit structs, as rustc's
/// naming lints assume.
pub fn is_binding(pat: &PatIdent) -> bool {
    let starts_upper = pat
        .ident
        .to_string()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    !starts_upper || pat.by_ref.is_some() || pat.mutability.is_some() || pat.subpat.is_some()
}

/// The names a pattern binds, in order.
#[cfg(test)]
pub fn pattern_names(pat: &Pat, names: &mut Vec<Ident>) {
    struct Names<'a>(&'a mut Vec<Ident>);
    impl<'ast> Visit<'ast> for Names<'_> {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            if is_binding(pat) {
                self.0.push(pat.ident.clone());
            }
            syn::visit::visit_pat_ident(self, pat);
        }
        fn visit_expr(&mut self, _: &'ast Expr) {}
    }
    Names(names).visit_pat(pat);
}

/// The name CPython would give a parameter in `co_varnames`.
pub fn param_name(pat: &Pat, index: usize) -> String {
    match pat {
        Pat::Ident(p) if p.subpat.is_none() => p.ident.to_string(),
        Pat::Type(t) => param_name(&t.pat, index),
        Pat::Wild(_) => "_".to_owned(),
        _ => format!(".{index}"),
    }
}

/// The single variable path of an expression (`x`, not `a::x` or `x::<T>`).
pub fn single_ident(expr: &Expr) -> Option<(&ExprPath, &Ident)> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(|ident| (p, ident)),
        _ => None,
    }
}

/// The variable a place expression starts from: `x` in `x.a[i].b` or `*x`.
fn place_root(expr: &Expr) -> Option<&ExprPath> {
    match expr {
        Expr::Path(_) => single_ident(expr).map(|(p, _)| p),
        Expr::Field(e) => place_root(&e.base),
        Expr::Index(e) => place_root(&e.expr),
        Expr::Paren(e) => place_root(&e.expr),
        Expr::Group(e) => place_root(&e.expr),
        Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => place_root(&e.expr),
        _ => None,
    }
}

fn is_compound_assign(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip_parens(&p.expr),
        _ => expr,
    }
}

/// The closure a `let` initialiser is, directly or boxed.
pub fn closure_in_init(init: &Expr) -> Option<&ExprClosure> {
    match strip_parens(init) {
        Expr::Closure(c) => Some(c),
        Expr::Call(call) if is_box_new(&call.func) && call.args.len() == 1 => match &call.args[0] {
            Expr::Closure(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// `Box::new`, with or without a leading path.
pub fn is_box_new(func: &Expr) -> bool {
    let Expr::Path(p) = func else { return false };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.ends_with(&["Box".to_owned(), "new".to_owned()])
}

impl Walker {
    fn push_scope(&mut self) {
        self.scope_starts.push(self.undo.len());
    }

    fn pop_scope(&mut self) {
        let start = self.scope_starts.pop().unwrap_or(0);
        for name in self.undo.drain(start..).rev() {
            if let Some(stack) = self.meanings.get_mut(&name) {
                stack.pop();
            }
        }
        let depth = self.scope_starts.len();
        self.declaring_macros.retain(|(at, _)| *at <= depth);
    }

    fn give_meaning(&mut self, name: String, meaning: Meaning) {
        self.meanings.entry(name.clone()).or_default().push(meaning);
        self.undo.push(name);
    }

    fn owner(&self) -> Owner {
        self.closure_stack
            .last()
            .map_or(Owner::Function, |&c| Owner::Closure(c))
    }

    fn new_binding(&mut self, ident: &Ident, mutable: bool) -> BindingId {
        let id = self.counters.bindings;
        self.counters.bindings += 1;
        let owner = self.owner();
        self.analysis.model.bindings.push(Binding {
            name: ident.unraw().to_string(),
            ident: ident.clone(),
            mutable,
            owner,
            ty: self.declared_ty.clone(),
            kind: if self.declaring_params {
                BindingKind::Param
            } else {
                BindingKind::Pattern
            },
            alias_of: None,
            block: self.blocks.last().copied().unwrap_or(0),
            cfg: false,
        });
        self.before_body.push(false);
        if let Owner::Closure(c) = owner
            && !self.declaring_params
        {
            self.analysis.model.closures[c].locals.push(id);
        }
        id
    }

    /// Numbers the bindings of a pattern (and visits what it contains)
    /// without making them visible yet.
    fn declare(&mut self, pat: &Pat, ty: Option<&Type>, params: bool) -> Vec<BindingId> {
        let outer = std::mem::take(&mut self.declaring);
        let outer_ty = std::mem::replace(&mut self.declared_ty, ty.cloned());
        let outer_params = std::mem::replace(&mut self.declaring_params, params);
        self.visit_pat(pat);
        self.declaring_params = outer_params;
        self.declared_ty = outer_ty;
        std::mem::replace(&mut self.declaring, outer)
    }

    fn activate(&mut self, ids: &[BindingId], before_body: bool) {
        for &id in ids {
            self.before_body[id] = before_body;
            let name = self.analysis.model.bindings[id].name.clone();
            self.give_meaning(name, Meaning::Local(id));
        }
    }

    fn start_body(&mut self, ids: &[BindingId]) {
        for &id in ids {
            self.before_body[id] = false;
        }
    }

    /// Records a use of `ident`, resolved in the current scope.
    /// What a name means here: a local, an item of an enclosing block, or
    /// nothing this function declares.
    fn meaning_of(&self, ident: &Ident) -> Option<Meaning> {
        self.meanings
            .get(&ident.unraw().to_string())
            .and_then(|s| s.last())
            .copied()
    }

    fn use_name(&mut self, ident: &Ident, access: Access) -> crate::model::UseId {
        let id = self.counters.uses;
        self.counters.uses += 1;
        let binding = match self.meaning_of(ident) {
            Some(Meaning::Local(b)) => Some(b),
            Some(Meaning::Item) | None => None,
        };
        let closure = self.closure_stack.last().copied();
        // Another macro may do anything with a name: assume it changes it.
        let access = if self.unknown_macro.is_some() {
            Access::Mutate
        } else {
            access
        };
        self.analysis.model.uses.push(Use {
            binding,
            access,
            closure,
            before_body: binding.is_some_and(|b| self.before_body[b]),
            span: ident.span(),
            in_macro: self.unknown_macro.clone(),
        });
        if let Some(b) = binding {
            self.capture(b, access);
        }
        id
    }

    /// Adds `binding` to the captures of every closure between the use and
    /// the binding's owner.
    fn capture(&mut self, binding: BindingId, access: Access) {
        let owner = self.analysis.model.bindings[binding].owner;
        for &c in self.closure_stack.iter().rev() {
            if owner == Owner::Closure(c) {
                break;
            }
            let captures = &mut self.analysis.model.closures[c].captures;
            match captures.iter_mut().find(|(b, _)| *b == binding) {
                Some((_, strongest)) => *strongest = (*strongest).max(access),
                None => captures.push((binding, access)),
            }
        }
    }

    fn mark(&mut self, expr: &Expr, access: Access) {
        if let Some(path) = place_root(expr) {
            let key = addr(path);
            let strongest = self
                .access_of
                .get(&key)
                .map_or(access, |a| (*a).max(access));
            self.access_of.insert(key, strongest);
        }
    }

    /// `x = ..`, `(x, y) = ..`, `x.f = ..`: rebinding a bare name is an
    /// assignment; anything else mutates through its root.
    fn mark_assigned(&mut self, left: &Expr, assignment: &TokenStream) {
        match left {
            Expr::Path(_) => {
                if let Some((path, _)) = single_ident(left) {
                    self.access_of.insert(addr(path), Access::Assign);
                    self.assignment_of.insert(addr(path), assignment.clone());
                }
            }
            Expr::Tuple(t) => t
                .elems
                .iter()
                .for_each(|e| self.mark_assigned(e, assignment)),
            Expr::Array(a) => a
                .elems
                .iter()
                .for_each(|e| self.mark_assigned(e, assignment)),
            Expr::Paren(p) => self.mark_assigned(&p.expr, assignment),
            Expr::Struct(s) => s
                .fields
                .iter()
                .for_each(|f| self.mark_assigned(&f.expr, assignment)),
            Expr::Call(c) => c
                .args
                .iter()
                .for_each(|e| self.mark_assigned(e, assignment)),
            _ => self.mark(left, Access::Mutate),
        }
    }

    fn visit_closure(&mut self, node: &ExprClosure) {
        let id = self.counters.closures;
        self.counters.closures += 1;
        self.analysis.closure_ids.insert(addr(node), id);
        self.analysis.model.closures.push(Closure {
            parent: self.closure_stack.last().copied(),
            is_move: node.capture.is_some(),
            params: Vec::new(),
            param_bindings: Vec::new(),
            locals: Vec::new(),
            captures: Vec::new(),
        });
        self.push_scope();
        self.closure_stack.push(id);
        for (index, input) in node.inputs.iter().enumerate() {
            let ty = match input {
                Pat::Type(t) => Some(&*t.ty),
                _ => None,
            };
            let ids = self.declare(input, ty, true);
            let closure = &mut self.analysis.model.closures[id];
            closure.params.push(param_name(input, index));
            closure.param_bindings.extend(&ids);
            self.activate(&ids, false);
        }
        self.visit_return_type(&node.output);
        self.visit_expr(&node.body);
        self.closure_stack.pop();
        self.pop_scope();
    }

    /// A `match` arm or `matches!` pattern: its bindings are visible in the
    /// guard (before the body starts) and in the body.
    fn visit_arm_parts(&mut self, pat: &Pat, body: Option<&Expr>) {
        self.push_scope();
        let ids = if let Pat::Guard(guarded) = pat {
            let ids = self.declare(&guarded.pat, None, false);
            self.activate(&ids, true);
            self.visit_expr(&guarded.guard);
            ids
        } else {
            let ids = self.declare(pat, None, false);
            self.activate(&ids, true);
            ids
        };
        self.start_body(&ids);
        if let Some(body) = body {
            self.visit_expr(body);
        }
        self.pop_scope();
    }

    /// `if` and `while` conditions may bind (`if let`, `let` chains): those
    /// bindings are visible in the rest of the condition and in the body.
    fn visit_conditional(&mut self, cond: &Expr, body: &Block) {
        self.push_scope();
        let first = self.counters.bindings;
        self.visit_expr(cond);
        let ids: Vec<BindingId> = (first..self.counters.bindings)
            .filter(|&b| self.before_body[b])
            .collect();
        self.start_body(&ids);
        self.visit_block(body);
        self.pop_scope();
    }
}

impl<'ast> Visit<'ast> for Walker {
    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_item(&mut self, _: &'ast Item) {
        // Nested items cannot capture locals; their bodies are not ours.
    }

    fn visit_block(&mut self, block: &'ast Block) {
        self.next_block += 1;
        self.blocks.push(self.next_block);
        self.push_scope();
        for stmt in &block.stmts {
            if let Stmt::Item(item) = stmt {
                for name in item_names(item) {
                    self.give_meaning(name, Meaning::Item);
                }
            }
        }
        for stmt in &block.stmts {
            self.visit_stmt(stmt);
            if let Stmt::Macro(m) = stmt
                && let Some(name) = m.mac.path.segments.last().map(|s| s.ident.to_string())
                && !is_expression_macro(&name)
            {
                let depth = self.scope_starts.len();
                self.declaring_macros.push((depth, name));
            }
        }
        self.pop_scope();
        self.blocks.pop();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let (ty, simple) = match &local.pat {
            Pat::Type(t) => (
                Some(&*t.ty),
                matches!(&*t.pat, Pat::Ident(p) if p.subpat.is_none()),
            ),
            Pat::Ident(p) => (None, p.subpat.is_none()),
            _ => (None, false),
        };
        let ids = self.declare(&local.pat, ty, false);
        if let Some(init) = &local.init {
            if binds_by_ref_mut(&local.pat) {
                self.mark(&init.expr, Access::Mutate);
            }
            let next_closure = self.counters.closures;
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
            if simple && ids.len() == 1 && closure_in_init(&init.expr).is_some() {
                self.analysis.let_closures.insert(ids[0], next_closure);
                if !matches!(strip_parens(&init.expr), Expr::Closure(_)) {
                    self.analysis.boxed_lets.insert(next_closure);
                }
            }
        }
        let cfg = local
            .attrs
            .iter()
            .any(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"));
        for &id in &ids {
            self.analysis.model.bindings[id].cfg = cfg;
        }
        if simple && ids.len() == 1 {
            let binding = &mut self.analysis.model.bindings[ids[0]];
            binding.kind = BindingKind::SimpleLet {
                deferred: local.init.is_none(),
            };
        }
        self.activate(&ids, false);
    }

    fn visit_pat_ident(&mut self, node: &'ast PatIdent) {
        if !is_binding(node) {
            return;
        }
        let name = node.ident.unraw().to_string();
        let first = self
            .declaring
            .iter()
            .copied()
            .find(|&b| self.analysis.model.bindings[b].name == name);
        let id = self.new_binding(&node.ident, node.mutability.is_some());
        match first {
            // `Ok(x) | Err(x)`: the second `x` is the first one again.
            Some(first) => self.analysis.model.bindings[id].alias_of = Some(first),
            None => self.declaring.push(id),
        }
        if let Some((_, sub)) = &node.subpat {
            self.visit_pat(sub);
        }
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Path(p) => {
                if let Some((_, ident)) = single_ident(expr) {
                    let key = addr(p);
                    let access = self.access_of.remove(&key).unwrap_or(Access::Read);
                    let use_id = self.use_name(ident, access);
                    self.analysis.path_ids.insert(key, use_id);
                    let lowercase = ident.to_string().starts_with(char::is_lowercase);
                    if self.meaning_of(ident).is_none()
                        && lowercase
                        && !self.callees.contains(&key)
                        && let Some((_, mac)) = self.declaring_macros.last()
                    {
                        self.analysis.unresolved.push(Unresolved {
                            use_id,
                            name: ident.to_string(),
                            mac: mac.clone(),
                        });
                    }
                    if let Some(tokens) = self.assignment_of.remove(&key) {
                        self.analysis.assignments.insert(use_id, tokens);
                    }
                } else {
                    visit::visit_expr(self, expr);
                }
            }
            Expr::Closure(c) => self.visit_closure(c),
            Expr::Assign(a) => {
                self.mark_assigned(&a.left, &expr.to_token_stream());
                visit::visit_expr(self, expr);
            }
            Expr::Binary(b) if is_compound_assign(&b.op) => {
                if single_ident(&b.left).is_some() {
                    self.mark_assigned(&b.left, &expr.to_token_stream());
                } else {
                    self.mark(&b.left, Access::Mutate);
                }
                visit::visit_expr(self, expr);
            }
            Expr::MethodCall(m) => {
                self.mark(&m.receiver, Access::Mutate);
                visit::visit_expr(self, expr);
            }
            Expr::Reference(r) if r.mutability.is_some() => {
                self.mark(&r.expr, Access::Mutate);
                visit::visit_expr(self, expr);
            }
            Expr::RawAddr(r) if matches!(r.mutability, syn::PointerMutability::Mut(_)) => {
                self.mark(&r.expr, Access::Mutate);
                visit::visit_expr(self, expr);
            }
            // Calling a captured closure may need `&mut` (an `FnMut`).
            Expr::Call(c) => {
                if let Some((path, _)) = single_ident(&c.func) {
                    self.callees.insert(addr(path));
                }
                self.mark(&c.func, Access::Mutate);
                visit::visit_expr(self, expr);
            }
            Expr::ForLoop(f) => {
                let ids = self.declare(&f.pat, None, false);
                self.visit_expr(&f.expr);
                self.push_scope();
                self.activate(&ids, false);
                self.visit_block(&f.body);
                self.pop_scope();
            }
            Expr::If(i) => {
                self.visit_conditional(&i.cond, &i.then_branch);
                if let Some((_, else_branch)) = &i.else_branch {
                    self.visit_expr(else_branch);
                }
            }
            Expr::While(w) => self.visit_conditional(&w.cond, &w.body),
            Expr::Let(l) => {
                if binds_by_ref_mut(&l.pat) {
                    self.mark(&l.expr, Access::Mutate);
                }
                let ids = self.declare(&l.pat, None, false);
                self.visit_expr(&l.expr);
                self.activate(&ids, true);
            }
            Expr::Match(m) => {
                if m.arms.iter().any(|arm| binds_by_ref_mut(&arm.pat)) {
                    self.mark(&m.expr, Access::Mutate);
                }
                self.visit_expr(&m.expr);
                for arm in &m.arms {
                    self.visit_arm_parts(&arm.pat, Some(&arm.body));
                }
            }
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        let BodyMacro { name, known, args } = BodyMacro::parse(mac);
        let outer = self.unknown_macro.take();
        if !known {
            self.unknown_macro = Some(name);
        }
        match args {
            MacroArgs::List {
                args,
                inline,
                writes_first,
            } => {
                if writes_first && let Some(Arg::Expr(out)) = args.first() {
                    self.mark(out, Access::Mutate);
                }
                for arg in &args {
                    match arg {
                        Arg::Expr(e) | Arg::Named { value: e, .. } => self.visit_expr(e),
                    }
                }
                for name in &inline {
                    self.use_name(name, Access::Read);
                }
            }
            MacroArgs::Repeat { elem, len, .. } => {
                self.visit_expr(&elem);
                self.visit_expr(&len);
            }
            MacroArgs::Matches { expr, pat, .. } => {
                self.visit_expr(&expr);
                self.visit_arm_parts(&pat, None);
            }
            // Unknown syntax: assume the strongest use.
            MacroArgs::Opaque { names } => {
                for name in &names {
                    self.use_name(name, Access::Mutate);
                }
            }
            MacroArgs::Inert => {}
        }
        self.unknown_macro = outer;
    }
}

/// Whether a pattern binds by `ref mut`, borrowing what it matches mutably.
fn binds_by_ref_mut(pat: &Pat) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0 |= pat.by_ref.is_some() && pat.mutability.is_some();
            syn::visit::visit_pat_ident(self, pat);
        }
        fn visit_expr(&mut self, _: &'ast Expr) {}
    }
    let mut find = Find(false);
    find.visit_pat(pat);
    find.0
}

/// The value-namespace names an item declared in a block introduces.
fn item_names(item: &Item) -> Vec<String> {
    fn use_names(tree: &UseTree, names: &mut Vec<String>) {
        match tree {
            UseTree::Path(p) => use_names(&p.tree, names),
            UseTree::Name(n) => names.push(n.ident.to_string()),
            UseTree::Rename(r) => names.push(r.rename.to_string()),
            UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, names)),
            UseTree::Glob(_) => {}
        }
    }
    let mut names = Vec::new();
    match item {
        Item::Const(i) => names.push(i.ident.to_string()),
        Item::Static(i) => names.push(i.ident.to_string()),
        Item::Fn(i) => names.push(i.sig.ident.to_string()),
        Item::Struct(i) => names.push(i.ident.to_string()),
        Item::Use(u) => use_names(&u.tree, &mut names),
        _ => {}
    }
    names
}
