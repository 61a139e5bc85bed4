//! Closures whose result borrows from their argument, in signatures with
//! generics, named lifetimes and `Self`: rustc must be told the closure's
//! signature, and the macro does it through a nested `fn` that repeats the
//! function's generics.
#![deny(warnings)]

use freevars::introspect;

// Regression: each of these failed with "lifetime may not live long enough"
// or "implementation of `Fn` is not general enough".
#[introspect]
fn prefixer<'p>(p: &'p str) -> impl Fn(&str) -> (&'p str, &str) {
    move |s| (p, s.trim())
}

#[introspect]
fn getter<T, U: ?Sized>(get: fn(&T) -> &U) -> impl Fn(&T) -> &U {
    move |t| get(t)
}

#[introspect]
fn many<A>(p: impl Fn(&str) -> Option<(A, &str)>) -> impl Fn(&str) -> Option<(Vec<A>, &str)> {
    move |mut s| {
        let mut out = Vec::new();
        while let Some((a, rest)) = p(s) {
            out.push(a);
            s = rest;
        }
        Some((out, s))
    }
}

struct Node {
    name: String,
}

#[introspect]
impl Node {
    fn name_of() -> impl Fn(&Self) -> &str {
        |n| n.name.as_str()
    }

    // The issue's own shape: a method whose closure reads another node.
    #[allow(clippy::unused_self)]
    fn name_of_other(&self) -> impl Fn(&Self) -> &str {
        |n| n.name.as_str()
    }

    // Regression: `&String` was not coerced to the `&str` the bound says.
    fn name_ref() -> impl Fn(&Self) -> &str {
        |n| &n.name
    }
}

struct Num<T>(std::marker::PhantomData<T>);

#[introspect]
impl<T: std::str::FromStr + 'static> Num<T> {
    fn parser() -> impl Fn(&str) -> Option<(T, &str)> {
        |s| {
            let end = s.find(' ').unwrap_or(s.len());
            s[..end].parse().ok().map(|v| (v, &s[end..]))
        }
    }
}

#[test]
fn borrowed_results_with_generics_lifetimes_and_self() {
    let text = String::from("  x ");
    let prefix = prefixer("p");
    assert_eq!(prefix(&text), ("p", "x"));
    assert_eq!(prefix.freevars(), ["p"]);

    let first = getter(|v: &Vec<i32>| &v[0]);
    assert_eq!(*first(&vec![7, 8]), 7);
    assert_eq!(first.freevars(), ["get"]);

    let digits = many(|s: &str| {
        let c = s.chars().next()?;
        c.to_digit(10).map(|d| (d, &s[1..]))
    });
    assert_eq!(digits("12a"), Some((vec![1, 2], "a")));
    assert_eq!(digits.freevars(), ["p"]);

    let node = Node {
        name: "n".to_owned(),
    };
    let name = Node::name_of();
    assert_eq!(name(&node), "n");
    assert!(name.freevars().is_empty());
    assert_eq!(Node::name_ref()(&node), "n");
    let other = Node {
        name: "o".to_owned(),
    };
    assert_eq!(node.name_of_other()(&other), "o");

    let parse = Num::<u8>::parser();
    assert_eq!(parse("42 rest"), Some((42, " rest")));
}

// Written from the README alone, as a new user would: small parser
// combinators, composed through `&*`, then inspected.
type Parsed<'s, T> = Option<(T, &'s str)>;

#[introspect]
fn tag(expected: &'static str) -> impl Fn(&str) -> Parsed<'_, usize> {
    move |input| {
        input
            .strip_prefix(expected)
            .map(|rest| (expected.len(), rest))
    }
}

#[introspect]
fn pair<A, B>(
    first: impl Fn(&str) -> Parsed<'_, A>,
    second: impl Fn(&str) -> Parsed<'_, B>,
) -> impl Fn(&str) -> Parsed<'_, (A, B)> {
    move |input| {
        let (a, rest) = first(input)?;
        let (b, rest) = second(rest)?;
        Some(((a, b), rest))
    }
}

#[test]
fn parser_combinators_compose_and_introspect() {
    let hello = tag("hello");
    let space = tag(" ");
    let both = pair(&*hello, &*space);
    assert_eq!(both("hello world"), Some(((5, 1), "world")));
    assert_eq!(both("goodbye"), None);
    assert_eq!(hello.freevars(), ["expected"]);
    assert_eq!(hello.cell("expected").unwrap().contents_repr(), "\"hello\"");
    assert_eq!(both.freevars(), ["first", "second"]);
    assert_eq!(both.code().qualname(), "pair::{closure}");
}
