//! What the robustness runs (`real_code`, `mutations`) check of every
//! expansion, and how they tell how far an input got: the macro does not
//! panic, what it emits for an item parses (the item, and the item with its
//! errors as a file), every error is spanned at the input's tokens, and an
//! item refused before the analysis comes back as written.

use crate::expand::expand;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The start of each error the macro gives before it analyses a body. The
/// refusal for a return type without a closure comes first: it is the one
/// most real functions get.
const REFUSED_BEFORE_THE_ANALYSIS: &[&str] = &[
    "#[introspect] found no closure in the return type",
    "#[introspect] cannot wrap a closure inside",
    "#[introspect] cannot rewrite an `async fn`",
    "#[introspect] cannot rewrite a `const fn`",
    "#[introspect] cannot rewrite the methods of a trait impl",
    "#[introspect] found no method returning a closure",
    "#[introspect] goes on a function",
];

/// How far an input got through the macro.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Not an item; rustc never hands such input to an attribute.
    NotAnItem,
    /// Refused before the analysis, with the error that starts this way
    /// (one of [`REFUSED_BEFORE_THE_ANALYSIS`]).
    Refused(&'static str),
    /// Analysed, and left as written next to an error.
    Analysed,
    /// Analysed and rewritten: no error, and the output differs.
    Rewritten,
}

impl Reach {
    pub fn analysed(self) -> bool {
        matches!(self, Reach::Analysed | Reach::Rewritten)
    }
}

pub struct Expansion {
    pub reach: Reach,
    pub errors: Vec<String>,
    /// How many error messages were checked to be spanned at the input.
    pub spans_checked: usize,
}

/// Expands `input` with no arguments. `Err` says what went wrong: a panic,
/// output that does not parse, an error not spanned at the input, or the
/// "lost track" error (the analysis and the rewrite disagreed).
pub fn check(input: &TokenStream) -> Result<Expansion, String> {
    let expanded = catch_unwind(AssertUnwindSafe(|| {
        expand(TokenStream::new(), input.clone())
    }));
    let Ok((output, errors)) = expanded else {
        return Err("#[introspect] panicked".to_owned());
    };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if syn::parse2::<syn::Item>(input.clone()).is_err() {
        return Ok(Expansion {
            reach: Reach::NotAnItem,
            errors: messages,
            spans_checked: 0,
        });
    }
    if let Err(error) = syn::parse2::<syn::Item>(output.clone()) {
        return Err(format!("the output is not an item ({error}):\n{output}"));
    }
    let compile_errors = errors.iter().map(syn::Error::to_compile_error);
    let emitted = quote!(#output #(#compile_errors)*);
    if let Err(error) = syn::parse2::<syn::File>(emitted.clone()) {
        return Err(format!(
            "the output with its errors is not a file ({error}):\n{emitted}"
        ));
    }
    let mut spans_checked = 0;
    for error in &errors {
        for message in error.clone() {
            if !is_spanned(&message) {
                return Err(format!("the error `{message}` is not spanned at the input"));
            }
            spans_checked += 1;
        }
    }
    if let Some(lost) = messages.iter().find(|m| m.contains("lost track")) {
        return Err(lost.clone());
    }
    let refusal = messages.iter().find_map(|m| {
        REFUSED_BEFORE_THE_ANALYSIS
            .iter()
            .find(|refusal| m.starts_with(**refusal))
    });
    let reach = match refusal {
        // An impl whose other methods were analysed got past its refusals.
        Some(refusal) if messages.iter().all(|m| refused_before(m)) => Reach::Refused(refusal),
        _ if messages.is_empty() && !same_tokens(&output, input) => Reach::Rewritten,
        _ => Reach::Analysed,
    };
    if matches!(reach, Reach::Refused(_)) && !same_tokens(&output, input) {
        return Err(format!("refused, yet the item changed:\n{output}"));
    }
    Ok(Expansion {
        reach,
        errors: messages,
        spans_checked,
    })
}

fn refused_before(message: &str) -> bool {
    REFUSED_BEFORE_THE_ANALYSIS
        .iter()
        .any(|refusal| message.starts_with(refusal))
}

/// The same tokens, however they are spaced: syn prints the `||` of a
/// closure with no parameters as two `|`.
pub fn same_tokens(a: &TokenStream, b: &TokenStream) -> bool {
    let (a, b): (Vec<TokenTree>, Vec<TokenTree>) = (
        a.clone().into_iter().collect(),
        b.clone().into_iter().collect(),
    );
    a.len() == b.len()
        && a.iter().zip(&b).all(|pair| match pair {
            (TokenTree::Group(a), TokenTree::Group(b)) => {
                a.delimiter() == b.delimiter() && same_tokens(&a.stream(), &b.stream())
            }
            (TokenTree::Punct(a), TokenTree::Punct(b)) => a.as_char() == b.as_char(),
            (a, b) => a.to_string() == b.to_string(),
        })
}

/// Spanned at a token of the input: the attribute's own span is the call
/// site, which parsed tokens never have.
pub fn is_spanned(error: &syn::Error) -> bool {
    error.clone().into_iter().all(|e| {
        let span = e.span();
        span.byte_range() != Span::call_site().byte_range()
    })
}

#[test]
fn the_spanned_check_tells_the_attribute_from_the_input() {
    let input: TokenStream = "fn f() -> i32 { 1 }".parse().unwrap();
    let first = input.into_iter().next().unwrap();
    assert!(is_spanned(&syn::Error::new(first.span(), "at the input")));
    assert!(!is_spanned(&syn::Error::new(
        Span::call_site(),
        "at the attribute"
    )));
}

#[test]
fn the_reach_tells_refused_analysed_and_rewritten_apart() {
    let reach = |source: &str| check(&source.parse().unwrap()).unwrap().reach;
    assert_eq!(reach("fn f(,) {}"), Reach::NotAnItem);
    assert_eq!(
        reach("fn f() -> i32 { 1 }"),
        Reach::Refused(REFUSED_BEFORE_THE_ANALYSIS[0])
    );
    assert_eq!(
        reach("fn f() -> impl Fn() { make() }"),
        Reach::Analysed,
        "what is returned is found after the analysis"
    );
    assert_eq!(
        reach("fn f() -> impl Fn() -> i32 { let x = 1; move || x }"),
        Reach::Rewritten
    );
}
