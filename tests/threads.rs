//! `#[introspect(sync)]`: closures that go to other threads, their cells
//! locked per call (shared for the variables a call only reads, exclusive
//! for the others), taken in the order of `freevars`.
// The series holds whole numbers below 4,000, read back as `u32`.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
use freevars::introspect;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Barrier;
use std::thread;

#[introspect(sync)]
fn make_counter() -> impl Fn() -> u64 + Send + Sync {
    let mut count = 0;
    move || {
        count += 1;
        count
    }
}

#[test]
fn eight_threads_count_without_losing_an_update() {
    let inc = make_counter();
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    inc();
                }
            });
        }
    });
    assert_eq!(*inc.cells()[0].contents::<u64>().unwrap(), 80_000);
    assert_eq!(inc(), 80_001);
}

#[introspect(sync)]
fn make_averager() -> impl Fn(f64) -> f64 + Send + Sync {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[test]
fn four_scoped_threads_share_one_averager() {
    let avg = make_averager();
    thread::scope(|s| {
        for t in 0..4_u32 {
            let avg = &avg;
            s.spawn(move || {
                for i in 0..1_000_u32 {
                    let mean = avg(f64::from(t * 1_000 + i));
                    assert!((0.0..4_000.0).contains(&mean));
                }
            });
        }
    });
    let series = avg.cell("series").unwrap().contents::<Vec<f64>>().unwrap();
    assert_eq!(series.len(), 4_000);
    // Integers below 2^53 add exactly in any order: compare as integers.
    let mut values: Vec<u32> = series.iter().map(|&v| v as u32).collect();
    values.sort_unstable();
    assert_eq!(values, (0..4_000).collect::<Vec<u32>>(), "every value once");
}

#[introspect(sync)]
fn make_adder(n: i32) -> impl Fn(i32) -> i32 + Send + Sync + 'static {
    move |x| x + n
}

#[test]
fn a_sync_closure_moves_into_a_spawned_thread() {
    let add = make_adder(2);
    let cell = add.cells()[0].clone();
    let handle = thread::spawn(move || (add(40), add.freevars()));
    assert_eq!(handle.join().unwrap(), (42, &["n"][..]));
    assert_eq!(
        *cell.contents::<i32>().unwrap(),
        2,
        "the view outlives the closure"
    );
}

#[test]
fn set_contents_from_another_thread_is_seen_by_the_next_call() {
    let add = make_adder(1);
    let cell = add.cell("n").unwrap().clone();
    thread::spawn(move || cell.set_contents(100_i32).unwrap())
        .join()
        .unwrap();
    assert_eq!(add(1), 101);
    assert_eq!(add.cells()[0].contents_repr(), "100");
}

#[introspect(sync)]
fn make_account() -> (
    impl Fn(u64) + Send + Sync,
    impl Fn() -> (u64, u64) + Send + Sync,
) {
    let mut balance = 0;
    let mut deposits = 0;
    let deposit = move |amount| {
        balance += amount;
        deposits += 1;
    };
    // Reads only: shared, so readers run beside each other.
    let read = move || (balance, deposits);
    (deposit, read)
}

#[test]
fn readers_and_writers_see_whole_calls_and_lose_no_write() {
    let (deposit, read) = make_account();
    let start = Barrier::new(6);
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                start.wait();
                for _ in 0..5_000 {
                    deposit(2);
                }
            });
        }
        for _ in 0..3 {
            s.spawn(|| {
                start.wait();
                let mut last = 0;
                for _ in 0..5_000 {
                    let (balance, deposits) = read();
                    // Never half a deposit: both fields come from one call.
                    assert_eq!(balance, deposits * 2);
                    assert!(balance >= last, "a write went missing");
                    last = balance;
                }
            });
        }
    });
    assert_eq!(read(), (30_000, 15_000));
}

#[introspect(sync)]
fn make_pair() -> (impl Fn() -> u32 + Send + Sync, impl Fn() + Send + Sync) {
    let mut count = 1;
    let get = move || count;
    // Reads `count` and calls `get`, which reads it too: nested reads on
    // one thread share the cell.
    let twice = move || get() + count;
    let inc = move || count += 1;
    (twice, inc)
}

#[test]
fn a_nested_read_on_one_thread_never_waits_behind_a_writer() {
    let (twice, inc) = make_pair();
    assert_eq!(twice(), 2);
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..20_000 {
                inc();
            }
        });
        for _ in 0..20_000 {
            let both = twice();
            assert_eq!(both % 2, 0, "both reads in one call see one value");
        }
    });
    assert_eq!(twice(), 2 * 20_001);
}

#[introspect(sync)]
fn make_reentrant() -> (
    impl Fn() -> u32 + Send + Sync,
    impl Fn(&dyn Fn() -> u32) -> u32 + Send + Sync,
) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let around = move |f: &dyn Fn() -> u32| {
        count += 10;
        f()
    };
    (inc, around)
}

#[test]
fn reentering_a_cell_held_on_the_same_thread_panics_instead_of_deadlocking() {
    let (inc, around) = make_reentrant();
    let payload = catch_unwind(AssertUnwindSafe(|| around(&*inc))).unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("`make_reentrant::inc` cannot change captured variable `count`"),
        "{message}"
    );
    // The panic released the cell: both closures work afterwards.
    assert_eq!(inc(), 11);
    assert_eq!(around(&|| 0), 0);
    assert_eq!(inc(), 22);
}

#[test]
fn sync_closures_and_views_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    let avg = make_averager();
    send_sync(&avg);
    send_sync(&avg.cells()[0]);
    send_sync(&avg.cells()[0].clone());
    assert!(format!("{avg:?}").starts_with("<closure make_averager::{closure} at 0x"));
    avg(1.0);
    assert!(format!("{avg:#?}").ends_with("\n    series = [1.0]"));
}

// Programs written from the README alone, as a new user would.

#[introspect(sync)]
fn make_memo() -> (
    impl Fn(u64) -> u64 + Send + Sync,
    impl Fn() -> usize + Send + Sync,
) {
    let mut cache = std::collections::HashMap::new();
    let fib = move |n: u64| {
        if let Some(&hit) = cache.get(&n) {
            return hit;
        }
        let (mut a, mut b) = (0_u64, 1_u64);
        for _ in 0..n {
            (a, b) = (b, a.wrapping_add(b));
        }
        cache.insert(n, a);
        a
    };
    let size = move || cache.len();
    (fib, size)
}

#[test]
fn a_cache_filled_from_four_threads_has_each_key_once() {
    let (fib, size) = make_memo();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for n in 0..50 {
                    assert_eq!(fib(n), fib(n), "a hit equals the computed value");
                }
            });
        }
    });
    assert_eq!(size(), 50);
    assert_eq!(fib(10), 55);
    assert_eq!(fib.freevars(), ["cache"]);
}

#[introspect(sync)]
fn make_limiter(per_window: u32) -> (impl Fn() -> bool + Send + Sync, impl Fn() + Send + Sync) {
    let mut used = 0;
    let allow = move || {
        if used < per_window {
            used += 1;
            true
        } else {
            false
        }
    };
    let reset = move || used = 0;
    (allow, reset)
}

#[test]
fn a_rate_limiter_never_allows_more_than_its_window() {
    let (allow, reset) = make_limiter(1_000);
    for _ in 0..3 {
        let allowed = std::sync::atomic::AtomicU32::new(0);
        thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..500 {
                        if allow() {
                            allowed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        // 4,000 attempts, exactly 1,000 allowed: the check and the
        // increment are one call.
        assert_eq!(allowed.into_inner(), 1_000);
        reset();
    }
    let used = allow.cell("used").unwrap();
    assert_eq!(used.contents_repr(), "0");
    assert!(format!("{allow:#?}").contains("per_window = 1000"));
}

#[introspect(sync)]
fn make_reader() -> impl Fn(&std::sync::atomic::AtomicU32) -> bool + Send + Sync {
    let limit = 2;
    // `limit` is only read: both calls hold its cell at once.
    move |inside| {
        inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while inside.load(std::sync::atomic::Ordering::SeqCst) < limit {
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::hint::spin_loop();
        }
        true
    }
}

#[test]
fn two_calls_that_only_read_run_at_the_same_time() {
    let read = make_reader();
    let inside = std::sync::atomic::AtomicU32::new(0);
    let both = thread::scope(|s| {
        let first = s.spawn(|| read(&inside));
        let second = s.spawn(|| read(&inside));
        (first.join().unwrap(), second.join().unwrap())
    });
    assert_eq!(both, (true, true), "each call saw the other inside");
}

/// The same calls on a closure with and without `sync`: code that only
/// calls the API compiles unchanged when `sync` is added.
macro_rules! inspect {
    ($closure:expr) => {{
        let closure = $closure;
        let cell = closure.cell("n").unwrap();
        let before = *cell.contents::<i32>().unwrap();
        let old = cell.set_contents(before + 1).unwrap();
        (
            closure(1),
            old,
            closure.freevars(),
            cell.name(),
            cell.type_name(),
            cell.contents_repr(),
            cell.ptr_eq(&closure.cells()[0]),
            closure.code().qualname(),
            format!("{:?}", closure.cells()[0]).starts_with("<cell at 0x"),
        )
    }};
}

#[introspect]
fn make_local_adder(n: i32) -> impl Fn(i32) -> i32 {
    move |x| x + n
}

#[test]
fn the_api_is_the_same_with_and_without_sync() {
    let local = inspect!(make_local_adder(2));
    let shared = inspect!(make_adder(2));
    assert_eq!(local.0, 4);
    assert_eq!(
        (
            local.1, local.2, local.3, local.4, local.5, local.6, local.8
        ),
        (
            shared.1, shared.2, shared.3, shared.4, shared.5, shared.6, shared.8
        )
    );
    assert_eq!(shared.0, 4);
    assert_eq!(
        (local.7, shared.7),
        ("make_local_adder::{closure}", "make_adder::{closure}")
    );
}

#[introspect(sync)]
fn make_transfers() -> (
    impl Fn(i64) + Send + Sync,
    impl Fn(i64) + Send + Sync,
    impl Fn() -> i64 + Send + Sync,
) {
    let mut checking = 1_000;
    let mut savings = 1_000;
    // Each names the two accounts in the other order; both calls take the
    // cells in the order of `freevars` (`checking`, then `savings`).
    let save = move |amount| {
        savings += amount;
        checking -= amount;
    };
    let spend = move |amount| {
        checking += amount;
        savings -= amount;
    };
    let total = move || checking + savings;
    (save, spend, total)
}

#[test]
fn siblings_that_name_two_cells_in_opposite_orders_do_not_deadlock() {
    let (save, spend, total) = make_transfers();
    assert_eq!(save.freevars(), ["checking", "savings"]);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| (0..20_000).for_each(|_| save(3)));
            s.spawn(|| (0..20_000).for_each(|_| spend(3)));
            s.spawn(|| (0..20_000).for_each(|_| assert_eq!(total(), 2_000)));
        }
    });
    assert_eq!(total(), 2_000);
    assert_eq!(save.cell("checking").unwrap().contents_repr(), "1000");
}

#[introspect(sync, twin)]
fn make_scaler(factor: u32) -> impl Fn(u32) -> u32 + Send + Sync {
    move |x| x * factor
}

struct Greeter {
    greeting: String,
}

#[introspect(sync)]
impl Greeter {
    fn greet(&self) -> impl Fn(&str) -> String + Send + Sync + 'static {
        let greeting = self.greeting.clone();
        move |name| format!("{greeting}, {name}")
    }
}

#[test]
fn sync_combines_with_twin_and_impl_blocks() {
    // The twin is plain; the introspectable one is a `sync` closure.
    let plain: Vec<u32> = [1, 2].into_iter().map(make_scaler(3)).collect();
    assert_eq!(plain, [3, 6]);
    let scale = make_scaler_introspected(3);
    assert_eq!(thread::scope(|s| s.spawn(|| scale(5)).join().unwrap()), 15);
    let greet = Greeter {
        greeting: "Hello".to_owned(),
    }
    .greet();
    let greeted = thread::spawn(move || (greet("Ada"), greet.code().qualname())).join();
    assert_eq!(
        greeted.unwrap(),
        ("Hello, Ada".to_owned(), "Greeter::greet::{closure}")
    );
}
