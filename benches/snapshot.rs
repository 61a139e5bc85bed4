//! What a snapshot costs (feature `serde`), beside cloudpickle's figures
//! for the same closures on CPython 3.11 (`benches/cloudpickle_closures.py`
//! measures them; the README has both):
//!
//! - the series averager after 1,000 values, and
//! - the counter's `inc`/`get` pair, one shared cell.
//!
//! Each is measured both ways: snapshot and serialize (cloudpickle's
//! `dumps`), then deserialize and restore into fresh closures
//! (`pickle.loads`, which makes the fresh closures itself: here making
//! them is measured too), in postcard (binary, as pickle is) and JSON.
//!
//! Run with `cargo bench --features serde --bench snapshot`.
// `series.len() as f64`, as the notebook's averager writes it.
#![allow(clippy::cast_precision_loss)]

use criterion::{Criterion, criterion_group, criterion_main};
use freevars::{Snapshot, introspect, restore, snapshot};
use std::hint::black_box;

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
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

fn averager(c: &mut Criterion) {
    let avg = make_averager();
    for i in 0..1000 {
        avg(f64::from(i));
    }
    let bytes = postcard::to_allocvec(&avg.snapshot().unwrap()).unwrap();
    let text = serde_json::to_string(&avg.snapshot().unwrap()).unwrap();
    eprintln!(
        "averager, 1,000 values: {} bytes in postcard, {} in JSON",
        bytes.len(),
        text.len()
    );

    let mut group = c.benchmark_group("averager of 1,000 values");
    group.bench_function("snapshot + postcard::to_allocvec", |b| {
        b.iter(|| postcard::to_allocvec(&black_box(&avg).snapshot().unwrap()).unwrap());
    });
    group.bench_function("postcard::from_bytes + make_averager + restore", |b| {
        b.iter(|| {
            let saved: Snapshot = postcard::from_bytes(black_box(&bytes)).unwrap();
            let fresh = make_averager();
            fresh.restore(&saved).unwrap();
            fresh
        });
    });
    group.bench_function("snapshot + serde_json::to_string", |b| {
        b.iter(|| serde_json::to_string(&black_box(&avg).snapshot().unwrap()).unwrap());
    });
    group.bench_function("serde_json::from_str + make_averager + restore", |b| {
        b.iter(|| {
            let saved: Snapshot = serde_json::from_str(black_box(&text)).unwrap();
            let fresh = make_averager();
            fresh.restore(&saved).unwrap();
            fresh
        });
    });
    group.finish();
}

fn counter_pair(c: &mut Criterion) {
    let (inc, get) = make_counter();
    inc();
    let bytes = postcard::to_allocvec(&snapshot(&[&inc, &get]).unwrap()).unwrap();
    let text = serde_json::to_string(&snapshot(&[&inc, &get]).unwrap()).unwrap();
    eprintln!(
        "counter pair: {} bytes in postcard, {} in JSON",
        bytes.len(),
        text.len()
    );

    let mut group = c.benchmark_group("counter pair");
    group.bench_function("snapshot + postcard::to_allocvec", |b| {
        b.iter(|| {
            let pair = black_box([&inc as &dyn freevars::Introspect, &get]);
            postcard::to_allocvec(&snapshot(&pair).unwrap()).unwrap()
        });
    });
    group.bench_function("postcard::from_bytes + make_counter + restore", |b| {
        b.iter(|| {
            let saved: Snapshot = postcard::from_bytes(black_box(&bytes)).unwrap();
            let (inc2, get2) = make_counter();
            restore(&[&inc2, &get2], &saved).unwrap();
            (inc2, get2)
        });
    });
    group.bench_function("snapshot + serde_json::to_string", |b| {
        b.iter(|| {
            let pair = black_box([&inc as &dyn freevars::Introspect, &get]);
            serde_json::to_string(&snapshot(&pair).unwrap()).unwrap()
        });
    });
    group.bench_function("serde_json::from_str + make_counter + restore", |b| {
        b.iter(|| {
            let saved: Snapshot = serde_json::from_str(black_box(&text)).unwrap();
            let (inc2, get2) = make_counter();
            restore(&[&inc2, &get2], &saved).unwrap();
            (inc2, get2)
        });
    });
    group.finish();
}

criterion_group!(benches, averager, counter_pair);
criterion_main!(benches);
