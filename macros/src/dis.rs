//! What a returned closure's code says about names, read from the closure
//! as the user wrote it: the `dis` listing (how each name is reached, in
//! source order), the macros it invokes, and its source text.
//!
//! The listing is the part of CPython's `dis` that the Python closures
//! notebook reads: `LOAD_FAST`/`STORE_FAST` for the closure's own
//! parameters and locals, `LOAD_DEREF`/`STORE_DEREF` for its free
//! variables, `LOAD_GLOBAL` for paths, `LOAD_ATTR`/`STORE_ATTR` for fields,
//! `LOAD_METHOD` for method names and `RETURN_VALUE` for the tail and each
//! `return`. Closures nested in it are code of their own, as in CPython, and
//! are not listed. The macro formats the listing once, as one string.

use crate::body_macro::{Arg, BodyMacro, MacroArgs};
use crate::syntax::{name_of, pattern_names, single_ident};
use proc_macro2::Span;
use quote::ToTokens;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, ExprClosure, Member, Pat, Stmt};

/// What `Code` keeps of a closure's names and text.
pub struct Mirror {
    /// The `dis` listing, formatted.
    pub listing: String,
    /// The macros it invokes, without `!`, sorted, separated by spaces.
    pub builtins: String,
    /// The closure as written.
    pub source: String,
}

/// Reads `closure`, whose free variables are `free`.
pub fn mirror(closure: &ExprClosure, free: &[&str]) -> Mirror {
    let mut reader = Reader {
        free,
        scopes: vec![Vec::new()],
        ops: Vec::new(),
        builtins: BTreeSet::new(),
    };
    // Parameters arrive in their slots, as in CPython: declared, not stored.
    let stored = std::mem::take(&mut reader.ops);
    for input in &closure.inputs {
        reader.declare(input, true);
    }
    reader.ops = stored;
    reader.body(&closure.body);
    Mirror {
        listing: format_listing(&reader.ops),
        builtins: reader.builtins.into_iter().collect::<Vec<_>>().join(" "),
        source: source_text(closure),
    }
}

/// One operation of the listing.
struct Op {
    line: usize,
    name: &'static str,
    arg: String,
}

/// `{line:>4}  {OPNAME:<14}{name}`, the line written on the first operation
/// of each run of one source line.
fn format_listing(ops: &[Op]) -> String {
    let mut listing = String::new();
    let mut previous = None;
    for op in ops {
        if previous == Some(op.line) {
            listing.push_str("    ");
        } else {
            let _ = write!(listing, "{:>4}", op.line);
        }
        previous = Some(op.line);
        let _ = writeln!(listing, "  {:<14}{}", op.name, op.arg);
    }
    listing
}

struct Reader<'a> {
    free: &'a [&'a str],
    /// The closure's own names in scope, innermost block last.
    scopes: Vec<Vec<String>>,
    ops: Vec<Op>,
    builtins: BTreeSet<String>,
}

impl Reader<'_> {
    fn op(&mut self, span: Span, name: &'static str, arg: String) {
        self.ops.push(Op {
            line: span.start().line,
            name,
            arg,
        });
    }

    /// The body: its value is returned.
    fn body(&mut self, body: &Expr) {
        match body {
            Expr::Block(block) if block.label.is_none() => {
                self.scopes.push(Vec::new());
                let stmts = &block.block.stmts;
                for (index, stmt) in stmts.iter().enumerate() {
                    match stmt {
                        Stmt::Expr(tail, None) if index + 1 == stmts.len() => {
                            self.visit_expr(tail);
                            self.op(tail.span(), "RETURN_VALUE", String::new());
                        }
                        stmt => self.visit_stmt(stmt),
                    }
                }
                self.scopes.pop();
            }
            tail => {
                self.visit_expr(tail);
                self.op(tail.span(), "RETURN_VALUE", String::new());
            }
        }
    }

    fn is_fast(&self, name: &str) -> bool {
        self.scopes
            .iter()
            .any(|scope| scope.iter().any(|n| n == name))
    }

    /// A name read or written: the closure's own, a free variable, or a
    /// global.
    fn name(&mut self, ident: &proc_macro2::Ident, store: bool) {
        let name = name_of(ident);
        let op = match (
            self.is_fast(&name),
            self.free.contains(&name.as_str()),
            store,
        ) {
            (true, _, false) => "LOAD_FAST",
            (true, _, true) => "STORE_FAST",
            (false, true, false) => "LOAD_DEREF",
            (false, true, true) => "STORE_DEREF",
            (false, false, false) => "LOAD_GLOBAL",
            (false, false, true) => return,
        };
        self.op(ident.span(), op, name);
    }

    /// Declares the names a pattern binds, each stored.
    fn declare(&mut self, pat: &Pat, irrefutable: bool) {
        for ident in pattern_names(pat, irrefutable) {
            let name = name_of(&ident);
            if let Some(scope) = self.scopes.last_mut() {
                scope.push(name.clone());
            }
            self.op(ident.span(), "STORE_FAST", name);
        }
        // A match guard runs once the pattern has bound its names.
        if let Pat::Guard(guarded) = pat {
            self.visit_expr(&guarded.guard);
        }
    }

    /// The left side of an assignment, stored.
    fn store(&mut self, left: &Expr) {
        match left {
            Expr::Path(_) => {
                if let Some((_, ident)) = single_ident(left) {
                    self.name(ident, true);
                }
            }
            Expr::Field(field) => {
                self.visit_expr(&field.base);
                self.op(field.member.span(), "STORE_ATTR", member(&field.member));
            }
            Expr::Tuple(tuple) => tuple.elems.iter().for_each(|e| self.store(e)),
            Expr::Paren(paren) => self.store(&paren.expr),
            other => self.visit_expr(other),
        }
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Path(path) => {
                if let Some((_, ident)) = single_ident(expr) {
                    self.name(ident, false);
                } else {
                    let written: String = path
                        .to_token_stream()
                        .to_string()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    self.op(path.span(), "LOAD_GLOBAL", written);
                }
            }
            Expr::Assign(assign) => {
                self.visit_expr(&assign.right);
                self.store(&assign.left);
            }
            Expr::Binary(binary) if crate::syntax::is_compound_assign(&binary.op) => {
                self.visit_expr(&binary.left);
                self.visit_expr(&binary.right);
                self.store(&binary.left);
            }
            Expr::Field(field) => {
                self.visit_expr(&field.base);
                self.op(field.member.span(), "LOAD_ATTR", member(&field.member));
            }
            Expr::MethodCall(call) => {
                self.visit_expr(&call.receiver);
                self.op(call.method.span(), "LOAD_METHOD", name_of(&call.method));
                call.args.iter().for_each(|arg| self.visit_expr(arg));
            }
            Expr::Return(ret) => {
                if let Some(value) = &ret.expr {
                    self.visit_expr(value);
                }
                self.op(ret.return_token.span, "RETURN_VALUE", String::new());
            }
            // Code of its own.
            Expr::Closure(_) => {}
            Expr::Block(block) => {
                self.scopes.push(Vec::new());
                syn::visit::visit_block(self, &block.block);
                self.scopes.pop();
            }
            Expr::ForLoop(for_loop) => {
                self.visit_expr(&for_loop.expr);
                self.scopes.push(Vec::new());
                self.declare(&for_loop.pat, true);
                syn::visit::visit_block(self, &for_loop.body);
                self.scopes.pop();
            }
            Expr::Let(test) => {
                self.visit_expr(&test.expr);
                self.declare(&test.pat, false);
            }
            Expr::Match(m) => {
                self.visit_expr(&m.expr);
                for arm in &m.arms {
                    self.scopes.push(Vec::new());
                    self.declare(&arm.pat, false);
                    self.visit_expr(&arm.body);
                    self.scopes.pop();
                }
            }
            _ => syn::visit::visit_expr(self, expr),
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let irrefutable = local.init.as_ref().is_none_or(|i| i.diverge.is_none());
        self.declare(&local.pat, irrefutable);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let parsed = BodyMacro::parse(mac);
        self.builtins.insert(parsed.name);
        match &parsed.args {
            MacroArgs::List { args, inline, .. } => {
                for arg in args {
                    match arg {
                        Arg::Expr(e) | Arg::Named { value: e, .. } => self.visit_expr(e),
                    }
                }
                for name in inline {
                    self.name(name, false);
                }
            }
            MacroArgs::Repeat { elem, len, .. } => {
                self.visit_expr(elem);
                self.visit_expr(len);
            }
            MacroArgs::Matches { expr, .. } => self.visit_expr(expr),
            MacroArgs::Opaque { names } => {
                for name in names {
                    self.name(name, false);
                }
            }
            MacroArgs::Inert => {}
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

fn member(member: &Member) -> String {
    match member {
        Member::Named(ident) => name_of(ident),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

/// The closure's text as written: each top-level token's source text, laid
/// out at its line and column. Without source text (tokens a macro made),
/// the tokens printed.
fn source_text(closure: &ExprClosure) -> String {
    let mut text = String::new();
    let mut at: Option<proc_macro2::LineColumn> = None;
    for span in top_level_spans(closure) {
        let Some(written) = span.source_text() else {
            return closure.to_token_stream().to_string();
        };
        let start = span.start();
        if let Some(previous) = at {
            if start.line > previous.line {
                text.push_str(&"\n".repeat(start.line - previous.line));
                text.push_str(&" ".repeat(start.column));
            } else {
                text.push_str(&" ".repeat(start.column.saturating_sub(previous.column)));
            }
        }
        // A token on one line ends where its text does: only a block,
        // which spans lines, asks the compiler where it ends.
        at = Some(if written.contains('\n') {
            span.end()
        } else {
            proc_macro2::LineColumn {
                line: start.line,
                column: start.column + written.chars().count(),
            }
        });
        text.push_str(&written);
    }
    dedent(&text)
}

/// The spans of the closure's top-level tokens, in order. A block body is
/// one token, its braces' span, so the body is not printed: that is most of
/// the closure, and printing it is most of the cost of its source text.
fn top_level_spans(closure: &ExprClosure) -> Vec<Span> {
    let mut head = proc_macro2::TokenStream::new();
    for attr in &closure.attrs {
        attr.to_tokens(&mut head);
    }
    closure.lifetimes.to_tokens(&mut head);
    closure.constness.to_tokens(&mut head);
    closure.asyncness.to_tokens(&mut head);
    closure.capture.to_tokens(&mut head);
    closure.inputs_begin.to_tokens(&mut head);
    closure.inputs.to_tokens(&mut head);
    closure.inputs_end.to_tokens(&mut head);
    closure.output.to_tokens(&mut head);
    let mut spans: Vec<Span> = head.into_iter().map(|token| token.span()).collect();
    match &*closure.body {
        Expr::Block(body) if body.attrs.is_empty() && body.label.is_none() => {
            spans.push(body.block.brace_token.span.join());
        }
        body => spans.extend(body.to_token_stream().into_iter().map(|token| token.span())),
    }
    spans
}

/// The lines after the first, less the indentation they share, so that a
/// closure written inside a function reads as it would at the left margin.
fn dedent(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_owned();
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut dedented = first.to_owned();
    for line in rest {
        dedented.push('\n');
        dedented.push_str(line.get(indent..).unwrap_or(line.trim_start()));
    }
    dedented
}
