//! Applies the plan to the function, walking it in the order the analysis
//! did so that each site's number matches its entry in the model.

use crate::body_macro::{Arg, BodyMacro, MacroArgs};
use crate::codegen::Gen;
use crate::model::{BindingId, BindingKind, ClosureId, Counters};
use crate::plan::{Plan, UseRewrite};
use crate::returns::WrapSite;
use crate::scope::{closure_in_init, is_binding, is_box_new, single_ident};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Block, Expr, ExprClosure, FnArg, Item, Macro, Pat, PatIdent, ReceiverKind,
    Signature, Stmt, Token,
};

/// Rewrites a function's parameters and body. Returns the counts of sites
/// seen, which must equal the analysis's.
pub fn apply(emit: &Gen<'_>, plan: &Plan, sig: &mut Signature, body: &mut Block) -> Counters {
    let mut rewriter = Rewriter {
        emit,
        plan,
        counters: Counters::default(),
        after: Vec::new(),
        borrows: 0,
        declares: Vec::new(),
        next_block_declares: false,
        next_block_is_body: false,
    };
    let mut prologue = Vec::new();
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                let id = rewriter.next_binding();
                if plan.lifted[id] {
                    if matches!(receiver.kind, ReceiverKind::Value) {
                        receiver.mutability = None;
                    }
                    prologue.push(emit.lift(id));
                }
            }
            FnArg::Typed(typed) => {
                let first = rewriter.counters.bindings;
                rewriter.visit_pat_mut(&mut typed.pat);
                prologue.extend(rewriter.lifts(first, rewriter.counters.bindings));
            }
        }
    }
    rewriter.next_block_declares = !prologue.is_empty();
    rewriter.next_block_is_body = true;
    rewriter.visit_block_mut(body);
    crate::codegen::insert_at_start(&mut body.stmts, prologue);
    rewriter.counters
}

struct Rewriter<'a> {
    emit: &'a Gen<'a>,
    plan: &'a Plan,
    counters: Counters,
    /// Statements to insert after the statement being rewritten.
    after: Vec<Stmt>,
    /// How many uses became `*borrow(..)` so far.
    borrows: usize,
    /// For each block being rewritten: whether cells are declared in it.
    declares: Vec<bool>,
    /// The next block rewritten gets cells at its start.
    next_block_declares: bool,
    /// The next block rewritten is a function's or a closure's body.
    next_block_is_body: bool,
}

impl Rewriter<'_> {
    fn next_binding(&mut self) -> BindingId {
        self.counters.bindings += 1;
        self.counters.bindings - 1
    }

    /// `let x = new_cell(x);` for each lifted binding numbered in
    /// `first..end` (once for an or-pattern's repeated name).
    fn lifts(&self, first: BindingId, end: BindingId) -> Vec<Stmt> {
        (first..end)
            .filter(|&b| self.plan.lifted[b] && self.emit.model.bindings[b].alias_of.is_none())
            .map(|b| self.emit.lift(b))
            .collect()
    }

    /// Rewrites a body that gets the cells of the bindings numbered in
    /// `first..end` at its start.
    fn visit_body_lifting(&mut self, first: BindingId, end: BindingId, block: &mut Block) {
        let lifts = self.lifts(first, end);
        self.next_block_declares = !lifts.is_empty();
        self.visit_block_mut(block);
        crate::codegen::insert_at_start(&mut block.stmts, lifts);
    }

    /// `if let` / `while let` (and `let` chains): the condition's bindings
    /// become cells where the body starts.
    fn visit_conditional(&mut self, cond: &mut Expr, body: &mut Block) {
        let first = self.counters.bindings;
        self.visit_expr_mut(cond);
        let end = self.counters.bindings;
        self.visit_body_lifting(first, end, body);
    }

    fn rewrite_use(&mut self, ident: &proc_macro2::Ident) -> Option<Expr> {
        let id = self.counters.uses;
        self.counters.uses += 1;
        let binding = self.emit.model.uses[id].binding;
        match (&self.plan.uses[id], binding) {
            (UseRewrite::Borrow { exclusive, site }, Some(b)) => {
                self.borrows += 1;
                Some(self.emit.borrow(b, ident, *exclusive, site))
            }
            (UseRewrite::Guard, Some(b)) => Some(self.emit.through_guard(b, ident)),
            _ => None,
        }
    }

    /// `let averager = <closure>;`, now wrapped: `averager` names the closure.
    fn name_wrapped_closure(&self, local: &mut syn::Local, site: WrapSite, closure: ClosureId) {
        // Returning the name is how a closure is named: the `let` is
        // meaningful, so clippy's `let_and_return` does not apply.
        local
            .attrs
            .push(syn::parse_quote!(#[allow(clippy::let_and_return)]));
        // `let g = Box::new(<closure>);` would make `Closure<Box<{closure}>>`;
        // the return type's `Box<dyn Fn..>` is what the caller gets, and
        // there is no unsizing through `Closure`: say it at the `let`.
        let boxed = self
            .plan
            .introspected
            .get(&closure)
            .and_then(|info| info.ty.boxed.as_ref());
        if let (WrapSite::BoxedClosure(_), Some(boxed)) = (site, boxed) {
            let krate = &self.emit.cx.krate;
            match &mut local.pat {
                Pat::Type(typed) => {
                    let ty = &typed.ty;
                    *typed.ty = syn::parse_quote!(#krate::Closure<#ty>);
                }
                pat => {
                    *pat = Pat::Type(syn::PatType {
                        attrs: Vec::new(),
                        pat: Box::new(pat.clone()),
                        colon_token: Token![:](pat.span()),
                        ty: syn::parse_quote!(#krate::Closure<#boxed>),
                    });
                }
            }
        }
    }

    fn rewrite_closure(&mut self, expr: &mut Expr) {
        let Expr::Closure(closure) = expr else { return };
        let id = self.counters.closures;
        self.counters.closures += 1;
        if self
            .plan
            .lifted_params
            .get(&id)
            .is_some_and(|p| !p.is_empty())
        {
            // The parameters' cells go at the start of the body, made a block.
            into_block(&mut closure.body);
            self.next_block_declares = true;
            self.next_block_is_body = true;
        }
        visit_mut::visit_expr_closure_mut(self, closure);
        let span = closure.span();
        if let Some(info) = self.plan.introspected.get(&id) {
            let closure: ExprClosure = closure.clone();
            let lifted_params = self
                .plan
                .lifted_params
                .get(&id)
                .map_or(&[][..], Vec::as_slice);
            *expr = self.emit.returned_closure(closure, info, lifted_params);
            if self.plan.wraps.contains_key(&WrapSite::Closure(id)) {
                *expr = self.emit.wrap(expr, info, span);
            }
        } else if let Some(cells) = self.plan.clones.get(&id) {
            *expr = self.emit.with_clones(expr, cells);
        }
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_attribute_mut(&mut self, _: &mut Attribute) {}

    fn visit_item_mut(&mut self, _: &mut Item) {}

    fn visit_block_mut(&mut self, block: &mut Block) {
        let declares = std::mem::take(&mut self.next_block_declares);
        let is_body = std::mem::take(&mut self.next_block_is_body);
        self.declares.push(declares);
        let mut hoisted = None;
        let stmts = std::mem::take(&mut block.stmts);
        let last = stmts.len().saturating_sub(1);
        for (index, mut stmt) in stmts.into_iter().enumerate() {
            let pending = self.after.len();
            let borrows = self.borrows;
            self.visit_stmt_mut(&mut stmt);
            if self.after.len() > pending
                && let Some(top) = self.declares.last_mut()
            {
                *top = true;
            }
            let declares = self.declares.last().copied().unwrap_or(false);
            match stmt {
                // Edition 2021 drops a block's tail temporaries after its
                // locals: a tail that borrows a cell declared in the block
                // would outlive it. Leave the block with the value instead.
                Stmt::Expr(tail, None) if index == last && declares && self.borrows > borrows => {
                    hoisted = Some(tail);
                }
                stmt => block.stmts.push(stmt),
            }
            block.stmts.extend(self.after.drain(pending..));
        }
        self.declares.pop();
        if let Some(tail) = hoisted {
            crate::codegen::leave_with(block, &tail, is_body);
        }
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let first = self.counters.bindings;
        self.visit_pat_mut(&mut local.pat);
        let end = self.counters.bindings;
        let next_closure = self.counters.closures;
        let init_is_closure = local
            .init
            .as_ref()
            .is_some_and(|init| closure_in_init(&init.expr).is_some());
        if let Some(init) = &mut local.init {
            self.visit_expr_mut(&mut init.expr);
            if let Some((_, diverge)) = &mut init.diverge {
                self.visit_expr_mut(diverge);
            }
        }
        let wrapped = [
            WrapSite::Closure(next_closure),
            WrapSite::BoxedClosure(next_closure),
        ]
        .into_iter()
        .find(|site| init_is_closure && end - first == 1 && self.plan.wraps.contains_key(site));
        if let Some(site) = wrapped {
            self.name_wrapped_closure(local, site, next_closure);
        }
        let foldable = end - first == 1
            && self.plan.lifted[first]
            && matches!(
                self.emit.model.bindings[first].kind,
                BindingKind::SimpleLet { .. }
            )
            && local.init.as_ref().is_some_and(|i| i.diverge.is_none());
        if foldable && let Some(init) = &mut local.init {
            // `let x: T = v;` → `let x = new_cell::<T>(v);`
            let ty = match &local.pat {
                Pat::Type(typed) => Some((*typed.ty).clone()),
                _ => None,
            };
            if let Pat::Type(typed) = &local.pat {
                local.pat = (*typed.pat).clone();
            }
            *init.expr = self.emit.new_cell(&init.expr, ty.as_ref());
            if let Some(top) = self.declares.last_mut() {
                *top = true;
            }
        } else {
            let lifts = self.lifts(first, end);
            self.after.extend(lifts);
        }
    }

    fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
        if !is_binding(pat) {
            return;
        }
        let id = self.next_binding();
        // `mut x` → `x`: the cell is what changes. `ref mut x` stays.
        if self.plan.lifted[id] && pat.by_ref.is_none() {
            pat.mutability = None;
        }
        if let Some((_, sub)) = &mut pat.subpat {
            self.visit_pat_mut(sub);
        }
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        visit_mut::visit_field_value_mut(self, field);
        // `Point { x }` → `Point { x: *x }`
        if field.colon_token.is_none() && !matches!(field.expr, Expr::Path(_)) {
            field.colon_token = Some(Token![:](field.member.span()));
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Path(_) => {
                if let Some((_, ident)) = single_ident(expr) {
                    let ident = ident.clone();
                    if let Some(rewritten) = self.rewrite_use(&ident) {
                        *expr = rewritten;
                    }
                } else {
                    visit_mut::visit_expr_mut(self, expr);
                }
            }
            Expr::Closure(_) => self.rewrite_closure(expr),
            Expr::Call(call) if is_box_new(&call.func) && call.args.len() == 1 => {
                let site = match &call.args[0] {
                    Expr::Closure(_) => Some(WrapSite::BoxedClosure(self.counters.closures)),
                    arg if single_ident(arg).is_some() => {
                        Some(WrapSite::BoxedName(self.counters.uses))
                    }
                    _ => None,
                };
                let span = call.span();
                visit_mut::visit_expr_mut(self, expr);
                let wrapped = site.and_then(|site| self.plan.wraps.get(&site));
                if let Some(info) = wrapped.and_then(|id| self.plan.introspected.get(id)) {
                    *expr = self.emit.wrap(expr, info, span);
                }
            }
            Expr::ForLoop(f) => {
                let first = self.counters.bindings;
                self.visit_pat_mut(&mut f.pat);
                let end = self.counters.bindings;
                self.visit_expr_mut(&mut f.expr);
                self.visit_body_lifting(first, end, &mut f.body);
            }
            Expr::If(i) => {
                self.visit_conditional(&mut i.cond, &mut i.then_branch);
                if let Some((_, else_branch)) = &mut i.else_branch {
                    self.visit_expr_mut(else_branch);
                }
            }
            Expr::While(w) => self.visit_conditional(&mut w.cond, &mut w.body),
            Expr::Match(m) => {
                self.visit_expr_mut(&mut m.expr);
                for arm in &mut m.arms {
                    let first = self.counters.bindings;
                    self.visit_pat_mut(&mut arm.pat);
                    let end = self.counters.bindings;
                    if (first..end).any(|b| self.plan.lifted[b]) {
                        // The arm's cells go at the start of its body, made
                        // a block.
                        let block = into_block(&mut arm.body);
                        self.visit_body_lifting(first, end, block);
                    } else {
                        self.visit_expr_mut(&mut arm.body);
                    }
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        let BodyMacro {
            name,
            known,
            mut args,
        } = BodyMacro::parse(mac);
        let original = mac.tokens.clone();
        match &mut args {
            MacroArgs::List { args, inline, .. } => {
                for arg in args.iter_mut() {
                    match arg {
                        Arg::Expr(e) | Arg::Named { value: e, .. } => self.visit_expr_mut(e),
                    }
                }
                // `println!("{count}")` → `println!("{count}", count = *count)`
                for name in inline.iter() {
                    if let Some(value) = self.rewrite_use(name) {
                        if !args.empty_or_trailing() {
                            args.push_punct(Token![,](name.span()));
                        }
                        args.push_value(Arg::Named {
                            name: name.clone(),
                            eq: Token![=](name.span()),
                            value,
                        });
                    }
                }
            }
            MacroArgs::Repeat { elem, len, .. } => {
                self.visit_expr_mut(elem);
                self.visit_expr_mut(len);
            }
            MacroArgs::Matches { expr, pat, .. } => {
                self.visit_expr_mut(expr);
                self.visit_pat_mut(pat);
            }
            MacroArgs::Opaque { names } => {
                self.counters.uses += names.len();
            }
            MacroArgs::Inert => {}
        }
        // Another macro's arguments are walked only to count their sites: a
        // macro may want an identifier where a rewrite would put `*x`.
        if known {
            mac.tokens = args.to_token_stream(&original);
            if matches!(name.as_str(), "assert" | "debug_assert") {
                keep_assert_message(mac, &original);
            }
        }
    }
}

/// Makes an expression a plain block (`x + 1` becomes `{ x + 1 }`) and
/// returns that block.
fn into_block(expr: &mut Expr) -> &mut Block {
    if !matches!(expr, Expr::Block(b) if b.attrs.is_empty() && b.label.is_none()) {
        let inner = std::mem::replace(expr, Expr::Verbatim(proc_macro2::TokenStream::new()));
        *expr = Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: Block {
                brace_token: syn::token::Brace(inner.span()),
                stmts: vec![Stmt::Expr(inner, None)],
            },
        });
    }
    match expr {
        Expr::Block(b) => &mut b.block,
        _ => unreachable!("made a block just above"),
    }
}

/// `assert!(x < 5)` fails with "assertion failed: x < 5". Once `x` is
/// rewritten, give that message explicitly so it still names the user's
/// code: `assert!(*x < 5, "assertion failed: {}", ::core::stringify!(x < 5))`.
fn keep_assert_message(mac: &mut Macro, original: &proc_macro2::TokenStream) {
    let rewritten = mac.tokens.to_string();
    let condition_only = syn::parse2::<Expr>(original.clone()).is_ok()
        || syn::parse2::<Expr>(strip_trailing_comma(original)).is_ok();
    if rewritten != original.to_string() && condition_only {
        let condition = strip_trailing_comma(&mac.tokens);
        let original = strip_trailing_comma(original);
        mac.tokens = quote::quote!(
            #condition, "assertion failed: {}", ::core::stringify!(#original)
        );
    }
}

fn strip_trailing_comma(tokens: &proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let mut trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    if matches!(trees.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ',') {
        trees.pop();
    }
    trees.into_iter().collect()
}
