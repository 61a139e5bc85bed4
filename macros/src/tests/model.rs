//! The scope model, asserted without compiling anything.

use crate::model::Access::{Assign, Either, Mutate, Read};
use crate::tests::facts;
use quote::quote;

#[test]
fn the_averager_captures_series_and_knows_its_own_names() {
    let f = facts(quote! {
        fn make_averager() -> impl Fn(f64) -> f64 {
            let mut series = Vec::new();
            move |new_value: f64| {
                series.push(new_value);
                let total: f64 = series.iter().sum();
                total / series.len() as f64
            }
        }
    });
    // `series.push(..)` reads or changes `series` as rustc decides.
    assert_eq!(f.captures(0), [("series".to_owned(), Either)]);
    assert_eq!(f.params(0), ["new_value"]);
    assert_eq!(f.locals(0), ["total"]);
    assert_eq!(f.varnames(0), ["new_value", "total"]);
    assert_eq!(f.qualname(0), "make_averager::{closure}");
    assert_eq!(f.lifted(), ["series"]);
    assert!(f.errors.is_empty());
}

#[test]
fn rebinding_is_an_assignment_and_needs_let_mut() {
    let f = facts(quote! {
        fn make_averager() -> impl FnMut(f64) -> f64 {
            let mut count = 0;
            let total = 0.0;
            let averager = move |new_value: f64| {
                count += 1;
                total += new_value;
                total / count as f64
            };
            averager
        }
    });
    assert_eq!(
        f.captures(0),
        [("count".to_owned(), Assign), ("total".to_owned(), Assign)]
    );
    assert_eq!(f.qualname(0), "make_averager::averager");
    assert_eq!(
        f.errors.len(),
        1,
        "only `total` lacks `mut`: {:?}",
        f.errors
    );
    assert!(f.errors[0].contains("cannot assign to captured variable `total`"));
    assert!(f.errors[0].contains("let mut total"));
}

#[test]
fn freevars_are_sorted_as_cpython_sorts_them() {
    let f = facts(quote! {
        fn make() -> impl Fn() -> i32 {
            let zeta = 1;
            let alpha = 2;
            let mid = 3;
            move || zeta + alpha + mid
        }
    });
    assert_eq!(f.freevars(0), ["alpha", "mid", "zeta"]);
    assert_eq!(
        f.captures(0)[0].0,
        "zeta",
        "captures keep the order of first use"
    );
}

#[test]
fn closure_bindings_shadow_outer_names() {
    let f = facts(quote! {
        fn make(x: i32, y: i32) -> impl Fn(i32) -> i32 {
            let z = 10;
            move |x| {
                let y = x * 2;
                match Some(y) {
                    Some(z) => z,
                    None => 0,
                }
            }
        }
    });
    assert!(f.captures(0).is_empty());
    assert_eq!(f.varnames(0), ["x", "y", "z"]);
}

#[test]
fn a_use_before_a_shadowing_let_is_still_a_capture() {
    let f = facts(quote! {
        fn make(x: i32) -> impl Fn() -> i32 {
            move || {
                let y = x;
                let x = 2;
                x + y
            }
        }
    });
    assert_eq!(f.captures(0), [("x".to_owned(), Read)]);
    assert_eq!(f.varnames(0), ["y", "x"]);
}

#[test]
fn paths_fields_methods_and_items_are_not_variables() {
    let f = facts(quote! {
        fn make(p: Point) -> impl Fn() -> f64 {
            const SCALE: f64 = 2.0;
            fn helper(v: f64) -> f64 { v }
            let new = 5.0;
            move || {
                let v = Vec::<f64>::new();
                helper(p.x * SCALE * std::f64::consts::PI) + v.len() as f64
            }
        }
    });
    assert_eq!(f.freevars(0), ["p"]);
    assert_eq!(f.captures(0), [("p".to_owned(), Read)]);
}

#[test]
fn a_field_or_method_use_captures_the_whole_variable() {
    let f = facts(quote! {
        fn make(point: Point) -> impl Fn() -> i32 {
            let mut log = Log::default();
            move || {
                log.entries.push(point.x);
                point.y
            }
        }
    });
    assert_eq!(
        f.captures(0),
        [("log".to_owned(), Either), ("point".to_owned(), Read)]
    );
}

#[test]
fn identifiers_in_macros_are_uses() {
    let f = facts(quote! {
        fn make() -> impl Fn() -> String {
            let series = vec![1];
            let count = 2;
            let width = 8;
            let n = 3;
            let unused_name = 0;
            move || {
                assert_eq!(count, 2);
                let v = vec![0; n];
                println!("{series:?} {:>width$}", v.len());
                format!("{unused}", unused = 1)
            }
        }
    });
    assert_eq!(f.freevars(0), ["count", "n", "series", "width"]);
}

#[test]
fn nested_closure_parameters_stay_in_the_nested_closure() {
    let f = facts(quote! {
        fn scaler(factor: f64) -> impl Fn(Vec<f64>) -> Vec<f64> {
            move |v| v.iter().map(|e| e * factor).collect()
        }
    });
    assert_eq!(f.freevars(0), ["factor"]);
    assert_eq!(f.varnames(0), ["v"]);
    assert_eq!(
        f.captures(1),
        [("factor".to_owned(), Read)],
        "the inner closure captures it too"
    );
}

#[test]
fn sibling_closures_lift_one_shared_variable() {
    let f = facts(quote! {
        fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
            let mut count = 0;
            let inc = move || { count += 1; count };
            let get = move || count;
            (inc, get)
        }
    });
    assert_eq!(f.returned(), [0, 1]);
    assert_eq!(f.lifted(), ["count"]);
    assert_eq!(f.captures(0), [("count".to_owned(), Assign)]);
    assert_eq!(f.captures(1), [("count".to_owned(), Read)]);
    assert_eq!(f.qualname(1), "make_counter::get");
}

#[test]
fn destructured_parameters_are_named_by_position() {
    let f = facts(quote! {
        fn make() -> impl Fn((i32, i32), i32) -> i32 {
            move |(a, b), _| a + b
        }
    });
    assert_eq!(f.params(0), [".0", "_"]);
    assert_eq!(f.varnames(0), [".0", "_", "a", "b"]);
}

#[test]
fn capitalised_pattern_names_are_constants_not_bindings() {
    let f = facts(quote! {
        fn make(limit: Option<i32>) -> impl Fn(Option<i32>) -> i32 {
            move |v| match v {
                None => 0,
                Some(x) => x.min(limit.unwrap_or(0)),
            }
        }
    });
    assert_eq!(f.varnames(0), ["v", "x"]);
    assert_eq!(f.freevars(0), ["limit"]);
}

#[test]
fn a_closure_returning_a_closure_passes_its_cells_on() {
    let f = facts(quote! {
        fn adder(a: i32) -> impl Fn(i32) -> Box<dyn Fn(i32) -> i32> {
            move |b| Box::new(move |c| a + b + c)
        }
    });
    assert_eq!(f.returned(), [0, 1]);
    assert_eq!(f.freevars(0), ["a"]);
    assert_eq!(f.freevars(1), ["a", "b"]);
    assert_eq!(f.varnames(0), ["b"]);
    assert_eq!(f.cellvars(0), ["b"]);
    assert_eq!(f.varnames(1), ["c"]);
    assert_eq!(f.qualname(1), "adder::{closure}::{closure}");
    assert_eq!(f.lifted(), ["a", "b"]);
}

#[test]
fn parameters_with_patterns_bind_each_name() {
    let f = facts(quote! {
        fn make((a, b): (i32, i32), Point { x, y: why }: Point, mut n: i32) -> impl Fn() -> i32 {
            n += 1;
            move || a + b + x + why + n
        }
    });
    assert_eq!(f.freevars(0), ["a", "b", "n", "why", "x"]);
    assert!(
        f.errors.is_empty(),
        "`n` is a `mut` parameter: {:?}",
        f.errors
    );
}

#[test]
fn let_patterns_of_every_form_bind() {
    let f = facts(quote! {
        fn make(pair: (i32, i32), list: [i32; 3], r: Result<i32, i32>, o: Option<i32>) -> impl Fn() -> i32 {
            let (t0, t1) = pair;
            let Point { x, y: ref why } = point();
            let [first, .., last] = list;
            let ref mut by_ref = 5;
            let whole @ Some(inner) = o else { return move || 0; };
            let (Ok(either) | Err(either)) = r;
            move || t0 + t1 + x + *why + first + last + *by_ref + whole.unwrap() + inner + either
        }
    });
    assert_eq!(
        f.freevars(1),
        [
            "by_ref", "either", "first", "inner", "last", "t0", "t1", "whole", "why", "x"
        ]
    );
}

#[test]
fn an_or_pattern_binds_one_variable() {
    let f = facts(quote! {
        fn make(r: Result<i32, i32>) -> impl Fn() -> i32 {
            let (Ok(mut v) | Err(mut v)) = r;
            v += 1;
            move || v
        }
    });
    assert_eq!(f.captured_ids(0).len(), 1);
    assert_eq!(f.lifted(), ["v", "v"], "both occurrences lose their `mut`");
}

#[test]
fn shadowing_picks_the_binding_visible_where_the_closure_is_made() {
    let f = facts(quote! {
        fn make() -> (impl Fn() -> i32, impl Fn() -> i32) {
            let x = 1;
            let first = move || x;
            let x = x + 1;
            (first, move || x)
        }
    });
    // Binding 0 is the first `x`, 1 is `first`, 2 the second `x`.
    assert_eq!(f.captured_ids(0), [0]);
    assert_eq!(f.captured_ids(1), [2]);
}

#[test]
fn a_binding_in_a_block_is_gone_after_it() {
    let f = facts(quote! {
        fn make() -> impl Fn() -> i32 {
            let x = 1;
            {
                let x = 2;
                drop(x);
            }
            if true { let x = 3; drop(x); }
            match 4 { x => drop(x) }
            for x in 0..1 { drop(x); }
            move || x
        }
    });
    assert_eq!(f.captured_ids(0), [0]);
}

#[test]
fn a_closure_made_in_a_loop_captures_that_iterations_binding() {
    let f = facts(quote! {
        fn pick(k: usize) -> Box<dyn Fn() -> usize> {
            for i in 0..10 {
                let doubled = i * 2;
                if i == k {
                    return Box::new(move || doubled);
                }
            }
            Box::new(|| 0)
        }
    });
    assert_eq!(f.returned(), [0, 1]);
    assert_eq!(f.freevars(0), ["doubled"]);
    assert!(f.freevars(1).is_empty());
}

#[test]
fn every_closure_binding_form_shadows() {
    let f = facts(quote! {
        fn make(a: i32, b: i32, c: i32, d: i32, e: i32, g: i32) -> impl Fn(Option<i32>) -> i32 {
            move |a| {
                let b = 1;
                let c = match a { Some(c) => c, None => 0 };
                if let Some(d) = a { drop(d); }
                let mut stack = vec![1];
                while let Some(e) = stack.pop() { drop(e); }
                for g in 0..2 { drop(g); }
                let add = |d: i32| d + b;
                add(c)
            }
        }
    });
    assert!(f.freevars(0).is_empty(), "{:?}", f.freevars(0));
    assert_eq!(
        f.varnames(0),
        ["a", "b", "c", "d", "stack", "e", "g", "add"]
    );
}

#[test]
fn names_that_are_not_variables() {
    let f = facts(quote! {
        fn make<T: Default, const N: usize>(p: Point) -> impl Fn() -> usize {
            static TOTAL: usize = 0;
            const LIMIT: usize = 3;
            fn helper() -> usize { 1 }
            struct MyUnit;
            let none = 0;
            move || {
                let _ = (None::<i32>, Ordering::Less, MyUnit, self::f(), crate::g(), super::h());
                let _ = T::default();
                let _ = Point { x: 1, y: 2 };
                'outer: loop { break 'outer; }
                let _ = std::mem::size_of::<T>();
                p.x + LIMIT + TOTAL + helper() + N + none
            }
        }
    });
    assert_eq!(f.freevars(0), ["none", "p"]);
}

#[test]
fn struct_field_shorthand_is_a_use() {
    let f = facts(quote! {
        fn make(x: i32, y: i32) -> impl Fn() -> Point {
            move || Point { x, y }
        }
    });
    assert_eq!(f.freevars(0), ["x", "y"]);
}

#[test]
fn an_item_declared_in_the_body_hides_an_outer_local() {
    let f = facts(quote! {
        fn make(limit: i32) -> impl Fn() -> i32 {
            move || {
                const limit: i32 = 3;
                limit
            }
        }
    });
    assert!(f.freevars(0).is_empty());
}

#[test]
fn format_like_macros_and_their_inline_arguments_are_uses() {
    let f = facts(quote! {
        fn make(a: i32, b: i32, c: i32, d: i32, e: i32, g: i32, h: i32, w: usize, p: usize, out: String, x: i32, y: i32, z: i32) -> impl Fn() {
            move || {
                print!("{a}");
                println!("{}", b);
                eprint!("{c:?}");
                eprintln!("{:>w$.p$}", 1.0);
                let _ = format!("{d}");
                write!(out, "{e}").unwrap();
                writeln!(out, "{}", g).unwrap();
                assert!(h > 0, "{x}");
                assert_eq!(y, 1);
                assert_ne!(z, 1);
                debug_assert!(true);
            }
        }
    });
    assert_eq!(
        f.freevars(0),
        [
            "a", "b", "c", "d", "e", "g", "h", "out", "p", "w", "x", "y", "z"
        ]
    );
}

#[test]
fn other_macros_are_read_as_expressions_or_conservatively() {
    let f = facts(quote! {
        fn make(n: usize, v: Option<i32>, limit: i32, k: i32, word: i32, q: i32) -> impl Fn() -> bool {
            move || {
                let _ = vec![0; n];
                let _ = my_macro!(k + 1);
                let _ = my_dsl!(word => q);
                matches!(v, Some(x) if x > limit)
            }
        }
    });
    assert_eq!(f.freevars(0), ["k", "limit", "n", "q", "v", "word"]);
    assert_eq!(
        f.varnames(0),
        ["x"],
        "`matches!` expands to a `match` in the closure"
    );
}

#[test]
fn a_nested_returned_closure_shares_the_passed_through_cell() {
    let f = facts(quote! {
        fn outer(x: i32) -> impl Fn() -> Box<dyn Fn() -> i32> {
            move || Box::new(move || x)
        }
    });
    assert_eq!(f.freevars(0), ["x"]);
    assert_eq!(f.freevars(1), ["x"]);
    let middle = &f.plan.introspected[&super::closure(0)];
    assert_eq!(middle.captures[0].mode, crate::plan::Mode::PassThrough);
}

#[test]
fn self_is_captured_by_a_method_closure() {
    let f = facts(quote! {
        fn reader(&self) -> impl Fn() -> usize + '_ {
            move || self.items.len()
        }
    });
    assert_eq!(f.freevars(0), ["self"]);
    assert!(
        f.plan.introspected[&super::closure(0)].captures[0].opaque,
        "`&self` borrows"
    );
}

#[test]
fn late_binding_inside_a_closure() {
    let f = facts(quote! {
        fn outer() -> impl Fn() -> Box<dyn Fn() -> i32> {
            move || {
                let mut v = 1;
                let inner = move || v;
                v = 5;
                Box::new(inner)
            }
        }
    });
    assert_eq!(f.cellvars(0), ["v"]);
    assert_eq!(
        f.varnames(0),
        ["inner"],
        "a captured local is a cell variable, not a local"
    );
    assert_eq!(f.freevars(1), ["v"]);
    assert!(f.errors.is_empty());
}

#[test]
fn cellvars_list_parameters_first_then_sorted_locals() {
    let f = facts(quote! {
        fn f(x: i32, y: i32, z: i32) -> impl Fn(i32, i32, i32) -> Box<dyn Fn() -> i32> {
            move |a, b, c| {
                let zeta = a + x;
                let mut y = 0;
                let h = move || zeta * z * (b + y);
                y = c + z;
                Box::new(h)
            }
        }
    });
    assert_eq!(f.varnames(0), ["a", "b", "c", "h"]);
    assert_eq!(f.cellvars(0), ["b", "y", "zeta"]);
    assert_eq!(f.freevars(0), ["x", "z"]);
    assert_eq!(f.freevars(1), ["b", "y", "z", "zeta"]);
}

/// A function of `statements` statements, one closure per 25.
fn large_function(statements: u32) -> proc_macro2::TokenStream {
    use std::fmt::Write as _;
    let mut body = String::new();
    for i in 0..statements {
        let _ = writeln!(body, "let v{i} = v{} + {i};", i.saturating_sub(1));
        if i % 25 == 0 {
            let _ = writeln!(body, "let c{i} = move |a: i32| a + v{i} + v0;");
        }
    }
    let _ = write!(body, "move || v{} + v0", statements - 1);
    let source = format!("fn big() -> impl Fn() -> i32 {{ let v0 = 0; {body} }}");
    source.parse().unwrap()
}

/// Expands `item`, checks the result, and says how long the expansion took.
fn expansion_time(item: &proc_macro2::TokenStream, closures: usize) -> std::time::Duration {
    let started = std::time::Instant::now();
    let expanded = crate::expand::introspect(proc_macro2::TokenStream::new(), item.clone());
    let elapsed = started.elapsed();
    let file: syn::File = syn::parse2(expanded).expect("the expansion parses");
    let text = prettyplease::unparse(&file);
    assert_eq!(text.matches("move |a: i32|").count(), closures);
    assert!(text.contains("__freevars::closure("));
    elapsed
}

/// The expansion is linear in the size of the function: four times the
/// statements take about four times as long (a quadratic pass would take
/// sixteen). The two sizes take turns, and the fastest run of each counts,
/// so that other tests running meanwhile weigh on both alike; the bound
/// leaves room for a busy machine and for caches.
#[test]
fn a_large_function_is_expanded_in_linear_time() {
    let (small_item, large_item) = (large_function(1_250), large_function(5_000));
    let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..7 {
        small = small.min(expansion_time(&small_item, 50));
        large = large.min(expansion_time(&large_item, 200));
    }
    println!("1,250 statements: {small:?}; 5,000 statements: {large:?}");
    assert!(
        large < small * 10,
        "4x the statements took {:.1}x as long",
        large.as_secs_f64() / small.as_secs_f64()
    );
}

/// Regression: an item of the body used after an unknown statement macro was
/// taken for a variable the macro may have declared.
#[test]
fn an_item_of_the_body_is_known_after_a_statement_macro() {
    let f = facts(quote! {
        fn make() -> impl Fn(i32) -> Option<i32> {
            fn double(x: i32) -> i32 { x * 2 }
            note!("made");
            move |x| Some(x).map(double)
        }
    });
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert!(f.freevars(0).is_empty());
}

/// Regression: assigning to a captured `self` advised `let mut self`.
#[test]
fn rebinding_self_asks_for_a_mut_self_parameter() {
    let f = facts(quote! {
        fn reset(self) -> impl FnMut() {
            move || { self = Self::default(); }
        }
    });
    assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
    assert!(
        f.errors[0].contains("declare the parameter `mut self`"),
        "{:?}",
        f.errors
    );
}

/// Regression: an uppercase parameter or `let` was taken for a constant, so
/// `A` and `N` were not captured.
#[test]
fn in_irrefutable_patterns_every_name_binds() {
    let f = facts(quote! {
        fn table(A: Vec<f64>) -> impl Fn(usize) -> f64 {
            let N = A.len();
            move |i| A[i % N]
        }
    });
    assert_eq!(f.freevars(0), ["A", "N"]);
    let f = facts(quote! {
        fn pick(V: Option<i32>) -> impl Fn(Option<i32>) -> i32 {
            move |v| match v {
                None => 0,
                Some(X) => X,
            }
        }
    });
    // In a `match`, `None` is a variant and `X` a constant, as rustc reads
    // them (rustc would then refuse `X`); `v` binds and `V` is a parameter.
    assert_eq!(f.varnames(0), ["v"]);
    assert!(f.freevars(0).is_empty());
}

#[test]
fn the_syntax_decides_reads_and_changes_and_leaves_method_calls_to_rustc() {
    let f = facts(quote! {
        fn make(step: Step) -> impl Fn() -> usize {
            let mut v = Vec::new();
            let mut p = Point::default();
            let mut total = 0;
            move || {
                helper(&mut v);
                p.x = 1;
                total += 1;
                step();
                v.len() + step.size
            }
        }
    });
    assert_eq!(
        f.captures(0),
        [
            ("v".to_owned(), Mutate),
            ("p".to_owned(), Mutate),
            ("total".to_owned(), Assign),
            ("step".to_owned(), Either),
        ]
    );
}

#[test]
fn a_closure_in_a_cell_is_cloned_only_where_it_is_used_as_a_value() {
    let f = facts(quote! {
        fn make() -> (impl Fn() -> i32, impl Fn() -> i32) {
            let n = 1;
            let get = move || n;
            let twice = move || get() * 2;
            let first = call_it(&get);
            let _ = get.clone();
            drop(n);
            (get, twice)
        }
    });
    let model = &f.analysis.model;
    let by_value = |u: &crate::model::UseId| {
        let u = &model.uses[*u];
        (
            u.name.as_str(),
            model.bindings[u.binding.unwrap()].name.as_str(),
        )
    };
    // `&get`, `get()` and `get.clone()` borrow it; `get`'s tail `n`,
    // `drop(n)` and the returned `get` and `twice` take values, and of
    // those only `get` is a closure in a cell.
    let mut values: Vec<_> = f
        .analysis
        .by_value
        .iter()
        .filter(|u| model.uses[**u].binding.is_some())
        .map(by_value)
        .collect();
    values.sort_unstable();
    assert_eq!(
        values,
        [("get", "get"), ("n", "n"), ("n", "n"), ("twice", "twice")]
    );
    let cloned: Vec<_> = f.plan.cloned.iter().map(by_value).collect();
    assert_eq!(cloned, [("get", "get")]);
    let closure_values: Vec<_> = f
        .plan
        .closure_values
        .iter()
        .map(|&b| model.bindings[b].name.as_str())
        .collect();
    assert_eq!(closure_values, ["get"]);
}

#[test]
fn the_only_closure_that_changes_a_variable_is_its_sole_writer() {
    let sole = |item| {
        let f = facts(item);
        let model = &f.analysis.model;
        let mut found: Vec<(String, String)> = f
            .plan
            .introspected
            .values()
            .flat_map(|info| {
                info.captures.iter().filter(|c| c.sole).map(|c| {
                    let name = model.bindings[c.binding].name.clone();
                    (info.qualname.clone(), name)
                })
            })
            .collect();
        found.sort();
        found
    };
    // `get` only reads `count`: `inc` is the sole writer.
    let pair = sole(quote! {
        fn make() -> (impl Fn() -> u32, impl Fn() -> u32) {
            let mut count = 0;
            let inc = move || { count += 1; count };
            let get = move || count;
            (inc, get)
        }
    });
    assert_eq!(pair, [("make::inc".to_owned(), "count".to_owned())]);
    // Two closures change `count`: neither is, and each records itself.
    let both = sole(quote! {
        fn make() -> (impl Fn() -> u32, impl Fn() -> u32) {
            let mut count = 0;
            let inc = move || { count += 1; count };
            let dec = move || { count -= 1; count };
            (inc, dec)
        }
    });
    assert!(both.is_empty(), "{both:?}");
    // A method call may change the variable: the averager's closure is
    // the sole writer of `series`.
    let averager = sole(quote! {
        fn make_averager() -> impl Fn(f64) -> f64 {
            let series = Vec::new();
            move |x| { series.push(x); series.len() as f64 }
        }
    });
    assert_eq!(
        averager,
        [("make_averager::{closure}".to_owned(), "series".to_owned())]
    );
}
