//! What `#[introspect]` costs, side by side with the code a person writes:
//! a closure that owns its state (`FnMut`), and the shared-state version
//! with a hand-written `Rc<RefCell<_>>` per variable (what the macro
//! generates).
//!
//! Three closures: an accumulator (one `u64`), the count/total averager
//! (two numbers) and the series averager (a `Vec<f64>`), each called and
//! made.
//!
//! Beside them, the same closures written with `__private::sole_lazy`,
//! the guard that borrows a cell at its first use, as the macro emits it
//! for a call that uses a variable through a method (`series.push(..)`).
//!
//! Run with `cargo bench --bench call`.
// `series.len() as f64`, as the notebook's averager writes it.
#![allow(clippy::cast_precision_loss)]

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use freevars::introspect;
use std::cell::RefCell;
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

fn plain_accumulator() -> impl FnMut(u64) -> u64 {
    let mut total = 0_u64;
    move |x| {
        total = total.wrapping_add(x);
        total
    }
}

fn hand_written_accumulator() -> impl Fn(u64) -> u64 {
    let total = Rc::new(RefCell::new(0_u64));
    let total = Rc::clone(&total);
    move |x| {
        let mut total = total.borrow_mut();
        *total = total.wrapping_add(x);
        *total
    }
}

#[introspect]
fn introspected_accumulator() -> impl Fn(u64) -> u64 {
    let mut total = 0_u64;
    move |x| {
        total = total.wrapping_add(x);
        total
    }
}

// The count/total averager. `count` is an `i32`, as in the notebook's
// port (`macros/tests/expand/count_total.rs`); in a bench build it wraps
// after 2^31 calls (no overflow checks), the same for all three.

fn plain_count_total() -> impl FnMut(f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}

/// One cell per variable, each cloned into the closure, as the macro does.
fn hand_written_count_total() -> impl Fn(f64) -> f64 {
    let count = Rc::new(RefCell::new(0));
    let total = Rc::new(RefCell::new(0.0));
    let count = Rc::clone(&count);
    let total = Rc::clone(&total);
    move |new_value: f64| {
        let mut count = count.borrow_mut();
        let mut total = total.borrow_mut();
        *count += 1;
        *total += new_value;
        *total / f64::from(*count)
    }
}

#[introspect]
fn introspected_count_total() -> impl FnMut(f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}

/// The count/total averager's closure as the macro writes it with lazy
/// guards (`__private::sole_lazy`: a use reads or changes as rustc picks
/// `Deref` or `DerefMut`), without the `Closure` around it, which a call
/// does not go through.
fn lazy_count_total() -> impl Fn(f64) -> f64 {
    use freevars::__private::{new_cell, share, sole_lazy};
    let count = new_cell(0);
    let total = new_cell(0.0);
    let count_cell = share(&count);
    let total_cell = share(&total);
    move |new_value: f64| {
        let count = &mut sole_lazy(&count_cell, "count", "make_averager::averager");
        let total = &mut sole_lazy(&total_cell, "total", "make_averager::averager");
        **count += 1;
        **total += new_value;
        **total / f64::from(**count)
    }
}

// The series averager, as in the notebook.

fn plain_series() -> impl FnMut(f64) -> f64 {
    let mut series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

fn hand_written_series() -> impl Fn(f64) -> f64 {
    let series = Rc::new(RefCell::new(Vec::new()));
    let series = Rc::clone(&series);
    move |new_value| {
        let mut series = series.borrow_mut();
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[introspect]
fn introspected_series() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

/// The call kept out of line, for all three closures alike: through a
/// `&mut dyn FnMut` in a function that is never inlined, so the loop cannot
/// keep the closure's state in registers and every call goes through the
/// vtable, as when a closure is stored and called from elsewhere.
#[inline(never)]
fn call_out_of_line(f: &mut dyn FnMut(f64) -> f64, x: f64) -> f64 {
    f(x)
}

/// The series averager with `__private::sole_lazy` guards, as for
/// `lazy_count_total`.
fn lazy_series() -> impl Fn(f64) -> f64 {
    use freevars::__private::{new_cell, share, sole_lazy};
    let series = new_cell(Vec::new());
    let series_cell = share(&series);
    move |new_value| {
        let series = &mut sole_lazy(&series_cell, "series", "make_averager::{closure}");
        (**series).push(new_value);
        let total: f64 = (**series).iter().sum();
        total / (**series).len() as f64
    }
}

fn accumulator_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("call");
    let mut plain = plain_accumulator();
    group.bench_function("plain FnMut closure", |b| b.iter(|| plain(black_box(3))));
    let hand = hand_written_accumulator();
    group.bench_function("hand-written Rc<RefCell>", |b| {
        b.iter(|| hand(black_box(3)));
    });
    let introspected = introspected_accumulator();
    group.bench_function("#[introspect]", |b| b.iter(|| introspected(black_box(3))));
    group.finish();
}

fn count_total_calls(c: &mut Criterion) {
    // Inlined into the benchmark's loop.
    let mut group = c.benchmark_group("call count-total inlined");
    let mut plain = plain_count_total();
    group.bench_function("plain FnMut closure", |b| {
        b.iter(|| plain(black_box(3.0)));
    });
    let hand = hand_written_count_total();
    group.bench_function("hand-written Rc<RefCell>", |b| {
        b.iter(|| hand(black_box(3.0)));
    });
    let mut introspected = introspected_count_total();
    group.bench_function("#[introspect]", |b| {
        b.iter(|| introspected(black_box(3.0)));
    });
    let lazy = lazy_count_total();
    group.bench_function("lazy guards", |b| {
        b.iter(|| lazy(black_box(3.0)));
    });
    group.finish();

    let mut group = c.benchmark_group("call count-total not inlined");
    let mut plain = plain_count_total();
    group.bench_function("plain FnMut closure", |b| {
        b.iter(|| call_out_of_line(&mut plain, black_box(3.0)));
    });
    let mut hand = hand_written_count_total();
    group.bench_function("hand-written Rc<RefCell>", |b| {
        b.iter(|| call_out_of_line(&mut hand, black_box(3.0)));
    });
    let mut introspected = introspected_count_total();
    group.bench_function("#[introspect]", |b| {
        b.iter(|| call_out_of_line(&mut *introspected, black_box(3.0)));
    });
    let mut lazy = lazy_count_total();
    group.bench_function("lazy guards", |b| {
        b.iter(|| call_out_of_line(&mut lazy, black_box(3.0)));
    });
    group.finish();
}

/// Calls on a series that never exceeds this many values: every closure
/// is made afresh (outside the timed part) after this many calls.
const SERIES_RUN: u64 = 1000;

/// Times `iters` calls of closures from `make`, a fresh one for every
/// `SERIES_RUN` calls, so the series stays short and the same for all
/// three; making and dropping them is not timed.
fn bench_series<F: FnMut(f64) -> f64>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    make: impl Fn() -> F,
) {
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut elapsed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let run = left.min(SERIES_RUN);
                let mut f = make();
                let start = Instant::now();
                for _ in 0..run {
                    black_box(f(black_box(3.0)));
                }
                elapsed += start.elapsed();
                drop(f);
                left -= run;
            }
            elapsed
        });
    });
}

fn series_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("call series");
    bench_series(&mut group, "plain FnMut closure", plain_series);
    bench_series(&mut group, "hand-written Rc<RefCell>", || {
        let f = hand_written_series();
        move |x| f(x)
    });
    bench_series(&mut group, "#[introspect]", || {
        let f = introspected_series();
        move |x| f(x)
    });
    bench_series(&mut group, "lazy guards", || {
        let f = lazy_series();
        move |x| f(x)
    });
    group.finish();
}

/// Times making one closure the three ways, side by side in `group`.
fn bench_make<A, B, C>(
    c: &mut Criterion,
    group: &str,
    // Generic, not `fn()` pointers: each stays a function item criterion can
    // inline, as when it was called directly.
    plain: impl Fn() -> A,
    hand_written: impl Fn() -> B,
    introspected: impl Fn() -> C,
) {
    let mut group = c.benchmark_group(group);
    group.bench_function("plain FnMut closure", |b| b.iter(&plain));
    group.bench_function("hand-written Rc<RefCell>", |b| b.iter(&hand_written));
    group.bench_function("#[introspect]", |b| b.iter(&introspected));
    group.finish();
}

fn construction(c: &mut Criterion) {
    bench_make(
        c,
        "make",
        plain_accumulator,
        hand_written_accumulator,
        introspected_accumulator,
    );
    bench_make(
        c,
        "make count-total",
        plain_count_total,
        hand_written_count_total,
        introspected_count_total,
    );
    bench_make(
        c,
        "make series",
        plain_series,
        hand_written_series,
        introspected_series,
    );
}

fn introspection(c: &mut Criterion) {
    let introspected = introspected_accumulator();
    introspected(5);
    let mut group = c.benchmark_group("introspect");
    group.bench_function("cells()[0].contents::<u64>()", |b| {
        b.iter(|| {
            *black_box(&introspected).cells()[0]
                .contents::<u64>()
                .unwrap()
        });
    });
    group.bench_function("cells()[0].contents_repr()", |b| {
        b.iter(|| black_box(&introspected).cells()[0].contents_repr());
    });
    group.finish();
}

criterion_group!(
    benches,
    accumulator_calls,
    count_total_calls,
    series_calls,
    construction,
    introspection
);
criterion_main!(benches);
