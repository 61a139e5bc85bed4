//! What `#[introspect]` costs, side by side with the code a person writes:
//! a closure that owns its state (`FnMut`), and the shared-state version
//! with a hand-written `Rc<RefCell<_>>` (what the macro generates).
//!
//! Run with `cargo bench --bench call`.

use criterion::{Criterion, criterion_group, criterion_main};
use freevars::introspect;
use std::cell::RefCell;
use std::hint::black_box;
use std::rc::Rc;

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

fn calls(c: &mut Criterion) {
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

fn construction(c: &mut Criterion) {
    let mut group = c.benchmark_group("make");
    group.bench_function("plain FnMut closure", |b| b.iter(plain_accumulator));
    group.bench_function("hand-written Rc<RefCell>", |b| {
        b.iter(hand_written_accumulator);
    });
    group.bench_function("#[introspect]", |b| b.iter(introspected_accumulator));
    group.finish();
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

criterion_group!(benches, calls, construction, introspection);
criterion_main!(benches);
