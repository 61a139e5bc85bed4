//! The pipeline's own guarantees: the rewrite stops with a spanned error
//! where it and the analysis disagree, and methods and free functions get
//! the same errors.

use crate::args::Args;
use crate::codegen::Gen;
use crate::expand::{expand, plan_fn};
use crate::rewrite;
use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

/// Plans `planned` and applies that plan to the body of `rewritten`, as if
/// one walker had visited the other tree: the error the rewrite reports.
fn mismatch(planned: TokenStream, rewritten: TokenStream) -> String {
    let planned: ItemFn = syn::parse2(planned).unwrap();
    let rewritten: ItemFn = syn::parse2(rewritten).unwrap();
    let facts = plan_fn(&planned.sig, &planned.block, &Args::default(), None).unwrap();
    let emit = Gen {
        model: &facts.analysis.model,
        cx: &facts.cx,
        exclusive_cells: &facts.plan.exclusive_cells,
    };
    let mut sig = rewritten.sig.clone();
    let mut block = (*rewritten.block).clone();
    rewrite::apply(&emit, &facts.plan, &mut sig, &mut block)
        .expect_err("the rewrite notices the mismatch")
        .to_string()
}

#[test]
fn two_uses_in_swapped_order_are_named_not_rewritten_wrongly() {
    let error = mismatch(
        quote!(
            fn f() -> impl FnMut() -> i32 {
                let mut a = 1;
                let b = 2;
                move || {
                    a += b;
                    a
                }
            }
        ),
        quote!(
            fn f() -> impl FnMut() -> i32 {
                let mut a = 1;
                let b = 2;
                move || {
                    b += a;
                    a
                }
            }
        ),
    );
    assert!(error.contains("lost track"), "{error}");
    assert!(
        error.contains("at `b`, where the analysis has a use of `a`"),
        "{error}"
    );
}

#[test]
fn a_site_only_the_rewrite_visits_is_named() {
    let error = mismatch(
        quote!(
            fn f() -> impl Fn() -> i32 {
                let a = 1;
                move || a
            }
        ),
        quote!(
            fn f() -> impl Fn() -> i32 {
                let a = 1;
                move || a + a
            }
        ),
    );
    assert!(
        error.contains("at `a`, where the analysis has no more sites"),
        "{error}"
    );
}

#[test]
fn a_site_only_the_analysis_visited_is_reported_at_the_function() {
    let error = mismatch(
        quote!(
            fn f() -> impl Fn() -> i32 {
                let a = 1;
                move || a + a
            }
        ),
        quote!(
            fn f() -> impl Fn() -> i32 {
                let a = 1;
                move || a
            }
        ),
    );
    assert!(error.contains("the analysis saw (1, 2, 1)"), "{error}");
    assert!(error.contains("the rewrite (1, 1, 1)"), "{error}");
}

#[test]
fn a_binding_or_a_closure_out_of_place_is_named() {
    let binding = mismatch(
        quote!(
            fn f() -> impl Fn() -> i32 {
                let a = 1;
                move || a
            }
        ),
        quote!(
            fn f() -> impl Fn() -> i32 {
                let b = 1;
                move || a
            }
        ),
    );
    assert!(
        binding.contains("at `b`, where the analysis has the binding of `a`"),
        "{binding}"
    );
    let closure = mismatch(
        quote!(
            fn f() -> impl Fn(i32) -> i32 {
                let a = 1;
                move |x| a + x
            }
        ),
        quote!(
            fn f() -> impl Fn(i32) -> i32 {
                let a = 1;
                move || a + x
            }
        ),
    );
    assert!(
        closure.contains("at this closure, where the analysis has a closure of 1 parameters"),
        "{closure}"
    );
}

/// The errors `#[introspect]` gives for an item, as text.
fn errors(args: TokenStream, item: TokenStream) -> Vec<String> {
    let (_, errors) = expand(args, item);
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn a_method_gets_the_error_a_free_function_gets() {
    let free = errors(
        quote!(),
        quote!(
            fn make() -> Option<impl Fn()> {
                None
            }
        ),
    );
    let method = errors(
        quote!(),
        quote!(impl Counter { fn make(&self) -> Option<impl Fn()> { None } }),
    );
    assert_eq!(free.len(), 1, "{free:?}");
    assert_eq!(method, free);
}

#[test]
fn the_crate_argument_is_given_once() {
    let repeated = errors(
        quote!(crate = ::freevars, crate = ::other),
        quote!(
            fn make() -> impl Fn() {
                || {}
            }
        ),
    );
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert!(
        repeated[0].contains("`crate` is given twice"),
        "{repeated:?}"
    );
}

/// Regression: a twin copied the original's doc comment, so its doc tests
/// ran twice.
#[test]
fn a_twin_has_its_own_doc_line_only() {
    let (output, errors) = expand(
        quote!(twin),
        quote! {
            /// Adds.
            /// ```
            /// assert_eq!(make_adder(1)(1), 2);
            /// ```
            fn make_adder(n: i32) -> impl Fn(i32) -> i32 { move |x| x + n }
        },
    );
    assert!(errors.is_empty());
    let file: syn::File = syn::parse2(output).unwrap();
    let docs = |item: &syn::Item| match item {
        syn::Item::Fn(f) => f.attrs.iter().filter(|a| a.path().is_ident("doc")).count(),
        _ => 0,
    };
    assert_eq!(file.items.len(), 2);
    assert_eq!(docs(&file.items[0]), 4, "the original keeps its docs");
    assert_eq!(docs(&file.items[1]), 1, "the twin has one line");
}
