//! Applies the plan to the function. The rewrite walks the tree in the
//! order the analysis did (see the `model` module), and a [`Cursor`] checks
//! at every site that the model's entry is that site's.

use crate::body_macro::{Arg, BodyMacro, MacroArgs};
use crate::codegen::{CopyIn, Gen};
use crate::model::{Access, BindingId, BindingKind, ClosureId, Id, UseId};
use crate::plan::{Mode, Plan, UseRewrite};
use crate::returns::WrapSite;
use crate::syntax::{box_new_arg, closure_in_init, is_binding, name_of, single_ident};
use proc_macro2::Ident;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Block, Expr, FnArg, Item, Macro, Pat, PatIdent, Signature, Stmt, Token};

mod cursor;
mod statements;

use cursor::Cursor;
use statements::{Holding, Started, is_assignment};

/// Rewrites a function's parameters and body, or says where the rewrite
/// lost track of the model.
pub fn apply(
    emit: &Gen<'_>,
    plan: &Plan,
    sig: &mut Signature,
    body: &mut Block,
) -> syn::Result<()> {
    let mut rewriter = Rewriter {
        emit,
        plan,
        cursor: Cursor::default(),
        after: Vec::new(),
        borrows: 0,
        declares: Vec::new(),
        copying: None,
        touched: Vec::new(),
        lent: Vec::new(),
        depth: 0,
        holding: None,
        mirrors: std::collections::HashMap::new(),
    };
    let mut prologue = Vec::new();
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                let ident = Ident::from(receiver.self_token);
                if let Some(id) = rewriter.cursor.binding_site(emit.model, &ident)
                    && rewriter.is_lifted(id)
                {
                    if matches!(receiver.kind, syn::ReceiverKind::Value) {
                        receiver.mutability = None;
                    }
                    prologue.push(emit.lift(id));
                }
            }
            FnArg::Typed(typed) => {
                let first = rewriter.cursor.bindings;
                rewriter.rewrite_pat(&mut typed.pat, true);
                prologue.extend(rewriter.lifts(first..rewriter.cursor.bindings));
            }
        }
    }
    let role = Role {
        declares: !prologue.is_empty(),
        is_body: true,
    };
    rewriter.rewrite_block(body, role);
    crate::codegen::insert_at_start(&mut body.stmts, prologue);
    body.stmts.insert(0, emit.protocol_use());
    rewriter.cursor.finish(emit.model, &sig.ident)
}

/// What a block being rewritten is.
#[derive(Clone, Copy)]
struct Role {
    /// Cells are declared at its start.
    declares: bool,
    /// A function's or a closure's body, left with `return`.
    is_body: bool,
}

impl Role {
    const NESTED: Role = Role {
        declares: false,
        is_body: false,
    };
}

struct Rewriter<'a> {
    emit: &'a Gen<'a>,
    plan: &'a Plan,
    cursor: Cursor,
    /// Statements to insert after the statement being rewritten.
    after: Vec<Stmt>,
    /// How many uses became `*borrow(..)` so far.
    borrows: usize,
    /// For each block being rewritten: whether cells are declared in it.
    declares: Vec<bool>,
    /// Inside a `move` closure or `async move` block that a returned
    /// closure makes: the values it copies from the guards (its uses keep
    /// their names, which are the copies).
    copying: Option<Vec<CopyIn>>,
    /// The cells each use so far borrows until the end of its statement
    /// (`*borrow(&x, ..)`, a lazy guard's `**x`), in order: what the
    /// `reorder` rewrites compare.
    touched: Vec<BindingId>,
    /// Cells that macros the rewrite does not know name in the frame that
    /// owns them, with that frame's name: the macro gets a shared borrow of
    /// each value under the variable's name (`codegen::Gen::lend`).
    lent: Vec<(BindingId, String)>,
    /// How many closures and `async` blocks the rewrite is inside.
    depth: usize,
    /// A `match`, `if let` or `while let` whose patterns bind, on cells: the
    /// expression holds one lazy guard of each, which its uses go through.
    holding: Option<Holding>,
    /// What each returned closure's `Code` says of its names and text, read
    /// before its body is rewritten.
    mirrors: std::collections::HashMap<ClosureId, crate::dis::Mirror>,
}

impl Rewriter<'_> {
    fn is_lifted(&self, id: BindingId) -> bool {
        self.plan.lifted.get(id).copied().unwrap_or(false)
    }

    /// `let x = new_cell(x);` for each lifted binding of `bindings`, a range
    /// the cursor passed (once for an or-pattern's repeated name).
    fn lifts(&self, bindings: std::ops::Range<usize>) -> Vec<Stmt> {
        if self.cursor.lost.is_some() {
            return Vec::new();
        }
        bindings
            .map(BindingId::from_index)
            .filter(|&b| self.is_lifted(b) && self.emit.model.bindings[b].alias_of.is_none())
            .map(|b| self.emit.lift(b))
            .collect()
    }

    /// Rewrites a body that gets the cells of `bindings` at its start.
    fn rewrite_body_lifting(&mut self, bindings: std::ops::Range<usize>, block: &mut Block) {
        let lifts = self.lifts(bindings);
        let role = Role {
            declares: !lifts.is_empty(),
            is_body: false,
        };
        self.rewrite_block(block, role);
        crate::codegen::insert_at_start(&mut block.stmts, lifts);
    }

    /// `if let` / `while let` (and `let` chains): the condition's bindings
    /// become cells where the body starts.
    /// Returns the cells the condition touches when it is an `if let` or
    /// `while let` that binds nothing: see `reorder::test_first`.
    fn rewrite_conditional(
        &mut self,
        cond: &mut Expr,
        body: &mut Block,
        holding: Option<&Started>,
    ) -> Option<std::ops::Range<usize>> {
        let first = self.cursor.bindings;
        let start = self.touched.len();
        self.visit_expr_mut(cond);
        self.stop_recording(holding);
        let tested = start..self.touched.len();
        let declared = first..self.cursor.bindings;
        let binds = !declared.is_empty();
        self.rewrite_body_lifting(declared, body);
        (matches!(cond, Expr::Let(_)) && !binds).then_some(tested)
    }

    /// Whether a use of `second` touches a cell a use of `first` touches.
    fn overlap(&self, first: std::ops::Range<usize>, second: std::ops::RangeFrom<usize>) -> bool {
        let first = &self.touched[first];
        self.touched[second].iter().any(|b| first.contains(b))
    }

    fn rewrite_use(&mut self, ident: &Ident) -> Option<Expr> {
        let id = self.cursor.use_site(self.emit.model, ident)?;
        let rewritten = self.rewrite_use_at(id, ident)?;
        if self.plan.cloned.contains(&id) {
            return Some(crate::codegen::cloned(&rewritten, ident.span()));
        }
        Some(rewritten)
    }

    fn rewrite_use_at(&mut self, id: UseId, ident: &Ident) -> Option<Expr> {
        let binding = self.emit.model.uses[id].binding?;
        match &self.plan.uses[id] {
            UseRewrite::Borrow { site, .. } if self.holds(binding, site) => {
                self.touched.push(binding);
                Some(self.emit.held(binding, ident))
            }
            UseRewrite::Borrow { mode, site } => {
                self.borrows += 1;
                self.touched.push(binding);
                Some(self.emit.borrow(binding, ident, *mode, site))
            }
            UseRewrite::Guard { mode } => {
                let mode = *mode;
                if self.copying.is_some() {
                    Some(self.copy_in(id, binding, ident, mode))
                } else {
                    if mode == Mode::Lazy {
                        self.touched.push(binding);
                    }
                    Some(self.emit.through_guard(binding, ident, mode))
                }
            }
            UseRewrite::Keep => None,
        }
    }

    /// The variable `expr` names when it is the next use and the returned
    /// closure holds it shared (as a `&T`).
    fn shared_guard(&self, expr: &Expr) -> Option<BindingId> {
        let (_, ident) = single_ident(expr)?;
        let next = self.cursor.next_use();
        let u = self.emit.model.uses.get(next)?;
        let shared = self.plan.uses.get(next) == Some(&UseRewrite::Guard { mode: Mode::Shared });
        (shared && self.copying.is_none() && u.name == name_of(ident)).then_some(u.binding?)
    }

    /// A use inside a `move` closure or `async move` block of a returned
    /// closure: the name of the value it copies in.
    fn copy_in(&mut self, id: UseId, binding: BindingId, ident: &Ident, mode: Mode) -> Expr {
        let mutable = matches!(
            self.emit.model.uses[id].access,
            Access::Mutate | Access::Assign
        );
        let copies = self.copying.get_or_insert_with(Vec::new);
        match copies.iter_mut().find(|c| c.binding == binding) {
            Some(copy) => copy.mutable |= mutable,
            None => copies.push(CopyIn {
                binding,
                mode,
                mutable,
                clone: self.plan.closure_values.contains(&binding),
            }),
        }
        let local = self.emit.local_ident(binding, ident.span());
        crate::codegen::name(local)
    }

    fn rewrite_block(&mut self, block: &mut Block, role: Role) {
        self.declares.push(role.declares);
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
            crate::codegen::leave_with(block, &tail, role.is_body);
        }
    }

    /// `let averager = <closure>;`, now wrapped: `averager` names the closure.
    fn name_wrapped_closure(&self, local: &mut syn::Local, site: WrapSite, closure: ClosureId) {
        // Returning the name is how a closure is named: the `let` is
        // meaningful, so clippy's `let_and_return` does not apply.
        local.attrs.push(crate::syntax::allow_clippy(quote::quote!(
            clippy::let_and_return
        )));
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

    /// The binding sites of a pattern, irrefutable or not, as the analysis
    /// declared them.
    fn rewrite_pat(&mut self, pat: &mut Pat, irrefutable: bool) {
        PatSites {
            rewriter: self,
            irrefutable,
        }
        .visit_pat_mut(pat);
    }

    /// Visits a closure as `syn` does (parameters, return type, body); a
    /// body that gets the cells of parameters is made a block first.
    fn rewrite_closure(&mut self, expr: &mut Expr) {
        let Expr::Closure(closure) = expr else { return };
        let id = self.cursor.closure_site(self.emit.model, closure);
        let returned = id.is_some_and(|id| self.plan.introspected.contains_key(&id));
        if let Some(id) = id
            && let Some(info) = self.plan.introspected.get(&id)
        {
            let free: Vec<&str> = info
                .captures
                .iter()
                .map(|c| self.emit.model.bindings[c.binding].name.as_str())
                .collect();
            self.mirrors.insert(id, crate::dis::mirror(closure, &free));
        }
        // A returned closure is a frame of its own; a `move` closure inside
        // a frame starts copying, unless one around it already does.
        let outer_copying = if returned { self.copying.take() } else { None };
        let copy_scope = !returned && closure.capture.is_some() && self.copying.is_none();
        if copy_scope {
            self.copying = Some(Vec::new());
        }
        let lifted_params = id
            .and_then(|id| self.plan.lifted_params.get(&id))
            .map_or(&[][..], Vec::as_slice);
        self.depth += 1;
        for input in &mut closure.inputs {
            self.rewrite_pat(input, true);
        }
        self.visit_return_type_mut(&mut closure.output);
        if lifted_params.is_empty() {
            self.visit_expr_mut(&mut closure.body);
        } else {
            let role = Role {
                declares: true,
                is_body: true,
            };
            self.rewrite_block(into_block(&mut closure.body), role);
        }
        self.depth -= 1;
        let copies = if copy_scope {
            self.copying.take().unwrap_or_default()
        } else {
            Vec::new()
        };
        if returned {
            self.copying = outer_copying;
        }
        let Some(id) = id else { return };
        let span = crate::codegen::closure_span(closure);
        if let Some(info) = self.plan.introspected.get(&id) {
            let Expr::Closure(closure) =
                std::mem::replace(expr, Expr::Verbatim(proc_macro2::TokenStream::new()))
            else {
                return;
            };
            *expr = self.emit.returned_closure(closure, info, lifted_params);
            if self.plan.wraps.contains_key(&WrapSite::Closure(id)) {
                *expr = self.emit.wrap(expr, info, self.mirrors.get(&id), span);
            }
        } else {
            let cells = self.plan.clones.get(&id).map_or(&[][..], Vec::as_slice);
            if !cells.is_empty() || !copies.is_empty() {
                *expr = self.emit.with_clones(expr, cells, &copies);
            }
        }
    }
}

/// Walks one pattern: each identifier that binds takes the cursor's next
/// binding; what the pattern contains besides is the rewriter's.
struct PatSites<'r, 'a> {
    rewriter: &'r mut Rewriter<'a>,
    irrefutable: bool,
}

impl VisitMut for PatSites<'_, '_> {
    fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
        if !is_binding(pat, self.irrefutable) {
            return;
        }
        let rewriter = &mut *self.rewriter;
        let id = rewriter
            .cursor
            .binding_site(rewriter.emit.model, &pat.ident);
        // `mut x` → `x`: the cell is what changes. `ref mut x` stays.
        if id.is_some_and(|id| rewriter.is_lifted(id)) && pat.by_ref.is_none() {
            pat.mutability = None;
        }
        if let Some((_, sub)) = &mut pat.subpat {
            self.visit_pat_mut(sub);
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        self.rewriter.visit_expr_mut(expr);
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        self.rewriter.visit_block_mut(block);
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        self.rewriter.visit_type_mut(ty);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        self.rewriter.visit_macro_mut(mac);
    }

    fn visit_attribute_mut(&mut self, _: &mut Attribute) {}
}

impl VisitMut for Rewriter<'_> {
    fn visit_attribute_mut(&mut self, _: &mut Attribute) {}

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        let start = self.lent.len();
        visit_mut::visit_stmt_mut(self, stmt);
        if self.lent.len() > start && matches!(stmt, Stmt::Macro(_)) {
            let lent: Vec<_> = self.lent.drain(start..).collect();
            *stmt = Stmt::Expr(self.emit.lend(&*stmt, &lent), None);
        }
    }

    fn visit_item_mut(&mut self, _: &mut Item) {}

    fn visit_block_mut(&mut self, block: &mut Block) {
        self.rewrite_block(block, Role::NESTED);
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let first = self.cursor.bindings;
        let irrefutable = local.init.as_ref().is_none_or(|i| i.diverge.is_none());
        self.rewrite_pat(&mut local.pat, irrefutable);
        let declared = first..self.cursor.bindings;
        let single = (declared.len() == 1).then(|| BindingId::from_index(first));
        let next_closure = self.cursor.next_closure();
        let init_closure = local
            .init
            .as_ref()
            .and_then(|init| closure_in_init(&init.expr));
        let init_is_closure = init_closure.is_some();
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
        .find(|site| init_is_closure && single.is_some() && self.plan.wraps.contains_key(site));
        if let Some(site) = wrapped {
            self.name_wrapped_closure(local, site, next_closure);
        }
        let foldable = single.is_some_and(|b| {
            self.is_lifted(b)
                && matches!(
                    self.emit.model.bindings[b].kind,
                    BindingKind::SimpleLet { .. }
                )
        }) && local.init.as_ref().is_some_and(|i| i.diverge.is_none());
        if foldable && let Some(init) = &mut local.init {
            // `let x: T = v;` → `let x = new_cell::<T>(v);`
            let ty = match &local.pat {
                Pat::Type(typed) => Some((*typed.ty).clone()),
                _ => None,
            };
            if let Pat::Type(typed) = &local.pat {
                local.pat = (*typed.pat).clone();
            }
            if let Some(b) = single {
                *init.expr = self.emit.new_cell(b, &init.expr, ty.as_ref());
            }
            if let Some(top) = self.declares.last_mut() {
                *top = true;
            }
        } else {
            let lifts = self.lifts(declared);
            self.after.extend(lifts);
        }
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        // A pattern no rule above rewrites: `if let`, `matches!`, `match`.
        self.rewrite_pat(pat, false);
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        visit_mut::visit_field_value_mut(self, field);
        // `Point { x }` → `Point { x: *x }`
        if field.colon_token.is_none() && !matches!(field.expr, Expr::Path(_)) {
            field.colon_token = Some(Token![:](field.member.span()));
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let boxed_site = match box_new_arg(expr) {
            Some(Expr::Closure(_)) => Some(WrapSite::BoxedClosure(self.cursor.next_closure())),
            Some(arg) if single_ident(arg).is_some() => {
                Some(WrapSite::BoxedName(self.cursor.next_use()))
            }
            _ => None,
        };
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
            Expr::Reference(r) if r.mutability.is_none() => {
                // `&tags` → `tags`, the `&T` the call holds: `&*tags` is
                // clippy's `borrow_deref_ref`, in the user's code.
                match (self.shared_guard(&r.expr), single_ident(&r.expr)) {
                    (Some(b), Some((_, ident))) => {
                        let ident = ident.clone();
                        if self.rewrite_use(&ident).is_some() {
                            let guard = self.emit.local_ident(b, ident.span());
                            *expr = crate::codegen::name(guard);
                        }
                    }
                    _ => visit_mut::visit_expr_mut(self, expr),
                }
            }
            Expr::Macro(_) => {
                let start = self.lent.len();
                visit_mut::visit_expr_mut(self, expr);
                if self.lent.len() > start {
                    let lent: Vec<_> = self.lent.drain(start..).collect();
                    *expr = self.emit.lend(&*expr, &lent);
                }
            }
            Expr::Call(call) if boxed_site.is_some() => {
                let span = call.func.span();
                visit_mut::visit_expr_mut(self, expr);
                let wrapped = boxed_site.and_then(|site| self.plan.wraps.get(&site));
                if self.cursor.lost.is_none()
                    && let Some(id) = wrapped
                    && let Some(info) = self.plan.introspected.get(id)
                {
                    *expr = self.emit.wrap(expr, info, self.mirrors.get(id), span);
                }
            }
            Expr::ForLoop(f) => {
                let first = self.cursor.bindings;
                self.rewrite_pat(&mut f.pat, true);
                let declared = first..self.cursor.bindings;
                let start = self.touched.len();
                self.visit_expr_mut(&mut f.expr);
                let iterated = start..self.touched.len();
                self.rewrite_body_lifting(declared, &mut f.body);
                if self.overlap(iterated.clone(), iterated.end..) {
                    crate::reorder::iterator_first(expr);
                }
            }
            Expr::Async(block) if block.capture.is_some() && self.copying.is_none() => {
                self.copying = Some(Vec::new());
                self.depth += 1;
                self.visit_block_mut(&mut block.block);
                self.depth -= 1;
                let copies = self.copying.take().unwrap_or_default();
                if !copies.is_empty() {
                    *expr = self.emit.with_clones(expr, &[], &copies);
                }
            }
            Expr::Async(_) => {
                self.depth += 1;
                visit_mut::visit_expr_mut(self, expr);
                self.depth -= 1;
            }
            Expr::If(_) | Expr::While(_) => self.rewrite_conditional_expr(expr),
            Expr::MethodCall(_) => self.rewrite_method_call(expr),
            Expr::Assign(_) | Expr::Binary(_) if is_assignment(expr) => {
                self.rewrite_assignment(expr);
            }
            Expr::Match(_) => self.rewrite_match(expr),
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
        let first_use = self.cursor.uses;
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
                for name in names.iter() {
                    self.cursor.use_site(self.emit.model, name);
                }
            }
            MacroArgs::Inert => {}
        }
        // Another macro's arguments are walked only to count their sites: a
        // macro may want an identifier where a rewrite would put `*x`. The
        // cells it names in their own frame are lent to it as values.
        if !known && self.cursor.lost.is_none() {
            for id in (first_use..self.cursor.uses).map(UseId::from_index) {
                if let (Some(b), UseRewrite::Borrow { site, .. }) =
                    (self.emit.model.uses[id].binding, &self.plan.uses[id])
                {
                    self.lent.push((b, site.clone()));
                }
            }
        }
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
pub fn into_block(expr: &mut Expr) -> &mut Block {
    if !matches!(expr, Expr::Block(b) if b.attrs.is_empty() && b.label.is_none()) {
        let inner = std::mem::replace(expr, Expr::Verbatim(proc_macro2::TokenStream::new()));
        *expr = Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: Block {
                brace_token: syn::token::Brace(crate::syntax::first_span(&inner)),
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
