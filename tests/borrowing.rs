//! How a call borrows the cells it uses: shared where the body only reads a
//! variable, exclusive where it changes it (assigns it, takes `&mut` of it,
//! calls a method on it); and what happens when a cell is held already (a
//! re-entered closure panics naming the variable, `contents()` reports
//! `CellError::Borrowed`).
#![deny(warnings)]

use freevars::{CellError, introspect};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The message of the panic `f` raises.
fn panic_message<R: std::fmt::Debug>(f: impl FnOnce() -> R) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .expect("a formatted message")
}

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

#[test]
fn a_closure_that_only_reads_takes_a_shared_borrow() {
    let (inc, get) = make_counter();
    inc();
    let held = get.cells()[0].contents::<u32>().unwrap();
    assert_eq!(get(), 1, "reading beside a shared `contents()` value");
    assert_eq!(*held, 1);
}

#[test]
fn a_closure_that_changes_a_variable_takes_an_exclusive_borrow() {
    let (inc, get) = make_counter();
    let held = get.cells()[0].contents::<u32>().unwrap();
    let message = panic_message(&*inc);
    assert!(
        message.starts_with(
            "freevars: `make_counter::inc` cannot change captured variable `count`: a `contents()` value is reading it"
        ),
        "{message}"
    );
    assert_eq!(*held, 0, "the failed call changed nothing");
}

#[introspect]
fn make_recorder() -> impl Fn(&dyn Fn()) -> usize {
    let log = Vec::new();
    move |during: &dyn Fn()| {
        log.push(1_u8);
        during();
        log.len()
    }
}

#[test]
fn contents_during_a_call_is_a_borrowed_error() {
    let record = make_recorder();
    let cell = record.cells()[0].clone();
    let seen = std::cell::Cell::new(None);
    let count = record(&|| seen.set(Some(cell.contents::<Vec<u8>>().map(|v| v.len()))));
    assert_eq!(count, 1);
    assert_eq!(seen.take(), Some(Err(CellError::Borrowed { name: "log" })));
    assert!(
        cell.contents_repr().starts_with("[1]"),
        "readable again after the call"
    );
    let error = CellError::Borrowed { name: "log" }.to_string();
    assert!(error.starts_with("cell `log` is borrowed"), "{error}");
}

#[introspect]
fn make_reentrant() -> impl Fn(&dyn Fn()) -> u32 {
    let mut count = 0;
    move |inner: &dyn Fn()| {
        count += 1;
        inner();
        count
    }
}

#[test]
#[should_panic(
    expected = "freevars: `make_reentrant::{closure}` cannot change captured variable `count`: `make_reentrant::{closure}` is changing it"
)]
fn a_reentrant_call_panics_naming_the_variable_and_the_closure() {
    let f = make_reentrant();
    f(&|| {
        f(&|| {});
    });
}

#[test]
fn a_call_that_does_not_reenter_is_fine() {
    let f = make_reentrant();
    assert_eq!(f(&|| {}), 1);
    assert_eq!(f(&|| {}), 2);
}

#[introspect]
fn counts_in_place() -> impl Fn(i32) -> usize {
    // No `mut`: changing the vector in place, as `series.append` in Python.
    let seen = Vec::new();
    move |x| {
        seen.push(x);
        seen.len()
    }
}

#[test]
fn mutating_through_needs_no_mut() {
    let f = counts_in_place();
    f(1);
    assert_eq!(f(2), 2);
}

#[introspect]
fn make_numbers<I: Iterator<Item = i32>>(iter: &mut I) -> impl FnMut() -> Option<i32> + '_ {
    move || iter.next()
}

#[test]
fn a_captured_mut_reference_is_called_through_without_mut() {
    let mut source = vec![1, 2].into_iter();
    let mut next = make_numbers(&mut source);
    assert_eq!(next(), Some(1));
    assert_eq!(next(), Some(2));
    assert_eq!(next(), None);
    let cell = &next.cells()[0];
    assert_eq!(cell.name(), "iter");
    assert!(
        cell.type_name()
            .starts_with("&mut alloc::vec::into_iter::IntoIter<i32")
    );
    assert!(matches!(
        cell.contents::<u8>(),
        Err(CellError::NotStatic { name: "iter", .. })
    ));
}

// Regression: a `ref mut` pattern on a captured variable did not borrow it mutably.
#[introspect]
fn bumper() -> impl Fn() -> i32 {
    let slot = Some(0);
    move || {
        if let Some(ref mut v) = slot {
            *v += 1;
        }
        slot.unwrap_or(0)
    }
}

#[test]
fn ref_mut_pattern_on_a_captured_variable() {
    let bump = bumper();
    bump();
    assert_eq!(bump(), 2);
}

// Regression: passing a captured `&mut T` on (a reborrow) was taken for a read and held shared.
fn helper(v: &mut Vec<i32>) {
    v.push(1);
}

#[introspect]
fn pusher(r: &mut Vec<i32>) -> impl FnMut() -> usize + '_ {
    move || {
        helper(r);
        r.len()
    }
}

struct Tally(u32);

fn bump(t: &mut Tally) {
    t.0 += 1;
}

impl Tally {
    #[introspect]
    fn counter(&mut self) -> impl FnMut() -> u32 + '_ {
        move || {
            bump(self);
            self.0
        }
    }
}

#[test]
fn a_captured_mut_reference_passed_to_a_function() {
    let mut v = Vec::new();
    let mut push = pusher(&mut v);
    push();
    assert_eq!(push(), 2);
    let mut tally = Tally(0);
    let mut count = tally.counter();
    count();
    assert_eq!(count(), 2);
}

// Regression: a `move` closure inside a returned closure moved the `&mut` guard out of it.
#[introspect]
fn nested_move() -> impl FnMut() -> i32 {
    let mut count = 0;
    move || {
        count += 1;
        let double = move || count * 2;
        double() + count
    }
}

#[introspect]
fn scaled(mut factor: i32) -> impl FnMut(&[i32]) -> Vec<i32> {
    move |xs| {
        factor += 1;
        xs.iter().map(move |x| x * factor).collect()
    }
}

#[test]
fn a_move_closure_inside_a_returned_closure() {
    let mut f = nested_move();
    assert_eq!(f(), 3);
    assert_eq!(f(), 6);
    let mut scale = scaled(1);
    assert_eq!(scale(&[1, 2]), [2, 4]);
}

// Issue 9: a helper closure that only reads, called from a sibling that only
// reads, panicked ("cannot change"): method calls now borrow as rustc decides.
#[introspect]
fn inventory() -> impl Fn() -> String {
    let items = vec!["apple".to_string(), "pear".to_string()];
    let count = move || items.len();
    move || format!("{} items: {}", count(), items.join(", "))
}

#[test]
fn closures_that_only_read_run_inside_each_other() {
    assert_eq!(inventory()(), "2 items: apple, pear");
}

#[introspect]
fn make_counter_pair() -> (impl Fn() -> usize, impl Fn(&dyn Fn()) -> usize) {
    let log: Vec<u8> = Vec::new();
    let push = move || {
        log.push(1);
        log.len()
    };
    let watch = move |during: &dyn Fn()| {
        let before = log.len();
        during();
        before
    };
    (push, watch)
}

#[test]
fn a_write_while_a_sibling_reads_names_both_closures() {
    let (push, watch) = make_counter_pair();
    assert_eq!(watch(&|| {}), 0, "a read alone");
    let message = panic_message(|| {
        watch(&|| {
            push();
        });
    });
    assert!(
        message.contains("`make_counter_pair::push` cannot change captured variable `log`"),
        "{message}"
    );
    assert!(message.contains("`make_counter_pair::watch`"), "{message}");
    assert!(message.contains("read"), "{message}");
}

// Issue 9: inner `move` closures and `async move` blocks took a reborrow of
// the call's guard, so they could not leave the call.
#[introspect]
fn make_ranges(n: u32) -> impl Fn(u32) -> Box<dyn Iterator<Item = u32>> {
    move |count| Box::new((1..=count).map(move |i| i * n))
}

#[introspect]
fn make_spawner(n: u64) -> impl Fn(u64) -> std::thread::JoinHandle<u64> {
    move |x| std::thread::spawn(move || x * n)
}

#[introspect]
fn make_doubler(n: u32) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = u32>>> {
    move || Box::pin(async move { n * 2 })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
    }
}

#[test]
fn inner_move_closures_and_async_blocks_take_a_copy_and_can_leave() {
    let ranges = make_ranges(3);
    assert_eq!(ranges(3).collect::<Vec<_>>(), [3, 6, 9]);
    let spawn = make_spawner(7);
    assert_eq!(spawn(6).join().unwrap(), 42);
    let double = make_doubler(21);
    let later = double();
    double.cells()[0].set_contents(1_u32).unwrap();
    // The block copied `n` when it was made, as plain Rust does.
    assert_eq!(block_on(later), 42);
    assert_eq!(block_on(double()), 2);
}

// Issue 9: in the function body, statements that read a captured variable
// and change it, or read it twice through method calls, panicked as double
// borrows. Each is ordinary Rust and runs as it does without the attribute.
#[introspect]
fn body_reads_and_changes() -> (impl Fn() -> Vec<usize>, String) {
    let items = vec![1_usize, 2];
    let mut x = 1;
    let v = vec![10_usize];
    let mut total = 2;
    let get = move || {
        let mut all = items.clone();
        all.extend([x, total]);
        all.extend(&v);
        all
    };
    let shown = format!("{} {:?}", items.len(), items.first());
    x = x + 1;
    total += total * x;
    v.push(v.len());
    let mean = v.iter().sum::<usize>() as f64 / v.len() as f64;
    (get, format!("{shown}; x={x} total={total} mean={mean}"))
}

#[test]
fn statements_that_read_and_change_one_variable_run_in_the_body() {
    let (get, shown) = body_reads_and_changes();
    assert_eq!(shown, "2 Some(1); x=2 total=6 mean=5.5");
    assert_eq!(get(), [1, 2, 2, 6, 10, 1]);
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Idle,
    Running,
    Done,
}

#[introspect]
fn body_matches_and_assigns() -> impl Fn() -> State {
    let mut state = State::Idle;
    let get = move || state;
    match state {
        State::Idle => state = State::Running,
        _ => {}
    }
    if let State::Running = state {
        state = State::Done;
    } else {
        state = State::Idle;
    }
    let mut steps = 0;
    while let State::Done = state {
        steps += 1;
        state = if steps < 3 {
            State::Done
        } else {
            State::Running
        };
    }
    assert_eq!(steps, 3);
    get
}

#[test]
fn a_match_or_if_let_whose_arms_assign_the_variable_runs_in_the_body() {
    assert_eq!(body_matches_and_assigns()(), State::Running);
}

// Issue 9: a `match`, `if let` or `while let` whose patterns bind, and a
// `for` loop, held the cell they read until they ended, so an arm or the
// body that changed it panicked.
#[introspect]
fn body_binds_and_assigns() -> (impl Fn() -> Vec<u32>, Option<u32>) {
    let mut state = Some(1_u32);
    let stack = vec![3_u32, 2];
    let v = vec![1_u32, 2, 3];
    let get = move || {
        let mut all = stack.clone();
        all.extend(&v);
        all.extend(state);
        all
    };
    match state {
        Some(n) if n < 5 => state = Some(n + 1),
        Some(_) => state = None,
        None => {}
    }
    if let Some(n) = state {
        state = Some(n * 10);
    }
    while let Some(top) = stack.pop() {
        if top > 2 {
            stack.push(top - 2);
        }
    }
    for i in 0..v.len() {
        v[i] += 1;
    }
    for x in v.clone() {
        v.push(x * 10);
    }
    (get, state)
}

#[test]
fn a_match_that_binds_and_a_for_loop_change_what_they_read_in_the_body() {
    let (get, state) = body_binds_and_assigns();
    assert_eq!(state, Some(20));
    assert_eq!(get(), [2, 3, 4, 20, 30, 40, 20]);
}

// The same statements inside a returned closure, which holds each cell for
// the call: `v.push(v.len())` through a lazy guard needs the argument first
// (two-phase borrows do not pass through `DerefMut`).
#[introspect]
fn closure_reads_and_changes() -> impl Fn() -> (Vec<usize>, Option<usize>) {
    let v = Vec::new();
    let mut state = Some(0_usize);
    move || {
        v.push(v.len());
        match state {
            Some(n) if n < 2 => state = Some(n + 1),
            _ => state = None,
        }
        while let Some(top) = v.pop() {
            if top % 2 == 0 {
                v.push(top + 1);
                break;
            }
        }
        v.push(v.iter().sum::<usize>() + v.len());
        (v.clone(), state)
    }
}

/// The same closure as plain Rust, owning its state.
fn plain_reads_and_changes() -> impl FnMut() -> (Vec<usize>, Option<usize>) {
    let mut v = Vec::new();
    let mut state = Some(0_usize);
    move || {
        v.push(v.len());
        match state {
            Some(n) if n < 2 => state = Some(n + 1),
            _ => state = None,
        }
        while let Some(top) = v.pop() {
            if top % 2 == 0 {
                v.push(top + 1);
                break;
            }
        }
        v.push(v.iter().sum::<usize>() + v.len());
        (v.clone(), state)
    }
}

#[test]
fn statements_that_read_and_change_one_variable_run_in_a_closure() {
    let annotated = closure_reads_and_changes();
    let mut plain = plain_reads_and_changes();
    for _ in 0..5 {
        assert_eq!(annotated(), plain());
    }
    assert_eq!(annotated().1, None);
}

// A documented limit (README, Limits): in the function, a reference kept in
// a `let` holds the cell until the end of its block.
#[introspect]
fn keeps_a_reference() -> impl Fn() -> usize {
    let v = vec![1];
    let get = move || v.len();
    let first = &v[0];
    assert_eq!(*first, 1);
    v.push(2);
    get
}

#[test]
#[should_panic(expected = "`keeps_a_reference` cannot change captured variable `v`")]
fn a_reference_kept_in_a_let_holds_the_cell_to_the_end_of_its_block() {
    let _ = keeps_a_reference();
}

// A documented limit (README, Limits): a `match` whose patterns bind holds
// the cells its scrutinee reads while its arms run.
#[introspect]
fn match_calls_a_sibling() -> impl Fn() -> u32 {
    let mut count = Some(0_u32);
    let reset = move || count = None;
    match count {
        Some(n) if n < 5 => reset(),
        _ => {}
    }
    move || count.unwrap_or(7)
}

#[test]
#[should_panic(expected = "cannot change captured variable `count`")]
fn a_match_that_binds_holds_its_cells_while_an_arm_calls_a_closure() {
    let _ = match_calls_a_sibling();
}

// Documented (README, Limits): a closure that a returned closure returns is
// introspectable itself and shares the cell, where plain Rust would copy.
#[introspect]
fn make_snapshotter() -> (impl Fn() -> Box<dyn Fn() -> i32>, impl Fn(i32)) {
    let mut level: i32 = 1;
    let snapshot = move || Box::new(move || level * 10);
    let set = move |v: i32| level = v;
    (snapshot, set)
}

#[test]
fn a_returned_closure_s_returned_closure_shares_the_cell() {
    let (snapshot, set) = make_snapshotter();
    let early = snapshot();
    set(5);
    assert_eq!(early(), 50);
    assert_eq!(
        early.code().qualname(),
        "make_snapshotter::snapshot::{closure}"
    );
}

// A user's program: a click handler that changes `clicks` (the only closure
// that does, so its calls record nothing) and calls the reader it captured
// while it holds the cell. The panic still names it as the holder.
#[introspect]
fn make_clicker() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut clicks = 0;
    let get = move || clicks;
    let click = move || {
        clicks += 1;
        get()
    };
    (click, get)
}

#[test]
fn the_only_closure_that_changes_a_variable_is_named_when_it_holds_it() {
    let (click, get) = make_clicker();
    let message = panic_message(&*click);
    assert!(
        message.starts_with(
            "freevars: `make_clicker::get` cannot read captured variable `clicks`: `make_clicker::click` is changing it"
        ),
        "{message}"
    );
    // And when the function's own `set_contents` held it last, the holder
    // is `click` again once that ended.
    get.cell("clicks").unwrap().set_contents(10_u32).unwrap();
    let message = panic_message(&*click);
    assert!(
        message.contains("`make_clicker::click` is changing it"),
        "{message}"
    );
    assert_eq!(get(), 11, "the call changed `clicks` before it panicked");
}
