//! What one call costs, in ns, beside the same closure written by hand:
//! `cargo run --release -p freevars-runtime --example sync_cost`. A plain
//! `Instant` loop, best of several runs: enough to compare (criterion is a
//! dev-dependency of the root crate only).
//!
//! Uncontended: one thread calling out of line. Contended: `THREADS`
//! threads calling one counter, timed as the whole run over all calls
//! (the time per call of the program, so lower is more throughput).

use freevars_runtime::__private::{self as single, sync};
use std::hint::black_box;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

const CALLS: u32 = 5_000_000;
const RUNS: usize = 15;
const THREADS: u32 = 8;
/// Calls per thread of a contended run.
const CONTENDED_CALLS: u32 = 500_000;
/// Rounds of contended runs.
const CONTENDED_RUNS: usize = 15;

/// The ns per call of one run of `CALLS` calls of `f`.
fn run(f: &dyn Fn()) -> f64 {
    let start = Instant::now();
    for _ in 0..CALLS {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS)
}

/// The best ns per call of each of `rows` over `RUNS` rounds that run
/// every row once in turn (so that a change in the machine's load falls
/// on all rows alike), and the median over rounds of each row's time over
/// the first row's (the hand-written one).
fn uncontended(rows: &[(&str, &dyn Fn())]) {
    let mut times = vec![Vec::new(); rows.len()];
    for _ in 0..RUNS {
        for ((_, f), times) in rows.iter().zip(&mut times) {
            times.push(run(*f));
        }
    }
    for ((name, _), row) in rows.iter().zip(&times) {
        let best = row.iter().copied().fold(f64::INFINITY, f64::min);
        let mut ratios: Vec<f64> = row
            .iter()
            .zip(&times[0])
            .map(|(t, first)| t / first)
            .collect();
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        println!("  {name:<24} {best:>6.2} ns/call best, {ratio:.3}x the first (median)");
    }
}

/// The ns per call, all threads' calls together, of one run of `THREADS`
/// threads calling `f`.
fn contended_run(f: &(dyn Fn() + Sync)) -> f64 {
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..CONTENDED_CALLS {
                    f();
                }
            });
        }
    });
    start.elapsed().as_secs_f64() * 1e9 / f64::from(THREADS * CONTENDED_CALLS)
}

/// The best and the median ns per call of each of `rows` under contention,
/// over `CONTENDED_RUNS` rounds that run every row once in turn, so that
/// a change in the machine's load falls on all rows alike; and the median
/// over rounds of the first row's time over each row's (its throughput
/// relative to the first, the hand-written one).
fn contended(rows: &[(&str, &(dyn Fn() + Sync))]) {
    let mut times = vec![Vec::new(); rows.len()];
    for _ in 0..CONTENDED_RUNS {
        for ((_, f), times) in rows.iter().zip(&mut times) {
            times.push(contended_run(*f));
        }
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    for ((name, _), row) in rows.iter().zip(&times) {
        let best = row.iter().copied().fold(f64::INFINITY, f64::min);
        let ratio = median(times[0].iter().zip(row).map(|(hand, t)| hand / t).collect());
        println!(
            "  {name:<24} {best:>6.2} ns/call best, {:>6.2} median, throughput {ratio:.2}x",
            median(row.clone())
        );
    }
}

/// The shapes of `benches/threads.rs`, built by hand through the protocol
/// as the macro builds them for variables that every call changes: an
/// accumulator (`total = total.wrapping_add(x)`) and a count/total
/// averager (two cells, taken by name).
fn accumulators() {
    let hand_total = Arc::new(Mutex::new(0_u64));
    let hand_acc = move |x: u64| {
        let mut total = hand_total.lock().unwrap();
        *total = total.wrapping_add(x);
        *total
    };
    let total_cell = sync::new_exclusive_cell(0_u64);
    let acc = move |x: u64| {
        let total = &mut *sync::borrow_mut(&total_cell, "total", "make::{closure}");
        *total = total.wrapping_add(x);
        *total
    };
    let (hand_count, hand_sum) = (Arc::new(Mutex::new(0_u32)), Arc::new(Mutex::new(0.0)));
    let hand_avg = move |x: f64| {
        let mut count = hand_count.lock().unwrap();
        let mut total = hand_sum.lock().unwrap();
        *count += 1;
        *total += x;
        *total / f64::from(*count)
    };
    let (count_cell, sum_cell) = (
        sync::new_exclusive_cell(0_u32),
        sync::new_exclusive_cell(0.0),
    );
    let avg = move |x: f64| {
        let count = &mut *sync::borrow_mut(&count_cell, "count", "make::{closure}");
        let total = &mut *sync::borrow_mut(&sum_cell, "total", "make::{closure}");
        *count += 1;
        *total += x;
        *total / f64::from(*count)
    };
    uncontended(&[
        ("hand accumulator", &|| {
            black_box(black_box(&hand_acc)(black_box(1)));
        }),
        ("exclusive accumulator", &|| {
            black_box(black_box(&acc)(black_box(1)));
        }),
    ]);
    uncontended(&[
        ("hand count/total", &|| {
            black_box(black_box(&hand_avg)(black_box(1.0)));
        }),
        ("exclusive count/total", &|| {
            black_box(black_box(&avg)(black_box(1.0)));
        }),
    ]);
}

fn main() {
    let mutex = Arc::new(Mutex::new(0_u64));
    let hand_mutex = move || *black_box(&mutex).lock().unwrap() += 1;
    let rwlock = Arc::new(RwLock::new(0_u64));
    let hand_rwlock = move || *black_box(&rwlock).write().unwrap() += 1;
    let cell = sync::new_cell(0_u64);
    let sync_write = {
        let cell = sync::share(&cell);
        move || *sync::borrow_mut(black_box(&cell), "n", "make::inc") += 1
    };
    let sync_read = {
        let cell = sync::share(&cell);
        move || {
            black_box(*sync::borrow(black_box(&cell), "n", "make::get"));
        }
    };
    let exclusive = sync::new_exclusive_cell(0_u64);
    let exclusive_write = {
        let cell = sync::share(&exclusive);
        move || *sync::borrow_mut(black_box(&cell), "n", "make::inc") += 1
    };
    let single_cell = single::new_cell(0_u64);
    let single_write = move || *single::borrow_mut(black_box(&single_cell), "n", "make::inc") += 1;
    println!("uncontended, one thread:");
    uncontended(&[
        ("hand Arc<Mutex> lock", &hand_mutex),
        ("hand Arc<RwLock> write", &hand_rwlock),
        ("sync borrow_mut", &sync_write),
        ("sync borrow", &sync_read),
        ("exclusive borrow_mut", &exclusive_write),
        ("non-sync borrow_mut", &single_write),
    ]);
    accumulators();
    println!("contended, {THREADS} threads on one counter (ns per call, all threads):");
    contended(&[
        ("hand Arc<Mutex> lock", &hand_mutex),
        ("sync borrow_mut", &sync_write),
        ("exclusive borrow_mut", &exclusive_write),
    ]);
}
