//! The pieces of generated code. Each function shows what it writes.
//!
//! Names the macro introduces (`series_cell`, `this`) are `mixed_site`, so
//! they never meet the user's names; the user's own names keep their spans,
//! so errors point at the user's code.
//!
//! The pieces are built as tokens (`quote!`) or as syn nodes, never by
//! parsing tokens back into syn: in a user's debug build the macro runs
//! unoptimised, and re-parsing a returned closure's whole body once for the
//! closure and once for its wrapping cost more than everything else the
//! macro does. A piece that goes back into the user's syntax tree is an
//! `Expr::Verbatim` where its printed form needs no parentheses in any
//! position (a call, a block, a closure where one was), and a real node
//! (`*x` as `Expr::Unary`) where it may (`(*x).push(..)`).

use crate::model::{Binding, BindingId, Model, Table};
use crate::plan::{Capture, Context, Introspected, Mode};
use crate::shape::{has_elided_lifetime, without_late_bound};
use crate::syntax::any_ident;
use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{
    Block, Expr, ExprBlock, ExprClosure, ExprPath, ExprUnary, Local, LocalInit, Pat, PatIdent,
    PatType, ReturnType, Stmt, Token, Type, UnOp, parse_quote,
};

/// Generates code for one function.
pub struct Gen<'a> {
    pub model: &'a Model,
    pub cx: &'a Context,
    /// Cells that no code borrows shared (`Plan::exclusive_cells`).
    pub exclusive_cells: &'a Table<BindingId, bool>,
}

impl Gen<'_> {
    fn binding(&self, b: BindingId) -> &Binding {
        &self.model.bindings[b]
    }

    /// Output: `use ::freevars::__private as __freevars;`, first in the
    /// rewritten body, which names the runtime's protocol module through it
    /// (four tokens a path instead of nine, at every cell, borrow and
    /// closure). Under `#[introspect(sync)]`,
    /// `use ::freevars::__private::sync as __freevars;`: the same names,
    /// with cells that can go to other threads.
    pub fn protocol_use(&self) -> Stmt {
        let krate = &self.cx.krate;
        let alias = protocol_alias();
        let module = if self.cx.sync {
            quote!(#krate::__private::sync)
        } else {
            quote!(#krate::__private)
        };
        Stmt::Item(syn::Item::Verbatim(quote!(use #module as #alias;)))
    }

    /// The name the declaring frame keeps the cell under, and the name of
    /// the guard in a closure: the user's own, or `this` for `self`.
    pub fn local_ident(&self, b: BindingId, at: Span) -> Ident {
        let binding = self.binding(b);
        if binding.name == "self" {
            Ident::new("this", Span::mixed_site().located_at(at))
        } else {
            let mut ident = binding.ident.clone();
            ident.set_span(binding.ident.span().located_at(at));
            ident
        }
    }

    /// The name a returned closure keeps its clone of a captured cell under:
    /// `series_cell`, `self_cell` (no variable can be named `self`, so no two
    /// captures share one).
    pub fn captured_ident(&self, b: BindingId) -> Ident {
        format_ident!("{}_cell", self.binding(b).name, span = Span::mixed_site())
    }

    /// Input: `Vec::new()` (`let series = Vec::new();`)
    /// Output: `__freevars::new_cell(Vec::new())`
    pub fn new_cell(&self, b: BindingId, init: &Expr, ty: Option<&Type>) -> Expr {
        let cells = protocol_alias();
        let constructor = self.constructor(b);
        let turbofish = ty.map(|ty| quote!(::<#ty>));
        Expr::Verbatim(quote!(#cells::#constructor #turbofish (#init)))
    }

    /// `new_cell`, or under `sync`, `new_exclusive_cell` for a cell no code
    /// borrows shared: a mutex rather than a reader-writer lock.
    fn constructor(&self, b: BindingId) -> Ident {
        let exclusive = self.exclusive_cells.get(b).copied().unwrap_or(false);
        let name = if exclusive {
            "new_exclusive_cell"
        } else {
            "new_cell"
        };
        Ident::new(name, Span::call_site())
    }

    /// Output: `let n = __freevars::new_cell(n);`, or
    /// `let this = __freevars::new_cell(self);`
    pub fn lift(&self, b: BindingId) -> Stmt {
        let cells = protocol_alias();
        let binding = self.binding(b);
        let cell = self.local_ident(b, binding.ident.span());
        let value = &binding.ident;
        let constructor = self.constructor(b);
        let_stmt(cell, quote!(#cells::#constructor(#value)))
    }

    /// Input: `count` (a use in the frame that owns the cell)
    /// Output: `*__freevars::borrow_mut(&count, "count", "make_counter")`,
    /// `*..::borrow(..)` for a read, `*..::lazy(..)` for a method call
    pub fn borrow(&self, b: BindingId, at: &Ident, mode: Mode, site: &str) -> Expr {
        let span = at.span();
        // At the use, so that a conflicting borrow's panic points there.
        let cells = protocol_alias_at(span);
        let cell = self.local_ident(b, span);
        let name = &self.binding(b).name;
        let function = Ident::new(borrow_fn(mode), span);
        deref(
            span,
            Expr::Verbatim(quote_spanned!(span=> #cells::#function(&#cell, #name, #site))),
        )
    }

    /// Input: `series` (a use in a returned closure)
    /// Output: `*series`, the value the closure holds borrowed for the call,
    /// or `**series` through a lazy guard.
    pub fn through_guard(&self, b: BindingId, at: &Ident, mode: Mode) -> Expr {
        let value = deref(at.span(), name(self.local_ident(b, at.span())));
        if mode == Mode::Lazy {
            deref(at.span(), value)
        } else {
            value
        }
    }

    /// Output: `let count = &*__freevars::borrow(&count_cell, "count", "make_counter::get");`,
    /// `let count = &mut *..::guard_mut(..);` (`sole_mut` for the only
    /// closure that changes it), or
    /// `let series = &mut ..::guard_lazy(&series_cell, "series", "make_averager::{closure}");`
    /// (`sole_lazy`). Under `sync`, `borrow_mut` and `lazy`: its cells name
    /// their holders otherwise.
    ///
    /// Spanned at the call site: clippy would otherwise read the generated
    /// `&mut *` of a captured `&mut I` as the user's `&mut &mut I`.
    fn guard(&self, capture: &Capture, site: &str) -> Option<Stmt> {
        let (b, mode) = (capture.binding, capture.mode);
        let cells = protocol_alias();
        let binding = self.binding(b);
        let guard = self.local_ident(b, binding.ident.span());
        let cell = self.captured_ident(b);
        let name = &binding.name;
        let function = match (mode, capture.sole, self.cx.sync) {
            (Mode::Exclusive | Mode::Lazy, _, true) | (Mode::Shared | Mode::PassThrough, ..) => {
                borrow_fn(mode)
            }
            (Mode::Exclusive, true, false) => "sole_mut",
            (Mode::Exclusive, false, false) => "guard_mut",
            (Mode::Lazy, true, false) => "sole_lazy",
            (Mode::Lazy, false, false) => "guard_lazy",
        };
        let function = Ident::new(function, Span::call_site());
        // One `quote!` each: a stream quoted into another costs a round
        // trip to the compiler, once per captured variable of every closure.
        let borrowed = match mode {
            Mode::PassThrough => return None,
            Mode::Shared => quote!(&*#cells::#function(&#cell, #name, #site)),
            Mode::Exclusive => quote!(&mut *#cells::#function(&#cell, #name, #site)),
            Mode::Lazy => quote!(&mut #cells::#function(&#cell, #name, #site)),
        };
        Some(let_stmt(guard, borrowed))
    }

    /// A macro the rewrite does not know, in the frame that owns cells it
    /// names, gets a shared borrow of each value under the variable's name.
    ///
    /// Input: `log::info!("factor {factor}")`
    /// Output: `{ let factor = &*__freevars::borrow(&factor, "factor", "make"); log::info!("factor {factor}") }`
    /// A statement macro stays a statement (`log!(..);` whose expansion
    /// ends in `;` cannot be an expression): `{ let factor = ..; log!(..); }`.
    pub fn lend(&self, mac: &dyn ToTokens, lent: &[(BindingId, String)]) -> Expr {
        let cells = protocol_alias();
        let span = first_span_of(mac);
        let mut seen = Vec::new();
        let lets = lent.iter().filter(|(b, _)| {
            let first = !seen.contains(b);
            seen.push(*b);
            first
        });
        let lets: Vec<TokenStream> = lets
            .map(|(b, site)| {
                let value = self.local_ident(*b, span);
                let name = &self.binding(*b).name;
                quote_spanned!(span=> let #value = &*#cells::borrow(&#value, #name, #site);)
            })
            .collect();
        Expr::Verbatim(quote_spanned!(span=> { #(#lets)* #mac }))
    }

    /// Input: `state` (a use inside a `match` that holds `state`)
    /// Output: `**state_guard`
    pub fn held(&self, b: BindingId, at: &Ident) -> Expr {
        // At the use: rustc's errors and clippy's suggestions quote it as
        // the user's `state`.
        // In the user's context, at the use: clippy quotes a scrutinee from
        // the context of its `match`, and would quote the attribute for a
        // macro's. (So the guard is named in the user's context: a variable
        // of the user's named `state_guard` is shadowed inside the `match`.)
        let here = at.span();
        deref(here, deref(here, name(self.held_ident(b, here))))
    }

    fn held_ident(&self, b: BindingId, span: Span) -> Ident {
        let name = &self.binding(b).name;
        let name = if name == "self" { "this" } else { name };
        format_ident!("{name}_guard", span = span)
    }

    /// A `match`, `if let` or `while let` whose patterns bind, on a cell its
    /// arms use: one lazy guard serves the scrutinee and the arms, so rustc
    /// decides, as for the variable itself, when the arms may change it.
    ///
    /// Input: `match *state_guard { Some(n) => **state_guard = Some(n + 1), None => {} }`
    /// Output: `{ let state_guard = &mut __freevars::lazy(&state, "state", "make"); match .. }`
    pub fn hold(&self, expr: &Expr, held: &[(BindingId, String)]) -> Expr {
        let cells = protocol_alias();
        let span = expr.span();
        let guards = held.iter().map(|(b, site)| {
            let guard = self.held_ident(*b, span);
            let cell = self.local_ident(*b, span);
            let name = &self.binding(*b).name;
            quote_spanned!(span=> let #guard = &mut #cells::lazy(&#cell, #name, #site);)
        });
        Expr::Verbatim(quote_spanned!(span=> { #(#guards)* #expr }))
    }

    /// Output: `let series_cell = __freevars::share(&series);`,
    /// or for the sole writer `site` of the variable (`Capture::sole`),
    /// `let series_cell = __freevars::share_sole(&series, "make_averager::{closure}");`
    fn share_cell(target: &Ident, source: &Ident, sole: Option<&str>) -> TokenStream {
        let cells = protocol_alias();
        if let Some(site) = sole {
            quote!(let #target = #cells::share_sole(&#source, #site);)
        } else {
            quote!(let #target = #cells::share(&#source);)
        }
    }

    /// A `move` closure or `async move` block that is not returned gets its
    /// own clone of each cell of its frame it uses, so the frame keeps using
    /// them, and a copy of each value its frame holds borrowed, as plain
    /// Rust moves a copy in.
    ///
    /// Input: `move || log.push(*factor)` (uses already rewritten)
    /// Output: `{ let log = __freevars::share(&log); let factor = *factor; move || .. }`
    pub fn with_clones(&self, closure: &Expr, cells: &[BindingId], copies: &[CopyIn]) -> Expr {
        let span = match closure {
            Expr::Closure(closure) => closure_span(closure),
            other => other.span(),
        };
        let cells = cells.iter().map(|&b| {
            let cell = self.local_ident(b, span);
            Self::share_cell(&cell, &cell, None)
        });
        let copies = copies.iter().map(|copy| {
            let value = self.local_ident(copy.binding, span);
            let mut source = self.through_guard(copy.binding, &value, copy.mode);
            if copy.clone {
                source = cloned(&source, span);
            }
            let mutability = copy.mutable.then(|| Token![mut](span));
            quote!(let #mutability #value = #source;)
        });
        Expr::Verbatim(quote_spanned!(span=> { #(#cells)* #(#copies)* #closure }))
    }

    /// A returned closure: it holds clones of its cells, takes the types of
    /// its parameters and result from the return type, and borrows each
    /// captured cell once per call.
    ///
    /// Input:
    /// ```text
    /// move |new_value| { (*series).push(new_value); .. }
    /// ```
    /// Output:
    /// ```text
    /// {
    ///     let series_cell = __freevars::share(&series);
    ///     move |new_value: f64| -> f64 {
    ///         let series = &mut *__freevars::borrow_mut(&series_cell, "series", "make_averager::{closure}");
    ///         (*series).push(new_value);
    ///         ..
    ///     }
    /// }
    /// ```
    pub fn returned_closure(
        &self,
        mut closure: ExprClosure,
        info: &Introspected,
        lifted_params: &[BindingId],
    ) -> Expr {
        let span = closure_span(&closure);
        let closure_is_async = closure.asyncness.is_some();
        closure.capture = Some(Token![move](closure.inputs_begin.span));
        for (input, ty) in closure.inputs.iter_mut().zip(&info.ty.inputs) {
            if !matches!(input, Pat::Type(_)) {
                let ty = without_late_bound(ty, &info.ty.late_bound);
                let colon_token = Token![:](input.span());
                let pat = std::mem::replace(input, Pat::Verbatim(TokenStream::new()));
                *input = Pat::Type(PatType {
                    attrs: Vec::new(),
                    pat: Box::new(pat),
                    colon_token,
                    ty: Box::new(ty),
                });
            }
        }
        let mut signature = None;
        // A plain closure that is an `AsyncFn` returns a future, not `R`.
        let output_fits = closure_is_async || !info.ty.is_async;
        if let (ReturnType::Default, Some(output), true) =
            (&closure.output, &info.ty.output, output_fits)
        {
            let output = without_late_bound(output, &info.ty.late_bound);
            if has_elided_lifetime(&output) {
                signature = self.signature(info);
            } else {
                closure.output = ReturnType::Type(Token![->](span), Box::new(output));
            }
        }
        let prologue: Vec<Stmt> = lifted_params
            .iter()
            .map(|&b| self.lift(b))
            .chain(
                info.captures
                    .iter()
                    .filter_map(|c| self.guard(c, &info.qualname)),
            )
            .collect();
        let needs_block = !prologue.is_empty() || matches!(closure.output, ReturnType::Type(..));
        match &mut *closure.body {
            Expr::Block(block) if block.attrs.is_empty() && block.label.is_none() => {
                insert_at_start(&mut block.block.stmts, prologue);
            }
            body if needs_block => {
                let tail = std::mem::replace(body, Expr::Verbatim(TokenStream::new()));
                let mut stmts = prologue;
                stmts.push(Stmt::Expr(tail, None));
                *body = Expr::Block(ExprBlock {
                    attrs: Vec::new(),
                    label: None,
                    block: Block {
                        brace_token: syn::token::Brace(span),
                        stmts,
                    },
                });
            }
            _ => {}
        }
        let closure = match signature {
            Some((item, callee)) => quote_spanned!(span=> { #item #callee(#closure) }),
            None if info.captures.is_empty() => return Expr::Closure(closure),
            None => closure.into_token_stream(),
        };
        if info.captures.is_empty() {
            return Expr::Verbatim(closure);
        }
        // An `async` closure borrows per use, each cell under the
        // variable's own name, as the function does.
        let clones = info.captures.iter().map(|c| {
            let source = if c.owned_by_parent {
                self.local_ident(c.binding, span)
            } else {
                self.captured_ident(c.binding)
            };
            let target = if closure_is_async {
                self.local_ident(c.binding, span)
            } else {
                self.captured_ident(c.binding)
            };
            let sole = c.sole.then_some(info.qualname.as_str());
            Self::share_cell(&target, &source, sole)
        });
        Expr::Verbatim(quote_spanned!(span=> { #(#clones)* #closure }))
    }

    /// A closure whose result borrows from its argument (`Fn(&str) -> &str`)
    /// cannot say so in its own syntax, and inside `__private::closure(..)`
    /// nothing else tells rustc: pass it through a function with the bound.
    ///
    /// Output: `fn signature<F: Fn(&str) -> &str>(f: F) -> F { f }`, called
    /// as `signature(<closure>)`. A bound that names the function's (or the
    /// `impl`'s) generics gets them, with their bounds, and they are passed
    /// on explicitly (lifetimes are inferred):
    /// `fn signature<'p, T: Clone, F: Fn(&T) -> &'p T>(f: F) -> F { f }`,
    /// called as `signature::<T, _>(<closure>)`. `Self` is the `impl`'s
    /// type; `None` when the attribute is on a method, where that type is
    /// unknown.
    fn signature(&self, info: &Introspected) -> Option<(TokenStream, TokenStream)> {
        let name = Ident::new("signature", Span::mixed_site());
        let bound = match &self.cx.self_ty {
            Some(self_ty) => replace_self(info.ty.bound.clone(), self_ty),
            None if any_ident(info.ty.bound.clone(), &|ident| ident == "Self") => return None,
            None => info.ty.bound.clone(),
        };
        let generic_names = &self.cx.generic_names;
        if !any_ident(bound.clone(), &|ident| generic_names.contains(ident)) {
            let item = quote!(fn #name<F: #bound>(f: F) -> F { f });
            return Some((item, name.into_token_stream()));
        }
        let generics = &self.cx.generics;
        let params = generics.params.iter().map(|param| match param {
            syn::GenericParam::Type(t) => {
                let mut t = t.clone();
                t.default = None;
                t.into_token_stream()
            }
            syn::GenericParam::Const(c) => {
                let mut c = c.clone();
                c.default = None;
                c.into_token_stream()
            }
            syn::GenericParam::Lifetime(l) => l.into_token_stream(),
        });
        let args = generics.params.iter().filter_map(|param| match param {
            syn::GenericParam::Type(t) => Some(&t.ident),
            syn::GenericParam::Const(c) => Some(&c.ident),
            syn::GenericParam::Lifetime(_) => None,
        });
        let where_clause = generics
            .where_clause
            .as_ref()
            .map(|w| match &self.cx.self_ty {
                Some(self_ty) => replace_self(w.to_token_stream(), self_ty),
                None => w.to_token_stream(),
            });
        let item = quote!(fn #name<#(#params,)* F: #bound>(f: F) -> F #where_clause { f });
        Some((item, quote!(#name::<#(#args,)* _>)))
    }

    /// Input: the returned closure (or `Box::new(..)` of it)
    /// Output:
    /// ```text
    /// __freevars::closure(
    ///     <closure>,
    ///     &__freevars::Code("make_averager::{closure}", __freevars::NO_OWNER, 1, ..),
    ///     [__freevars::probe("series", &series).dyn_cell()],
    /// )
    /// ```
    /// The cells come after the closure so that rustc has inferred their
    /// types (`Vec::new()`) from its body when it picks how to show them.
    pub fn wrap(
        &self,
        expr: &Expr,
        info: &Introspected,
        mirror: Option<&crate::dis::Mirror>,
        span: Span,
    ) -> Expr {
        // Spanned at the closure, so that an error about the returned value
        // (two closures for one `impl Fn`) points at it.
        let module = protocol_alias_at(span);
        let code = self.code(info, mirror, span);
        let cells = self.cells(info, span);
        Expr::Verbatim(quote_spanned!(span=> #module::closure(#expr, #code, #cells)))
    }

    /// Outside an `impl`, a literal that rustc promotes to a constant (no
    /// `static`, no `const` block: each is a body rustc checks on its own):
    /// ```text
    /// &__freevars::Code("make_averager::{closure}", __freevars::NO_OWNER, 1,
    ///     &["new_value", "total"], &["series"], &[], "src/lib.rs", 7, "..", "", "..")
    /// ```
    /// (qualname, owner, argcount, varnames, freevars, cellvars, file and
    /// line of the closure's first token, listing, macros, source). Inside
    /// an `impl`, the owner's name is known at run time:
    /// ```text
    /// {
    ///     static OWNER: __freevars::Owner = __freevars::Owner::new();
    ///     static CODE: __freevars::Code = __freevars::Code(.., ::core::option::Option::Some(&OWNER), ..);
    ///     OWNER.set(&CODE, ::core::any::type_name::<Self>())
    /// }
    /// ```
    fn code(
        &self,
        info: &Introspected,
        mirror: Option<&crate::dis::Mirror>,
        span: Span,
    ) -> TokenStream {
        let module = protocol_alias();
        let qualname = &info.qualname;
        let argcount = proc_macro2::Literal::usize_unsuffixed(info.argcount);
        let varnames = &info.varnames;
        let cellvars = &info.cellvars;
        let freevars = info.captures.iter().map(|c| &self.binding(c.binding).name);
        let filename = span.file();
        let firstlineno = u32::try_from(span.start().line).unwrap_or(u32::MAX);
        let firstlineno = proc_macro2::Literal::u32_unsuffixed(firstlineno);
        let (listing, builtins, source) =
            mirror.map_or(("", "", ""), |m| (&*m.listing, &*m.builtins, &*m.source));
        let fields = |owner: TokenStream| {
            quote! {
                #qualname, #owner, #argcount,
                &[#(#varnames),*], &[#(#freevars),*], &[#(#cellvars),*],
                #filename, #firstlineno, #listing, #builtins, #source
            }
        };
        if self.cx.in_impl {
            // A method of the `static` records the owner: the function does
            // change a static, and clippy's `must_use_candidate` sees it.
            let owner = format_ident!("OWNER", span = Span::mixed_site());
            let code = format_ident!("CODE", span = Span::mixed_site());
            let fields = fields(quote!(::core::option::Option::Some(&#owner)));
            quote!({
                static #owner: #module::Owner = #module::Owner::new();
                static #code: #module::Code = #module::Code(#fields);
                #owner.set(&#code, ::core::any::type_name::<Self>())
            })
        } else {
            let fields = fields(quote!(#module::NO_OWNER));
            quote!(&#module::Code(#fields))
        }
    }

    /// Output: `[__freevars::probe("series", &series).dyn_cell()]`,
    /// or `__freevars::opaque_cell("text", &text)` for a cell
    /// whose type may borrow.
    fn cells(&self, info: &Introspected, span: Span) -> TokenStream {
        let module = protocol_alias();
        let cells = info.captures.iter().map(|c| {
            let name = &self.binding(c.binding).name;
            let cell = if c.owned_by_parent {
                self.local_ident(c.binding, span)
            } else {
                self.captured_ident(c.binding)
            };
            if c.opaque {
                quote!(#module::opaque_cell(#name, &#cell))
            } else {
                quote!(#module::probe(#name, &#cell).dyn_cell())
            }
        });
        quote!([#(#cells),*])
    }
}

/// Ends a block that declares cells with its tail as a `return` (a
/// body) or a `break` out of a labelled block: the temporaries of either
/// are dropped before the block's locals, in every edition, and the
/// tail keeps the type the block is expected to have.
///
/// Input: `{ let n = new_cell(n); match *borrow(&n, ..) { .. } }`
/// Output: `{ let n = new_cell(n); return match *borrow(&n, ..) { .. }; }`,
/// or `{ 'cells: { let n = ..; break 'cells match .. { .. }; } }`
pub fn leave_with(block: &mut Block, tail: &Expr, is_body: bool) {
    if is_body {
        block.stmts.push(parse_quote! {
            #[cfg_attr(clippy, allow(clippy::needless_return))]
            return #tail;
        });
    } else {
        let label = syn::Lifetime::new("'cells", Span::mixed_site());
        let stmts = std::mem::take(&mut block.stmts);
        block.stmts.push(Stmt::Expr(
            parse_quote!(#label: { #(#stmts)* break #label #tail; }),
            None,
        ));
    }
}

/// The name `protocol_use` gives the runtime's protocol module in a
/// rewritten body, spanned at `span`: where the cells' functions, `closure`
/// and `Code` are. An item, so call-site hygiene: a module or type of that
/// name in the body would be shadowed, a function or a variable cannot.
///
/// One token: quoted into a piece, it is pushed as it is, where a path
/// would be a stream appended to the piece's (a round trip to the compiler
/// each).
fn protocol_alias_at(span: Span) -> Ident {
    Ident::new("__freevars", span)
}

fn protocol_alias() -> Ident {
    protocol_alias_at(Span::call_site())
}

/// Puts statements at the start of a block, after the items declared
/// there: an item after a statement reads as if it came later (clippy's
/// `items_after_statements`).
pub fn insert_at_start(stmts: &mut Vec<Stmt>, new: Vec<Stmt>) {
    let items = stmts
        .iter()
        .take_while(|stmt| matches!(stmt, Stmt::Item(_)))
        .count();
    stmts.splice(items..items, new);
}

/// The span `closure.span()` gives on stable Rust, where spans do not join:
/// that of the closure's first token. `Spanned::span` prints the whole
/// closure, body included, to find it (`rewrite` calls it once per closure
/// too, and could call this instead).
pub fn closure_span(closure: &ExprClosure) -> Span {
    if let Some(attr) = closure.attrs.first() {
        attr.pound_token.span
    } else if let Some(lifetimes) = &closure.lifetimes {
        lifetimes.for_token.span
    } else if let Some(constness) = &closure.constness {
        constness.span
    } else if let Some(asyncness) = &closure.asyncness {
        asyncness.span
    } else if let Some(capture) = &closure.capture {
        capture.span
    } else {
        closure.inputs_begin.span
    }
}

/// A value a `move` closure copies from its frame's guard.
pub struct CopyIn {
    pub binding: BindingId,
    /// How the frame holds it.
    pub mode: Mode,
    /// The closure assigns or mutates its copy.
    pub mutable: bool,
    /// The value is a closure, cloned rather than copied
    /// (`Plan::closure_values`).
    pub clone: bool,
}

/// The span of the first token of `tokens`.
fn first_span_of(tokens: &dyn ToTokens) -> Span {
    tokens
        .to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// The `__private` function that borrows a cell in `mode`.
fn borrow_fn(mode: Mode) -> &'static str {
    match mode {
        Mode::Shared | Mode::PassThrough => "borrow",
        Mode::Exclusive => "borrow_mut",
        Mode::Lazy => "lazy",
    }
}

/// `let NAME = INIT;`, without parsing `INIT`.
fn let_stmt(name: Ident, init: TokenStream) -> Stmt {
    let span = Span::call_site();
    Stmt::Local(Local {
        attrs: Vec::new(),
        let_token: Token![let](span),
        modifiers: syn::LocalModifiers::default(),
        pat: Pat::Ident(PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: name,
            subpat: None,
        }),
        init: Some(LocalInit {
            eq_token: Token![=](span),
            expr: Box::new(Expr::Verbatim(init)),
            diverge: None,
        }),
        semi_token: Token![;](span),
    })
}

/// `NAME` as an expression, a node built without parsing.
pub fn name(ident: Ident) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: ident.into(),
    })
}

/// Input: `*__freevars::borrow(&get, "get", "make")` (a closure
/// in a cell, used as a value)
/// Output: `::core::clone::Clone::clone(&*__freevars::borrow(..))`
pub fn cloned(expr: &Expr, span: Span) -> Expr {
    Expr::Verbatim(quote_spanned!(span=> ::core::clone::Clone::clone(&#expr)))
}

/// `*EXPR`, a node, so that syn parenthesizes it where needed (`(*x).len()`).
fn deref(span: Span, expr: Expr) -> Expr {
    Expr::Unary(ExprUnary {
        attrs: Vec::new(),
        op: UnOp::Deref(Token![*](span)),
        expr: Box::new(expr),
    })
}

/// `tokens` with each `Self` replaced by `self_ty`, which a nested `fn`
/// cannot name otherwise.
fn replace_self(tokens: TokenStream, self_ty: &syn::Type) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == "Self" => {
                let mut ty = TokenStream::new();
                self_ty.to_tokens(&mut ty);
                TokenTree::Group(Group::new(proc_macro2::Delimiter::None, ty))
            }
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), replace_self(group.stream(), self_ty));
                new.set_span(group.span());
                TokenTree::Group(new)
            }
            other => other,
        })
        .collect()
}
