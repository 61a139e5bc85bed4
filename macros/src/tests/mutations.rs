//! The macro never panics on broken code: annotated functions (`SEEDS`) are
//! mutated inside their bodies and fed to it. Most mutations keep the input
//! an item (a statement deleted, duplicated, swapped or inserted, a name
//! replaced by another, `move` or `mut` added or removed), so most inputs
//! reach the analysis; a few delete, duplicate or swap raw tokens, which
//! mostly gives syn's parse error. For every input the macro does not panic;
//! for every item (the only input rustc hands an attribute) what it emits
//! parses and every error is spanned at the input (`expansion::check`).
//!
//! The run is deterministic: its seed is printed, and
//! `FREEVARS_MUTATION_SEED=<u64>` picks another. A failing case is shrunk,
//! printed, and saved in `tests/mutations.proptest-regressions`, which
//! later runs replay first (commit the file with the fix).

use super::expansion::{self, Reach};
use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::test_runner::{
    Config, FileFailurePersistence, RngSeed, TestCaseError, TestError, TestRunner,
};
use std::cell::RefCell;
use std::collections::BTreeSet;

struct Seed {
    source: &'static str,
    /// Refused as written (a trait impl), rather than rewritten.
    refused: bool,
}

const fn rewritten(source: &'static str) -> Seed {
    Seed {
        source,
        refused: false,
    }
}

const SEEDS: &[Seed] = &[
    rewritten(
        "fn make_averager() -> impl Fn(f64) -> f64 {
            let series = Vec::new();
            move |new_value| {
                series.push(new_value);
                let total: f64 = series.iter().sum();
                total / series.len() as f64
            }
        }",
    ),
    rewritten(
        "fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
            let mut count = 0;
            let inc = move || { count += 1; count };
            let get = move || count;
            println!(\"{count}\");
            (inc, get)
        }",
    ),
    rewritten(
        "fn adder(a: i32, (b, c): (i32, i32)) -> impl Fn(i32) -> Box<dyn Fn(i32) -> i32> {
            move |x| Box::new(move |y| match x { 0 => a + y, n if n > b => c, _ => y })
        }",
    ),
    rewritten(
        "impl Shelf {
            fn reader(&self) -> Box<dyn Fn() -> usize + '_> {
                if let Some(first) = self.books.first() { return Box::new(move || first.len()); }
                let count = self.books.len();
                Box::new(move || count + self.books.len())
            }
        }",
    ),
    rewritten(
        "fn late(mut x: i32) -> freevars::Closure<impl FnMut() -> i32> {
            let f = move || { x += 1; assert_eq!(x, 1, \"{x}\"); vec![x; 2][0] };
            x = 5;
            for i in 0..3 { let _ = Point { x, y: i }; }
            f
        }",
    ),
    rewritten(
        // rustc rejects its rewrite today: inside the closure `calls` is
        // borrowed from its cell, and the `'static` future cannot keep that.
        "fn fetcher(base: String) -> impl FnMut(u32) -> Pin<Box<dyn Future<Output = String>>> {
            let mut calls = 0;
            move |id| {
                calls += 1;
                let prefix = base.clone();
                Box::pin(async move { format!(\"{prefix}/{id}/{calls}\") })
            }
        }",
    ),
    rewritten(
        "fn scaler(offset: i32) -> impl Fn(i32) -> i32 {
            const FACTOR: i32 = 3;
            static NAME: &str = \"scaler\";
            let limit = FACTOR * 10;
            move |x| if x > limit { NAME.len() as i32 } else { x * FACTOR + offset }
        }",
    ),
    rewritten(
        "impl Account {
            fn new(balance: u64) -> Self { Account { balance } }
            fn depositor(&self) -> impl FnMut(u64) -> u64 {
                let mut total = self.balance;
                move |amount| { total += amount; total }
            }
            fn pair(start: u64) -> (impl Fn() -> u64, Box<dyn FnMut(u64)>) {
                let mut seen = start;
                let read = move || seen;
                let write = Box::new(move |n| seen = n);
                (read, write)
            }
            fn balance(&self) -> u64 { self.balance }
        }",
    ),
    Seed {
        source: "impl MakeCounter for Counters {
            fn make(&self) -> Box<dyn FnMut() -> u32> {
                let mut count = self.start;
                Box::new(move || { count += 1; count })
            }
        }",
        refused: true,
    },
];

/// What a mutation does to the token trees, or to the statements, it picks.
#[derive(Clone, Copy, Debug)]
enum Edit {
    Delete,
    Duplicate,
    Swap,
}

#[derive(Clone, Copy, Debug)]
enum Toggle {
    AddMove,
    RemoveMove,
    AddMut,
    RemoveMut,
}

/// One change to a token list inside a function body: the first number
/// picks the list, the others what in it (each taken modulo the count).
#[derive(Clone, Debug)]
enum Mutation {
    /// A token tree deleted, duplicated, or swapped with another.
    Token(Edit, usize, usize, usize),
    /// A statement (up to its `;`) deleted, duplicated, or swapped.
    Statement(Edit, usize, usize, usize),
    /// A name replaced by another name of the seed, or by `self`.
    Rename(usize, usize, usize),
    /// `move` before a closure or `mut` after `let` or `&`, added or removed.
    Toggle(Toggle, usize, usize),
    /// One of `STATEMENTS` inserted between two statements, about a name.
    Insert(usize, usize, usize, usize),
}

/// Statements to insert; `NAME` is a name of the seed.
const STATEMENTS: &[&str] = &[
    "let NAME = NAME;",
    "let mut NAME = Default::default();",
    "{ let NAME = 0; }",
    "NAME = NAME;",
    "NAME += 1;",
    "let _ = &mut NAME;",
    "drop(NAME);",
    "NAME.clone();",
    "println!(\"{NAME}\");",
    "let _ = move || NAME;",
    "let _ = || { NAME = Default::default(); };",
    "let NAME = |NAME: i32| NAME + 1;",
    "let _ = async move { NAME };",
    "let _ = move || async move { NAME };",
    "const NAME: i32 = 1;",
    "fn NAME() {}",
    "if let Some(NAME) = NAME { return NAME; }",
    "for NAME in NAME.iter() { let _ = NAME; }",
    "return move || NAME;",
    "let _ = Self::NAME(self);",
    "macro_rules! NAME { () => { NAME } }",
];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![Just(Edit::Delete), Just(Edit::Duplicate), Just(Edit::Swap)]
}

fn toggle() -> impl Strategy<Value = Toggle> {
    prop_oneof![
        Just(Toggle::AddMove),
        Just(Toggle::RemoveMove),
        Just(Toggle::AddMut),
        Just(Toggle::RemoveMut),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>;
    prop_oneof![
        1 => (edit(), n(), n(), n()).prop_map(|(e, l, i, j)| Mutation::Token(e, l, i, j)),
        2 => (edit(), n(), n(), n()).prop_map(|(e, l, i, j)| Mutation::Statement(e, l, i, j)),
        3 => (n(), n(), n()).prop_map(|(l, i, j)| Mutation::Rename(l, i, j)),
        2 => (toggle(), n(), n()).prop_map(|(t, l, i)| Mutation::Toggle(t, l, i)),
        3 => (n(), n(), n(), n()).prop_map(|(l, i, s, j)| Mutation::Insert(l, i, s, j)),
    ]
}

/// Rebuilds `tokens`, handing `edit` each token list inside a function body
/// (the body's own list, then each group in it, in pre-order) with its
/// delimiter. A body is the first brace group after `fn`.
fn each_body_list(
    tokens: TokenStream,
    delimiter: Option<Delimiter>,
    edit: &mut dyn FnMut(Delimiter, &mut Vec<TokenTree>),
) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    if let Some(delimiter) = delimiter {
        edit(delimiter, &mut trees);
    }
    let mut after_fn = false;
    for tree in &mut trees {
        match tree {
            TokenTree::Group(group) => {
                let body = delimiter.is_some() || after_fn && group.delimiter() == Delimiter::Brace;
                if group.delimiter() == Delimiter::Brace {
                    after_fn = false;
                }
                let stream =
                    each_body_list(group.stream(), body.then_some(group.delimiter()), edit);
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                *tree = TokenTree::Group(rebuilt);
            }
            TokenTree::Ident(ident) if ident == "fn" => after_fn = true,
            TokenTree::Punct(punct) if punct.as_char() == ';' => after_fn = false,
            _ => {}
        }
    }
    trees.into_iter().collect()
}

impl Mutation {
    fn list(&self) -> usize {
        match *self {
            Mutation::Token(_, l, ..)
            | Mutation::Statement(_, l, ..)
            | Mutation::Rename(l, ..)
            | Mutation::Toggle(_, l, _)
            | Mutation::Insert(l, ..) => l,
        }
    }

    /// How many places of a list the mutation can change; lists with none
    /// are not picked. Statements live in braces.
    fn sites(&self, delimiter: Delimiter, trees: &[TokenTree]) -> usize {
        let braces = delimiter == Delimiter::Brace;
        match *self {
            Mutation::Token(edit, ..) => sites(edit, trees.len()),
            Mutation::Statement(edit, ..) if braces => sites(edit, statements(trees).0.len()),
            Mutation::Insert(..) if braces => statements(trees).0.len() + 1,
            Mutation::Statement(..) | Mutation::Insert(..) => 0,
            Mutation::Rename(..) => renamable(trees).len(),
            Mutation::Toggle(toggle, ..) => toggle_sites(trees, toggle).len(),
        }
    }

    fn apply(&self, trees: &mut Vec<TokenTree>, names: &[String]) {
        match *self {
            Mutation::Token(edit, _, i, j) => {
                let mut items: Vec<Vec<TokenTree>> = trees.drain(..).map(|t| vec![t]).collect();
                edit_items(&mut items, edit, i, j);
                *trees = items.concat();
            }
            Mutation::Statement(edit, _, i, j) => {
                let (mut statements, tail) = statements(trees);
                edit_items(&mut statements, edit, i, j);
                *trees = statements.concat();
                trees.extend(tail);
            }
            Mutation::Rename(_, i, j) => {
                let at = renamable(trees);
                if let Some(&k) = at.get(i % at.len().max(1)) {
                    let mut name = &names[j % names.len()];
                    if trees[k].to_string() == *name {
                        name = &names[(j + 1) % names.len()];
                    }
                    trees[k] = TokenTree::Ident(Ident::new(name, trees[k].span()));
                }
            }
            Mutation::Toggle(toggle, _, i) => self::toggle_at(trees, toggle, i),
            Mutation::Insert(_, i, s, j) => {
                let (statements, tail) = statements(trees);
                let name = &names[j % names.len()];
                let inserted: TokenStream = STATEMENTS[s % STATEMENTS.len()]
                    .replace("NAME", name)
                    .parse()
                    .expect("the statements to insert are tokens");
                let at = i % (statements.len() + 1);
                let mut rebuilt = statements[..at].concat();
                rebuilt.extend(inserted);
                rebuilt.extend(statements[at..].concat());
                rebuilt.extend(tail);
                *trees = rebuilt;
            }
        }
    }
}

/// How many of `items` things `edit` can change: a swap needs two.
fn sites(edit: Edit, items: usize) -> usize {
    match edit {
        Edit::Swap if items < 2 => 0,
        _ => items,
    }
}

/// Deletes item `i`, duplicates it, or swaps it with another, item `j`.
fn edit_items<T: Clone>(items: &mut Vec<T>, edit: Edit, i: usize, j: usize) {
    let n = items.len();
    if sites(edit, n) == 0 {
        return;
    }
    let i = i % n;
    match edit {
        Edit::Delete => {
            items.remove(i);
        }
        Edit::Duplicate => items.insert(i, items[i].clone()),
        Edit::Swap => items.swap(i, (i + 1 + j % (n - 1)) % n),
    }
}

/// Where a name that is not a keyword is.
fn renamable(trees: &[TokenTree]) -> Vec<usize> {
    (0..trees.len())
        .filter(|&k| matches!(&trees[k], TokenTree::Ident(id) if !is_keyword(id)))
        .collect()
}

/// The statements of a token list, each up to and with its `;`, and what
/// follows the last `;`.
fn statements(trees: &[TokenTree]) -> (Vec<Vec<TokenTree>>, Vec<TokenTree>) {
    let mut statements = Vec::new();
    let mut current = Vec::new();
    for tree in trees {
        current.push(tree.clone());
        if matches!(tree, TokenTree::Punct(p) if p.as_char() == ';') {
            statements.push(std::mem::take(&mut current));
        }
    }
    (statements, current)
}

/// Where `toggle` can add or remove its keyword.
fn toggle_sites(trees: &[TokenTree], toggle: Toggle) -> Vec<usize> {
    let is_ident =
        |tree: &TokenTree, word: &str| matches!(tree, TokenTree::Ident(id) if id == word);
    let is_punct =
        |tree: &TokenTree, c: char| matches!(tree, TokenTree::Punct(p) if p.as_char() == c);
    // Where a `|` opens a closure rather than or-ing two values.
    let starts_expression = |k: usize| {
        k == 0
            || is_ident(&trees[k - 1], "return")
            || [',', '=', '>', '(', ';']
                .iter()
                .any(|&c| is_punct(&trees[k - 1], c))
    };
    (0..trees.len())
        .filter(|&k| match toggle {
            Toggle::AddMove => is_punct(&trees[k], '|') && starts_expression(k),
            Toggle::RemoveMove => is_ident(&trees[k], "move"),
            Toggle::AddMut => {
                (is_ident(&trees[k], "let") || is_punct(&trees[k], '&'))
                    && !trees.get(k + 1).is_some_and(|t| is_ident(t, "mut"))
            }
            Toggle::RemoveMut => is_ident(&trees[k], "mut"),
        })
        .collect()
}

fn toggle_at(trees: &mut Vec<TokenTree>, toggle: Toggle, i: usize) {
    let at = toggle_sites(trees, toggle);
    let Some(&k) = at.get(i % at.len().max(1)) else {
        return;
    };
    let span = trees[k].span();
    match toggle {
        Toggle::AddMove => trees.insert(k, TokenTree::Ident(Ident::new("move", span))),
        Toggle::AddMut => trees.insert(k + 1, TokenTree::Ident(Ident::new("mut", span))),
        Toggle::RemoveMove | Toggle::RemoveMut => {
            trees.remove(k);
        }
    }
}

fn is_keyword(ident: &Ident) -> bool {
    KEYWORDS.iter().any(|k| ident == k)
}

/// The names of a seed a mutation may use, and `self`.
fn names(tokens: &TokenStream) -> Vec<String> {
    fn collect(tokens: &TokenStream, names: &mut BTreeSet<String>) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Ident(ident) if !is_keyword(&ident) => {
                    names.insert(ident.to_string());
                }
                TokenTree::Group(group) => collect(&group.stream(), names),
                _ => {}
            }
        }
    }
    let mut names = BTreeSet::from(["self".to_owned()]);
    collect(tokens, &mut names);
    names.into_iter().collect()
}

fn mutate(seed: &str, mutations: &[Mutation]) -> TokenStream {
    let mut tokens: TokenStream = seed.parse().expect("seeds are valid tokens");
    let names = names(&tokens);
    for mutation in mutations {
        let mut lists = 0;
        tokens = each_body_list(tokens, None, &mut |delimiter, trees| {
            lists += usize::from(mutation.sites(delimiter, trees) > 0);
        });
        if lists == 0 {
            continue;
        }
        let mut target = mutation.list() % lists;
        tokens = each_body_list(tokens, None, &mut |delimiter, trees| {
            if mutation.sites(delimiter, trees) == 0 {
                return;
            }
            if target == 0 {
                mutation.apply(trees, &names);
            }
            target = target.wrapping_sub(1);
        });
    }
    tokens
}

/// What a run saw.
#[derive(Debug, Default)]
struct Tally {
    applied: usize,
    unchanged: usize,
    items: usize,
    analysed: usize,
    rewritten: usize,
    errors: usize,
    spans_checked: usize,
}

/// The seed of the run: `FREEVARS_MUTATION_SEED`, or `default`.
fn seed(default: u64) -> u64 {
    match std::env::var("FREEVARS_MUTATION_SEED") {
        Ok(seed) => seed
            .parse()
            .unwrap_or_else(|_| panic!("FREEVARS_MUTATION_SEED={seed} is not a u64")),
        Err(_) => default,
    }
}

/// Mutates the seeds `cases` times from the RNG seed `seed`, checks each
/// expansion, and asserts that at least 60% of them reach the analysis.
fn run(cases: u32, seed: u64) -> Tally {
    println!("mutation run: {cases} cases from seed {seed} (FREEVARS_MUTATION_SEED to change it)");
    let started = std::time::Instant::now();
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/mutations.proptest-regressions"
        )))),
        ..Config::default()
    };
    let tally = RefCell::new(Tally::default());
    let strategy = (0..SEEDS.len(), proptest::collection::vec(mutation(), 1..4));
    let outcome = TestRunner::new(config).run(&strategy, |(seed, mutations)| {
        let source = SEEDS[seed].source;
        let input = mutate(source, &mutations);
        let expansion = expansion::check(&input)
            .map_err(|failure| TestCaseError::fail(format!("{failure}\ninput:\n{input}")))?;
        let mut tally = tally.borrow_mut();
        tally.applied += 1;
        let seed_tokens: TokenStream = source.parse().expect("seeds are valid tokens");
        tally.unchanged += usize::from(expansion::same_tokens(&input, &seed_tokens));
        tally.items += usize::from(expansion.reach != Reach::NotAnItem);
        tally.analysed += usize::from(expansion.reach.analysed());
        tally.rewritten += usize::from(expansion.reach == Reach::Rewritten);
        if expansion.reach != Reach::NotAnItem {
            tally.errors += expansion.errors.len();
        }
        tally.spans_checked += expansion.spans_checked;
        Ok(())
    });
    match outcome {
        Ok(()) => {}
        Err(TestError::Fail(reason, (seed, mutations))) => panic!(
            "{reason}\nminimal failing case: seed function {seed}, {mutations:?} (saved in \
             tests/mutations.proptest-regressions; replayed first on the next run)"
        ),
        Err(TestError::Abort(reason)) => panic!("the mutation run stopped: {reason}"),
    }
    let tally = tally.into_inner();
    println!(
        "mutations applied: {}, still items: {}, reached the analysis: {} ({}%), rewritten: {}, \
         errors: {}, spans checked: {}, identical to their seed: {}, in {:?}",
        tally.applied,
        tally.items,
        tally.analysed,
        tally.analysed * 100 / tally.applied.max(1),
        tally.rewritten,
        tally.errors,
        tally.spans_checked,
        tally.unchanged,
        started.elapsed()
    );
    assert!(tally.applied >= cases as usize);
    assert!(
        tally.analysed * 100 >= tally.applied * 60,
        "fewer than 60% of the mutated inputs reached the analysis: {tally:?}"
    );
    assert!(tally.errors > 0, "the mutations reach the refusals");
    tally
}

#[test]
fn mutated_functions_never_panic() {
    run(10_000, seed(8));
}

#[test]
#[ignore = "ten times the default run (about two minutes); CI runs it with --ignored"]
fn many_mutated_functions_never_panic() {
    run(100_000, seed(9));
}

#[test]
fn the_seeds_expand_as_written() {
    for seed in SEEDS {
        let input: TokenStream = seed.source.parse().unwrap();
        let expansion = expansion::check(&input).unwrap_or_else(|failure| panic!("{failure}"));
        if seed.refused {
            assert!(
                matches!(expansion.reach, Reach::Refused(_)),
                "{}: {:?}",
                seed.source,
                expansion.errors
            );
            assert_eq!(expansion.spans_checked, 1, "{}", seed.source);
        } else {
            assert_eq!(
                expansion.reach,
                Reach::Rewritten,
                "{}: {:?}",
                seed.source,
                expansion.errors
            );
        }
    }
}

#[test]
fn mutations_stay_inside_function_bodies() {
    let seed = SEEDS[7].source;
    // The seed with every body emptied.
    let signatures = |tokens: TokenStream| {
        each_body_list(tokens, None, &mut |_, trees| trees.clear()).to_string()
    };
    let seed_tokens: TokenStream = seed.parse().unwrap();
    for list in 0..40 {
        for mutation in [
            Mutation::Token(Edit::Delete, list, 0, 0),
            Mutation::Statement(Edit::Swap, list, 0, 1),
            Mutation::Rename(list, 1, 2),
            Mutation::Toggle(Toggle::AddMut, list, 0),
            Mutation::Insert(list, 0, 0, 0),
        ] {
            let mutated = mutate(seed, std::slice::from_ref(&mutation));
            assert_eq!(
                signatures(mutated),
                signatures(seed_tokens.clone()),
                "{mutation:?}"
            );
        }
    }
}
