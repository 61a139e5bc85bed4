//! Builds the [`Model`] of a function: resolves every name the way rustc
//! does (lexical scopes, shadowing, items declared in blocks), records which
//! closure uses which variable and how, in one pass over the body.
//!
//! What a use does to its variable is decided by its parent and passed down
//! as an argument: `visit_place(x.a, Mutate)` for the receiver of a method
//! call, `visit_assignee(x, ..)` for the left of `=`. Patterns are read by a
//! [`Declarer`], which holds what the pattern declares.

mod table;

use crate::body_macro::{Arg, BodyMacro, MacroArgs, is_expression_macro};
use crate::model::{
    Access, Binding, BindingId, BindingKind, Closure, ClosureId, Id as _, Model, Owner, Use, UseId,
};
use crate::syntax::{
    binds_by_ref_mut, closure_in_init, is_binding, is_compound_assign, is_simple_pattern,
    item_names, name_of, param_name, single_ident,
};
use proc_macro2::{Ident, Span};
use quote::ToTokens as _;
use std::collections::{HashMap, HashSet};
use syn::spanned::Spanned as _;
use syn::visit::{self, Visit};
use syn::{
    Attribute, Block, Expr, ExprClosure, ExprPath, FnArg, Item, Macro, Pat, PatIdent, ReceiverKind,
    Signature, Stmt, Type,
};
use table::{Meaning, ScopeTable};

/// The model, plus what the return analysis needs to find closures in the
/// tree the model was built from.
#[derive(Default)]
pub struct Analysis {
    pub model: Model,
    /// Closure nodes of the analysed tree, by reference (see
    /// [`Analysis::closure_id`]).
    closure_nodes: HashMap<*const ExprClosure, ClosureId>,
    /// Single-name paths in expression position, by reference.
    path_uses: HashMap<*const ExprPath, UseId>,
    /// `let NAME = <closure>;` or `let NAME = Box::new(<closure>);`.
    pub let_closures: HashMap<BindingId, ClosureId>,
    /// The closures of those `let`s that are boxed.
    pub boxed_lets: HashSet<ClosureId>,
    /// Uses of a whole variable as a value (`f(x)`, `(x, y)`, `let y = x;`):
    /// moved or copied, not borrowed (`&x`, `x.len()`, `x()`) or reached
    /// through (`x.0`).
    pub by_value: HashSet<UseId>,
    /// The assignment a use is the left side of (`x = ..`, `x += ..`), as
    /// its first and last tokens' spans, for error messages.
    pub assignments: HashMap<UseId, (Span, Span)>,
    /// Names that resolve to nothing, used (not called) after a statement
    /// macro that may have declared them: `my_let!(x); move || x`.
    pub unresolved: Vec<Unresolved>,
}

impl Analysis {
    /// The id of a closure node of the analysed tree. The return analysis
    /// reads the same tree, still borrowed, so a node is told by where it
    /// is; a node of another tree has no id.
    pub fn closure_id(&self, node: &ExprClosure) -> Option<ClosureId> {
        self.closure_nodes.get(&std::ptr::from_ref(node)).copied()
    }

    /// The use a single-name path of the analysed tree is.
    pub fn use_of_path(&self, node: &ExprPath) -> Option<UseId> {
        self.path_uses.get(&std::ptr::from_ref(node)).copied()
    }
}

/// A name used after a statement macro that may have declared it.
pub struct Unresolved {
    pub use_id: UseId,
    pub name: String,
    pub mac: String,
}

/// Analyses a function's parameters and body.
pub fn analyze(sig: &Signature, body: &Block) -> Analysis {
    let mut walker = Walker::default();
    walker.scopes.push();
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                let (by_ref, ty) = match &receiver.kind {
                    ReceiverKind::Reference(_, lifetime, mutability) => {
                        (true, syn::parse_quote!(& #lifetime #mutability Self))
                    }
                    ReceiverKind::Typed(_, ty) => (false, (**ty).clone()),
                    _ => (false, syn::parse_quote!(Self)),
                };
                let how = How {
                    kind: BindingKind::Receiver { by_ref },
                    ty: Some(&ty),
                    irrefutable: true,
                };
                let ident = Ident::from(receiver.self_token);
                params.push(walker.new_binding(&ident, receiver.mutability.is_some(), &how));
            }
            FnArg::Typed(typed) => {
                params.extend(walker.declare(&typed.pat, How::param(Some(&typed.ty))));
            }
        }
    }
    walker.activate(&params, false);
    walker.visit_block(body);
    walker.scopes.pop();
    walker.analysis
}

/// How the bindings of a pattern are declared.
struct How<'t> {
    kind: BindingKind,
    /// The declared type of the whole pattern.
    ty: Option<&'t Type>,
    /// Irrefutable: every identifier binds (see [`is_binding`]).
    irrefutable: bool,
}

impl<'t> How<'t> {
    /// A function's or a closure's parameter.
    fn param(ty: Option<&'t Type>) -> How<'t> {
        How {
            kind: BindingKind::Param,
            ty,
            irrefutable: true,
        }
    }

    /// A `let` without `else`, or a `for` pattern.
    fn irrefutable(ty: Option<&'t Type>) -> How<'t> {
        How {
            kind: BindingKind::Pattern,
            ty,
            irrefutable: true,
        }
    }

    /// A `match` arm, `if let`, `while let`, `let .. else`.
    fn refutable() -> How<'t> {
        How {
            kind: BindingKind::Pattern,
            ty: None,
            irrefutable: false,
        }
    }
}

/// Which role a path plays for its parent, beyond its access.
#[derive(Clone, Copy)]
enum PathRole<'a> {
    Plain,
    /// Called: `f(..)`.
    Callee,
    /// The left side of this assignment.
    Assigned(&'a Expr),
}

#[derive(Default)]
struct Walker {
    analysis: Analysis,
    scopes: ScopeTable,
    closure_stack: Vec<ClosureId>,
    /// The blocks being walked, by number, and the last number given.
    blocks: Vec<usize>,
    last_block: usize,
    /// Inside the arguments of this macro, which is not a standard one.
    unknown_macro: Option<String>,
}

impl Walker {
    fn owner(&self) -> Owner {
        self.closure_stack
            .last()
            .map_or(Owner::Function, |&c| Owner::Closure(c))
    }

    fn new_binding(&mut self, ident: &Ident, mutable: bool, how: &How<'_>) -> BindingId {
        let owner = self.owner();
        let id = self.analysis.model.bindings.push(Binding {
            name: name_of(ident),
            ident: ident.clone(),
            mutable,
            owner,
            ty: how.ty.cloned(),
            kind: how.kind,
            alias_of: None,
            block: self.blocks.last().copied().unwrap_or(0),
            cfg: false,
        });
        if let Owner::Closure(c) = owner
            && how.kind != BindingKind::Param
        {
            self.analysis.model.closures[c].locals.push(id);
        }
        id
    }

    /// Numbers the bindings of a pattern (and visits what it contains)
    /// without making them visible yet.
    fn declare(&mut self, pat: &Pat, how: How<'_>) -> Vec<BindingId> {
        let mut declarer = Declarer {
            walker: self,
            how,
            declared: Vec::new(),
        };
        declarer.visit_pat(pat);
        declarer.declared
    }

    fn activate(&mut self, ids: &[BindingId], before_body: bool) {
        for &binding in ids {
            let name = self.analysis.model.bindings[binding].name.clone();
            let meaning = Meaning::Local {
                binding,
                before_body,
            };
            self.scopes.define(&name, meaning);
        }
    }

    fn start_body(&mut self, ids: impl IntoIterator<Item = BindingId>) {
        for binding in ids {
            let name = &self.analysis.model.bindings[binding].name;
            self.scopes.start_body(name, binding);
        }
    }

    /// Records a use of `ident`, resolved in the current scope.
    fn use_name(&mut self, ident: &Ident, access: Access) -> UseId {
        let name = name_of(ident);
        let (binding, before_body) = match self.scopes.resolve(&name) {
            Some(Meaning::Local {
                binding,
                before_body,
            }) => (Some(binding), before_body),
            Some(Meaning::Item) | None => (None, false),
        };
        // Another macro may do anything with a name: assume it changes it.
        let access = if self.unknown_macro.is_some() {
            Access::Mutate
        } else {
            access
        };
        let id = self.analysis.model.uses.push(Use {
            binding,
            access,
            closure: self.closure_stack.last().copied(),
            before_body,
            name,
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

    /// A single-name path in expression position.
    fn visit_path_use(
        &mut self,
        path: &ExprPath,
        ident: &Ident,
        access: Access,
        role: PathRole<'_>,
    ) -> UseId {
        let use_id = self.use_name(ident, access);
        self.analysis
            .path_uses
            .insert(std::ptr::from_ref(path), use_id);
        // Only after a statement macro that may declare names (rare): the
        // name was resolved by `use_name` already, so ask again only then.
        if let Some(mac) = self.scopes.declaring_macro()
            && !matches!(role, PathRole::Callee)
            && self
                .scopes
                .resolve(&self.analysis.model.uses[use_id].name)
                .is_none()
        {
            let name = ident.to_string();
            if name.starts_with(char::is_lowercase) {
                self.analysis.unresolved.push(Unresolved {
                    use_id,
                    name,
                    mac: mac.to_owned(),
                });
            }
        }
        if let PathRole::Assigned(assignment) = role {
            let spans = (ident.span(), last_span(assignment));
            self.analysis.assignments.insert(use_id, spans);
        }
        use_id
    }

    /// A place expression used with `access` (`x`, `x.a[i]`, `*x`): its
    /// root variable gets the access, the rest is read. Visits in `syn`'s
    /// order: the root first, then index expressions.
    fn visit_place(&mut self, expr: &Expr, access: Access) {
        match expr {
            Expr::Path(p) => match single_ident(expr) {
                Some((_, ident)) => {
                    self.visit_path_use(p, ident, access, PathRole::Plain);
                }
                None => visit::visit_expr(self, expr),
            },
            Expr::Field(e) => self.visit_place(&e.base, access),
            Expr::Index(e) => {
                self.visit_place(&e.expr, access);
                self.visit_expr(&e.index);
            }
            Expr::Paren(e) => self.visit_place(&e.expr, access),
            Expr::Group(e) => self.visit_place(&e.expr, access),
            Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => {
                self.visit_place(&e.expr, access);
            }
            _ => self.visit_expr(expr),
        }
    }

    /// The left side of `assignment`: rebinding a bare name is an
    /// assignment; destructuring assigns each name; anything else mutates
    /// through its root (`x.f = ..`).
    fn visit_assignee(&mut self, left: &Expr, assignment: &Expr) {
        match left {
            Expr::Path(p) => match single_ident(left) {
                Some((_, ident)) => {
                    self.visit_path_use(p, ident, Access::Assign, PathRole::Assigned(assignment));
                }
                None => visit::visit_expr(self, left),
            },
            Expr::Tuple(t) => t
                .elems
                .iter()
                .for_each(|e| self.visit_assignee(e, assignment)),
            Expr::Array(a) => a
                .elems
                .iter()
                .for_each(|e| self.visit_assignee(e, assignment)),
            Expr::Paren(p) => self.visit_assignee(&p.expr, assignment),
            Expr::Struct(s) => {
                if let Some(qself) = &s.qself {
                    self.visit_qself(qself);
                }
                self.visit_path(&s.path);
                for field in &s.fields {
                    self.visit_assignee(&field.expr, assignment);
                }
                if let Some(rest) = &s.rest {
                    self.visit_expr(rest);
                }
            }
            Expr::Call(c) => {
                self.visit_callee(&c.func);
                for arg in &c.args {
                    self.visit_assignee(arg, assignment);
                }
            }
            _ => self.visit_place(left, Access::Mutate),
        }
    }

    /// The function of a call. Calling a captured closure may need `&mut`
    /// (an `FnMut`).
    fn visit_callee(&mut self, func: &Expr) {
        match (func, single_ident(func)) {
            (Expr::Path(p), Some((_, ident))) => {
                self.visit_path_use(p, ident, Access::Either, PathRole::Callee);
            }
            _ => self.visit_place(func, Access::Either),
        }
    }

    /// The expression a pattern matches: borrowed mutably when the pattern
    /// binds by `ref mut`.
    fn visit_scrutinee(&mut self, expr: &Expr, ref_mut: bool) {
        if ref_mut {
            self.visit_place(expr, Access::Mutate);
        } else {
            self.visit_expr(expr);
        }
    }

    fn visit_closure(&mut self, node: &ExprClosure) {
        let id = self.analysis.model.closures.push(Closure {
            parent: self.closure_stack.last().copied(),
            is_move: node.capture.is_some(),
            is_async: node.asyncness.is_some(),
            params: Vec::new(),
            param_bindings: Vec::new(),
            locals: Vec::new(),
            captures: Vec::new(),
        });
        self.analysis
            .closure_nodes
            .insert(std::ptr::from_ref(node), id);
        self.scopes.push();
        self.closure_stack.push(id);
        for (index, input) in node.inputs.iter().enumerate() {
            let ty = match input {
                Pat::Type(t) => Some(&*t.ty),
                _ => None,
            };
            let ids = self.declare(input, How::param(ty));
            let closure = &mut self.analysis.model.closures[id];
            closure.params.push(param_name(input, index));
            closure.param_bindings.extend(&ids);
            self.activate(&ids, false);
        }
        self.visit_return_type(&node.output);
        self.visit_expr(&node.body);
        self.closure_stack.pop();
        self.scopes.pop();
    }

    /// A `match` arm or `matches!` pattern: its bindings are visible in the
    /// guard (before the body starts) and in the body.
    fn visit_arm_parts(&mut self, pat: &Pat, body: Option<&Expr>) {
        self.scopes.push();
        let ids = if let Pat::Guard(guarded) = pat {
            let ids = self.declare(&guarded.pat, How::refutable());
            self.activate(&ids, true);
            self.visit_expr(&guarded.guard);
            ids
        } else {
            let ids = self.declare(pat, How::refutable());
            self.activate(&ids, true);
            ids
        };
        self.start_body(ids);
        if let Some(body) = body {
            self.visit_expr(body);
        }
        self.scopes.pop();
    }

    /// `if` and `while` conditions may bind (`if let`, `let` chains): those
    /// bindings are visible in the rest of the condition and in the body.
    fn visit_conditional(&mut self, cond: &Expr, body: &Block) {
        self.scopes.push();
        let first = self.analysis.model.bindings.next_id().index();
        self.visit_expr(cond);
        let end = self.analysis.model.bindings.next_id().index();
        self.start_body((first..end).map(BindingId::from_index));
        self.visit_block(body);
        self.scopes.pop();
    }

    fn visit_macro_args(&mut self, args: &MacroArgs) {
        match args {
            MacroArgs::List {
                args,
                inline,
                writes_first,
            } => {
                for (index, arg) in args.iter().enumerate() {
                    match arg {
                        Arg::Expr(e) if index == 0 && *writes_first => {
                            self.visit_place(e, Access::Mutate);
                        }
                        Arg::Expr(e) | Arg::Named { value: e, .. } => self.visit_expr(e),
                    }
                }
                for name in inline {
                    self.use_name(name, Access::Read);
                }
            }
            MacroArgs::Repeat { elem, len, .. } => {
                self.visit_expr(elem);
                self.visit_expr(len);
            }
            MacroArgs::Matches { expr, pat, .. } => {
                self.visit_expr(expr);
                self.visit_arm_parts(pat, None);
            }
            // Unknown syntax: assume the strongest use.
            MacroArgs::Opaque { names } => {
                for name in names {
                    self.use_name(name, Access::Mutate);
                }
            }
            MacroArgs::Inert => {}
        }
    }
}

/// Reads one pattern: each identifier that binds becomes a binding declared
/// the same way; what the pattern contains besides (paths, constants, types)
/// is visited by the walker as usual.
struct Declarer<'w, 't> {
    walker: &'w mut Walker,
    how: How<'t>,
    declared: Vec<BindingId>,
}

impl<'ast> Visit<'ast> for Declarer<'_, '_> {
    fn visit_pat_ident(&mut self, node: &'ast PatIdent) {
        if !is_binding(node, self.how.irrefutable) {
            return;
        }
        let model = &self.walker.analysis.model;
        let name = name_of(&node.ident);
        let first = self
            .declared
            .iter()
            .copied()
            .find(|&b| model.bindings[b].name == name);
        let id = self
            .walker
            .new_binding(&node.ident, node.mutability.is_some(), &self.how);
        match first {
            // `Ok(x) | Err(x)`: the second `x` is the first one again.
            Some(first) => self.walker.analysis.model.bindings[id].alias_of = Some(first),
            None => self.declared.push(id),
        }
        if let Some((_, sub)) = &node.subpat {
            self.visit_pat(sub);
        }
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        self.walker.visit_expr(expr);
    }

    fn visit_block(&mut self, block: &'ast Block) {
        self.walker.visit_block(block);
    }

    fn visit_type(&mut self, ty: &'ast Type) {
        self.walker.visit_type(ty);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.walker.visit_macro(mac);
    }

    fn visit_attribute(&mut self, _: &'ast Attribute) {}
}

impl<'ast> Visit<'ast> for Walker {
    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_item(&mut self, _: &'ast Item) {
        // Nested items cannot capture locals; their bodies are not ours.
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        // A pattern no rule above declares: number its bindings all the same.
        self.declare(pat, How::refutable());
    }

    fn visit_block(&mut self, block: &'ast Block) {
        self.last_block += 1;
        self.blocks.push(self.last_block);
        self.scopes.push();
        for stmt in &block.stmts {
            if let Stmt::Item(item) = stmt {
                for name in item_names(item) {
                    self.scopes.define(&name, Meaning::Item);
                }
            }
        }
        for stmt in &block.stmts {
            self.visit_stmt(stmt);
            if let Stmt::Macro(m) = stmt
                && let Some(name) = m.mac.path.segments.last().map(|s| s.ident.to_string())
                && !is_expression_macro(&name)
            {
                self.scopes.macro_may_declare(name);
            }
        }
        self.scopes.pop();
        self.blocks.pop();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let ty = match &local.pat {
            Pat::Type(t) => Some(&*t.ty),
            _ => None,
        };
        let simple = is_simple_pattern(&local.pat);
        let how = match &local.init {
            Some(init) if init.diverge.is_some() => How {
                ty,
                ..How::refutable()
            },
            _ => How::irrefutable(ty),
        };
        let ids = self.declare(&local.pat, how);
        if let Some(init) = &local.init {
            let next_closure = self.analysis.model.closures.next_id();
            self.visit_scrutinee(&init.expr, binds_by_ref_mut(&local.pat));
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
            if let ([id], Some((_, boxed))) = (&ids[..], closure_in_init(&init.expr))
                && simple
            {
                self.analysis.let_closures.insert(*id, next_closure);
                if boxed {
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
        if let [id] = ids[..]
            && simple
        {
            self.analysis.model.bindings[id].kind = BindingKind::SimpleLet {
                deferred: local.init.is_none(),
            };
        }
        self.activate(&ids, false);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Path(path) => match single_ident(expr) {
                Some((_, ident)) => {
                    let id = self.visit_path_use(path, ident, Access::Read, PathRole::Plain);
                    self.analysis.by_value.insert(id);
                }
                None => visit::visit_expr(self, expr),
            },
            Expr::Closure(c) => self.visit_closure(c),
            Expr::Assign(a) => {
                self.visit_assignee(&a.left, expr);
                self.visit_expr(&a.right);
            }
            Expr::Binary(b) if is_compound_assign(&b.op) => {
                self.visit_assignee(&b.left, expr);
                self.visit_expr(&b.right);
            }
            Expr::MethodCall(m) => {
                self.visit_place(&m.receiver, Access::Either);
                if let Some(turbofish) = &m.turbofish {
                    self.visit_angle_bracketed_generic_arguments(turbofish);
                }
                m.args.iter().for_each(|arg| self.visit_expr(arg));
            }
            Expr::Reference(r) if r.mutability.is_some() => {
                self.visit_place(&r.expr, Access::Mutate);
            }
            // A place borrowed shared: read, not moved.
            Expr::Reference(r) => self.visit_place(&r.expr, Access::Read),
            Expr::RawAddr(r) if matches!(r.mutability, syn::PointerMutability::Mut(_)) => {
                self.visit_place(&r.expr, Access::Mutate);
            }
            Expr::Call(c) => {
                self.visit_callee(&c.func);
                c.args.iter().for_each(|arg| self.visit_expr(arg));
            }
            Expr::ForLoop(f) => {
                let ids = self.declare(&f.pat, How::irrefutable(None));
                self.visit_expr(&f.expr);
                self.scopes.push();
                self.activate(&ids, false);
                self.visit_block(&f.body);
                self.scopes.pop();
            }
            Expr::If(i) => {
                self.visit_conditional(&i.cond, &i.then_branch);
                if let Some((_, else_branch)) = &i.else_branch {
                    self.visit_expr(else_branch);
                }
            }
            Expr::While(w) => self.visit_conditional(&w.cond, &w.body),
            Expr::Let(l) => {
                let ids = self.declare(&l.pat, How::refutable());
                self.visit_scrutinee(&l.expr, binds_by_ref_mut(&l.pat));
                self.activate(&ids, true);
            }
            Expr::Match(m) => {
                let ref_mut = m.arms.iter().any(|arm| binds_by_ref_mut(&arm.pat));
                self.visit_scrutinee(&m.expr, ref_mut);
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
        self.visit_macro_args(&args);
        self.unknown_macro = outer;
    }
}

/// The span of an expression's last token, found without printing it where
/// the expression's kind says where it ends.
fn last_span(expr: &Expr) -> Span {
    match expr {
        Expr::Binary(e) => last_span(&e.right),
        Expr::Assign(e) => last_span(&e.right),
        Expr::Unary(e) => last_span(&e.expr),
        Expr::Cast(e) => {
            e.ty.to_token_stream()
                .into_iter()
                .last()
                .map_or_else(|| e.as_token.span, |t| t.span())
        }
        Expr::Lit(e) => e.lit.span(),
        Expr::Path(e) => e
            .path
            .segments
            .last()
            .map_or_else(Span::call_site, |s| s.ident.span()),
        Expr::Field(e) => e.member.span(),
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Macro(e) => e.mac.delimiter.span().close(),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Array(e) => e.bracket_token.span.close(),
        other => other
            .to_token_stream()
            .into_iter()
            .last()
            .map_or_else(Span::call_site, |t| t.span()),
    }
}
