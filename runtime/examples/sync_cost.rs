//! What one uncontended call costs, in ns, beside the same closure
//! written by hand: `cargo run --release -p freevars-runtime --example
//! sync_cost`. A plain `Instant` loop, best of several runs: enough to
//! compare (criterion is a dev-dependency of the root crate only).

use freevars_runtime::__private::{self as single, sync};
use std::hint::black_box;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

const CALLS: u32 = 20_000_000;
const RUNS: usize = 7;

/// The best ns per call of `f` over `RUNS` runs.
fn best(f: &dyn Fn()) -> f64 {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..CALLS {
                f();
            }
            start.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mutex = Arc::new(Mutex::new(0_i32));
    let hand_mutex = move || *black_box(&mutex).lock().unwrap() += 1;
    let rwlock = Arc::new(RwLock::new(0_i32));
    let hand_rwlock = move || *black_box(&rwlock).write().unwrap() += 1;
    let cell = sync::new_cell(0_i32);
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
    let single_cell = single::new_cell(0_i32);
    let single_write = move || *single::borrow_mut(black_box(&single_cell), "n", "make::inc") += 1;
    let rows: [(&str, &dyn Fn()); 5] = [
        ("hand Arc<Mutex> lock", &hand_mutex),
        ("hand Arc<RwLock> write", &hand_rwlock),
        ("sync borrow_mut", &sync_write),
        ("sync borrow", &sync_read),
        ("non-sync borrow_mut", &single_write),
    ];
    for (name, f) in rows {
        println!("{name:<24} {:>6.2} ns/call", best(f));
    }
}
