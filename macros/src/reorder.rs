//! Statements that read a cell and change it in one expression, made to
//! evaluate the read first, so that its borrow ends before the change
//! borrows the cell.
//!
//! In plain Rust these need no care: two-phase borrows let `v.push(v.len())`
//! read `v` while its `&mut` is reserved, and the borrow of a scrutinee
//! that binds nothing ends before the arm runs. A cell's borrow is a guard,
//! alive until the end of the statement that made it, and two-phase borrows
//! do not pass through an overloaded `DerefMut`. So each shape below is
//! rewritten, only when both sides use the same cell, into the order plain
//! Rust evaluates it in, with each read in a `let` of its own: a `let`
//! drops its temporaries, and the guards with them, at its `;`.
//!
//! Each function takes an expression whose uses are already rewritten.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ExprMatch};

/// Input: `(*lazy(&v, ..)).push((*lazy(&v, ..)).len())`, `last` the index of
/// the last argument that uses a cell the receiver uses
/// Output: `{ let arg = (*lazy(&v, ..)).len(); (*lazy(&v, ..)).push(arg) }`
///
/// Arguments up to `last` are evaluated first, in order, except closures,
/// which evaluate to themselves and need the call to infer their types.
pub fn arguments_first(expr: &mut Expr, last: usize) {
    let Expr::MethodCall(call) = expr else { return };
    if call.args.iter().take(last + 1).all(is_closure) {
        return;
    }
    let span = call.method.span();
    let single = call
        .args
        .iter()
        .take(last + 1)
        .filter(|a| !is_closure(a))
        .count()
        == 1;
    let mut lets = Vec::new();
    for (index, arg) in call.args.iter_mut().enumerate().take(last + 1) {
        if is_closure(arg) {
            continue;
        }
        let name = if single {
            format_ident!("arg", span = Span::mixed_site())
        } else {
            format_ident!("arg{}", index + 1, span = Span::mixed_site())
        };
        let value = std::mem::replace(arg, crate::codegen::name(name.clone()));
        lets.push(quote_spanned!(span=> let #name = #value;));
    }
    let call = &*expr;
    *expr = Expr::Verbatim(quote_spanned!(span=> { #(#lets)* #call }));
}

/// Input: `*borrow_mut(&x, ..) = *borrow(&x, ..) + 1` (or `+=`)
/// Output: `{ let value = *borrow(&x, ..) + 1; *borrow_mut(&x, ..) = value; }`
///
/// For `=` and for `+=` on primitive types this is the order Rust
/// evaluates in; for an overloaded `+=` the left side, a place, is
/// evaluated after the value instead of before it.
pub fn value_first(expr: &mut Expr) {
    let span = expr.span();
    let value = format_ident!("value", span = Span::mixed_site());
    let right = match expr {
        Expr::Assign(assign) => &mut assign.right,
        Expr::Binary(binary) => &mut binary.right,
        _ => return,
    };
    let read = std::mem::replace(&mut **right, crate::codegen::name(value.clone()));
    let assign = &*expr;
    *expr = Expr::Verbatim(quote_spanned!(span=> { let #value = #read; #assign; }));
}

/// A `match` whose patterns bind nothing, on a cell its arms use.
///
/// Input: `match *borrow(&state, ..) { State::A => *borrow_mut(&state, ..) = State::B, _ => {} }`
/// Output:
/// ```text
/// {
///     let arm = match *borrow(&state, ..) { State::A => 0, _ => 1 };
///     match arm { 0 => *borrow_mut(&state, ..) = State::B, _ => {} }
/// }
/// ```
pub fn arm_first(expr: &mut Expr) {
    let Expr::Match(m) = expr else { return };
    let span = m.match_token.span;
    let arm = format_ident!("arm", span = Span::mixed_site());
    let ExprMatch {
        attrs,
        expr: scrutinee,
        arms,
        ..
    } = m;
    let last = arms.len().saturating_sub(1);
    let choose = arms.iter().enumerate().map(|(index, a)| {
        // The pattern, with its guard (`P if g`, one node in syn 3).
        let pat = &a.pat;
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#pat => #index,)
    });
    let run = arms.iter().enumerate().map(|(index, a)| {
        let pat: TokenStream = if index == last {
            quote_spanned!(span=> _)
        } else {
            proc_macro2::Literal::usize_unsuffixed(index).into_token_stream()
        };
        let body = &a.body;
        quote!(#pat => { #body })
    });
    *expr = Expr::Verbatim(quote_spanned!(span=> {
        let #arm: usize = #(#attrs)* match #scrutinee { #(#choose)* };
        match #arm { #(#run)* }
    }));
}

/// Input: `let State::A = *borrow(&state, ..)` (an `if let` or `while let`
/// whose pattern binds nothing)
/// Output: `::core::matches!(*borrow(&state, ..), State::A)`: an `if`
/// condition drops its temporaries before the block runs.
pub fn test_first(cond: &mut Expr) {
    let Expr::Let(test) = cond else { return };
    let span = test.let_token.span;
    let (pat, scrutinee) = (&test.pat, &test.expr);
    *cond = Expr::Verbatim(quote_spanned!(span=> ::core::matches!(#scrutinee, #pat)));
}

/// A `for` loop over an expression that reads a cell its body uses: the
/// loop would hold the expression's temporaries, and so the cell, until it
/// ends.
///
/// Input: `for i in 0..(*lazy(&v, ..)).len() { (*lazy(&v, ..))[i] += 1; }`
/// Output: `{ let iter = 0..(*lazy(&v, ..)).len(); for i in iter { .. } }`
pub fn iterator_first(expr: &mut Expr) {
    let Expr::ForLoop(f) = expr else { return };
    let span = f.for_token.span;
    let iter = format_ident!("iter", span = Span::mixed_site());
    let source = std::mem::replace(&mut *f.expr, crate::codegen::name(iter.clone()));
    let for_loop = &*expr;
    *expr = Expr::Verbatim(quote_spanned!(span=> { let #iter = #source; #for_loop }));
}

fn is_closure(expr: &Expr) -> bool {
    matches!(expr, Expr::Closure(_))
}
