//! Functions rewritten by `#[introspect]` in an edition 2021 crate, where a
//! block's tail temporaries outlive its locals: a tail that borrows a cell
//! declared in its block must not.
#![deny(warnings)]

use freevars::introspect;

/// A tail `match` on a captured parameter.
#[introspect]
#[must_use]
pub fn pick(n: i32) -> Box<dyn Fn() -> i32> {
    match n {
        0 => Box::new(|| 0),
        _ => Box::new(move || n),
    }
}

/// A tail tuple that uses a captured local.
#[introspect]
#[must_use]
pub fn pair() -> (impl Fn() -> i32, i32) {
    let x = 5;
    (move || x, x)
}

/// A closure's own parameter, captured by the closure it returns, used in
/// the closure's tail.
#[introspect]
#[must_use]
pub fn curried(a: i32) -> impl Fn(i32) -> (Box<dyn Fn(i32) -> i32>, i32) {
    move |b| (Box::new(move |c| a + b + c), b)
}

/// A `match` arm's binding, captured and used in the arm's tail.
#[introspect]
#[must_use]
pub fn from_arm(o: Option<i32>) -> (Box<dyn Fn() -> i32>, i32) {
    match o {
        Some(v) => (Box::new(move || v), v),
        None => (Box::new(|| 0), 0),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tails_that_borrow_cells() {
        assert_eq!(super::pick(3)(), 3);
        assert_eq!(super::pick(0)(), 0);
        let (five, value) = super::pair();
        assert_eq!((five(), value), (5, 5));
        let (add, second) = super::curried(1)(2);
        assert_eq!((add(3), second), (6, 2));
        let (four, held) = super::from_arm(Some(4));
        assert_eq!((four(), held), (4, 4));
    }
}
