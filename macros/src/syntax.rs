//! What a piece of syntax is, read the same way by every step: a variable
//! path, a place's root, a boxed closure, a pattern that binds.

use syn::visit::Visit;
use syn::{BinOp, Expr, ExprClosure, ExprPath, Ident, Item, Pat, PatIdent, UseTree};

/// The single variable path of an expression (`x`, not `a::x` or `x::<T>`).
pub fn single_ident(expr: &Expr) -> Option<(&ExprPath, &Ident)> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(|ident| (p, ident)),
        _ => None,
    }
}

/// The span of an expression's first token, which is what `Spanned::span`
/// gives on stable Rust, found without printing the expression where its
/// kind says where it starts.
pub fn first_span(expr: &Expr) -> proc_macro2::Span {
    use syn::spanned::Spanned as _;
    match expr {
        Expr::Block(e) if e.attrs.is_empty() && e.label.is_none() => {
            e.block.brace_token.span.open()
        }
        Expr::Path(e) if e.attrs.is_empty() && e.qself.is_none() => e.path.span(),
        Expr::Lit(e) if e.attrs.is_empty() => e.lit.span(),
        Expr::Closure(e) => crate::codegen::closure_span(e),
        Expr::MethodCall(e) if e.attrs.is_empty() => first_span(&e.receiver),
        Expr::Call(e) if e.attrs.is_empty() => first_span(&e.func),
        Expr::Binary(e) if e.attrs.is_empty() => first_span(&e.left),
        Expr::Field(e) if e.attrs.is_empty() => first_span(&e.base),
        Expr::Index(e) if e.attrs.is_empty() => first_span(&e.expr),
        other => other.span(),
    }
}

/// `#[allow(LINTS)]`, built as a node: parsing it from tokens each time
/// costs more in the unoptimised macro users build.
pub fn allow(lints: proc_macro2::TokenStream) -> syn::Attribute {
    let span = proc_macro2::Span::call_site();
    syn::Attribute {
        pound_token: syn::Token![#](span),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(span),
        meta: syn::Meta::List(syn::MetaList {
            path: Ident::new("allow", span).into(),
            delimiter: syn::MacroDelimiter::Paren(syn::token::Paren(span)),
            tokens: lints,
        }),
    }
}

/// `#[cfg_attr(clippy, allow(LINTS))]`, for allowances of clippy's lints:
/// only clippy (which sets `cfg(clippy)`) reads them, and rustc checks
/// each `allow` it sees, a tool lint's name costing it as much as type-
/// checking a small expression (measured: 100 of them took rustc ~10M
/// instructions in `cargo check`).
pub fn allow_clippy(lints: proc_macro2::TokenStream) -> syn::Attribute {
    let span = proc_macro2::Span::call_site();
    let allow = Ident::new("allow", span);
    let mut tokens = quote::quote!(clippy, #allow);
    tokens.extend([proc_macro2::TokenTree::Group(proc_macro2::Group::new(
        proc_macro2::Delimiter::Parenthesis,
        lints,
    ))]);
    let mut attr = self::allow(tokens);
    if let syn::Meta::List(list) = &mut attr.meta {
        list.path = Ident::new("cfg_attr", span).into();
    }
    attr
}

/// A path of one identifier, `Self` or `freevars`, optionally with a
/// leading `::`.
pub fn simple_path(name: &str, leading_colon: bool) -> syn::Path {
    let span = proc_macro2::Span::call_site();
    syn::Path {
        leading_colon: leading_colon.then(|| syn::Token![::](span)),
        segments: std::iter::once(syn::PathSegment::from(Ident::new(name, span))).collect(),
    }
}

/// Whether any identifier in `tokens`, at any depth, satisfies `is`.
pub fn any_ident(tokens: proc_macro2::TokenStream, is: &impl Fn(&Ident) -> bool) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => is(&ident),
        proc_macro2::TokenTree::Group(group) => any_ident(group.stream(), is),
        _ => false,
    })
}

/// A name as the model keeps it: `r#type` is `type`.
pub fn name_of(ident: &Ident) -> String {
    // One `to_string` (a call into the compiler), where `unraw()` makes
    // another to look for the `r#`.
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(unraw) => unraw.to_owned(),
        None => name,
    }
}

/// Whether a pattern identifier binds a variable. In an irrefutable pattern
/// (a parameter, a `let` without `else`, a `for`) every name binds, whatever
/// its case. In a refutable one (`match`, `if let`, `let .. else`),
/// `None`, `MAX` and other capitalised names are constants, variants and
/// unit structs, as rustc's naming lints assume.
pub fn is_binding(pat: &PatIdent, irrefutable: bool) -> bool {
    let starts_upper = pat
        .ident
        .to_string()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    irrefutable
        || !starts_upper
        || pat.by_ref.is_some()
        || pat.mutability.is_some()
        || pat.subpat.is_some()
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

/// `NAME` alone in a pattern, or `NAME: Type`: the `let` of one variable.
pub fn is_simple_pattern(pat: &Pat) -> bool {
    match pat {
        Pat::Type(t) => matches!(&*t.pat, Pat::Ident(p) if p.subpat.is_none()),
        Pat::Ident(p) => p.subpat.is_none(),
        _ => false,
    }
}

/// `x += ..`, `x <<= ..` and the other compound assignments.
pub fn is_compound_assign(op: &BinOp) -> bool {
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

/// `Box::new(ARG)`, with or without a leading path: its one argument.
pub fn box_new_arg(expr: &Expr) -> Option<&Expr> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Path(func) = &*call.func else {
        return None;
    };
    let mut segments = func.path.segments.iter().rev();
    let is_box_new = segments.next().is_some_and(|s| s.ident == "new")
        && segments.next().is_some_and(|s| s.ident == "Box");
    match call.args.first() {
        Some(arg) if is_box_new && call.args.len() == 1 => Some(arg),
        _ => None,
    }
}

/// A closure as a `let` initialiser: `<closure>` or `Box::new(<closure>)`,
/// and whether it is boxed.
pub fn closure_in_init(init: &Expr) -> Option<(&ExprClosure, bool)> {
    let init = strip_parens(init);
    match (init, box_new_arg(init)) {
        (Expr::Closure(c), _) => Some((c, false)),
        (_, Some(Expr::Closure(c))) => Some((c, true)),
        _ => None,
    }
}

/// Whether a pattern binds by `ref mut`, borrowing what it matches mutably.
pub fn binds_by_ref_mut(pat: &Pat) -> bool {
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
pub fn item_names(item: &Item) -> Vec<String> {
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

/// The names a pattern binds, in order: every identifier in an irrefutable
/// one (a parameter, a `let`), and in a refutable one those `is_binding`
/// tells from constants (`Some(n)` binds `n`, `None` nothing).
pub fn pattern_names(pat: &Pat, irrefutable: bool) -> Vec<Ident> {
    struct Names(Vec<Ident>, bool);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            if is_binding(pat, self.1) {
                self.0.push(pat.ident.clone());
            }
            syn::visit::visit_pat_ident(self, pat);
        }
        fn visit_expr(&mut self, _: &'ast Expr) {}
    }
    let mut names = Names(Vec::new(), irrefutable);
    names.visit_pat(pat);
    names.0
}
