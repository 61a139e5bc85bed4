//! The macro never panics on broken code: valid annotated functions are
//! mutated at the token level (a token deleted, duplicated, or two swapped,
//! at any depth) and fed to it. No input makes it panic; and when the input
//! is still an item (the only input rustc hands an attribute), every error
//! it reports is spanned at the input's tokens, not at the attribute.

use crate::expand::expand;
use proc_macro2::{Group, Span, TokenStream, TokenTree};
use proptest::prelude::*;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

const SEEDS: &[&str] = &[
    "fn make_averager() -> impl Fn(f64) -> f64 {
        let series = Vec::new();
        move |new_value| {
            series.push(new_value);
            let total: f64 = series.iter().sum();
            total / series.len() as f64
        }
    }",
    "fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
        let mut count = 0;
        let inc = move || { count += 1; count };
        let get = move || count;
        println!(\"{count}\");
        (inc, get)
    }",
    "fn adder(a: i32, (b, c): (i32, i32)) -> impl Fn(i32) -> Box<dyn Fn(i32) -> i32> {
        move |x| Box::new(move |y| match x { 0 => a + y, n if n > b => c, _ => y })
    }",
    "impl Shelf {
        fn reader(&self) -> Box<dyn Fn() -> usize + '_> {
            if let Some(first) = self.books.first() { return Box::new(move || first.len()); }
            let count = self.books.len();
            Box::new(move || count + self.books.len())
        }
    }",
    "fn late(mut x: i32) -> freevars::Closure<impl FnMut() -> i32> {
        let f = move || { x += 1; assert_eq!(x, 1, \"{x}\"); vec![x; 2][0] };
        x = 5;
        for i in 0..3 { let _ = Point { x, y: i }; }
        f
    }",
];

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Swap(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(l, i)| Mutation::Delete(l, i)),
        (any::<usize>(), any::<usize>()).prop_map(|(l, i)| Mutation::Duplicate(l, i)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(l, i, j)| Mutation::Swap(l, i, j)),
    ]
}

/// How many token lists (the stream and every group's) `tokens` has.
fn lists(tokens: &TokenStream) -> usize {
    1 + tokens
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => lists(&group.stream()),
            _ => 0,
        })
        .sum::<usize>()
}

/// Applies `mutation` to the token list numbered `*target` in pre-order.
fn apply(tokens: TokenStream, mutation: &Mutation, target: &mut usize) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    if *target == 0 && !trees.is_empty() {
        let len = trees.len();
        match *mutation {
            Mutation::Delete(_, i) => {
                trees.remove(i % len);
            }
            Mutation::Duplicate(_, i) => {
                let tree = trees[i % len].clone();
                trees.insert(i % len, tree);
            }
            Mutation::Swap(_, i, j) => trees.swap(i % len, j % len),
        }
        *target = usize::MAX;
        return trees.into_iter().collect();
    }
    *target = target.wrapping_sub(1);
    trees
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let stream = apply(group.stream(), mutation, target);
                let mut inner = Group::new(group.delimiter(), stream);
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

fn mutate(seed: &str, mutations: &[Mutation]) -> TokenStream {
    let mut tokens: TokenStream = seed.parse().expect("seeds are valid tokens");
    for mutation in mutations {
        let (Mutation::Delete(list, _) | Mutation::Duplicate(list, _) | Mutation::Swap(list, _, _)) =
            *mutation;
        let mut target = list % lists(&tokens);
        tokens = apply(tokens, mutation, &mut target);
    }
    tokens
}

/// Spanned at a token of the input: the attribute's own span is the call
/// site, which parsed tokens never have.
fn is_spanned(error: &syn::Error) -> bool {
    error.clone().into_iter().all(|e| {
        let span = e.span();
        span.byte_range() != Span::call_site().byte_range()
    })
}

#[test]
fn mutated_functions_never_panic() {
    let config = ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let (tried, items, errors_seen) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let strategy = (0..SEEDS.len(), proptest::collection::vec(mutation(), 1..4));
    let outcome = runner.run(&strategy, |(seed, mutations)| {
        let input = mutate(SEEDS[seed], &mutations);
        let result = catch_unwind(AssertUnwindSafe(|| {
            expand(TokenStream::new(), input.clone())
        }));
        prop_assert!(result.is_ok(), "#[introspect] panicked on:\n{input}");
        tried.set(tried.get() + 1);
        if syn::parse2::<syn::Item>(input.clone()).is_ok() {
            items.set(items.get() + 1);
            let (_, errors) = result.unwrap_or_default();
            errors_seen.set(errors_seen.get() + errors.len());
            for error in &errors {
                prop_assert!(is_spanned(error), "unspanned error {error} for:\n{input}");
            }
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    println!(
        "mutated inputs tried: {}, of which still items: {}, errors reported on those: {}",
        tried.get(),
        items.get(),
        errors_seen.get()
    );
    assert_eq!(tried.get(), 10_000);
    assert!(errors_seen.get() > 0, "the mutations reach the refusals");
}

#[test]
fn the_seeds_expand_without_errors() {
    for seed in SEEDS {
        let (_, errors) = expand(TokenStream::new(), seed.parse().unwrap());
        assert!(errors.is_empty(), "{seed}: {errors:?}");
    }
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
