//! Every binding form and scope rule of the analysis, compiled and run: the
//! rewritten code must build and behave as the code was written.
#![deny(warnings)]

use freevars::introspect;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

#[introspect]
fn from_parameters((a, b): (i32, i32), Point { x, y: why }: Point, mut n: i32) -> impl Fn() -> i32 {
    n += 100;
    move || a + b + x + why + n
}

#[test]
fn parameters_with_patterns() {
    let f = from_parameters((1, 2), Point { x: 3, y: 4 }, 5);
    assert_eq!(f(), 115);
    assert_eq!(f.freevars(), ["a", "b", "n", "why", "x"]);
}

#[introspect]
#[allow(clippy::toplevel_ref_arg)]
fn from_lets(
    pair: (i32, i32),
    list: [i32; 3],
    r: Result<i32, i32>,
    o: Option<i32>,
) -> Box<dyn Fn() -> i32> {
    let (t0, t1) = pair;
    let Point { x, y: ref why } = Point { x: 10, y: 20 };
    let [head, .., tail] = list;
    let whole @ Some(inner) = o else {
        return Box::new(|| -1);
    };
    let (Ok(mut either) | Err(mut either)) = r;
    either *= 2;
    Box::new(move || t0 + t1 + x + *why + head + tail + whole.unwrap_or(0) + inner + either)
}

#[test]
fn let_patterns() {
    let f = from_lets((1, 2), [3, 4, 5], Err(6), Some(7));
    assert_eq!(f(), 1 + 2 + 10 + 20 + 3 + 5 + 7 + 7 + 12);
    assert_eq!(
        f.freevars(),
        [
            "either", "head", "inner", "t0", "t1", "tail", "whole", "why", "x"
        ]
    );
    assert_eq!(
        from_lets((0, 0), [0; 3], Ok(0), None)(),
        -1,
        "the `else` of `let .. else`"
    );
}

#[introspect]
fn shadowed() -> (impl Fn() -> i32, impl Fn() -> i32) {
    let x = 1;
    let first = move || x;
    let x = x + 1;
    (first, move || x)
}

#[test]
fn shadowing_keeps_each_binding_in_its_own_cell() {
    let (first, second) = shadowed();
    assert_eq!((first(), second()), (1, 2));
    assert!(!first.cells()[0].ptr_eq(&second.cells()[0]));
}

#[introspect]
fn pick(k: usize) -> Box<dyn Fn() -> usize> {
    for i in 0..10 {
        let doubled = i * 2;
        if i == k {
            return Box::new(move || doubled);
        }
    }
    Box::new(|| 0)
}

#[test]
fn a_closure_made_in_a_loop_keeps_its_iteration() {
    // Python's `[lambda: i for i in range(10)]` all see the last `i`; each
    // Rust iteration binds a new variable.
    assert_eq!(pick(3)(), 6);
    assert_eq!(pick(7)(), 14);
}

#[introspect]
fn pattern_bindings_in_the_body(opt: Option<i32>) -> Box<dyn Fn() -> i32> {
    if let Some(found) = opt
        && found > 0
    {
        return Box::new(move || found);
    }
    match opt {
        Some(negative) if negative < 0 => Box::new(move || -negative),
        other => Box::new(move || other.unwrap_or(0)),
    }
}

#[test]
fn if_let_and_match_bindings_can_be_captured() {
    assert_eq!(pattern_bindings_in_the_body(Some(4))(), 4);
    assert_eq!(pattern_bindings_in_the_body(Some(-4))(), 4);
    assert_eq!(pattern_bindings_in_the_body(None)(), 0);
}

#[introspect]
fn shorthand(x: i32, y: i32) -> impl Fn() -> Point {
    move || Point { x, y }
}

#[test]
fn struct_field_shorthand() {
    assert_eq!(shorthand(1, 2)(), Point { x: 1, y: 2 });
}

#[introspect]
fn scaler(factor: f64) -> impl Fn(&[f64]) -> Vec<f64> {
    move |v| v.iter().map(|e| e * factor).collect()
}

#[test]
fn a_nested_iterator_closure_uses_the_captured_variable() {
    let scale = scaler(2.0);
    assert_eq!(scale(&[1.0, 2.5]), [2.0, 5.0]);
    assert_eq!(scale.code().varnames(), ["v"]);
}

#[introspect]
fn outer_late() -> impl Fn() -> Box<dyn Fn() -> i32> {
    move || {
        let mut v = 1;
        let inner = move || v;
        v = 5;
        Box::new(inner)
    }
}

#[test]
fn late_binding_inside_a_closure() {
    let inner = outer_late()();
    assert_eq!(inner(), 5);
}

#[introspect]
fn function_keeps_using_the_variable() -> impl Fn() -> usize {
    let mut log = vec![1];
    let helper = move |n: usize| log.push(n);
    helper(2);
    log.push(3);
    let count = move || log.len();
    count
}

#[test]
fn a_plain_move_closure_in_the_function_shares_the_cell() {
    assert_eq!(function_keeps_using_the_variable()(), 3);
}

#[introspect]
fn make_late() -> impl Fn() -> i32 {
    let mut x = 1;
    let read = move || x;
    x = 10;
    read
}

#[test]
fn the_function_assigns_after_the_closure_was_made_late_binding() {
    assert_eq!(make_late()(), 10);
}

// Regression: of two `#[cfg]` alternative `let`s only the last was a cell; compiling the other broke.
#[introspect]
fn level() -> impl Fn() -> u8 {
    #[cfg(debug_assertions)]
    let level = 1;
    #[cfg(not(debug_assertions))]
    let level = 2;
    move || level
}

#[test]
fn cfg_alternative_lets() {
    let expected = if cfg!(debug_assertions) { 1 } else { 2 };
    assert_eq!(level()(), expected);
    assert_eq!(level().freevars(), ["level"]);
}

// Regression: uppercase names in parameters and `let`s were dropped.
#[introspect]
#[allow(non_snake_case)]
fn table(A: Vec<f64>) -> impl Fn(usize) -> f64 {
    let N = A.len();
    move |i| A[i % N]
}

#[introspect]
#[allow(non_snake_case)]
fn collector() -> impl FnMut(i32) -> usize {
    let V: Vec<i32> = Vec::new();
    move |x| {
        V.push(x);
        V.len()
    }
}

#[test]
fn uppercase_parameters_and_lets_are_variables() {
    let t = table(vec![1.0, 2.0, 3.0]);
    assert!((t(4) - 2.0).abs() < f64::EPSILON);
    assert_eq!(t.freevars(), ["A", "N"]);
    assert_eq!(t.cell("N").unwrap().contents_repr(), "3");
    let mut c = collector();
    c(1);
    assert_eq!(c(2), 2);
    assert_eq!(c.freevars(), ["V"]);
}
