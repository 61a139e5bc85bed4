//! The scope model, asserted without compiling anything.

use crate::model::Access::{Assign, Mutate, Read};
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
    assert_eq!(f.captures(0), [("series".to_owned(), Mutate)]);
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
        [("log".to_owned(), Mutate), ("point".to_owned(), Read)]
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
        f.freevars(1),
        ["factor"],
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
