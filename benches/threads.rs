//! What `#[introspect(sync)]` costs, side by side with the same closures
//! written by hand with `Arc<Mutex<_>>` (one per variable, as the macro
//! keeps one cell per variable) and with the plain `FnMut` closure.
//!
//! - `sync call ...`: one thread, no contention: the accumulator (one
//!   `u64`) and the count/total averager (two numbers), called out of line.
//! - `sync contended`: 8 threads calling one shared counter, each call
//!   `count += 1`; the time is for all calls of all threads, so it reads as
//!   the time per call of the whole program (throughput).
//!
//! Run with `cargo bench --bench threads`.

use criterion::{Criterion, criterion_group, criterion_main};
use freevars::introspect;
use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn plain_accumulator() -> impl FnMut(u64) -> u64 {
    let mut total = 0_u64;
    move |x| {
        total = total.wrapping_add(x);
        total
    }
}

fn hand_written_accumulator() -> impl Fn(u64) -> u64 + Send + Sync {
    let total = Arc::new(Mutex::new(0_u64));
    let total = Arc::clone(&total);
    move |x| {
        let mut total = total.lock().unwrap();
        *total = total.wrapping_add(x);
        *total
    }
}

#[introspect(sync)]
fn introspected_accumulator() -> impl Fn(u64) -> u64 + Send + Sync {
    let mut total = 0_u64;
    move |x| {
        total = total.wrapping_add(x);
        total
    }
}

fn plain_count_total() -> impl FnMut(f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}

/// One lock per variable, each `Arc` cloned into the closure, taken in the
/// order the macro takes them (by name).
fn hand_written_count_total() -> impl Fn(f64) -> f64 + Send + Sync {
    let count = Arc::new(Mutex::new(0));
    let total = Arc::new(Mutex::new(0.0));
    let count = Arc::clone(&count);
    let total = Arc::clone(&total);
    move |new_value: f64| {
        let mut count = count.lock().unwrap();
        let mut total = total.lock().unwrap();
        *count += 1;
        *total += new_value;
        *total / f64::from(*count)
    }
}

#[introspect(sync)]
fn introspected_count_total() -> impl Fn(f64) -> f64 + Send + Sync {
    let mut count = 0;
    let mut total = 0.0;
    move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}

#[inline(never)]
fn call_out_of_line<A, R>(f: &mut dyn FnMut(A) -> R, x: A) -> R {
    f(x)
}

fn uncontended(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync call accumulator");
    let mut plain = plain_accumulator();
    group.bench_function("plain FnMut closure", |b| {
        b.iter(|| call_out_of_line(&mut plain, black_box(3)));
    });
    let hand = hand_written_accumulator();
    group.bench_function("hand-written Arc<Mutex>", |b| {
        b.iter(|| call_out_of_line(&mut &hand, black_box(3)));
    });
    let introspected = introspected_accumulator();
    group.bench_function("#[introspect(sync)]", |b| {
        b.iter(|| call_out_of_line(&mut &*introspected, black_box(3)));
    });
    group.finish();

    let mut group = c.benchmark_group("sync call count-total");
    let mut plain = plain_count_total();
    group.bench_function("plain FnMut closure", |b| {
        b.iter(|| call_out_of_line(&mut plain, black_box(3.0)));
    });
    let hand = hand_written_count_total();
    group.bench_function("hand-written Arc<Mutex>", |b| {
        b.iter(|| call_out_of_line(&mut &hand, black_box(3.0)));
    });
    let introspected = introspected_count_total();
    group.bench_function("#[introspect(sync)]", |b| {
        b.iter(|| call_out_of_line(&mut &*introspected, black_box(3.0)));
    });
    group.finish();
}

const THREADS: u64 = 8;

/// The time for `iters` calls of `f`, spread over `THREADS` threads that
/// start together.
fn contended_time(f: &(impl Fn(u64) -> u64 + Sync), iters: u64) -> Duration {
    let per_thread = iters.div_ceil(THREADS);
    let start = std::sync::Barrier::new(usize::try_from(THREADS).unwrap() + 1);
    // The scope joins the threads before it returns the start time.
    let began = std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                start.wait();
                for _ in 0..per_thread {
                    black_box(f(black_box(1)));
                }
            });
        }
        start.wait();
        Instant::now()
    });
    began.elapsed()
}

fn contended(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync contended 8 threads");
    let hand = hand_written_accumulator();
    group.bench_function("hand-written Arc<Mutex>", |b| {
        b.iter_custom(|iters| contended_time(&hand, iters));
    });
    let introspected = introspected_accumulator();
    group.bench_function("#[introspect(sync)]", |b| {
        b.iter_custom(|iters| contended_time(&*introspected, iters));
    });
    group.finish();
}

criterion_group!(benches, uncontended, contended);
criterion_main!(benches);
