//! A new user's programs for `#[introspect(sync)]` and async closures,
//! written from the README alone by a reviewer; the findings are fixed or
//! documented, and each program keeps what it checks.
// Kept as the user wrote them: style lints on the user's own code (none of
// them is about the code the attribute generates).
#![allow(
    clippy::cast_possible_truncation,
    clippy::collapsible_if,
    clippy::elidable_lifetime_names,
    clippy::float_cmp,
    clippy::match_same_arms,
    clippy::needless_borrow,
    clippy::redundant_closure,
    clippy::redundant_closure_for_method_calls
)]
use freevars::introspect;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// Pending once, then ready.
struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
fn yield_now() -> YieldOnce {
    YieldOnce(false)
}

/// Polls two futures in turn until both are done (a minimal `join`).
fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let mut cx = Context::from_waker(Waker::noop());
    let (mut ra, mut rb) = (None, None);
    while ra.is_none() || rb.is_none() {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(&mut cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(&mut cx) {
                rb = Some(v);
            }
        }
    }
    (ra.unwrap(), rb.unwrap())
}

// 1. A thread pool's job counter: `record` and `stats` siblings.
#[introspect(sync)]
fn make_job_counter() -> (
    impl Fn(u64) + Send + Sync,
    impl Fn() -> (u32, u64) + Send + Sync,
) {
    let mut jobs = 0_u32;
    let mut total_ms = 0_u64;
    let record = move |ms: u64| {
        jobs += 1;
        total_ms += ms;
    };
    let stats = move || (jobs, total_ms);
    (record, stats)
}

#[test]
fn p01_thread_pool_job_counter() {
    let (record, stats) = make_job_counter();
    thread::scope(|s| {
        for w in 0..4_u64 {
            let record = &record;
            s.spawn(move || {
                for i in 0..500 {
                    record(w + i % 3);
                }
            });
        }
    });
    let expected: u64 = (0..4_u64)
        .map(|w| (0..500).map(|i| w + i % 3).sum::<u64>())
        .sum();
    assert_eq!(stats(), (2000, expected));
    assert_eq!(record.freevars(), ["jobs", "total_ms"]);
    assert_eq!(stats.freevars(), ["jobs", "total_ms"]);
    assert!(record.cells()[0].ptr_eq(&stats.cells()[0]));
    assert_eq!(record.code().qualname(), "make_job_counter::record");
    assert_eq!(
        *stats.cell("jobs").unwrap().contents::<u32>().unwrap(),
        2000
    );
}

// 2. A rate limiter shared by worker threads (early `return`).
#[introspect(sync)]
fn make_limiter(
    max: u32,
) -> (
    impl Fn() -> bool + Send + Sync,
    impl Fn() -> u32 + Send + Sync,
) {
    let mut used = 0_u32;
    let mut refused = 0_u32;
    let acquire = move || {
        if used >= max {
            refused += 1;
            return false;
        }
        used += 1;
        true
    };
    let refusals = move || refused;
    (acquire, refusals)
}

#[test]
fn p02_rate_limiter_across_workers() {
    let (acquire, refusals) = make_limiter(100);
    let granted: u32 = thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| (0..50).filter(|_| acquire()).count() as u32))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(granted, 100);
    assert_eq!(refusals(), 300);
    assert_eq!(acquire.freevars(), ["max", "refused", "used"]);
    // Raise the budget from another thread through a cell view.
    let cell = acquire.cell("used").unwrap().clone();
    assert_eq!(
        thread::spawn(move || cell.set_contents(90_u32))
            .join()
            .unwrap(),
        Ok(100)
    );
    assert_eq!((0..20).filter(|_| acquire()).count(), 10);
}

// 3. A memoizing cache used from scoped threads.
#[introspect(sync)]
fn make_memo() -> (
    impl Fn(u64) -> u64 + Send + Sync,
    impl Fn() -> (usize, u32) + Send + Sync,
) {
    let cache: HashMap<u64, u64> = HashMap::new();
    let mut misses = 0_u32;
    let fib_like = move |n: u64| {
        if let Some(v) = cache.get(&n) {
            return *v;
        }
        misses += 1;
        let v = n * n + 1;
        cache.insert(n, v);
        v
    };
    let info = move || (cache.len(), misses);
    (fib_like, info)
}

#[test]
fn p03_memo_cache_from_scoped_threads() {
    let (memo, info) = make_memo();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for n in 0..50 {
                    assert_eq!(memo(n), n * n + 1);
                }
            });
        }
    });
    // The check-and-insert is one call, so each key misses exactly once.
    assert_eq!(info(), (50, 50));
    let repr = memo.cell("cache").unwrap().contents_repr();
    assert!(repr.contains("7: 50"), "{repr}");
    assert_eq!(
        memo.cell("cache")
            .unwrap()
            .contents::<HashMap<u64, u64>>()
            .unwrap()
            .len(),
        50
    );
}

// 4. A GUI-style callback registry with three siblings.
#[introspect(sync)]
fn make_registry() -> (
    impl Fn(&str) -> usize + Send + Sync,
    impl Fn(&str) -> Vec<String> + Send + Sync,
    impl Fn() -> usize + Send + Sync,
) {
    let handlers: Vec<String> = Vec::new();
    let mut fired = 0_usize;
    let register = move |name: &str| {
        handlers.push(name.to_owned());
        handlers.len()
    };
    let fire = move |event: &str| {
        fired += 1;
        handlers
            .iter()
            .map(|h| format!("{h}:{event}"))
            .collect::<Vec<_>>()
    };
    let count = move || fired;
    (register, fire, count)
}

#[test]
fn p04_callback_registry_siblings() {
    let (register, fire, count) = make_registry();
    assert_eq!(register("ok_button"), 1);
    assert_eq!(register("cancel_button"), 2);
    let out = thread::scope(|s| s.spawn(|| fire("click")).join().unwrap());
    assert_eq!(out, ["ok_button:click", "cancel_button:click"]);
    assert_eq!(count(), 1);
    assert_eq!(register.freevars(), ["handlers"]);
    assert_eq!(fire.freevars(), ["fired", "handlers"]);
    assert_eq!(count.freevars(), ["fired"]);
    assert!(register.cells()[0].ptr_eq(&fire.cells()[1]));
}

// 5. A web-handler-style async closure counting requests.
#[introspect(sync)]
fn make_handler(site: String) -> impl AsyncFn(&str) -> String + Send + Sync {
    let mut requests = 0_u64;
    async move |path| {
        requests += 1;
        let n = requests;
        yield_now().await;
        format!("{site}{path} #{n}")
    }
}

#[test]
fn p05_async_handler_counts_requests_from_threads() {
    let handler = make_handler("https://example.org".to_owned());
    assert_eq!(block_on(handler("/")), "https://example.org/ #1");
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..100 {
                    let page = block_on(handler("/a"));
                    assert!(page.starts_with("https://example.org/a #"));
                }
            });
        }
    });
    assert_eq!(
        *handler.cell("requests").unwrap().contents::<u64>().unwrap(),
        401
    );
    assert_eq!(handler.freevars(), ["requests", "site"]);
}

#[test]
fn p05b_async_handler_on_tokio_runtime() {
    let handler = make_handler("h".to_owned());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (a, b) = rt.block_on(async { tokio::join!(handler("/x"), handler("/y")) });
    let mut got = [a, b];
    got.sort();
    assert_eq!(got, ["h/x #1", "h/y #2"]);
}

// 6. A `Vec<String>` log appended by one sibling and read by another.
#[introspect(sync)]
fn make_log() -> (
    impl Fn(&str) + Send + Sync,
    impl Fn() -> Vec<String> + Send + Sync,
) {
    let log: Vec<String> = Vec::new();
    let append = move |line: &str| log.push(line.to_owned());
    let read = move || log.clone();
    (append, read)
}

#[test]
fn p06_log_appended_and_read_from_threads() {
    let (append, read) = make_log();
    thread::scope(|s| {
        for t in 0..3 {
            let append = &append;
            s.spawn(move || {
                for i in 0..10 {
                    append(&format!("t{t} line {i}"));
                }
            });
        }
        s.spawn(|| {
            for _ in 0..10 {
                let snapshot = read();
                assert!(snapshot.len() <= 30);
            }
        });
    });
    let all = read();
    assert_eq!(all.len(), 30);
    for t in 0..3 {
        let mine: Vec<_> = all
            .iter()
            .filter(|l| l.starts_with(&format!("t{t} ")))
            .collect();
        assert_eq!(mine.len(), 10);
        assert_eq!(mine[9], &format!("t{t} line 9"));
    }
}

// 7. `impl FnMut + Send` and `Box<dyn Fn() + Send + Sync>`.
#[introspect(sync)]
fn make_ticker(step: u32) -> impl FnMut() -> u32 + Send {
    let mut t = 0;
    move || {
        t += step;
        t
    }
}

#[introspect(sync)]
fn make_boxed(greeting: String) -> Box<dyn Fn(&str) -> String + Send + Sync> {
    Box::new(move |who| format!("{greeting}, {who}!"))
}

#[test]
fn p07_fnmut_send_and_boxed_dyn() {
    let mut tick = make_ticker(5);
    assert_eq!((&mut *tick)(), 5);
    let tick = thread::spawn(move || {
        let mut tick = tick;
        assert_eq!((&mut *tick)(), 10);
        tick
    })
    .join()
    .unwrap();
    assert_eq!(*tick.cell("t").unwrap().contents::<u32>().unwrap(), 10);

    let hello = make_boxed("Hello".to_owned());
    let out = thread::spawn(move || hello("thread")).join().unwrap();
    assert_eq!(out, "Hello, thread!");
    let hello = make_boxed("Hi".to_owned());
    assert_eq!(hello.freevars(), ["greeting"]);
    let plain: Box<dyn Fn(&str) -> String + Send + Sync> = hello.into_inner();
    assert_eq!(thread::spawn(move || plain("x")).join().unwrap(), "Hi, x!");
}

// 8. A factory with parameters and `&str` arguments.
#[introspect(sync)]
fn make_formatter(
    prefix: String,
    sep: char,
    width: usize,
) -> impl Fn(&str, &str) -> String + Send + Sync {
    let mut lines = 0_usize;
    move |key: &str, value: &str| {
        lines += 1;
        format!("{prefix}{sep}{key:<width$}{sep}{value} [{lines}]")
    }
}

#[test]
fn p08_formatter_with_str_args() {
    let fmt = make_formatter("cfg".to_owned(), '|', 6);
    let key = String::from("port");
    assert_eq!(fmt(&key, "8080"), "cfg|port  |8080 [1]");
    let fmt2 = &fmt;
    let s = thread::scope(|s| s.spawn(move || fmt2("host", "localhost")).join().unwrap());
    assert_eq!(s, "cfg|host  |localhost [2]");
    assert_eq!(fmt.freevars(), ["lines", "prefix", "sep", "width"]);
    assert_eq!(fmt.code().argcount(), 2);
}

// 9. A generic factory.
#[introspect(sync)]
fn make_store<T: Send + Sync + Clone + 'static>(
    init: T,
) -> (impl Fn() -> T + Send + Sync, impl Fn(T) -> T + Send + Sync) {
    let mut value = init;
    let get = move || value.clone();
    let swap = move |new: T| std::mem::replace(&mut value, new);
    (get, swap)
}

#[test]
fn p09_generic_store() {
    let (get, swap) = make_store(String::from("a"));
    assert_eq!(
        thread::spawn(move || (swap("b".to_owned()), swap))
            .join()
            .map(|(old, _)| old)
            .unwrap(),
        "a"
    );
    assert_eq!(get(), "b");
    assert_eq!(
        *get.cell("value").unwrap().contents::<String>().unwrap(),
        "b"
    );
    let (get, swap) = make_store(vec![1_u8]);
    swap(vec![2, 3]);
    assert_eq!(get(), [2, 3]);
    // No `T: Debug` bound: shown as an object, as the README says.
    assert!(
        get.cells()[0]
            .contents_repr()
            .starts_with("<Vec<u8> object at 0x")
    );
    assert_eq!(*get.cells()[0].contents::<Vec<u8>>().unwrap(), [2, 3]);
}

// 11. Cell access from other threads: set_contents/contents/contents_repr/{:#?}.
#[introspect(sync)]
fn make_averager() -> impl Fn(f64) -> f64 + Send + Sync {
    let series: Vec<f64> = Vec::new();
    move |x: f64| {
        series.push(x);
        series.iter().sum::<f64>() / series.len() as f64
    }
}

#[test]
fn p11_cells_from_other_threads() {
    let avg = make_averager();
    avg(10.0);
    avg(11.0);
    let cell = avg.cells()[0].clone();
    let (repr, len, type_name) = thread::spawn(move || {
        let repr = cell.contents_repr();
        let len = cell.contents::<Vec<f64>>().unwrap().len();
        (repr, len, cell.type_name().to_owned())
    })
    .join()
    .unwrap();
    assert_eq!(repr, "[10.0, 11.0]");
    assert_eq!(len, 2);
    assert!(type_name.contains("Vec<f64>"), "{type_name}");
    let cell = avg.cells()[0].clone();
    let old = thread::spawn(move || cell.set_contents(vec![1.0_f64]))
        .join()
        .unwrap();
    assert_eq!(old, Ok(vec![10.0, 11.0]));
    assert_eq!(avg(3.0), 2.0);
    let debug = thread::scope(|s| s.spawn(|| format!("{avg:#?}")).join().unwrap());
    assert!(debug.contains("make_averager::{closure}"), "{debug}");
    assert!(debug.contains("series"), "{debug}");
    assert!(debug.contains("[1.0, 3.0]"), "{debug}");
    let short = format!("{avg:?}");
    assert!(
        short.starts_with("<closure make_averager::{closure} at 0x"),
        "{short}"
    );
    // A wrong type is refused.
    assert!(avg.cells()[0].contents::<Vec<f32>>().is_err());
}

// 12. `into_inner()` of a sync closure moved to a thread.
#[test]
fn p12_into_inner_moved_to_thread() {
    let (inc_and_get, stats) = make_job_counter();
    let plain = inc_and_get.into_inner();
    thread::spawn(move || {
        plain(7);
        plain(3);
    })
    .join()
    .unwrap();
    assert_eq!(stats(), (2, 10));
}

// 13. `#[introspect(sync)]` on an impl block with `&self`.
struct Service {
    name: String,
}

#[introspect(sync)]
impl Service {
    fn counter(&self) -> impl Fn() -> String + Send + Sync + 'static {
        let name = self.name.clone();
        let mut hits = 0_u32;
        move || {
            hits += 1;
            format!("{name}:{hits}")
        }
    }
}

#[test]
fn p13_impl_block_method() {
    let svc = Service {
        name: "db".to_owned(),
    };
    let c = svc.counter();
    drop(svc);
    assert_eq!(c(), "db:1");
    let c = thread::spawn(move || {
        assert_eq!(c(), "db:2");
        c
    })
    .join()
    .unwrap();
    assert_eq!(c.code().qualname(), "Service::counter::{closure}");
    assert_eq!(c.freevars(), ["hits", "name"]);
}

// 14. An `AsyncFnMut` accumulator.
#[introspect]
fn make_acc() -> impl AsyncFnMut(u32) -> u32 {
    let mut sum = 0;
    async move |x| {
        yield_now().await;
        sum += x;
        sum
    }
}

#[test]
fn p14_async_fn_mut() {
    let mut acc = make_acc();
    assert_eq!(block_on((&mut *acc)(2)), 2);
    assert_eq!(block_on((&mut *acc)(3)), 5);
    assert_eq!(acc.freevars(), ["sum"]);
    assert_eq!(*acc.cells()[0].contents::<u32>().unwrap(), 5);
}

// 15. An async closure that awaits between reading and writing: the same
// lost update as a Python coroutine, and as the hand-written Arc<Mutex>.
#[introspect(sync)]
fn make_racy() -> impl AsyncFn(u32) -> u32 + Send + Sync {
    let mut total = 0_u32;
    async move |x| {
        let before = total;
        yield_now().await;
        total = before + x;
        total
    }
}

fn make_racy_by_hand() -> impl AsyncFn(u32) -> u32 + Send + Sync {
    let total = Arc::new(Mutex::new(0_u32));
    async move |x| {
        let before = *total.lock().unwrap();
        yield_now().await;
        *total.lock().unwrap() = before + x;
        *total.lock().unwrap()
    }
}

#[test]
fn p15_await_between_read_and_write() {
    let racy = make_racy();
    let (a, b) = join2(racy(1), racy(10));
    let by_hand = make_racy_by_hand();
    let (ha, hb) = join2(by_hand(1), by_hand(10));
    assert_eq!((a, b), (ha, hb));
    assert_eq!((a, b), (1, 10)); // the second write wins; the first is lost
    assert_eq!(*racy.cell("total").unwrap().contents::<u32>().unwrap(), 10);
}

// 16. A state machine on a captured enum, under sync.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Door {
    Closed,
    Open,
    Locked,
}

#[introspect(sync)]
fn make_door() -> (
    impl Fn(&str) -> Result<Door, String> + Send + Sync,
    impl Fn() -> Door + Send + Sync,
) {
    let mut state = Door::Closed;
    let step = move |cmd: &str| {
        let next = match (state, cmd) {
            (Door::Closed, "open") => Door::Open,
            (Door::Open, "close") => Door::Closed,
            (Door::Closed, "lock") => Door::Locked,
            (Door::Locked, "unlock") => Door::Closed,
            (s, c) => return Err(format!("cannot {c} when {s:?}")),
        };
        state = next;
        Ok(next)
    };
    let current = move || state;
    (step, current)
}

#[test]
fn p16_enum_state_machine() {
    let (step, current) = make_door();
    assert_eq!(step("open"), Ok(Door::Open));
    assert_eq!(step("lock"), Err("cannot lock when Open".to_owned()));
    let r = thread::scope(|s| s.spawn(|| step("close")).join().unwrap());
    assert_eq!(r, Ok(Door::Closed));
    assert_eq!(current(), Door::Closed);
    assert_eq!(current.cells()[0].contents_repr(), "Closed");
    // Toggle open/close from two threads: every step sees a consistent state.
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..200 {
                    let _ = step("open");
                    let _ = step("close");
                }
            });
        }
    });
    assert!(matches!(current(), Door::Closed | Door::Open));
}

// 17. A closure capturing an `Arc<Mutex<..>>` itself.
#[introspect(sync)]
fn make_pusher(shared: Arc<Mutex<Vec<u32>>>) -> impl Fn(u32) -> usize + Send + Sync {
    move |x: u32| {
        let mut v = shared.lock().unwrap();
        v.push(x);
        v.len()
    }
}

#[test]
fn p17_closure_capturing_arc_mutex() {
    let shared = Arc::new(Mutex::new(Vec::new()));
    let push = make_pusher(Arc::clone(&shared));
    thread::scope(|s| {
        for t in 0..4 {
            let push = &push;
            s.spawn(move || {
                for i in 0..25 {
                    push(t * 100 + i);
                }
            });
        }
    });
    assert_eq!(shared.lock().unwrap().len(), 100);
    assert_eq!(push.freevars(), ["shared"]);
    assert!(push.cells()[0].type_name().contains("Arc"));
}

// 10. Closures that call sibling closures.
#[introspect(sync)]
fn make_scaled() -> (
    impl Fn() -> u32 + Send + Sync,
    impl Fn() -> u32 + Send + Sync,
) {
    let mut count = 0_u32;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    let double = move || get() * 2;
    (inc, double)
}

#[test]
fn p10_closure_calls_a_local_sibling() {
    let (inc, double) = make_scaled();
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..100 {
                inc();
            }
        });
        s.spawn(|| {
            for _ in 0..100 {
                assert_eq!(double() % 2, 0);
            }
        });
    });
    assert_eq!(double(), 200);
    assert_eq!(double.freevars(), ["get"]);
}

// 10b. A returned closure calling a returned sibling that needs the cell it
// holds: the README promises a panic naming the variable, not a deadlock.
#[introspect(sync)]
fn make_reentrant() -> impl Fn(bool) -> u32 + Send + Sync {
    let mut count = 0_u32;
    let get = move || count;
    let bump = move |check: bool| {
        count += 1;
        if check { count + get() } else { count }
    };
    bump
}

#[test]
fn p10b_calling_a_sibling_that_needs_a_held_cell_panics() {
    let bump = make_reentrant();
    assert_eq!(bump(false), 1);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bump(true))).unwrap_err();
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap();
    assert!(msg.contains("count"), "{msg}");
    // No poisoning: the closure still works.
    assert_eq!(bump(false), 3);
}

// 18. Readers of a read-only variable run in parallel.
#[introspect(sync)]
fn make_readers(
    config: Vec<u32>,
) -> (
    impl Fn(&std::sync::Barrier) -> u32 + Send + Sync,
    impl Fn(u32) + Send + Sync,
) {
    let mut limit = 10_u32;
    let read = move |b: &std::sync::Barrier| {
        let first = config[0] + limit;
        b.wait();
        first
    };
    let set = move |l: u32| limit = l;
    (read, set)
}

#[test]
fn p18_readers_run_in_parallel() {
    let (read, set) = make_readers(vec![1, 2]);
    let barrier = std::sync::Barrier::new(2);
    let (a, b) = thread::scope(|s| {
        let h1 = s.spawn(|| read(&barrier));
        let h2 = s.spawn(|| read(&barrier));
        (h1.join().unwrap(), h2.join().unwrap())
    });
    assert_eq!((a, b), (11, 11));
    set(20);
    let barrier = std::sync::Barrier::new(1);
    assert_eq!(read(&barrier), 21);
}

// 19. A panic in a call on another thread does not poison the cells.
#[introspect(sync)]
fn make_checked() -> impl Fn(u32) -> u32 + Send + Sync {
    let mut total = 0_u32;
    move |x: u32| {
        total += x;
        assert!(x != 13, "unlucky {x}");
        total
    }
}

#[test]
fn p19_panic_on_another_thread_does_not_poison() {
    let add = make_checked();
    thread::scope(|s| {
        let r = s.spawn(|| add(13)).join();
        assert!(r.is_err());
    });
    assert_eq!(add(1), 14);
    assert_eq!(add.cells()[0].contents_repr(), "14");
}

// 20. A `move` closure inside a returned closure, sent to a thread.
#[introspect(sync)]
fn make_parallel_sum(factor: u64) -> impl Fn(Vec<u64>) -> u64 + Send + Sync {
    let mut calls = 0_u32;
    move |data: Vec<u64>| {
        calls += 1;
        let handles: Vec<_> = data
            .chunks(2)
            .map(|c| c.to_vec())
            .map(|c| thread::spawn(move || c.iter().sum::<u64>() * factor))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    }
}

#[test]
fn p20_move_closure_inside_sent_to_thread() {
    let ps = make_parallel_sum(3);
    assert_eq!(ps(vec![1, 2, 3, 4, 5]), 45);
    assert_eq!(ps.freevars(), ["calls", "factor"]);
}

// 21. Scoped threads inside a returned closure, reading a captured Vec.
#[introspect(sync)]
fn make_scoped_counter(words: Vec<String>) -> impl Fn(char) -> usize + Send + Sync {
    move |c: char| {
        thread::scope(|s| {
            let mid = words.len() / 2;
            let (a, b) = words.split_at(mid);
            let h = s.spawn(move || a.iter().filter(|w| w.contains(c)).count());
            b.iter().filter(|w| w.contains(c)).count() + h.join().unwrap()
        })
    }
}

#[test]
fn p21_scoped_threads_inside_closure() {
    let count = make_scoped_counter(vec![
        "apple".into(),
        "pear".into(),
        "fig".into(),
        "plum".into(),
    ]);
    assert_eq!(count('p'), 3);
}

// 22. Boxed futures for spawned handlers (README's recipe), on tokio.
#[introspect(sync)]
fn make_spawnable() -> impl Fn(u32) -> Pin<Box<dyn Future<Output = u32> + Send>> + Send + Sync {
    let mut served = 0_u32;
    move |x: u32| {
        served += 1;
        let n = served;
        Box::pin(async move { x * 1000 + n })
    }
}

#[test]
fn p22_boxed_future_handler_spawned_on_tokio() {
    let h = Arc::new(make_spawnable());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let results = rt.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..50 {
            let h = Arc::clone(&h);
            tasks.push(tokio::spawn(async move { h(i).await }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    let mut ns: Vec<u32> = results.iter().map(|r| r % 1000).collect();
    ns.sort_unstable();
    assert_eq!(ns, (1..=50).collect::<Vec<_>>());
    assert_eq!(*h.cell("served").unwrap().contents::<u32>().unwrap(), 50);
}

// 23. Async siblings sharing a cell, `AsyncFnMut + Send` under sync.
#[introspect(sync)]
fn make_async_pair() -> (
    impl AsyncFn(u32) + Send + Sync,
    impl AsyncFnMut() -> Vec<u32> + Send,
) {
    let queue: Vec<u32> = Vec::new();
    let push = async move |x: u32| {
        yield_now().await;
        queue.push(x);
    };
    let drain = async move || {
        yield_now().await;
        std::mem::take(&mut queue)
    };
    (push, drain)
}

#[test]
fn p23_async_siblings_under_sync() {
    let (push, mut drain) = make_async_pair();
    thread::scope(|s| {
        for t in 0..3 {
            let push = &push;
            s.spawn(move || {
                for i in 0..10 {
                    block_on(push(t * 10 + i));
                }
            });
        }
    });
    let mut all = block_on((&mut *drain)());
    all.sort_unstable();
    assert_eq!(all, (0..30).collect::<Vec<_>>());
    assert!(block_on((&mut *drain)()).is_empty());
    assert!(push.cells()[0].ptr_eq(&drain.cells()[0]));
}

// 24. An async closure that holds a borrow across its own `.await`.
async fn send(buf: &[u8]) -> usize {
    yield_now().await;
    buf.len()
}

#[introspect(sync)]
fn make_sender() -> impl AsyncFn(u8) -> usize + Send + Sync {
    let buf: Vec<u8> = Vec::new();
    let mut sent = 0_usize;
    async move |b| {
        buf.push(b);
        let n = send(&buf).await;
        sent += n;
        sent
    }
}

#[test]
fn p24_async_borrow_across_own_await() {
    let s = make_sender();
    assert_eq!(block_on(s(1)), 1);
    assert_eq!(block_on(s(2)), 3);
    // From two threads the statements wait for each other.
    thread::scope(|sc| {
        sc.spawn(|| block_on(s(3)));
        sc.spawn(|| block_on(s(4)));
    });
    // Regression (of the test): the two threads push 3 and 4 in either order.
    let mut buf = s
        .cell("buf")
        .unwrap()
        .contents::<Vec<u8>>()
        .unwrap()
        .clone();
    buf.sort_unstable();
    assert_eq!(buf, [1, 2, 3, 4]);
}

#[test]
fn p24b_interleaved_calls_on_one_thread_with_borrow_across_await() {
    let s = make_sender();
    // One call holds `buf` across its own `.await`; the other, polled on the
    // same thread, changes it: a panic naming `buf` and the `.await`, as the
    // README says.
    let payload =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| join2(s(3), s(4)))).unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(message.contains("captured variable `buf`"), "{message}");
    assert!(message.contains("waiting at an `.await`"), "{message}");
}

// 25. Cell access while another thread's call holds the cell.
#[introspect(sync)]
fn make_slow() -> impl Fn(&std::sync::Barrier, &std::sync::Barrier) + Send + Sync {
    let mut n = 0_u32;
    move |started: &std::sync::Barrier, finish: &std::sync::Barrier| {
        n += 1;
        started.wait();
        finish.wait();
    }
}

/// Reads the cell on a helper thread while another thread's call holds it;
/// returns what `contents()` said within 500 ms (None: it was still waiting).
fn contents_while_held() -> (Option<String>, String) {
    let slow = make_slow();
    let started = std::sync::Barrier::new(2);
    let finish = std::sync::Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| slow(&started, &finish));
        started.wait();
        let cell = slow.cells()[0].clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = s.spawn(move || {
            let seen = format!("{:?}", cell.contents::<u32>().map(|v| *v));
            tx.send(seen.clone()).ok();
            seen
        });
        let within = rx.recv_timeout(std::time::Duration::from_millis(500)).ok();
        finish.wait();
        (within, reader.join().unwrap())
    })
}

#[test]
fn p25_contents_waits_while_another_thread_holds_the_cell() {
    let (within, eventually) = contents_while_held();
    // Observed: `contents()` of a sync cell waits for the other call.
    assert_eq!(within, None);
    assert_eq!(eventually, "Ok(1)");
}

// 26. `contents()` from inside a call on the same thread (via a callback).
#[introspect(sync)]
fn make_with_callback() -> impl Fn(&dyn Fn()) -> u32 + Send + Sync {
    let mut n = 0_u32;
    move |cb: &dyn Fn()| {
        n += 1;
        cb();
        n
    }
}

#[test]
fn p26_contents_inside_a_call_on_the_same_thread() {
    let f = make_with_callback();
    let seen = Mutex::new(String::new());
    f(&|| *seen.lock().unwrap() = format!("{:?}", f.cells()[0].contents::<u32>().map(|v| *v)));
    let seen = seen.into_inner().unwrap();
    assert!(seen.contains("Borrowed"), "{seen}");
    // And set_contents with the wrong type is refused.
    assert!(f.cells()[0].set_contents(1_i64).is_err());
    assert_eq!(f.cells()[0].set_contents(5_u32), Ok(1));
    assert_eq!(f(&|| ()), 6);
}

// 27. `sync` with `twin`.
#[introspect(sync, twin)]
fn make_tally(start: u32) -> impl FnMut() -> u32 + Send {
    let mut n = start;
    move || {
        n += 1;
        n
    }
}

#[test]
fn p27_sync_twin() {
    let mut plain = make_tally(0);
    let handle = thread::spawn(move || plain());
    assert_eq!(handle.join().unwrap(), 1);
    let mut t = make_tally_introspected(10);
    assert_eq!(
        thread::scope(|s| s.spawn(|| (&mut *t)()).join().unwrap()),
        11
    );
    assert_eq!(t.freevars(), ["n"]);
    assert_eq!(t.code().qualname(), "make_tally::{closure}");
}

// 28. A generic impl block under sync.
struct Pool<T> {
    seed: T,
}

#[introspect(sync)]
impl<T: Send + Sync + Clone + 'static> Pool<T> {
    fn taker(
        &self,
    ) -> (
        impl Fn() -> Option<T> + Send + Sync,
        impl Fn() -> usize + Send + Sync,
    ) {
        let items: Vec<T> = vec![self.seed.clone(); 3];
        let take = move || items.pop();
        let left = move || items.len();
        (take, left)
    }
}

#[test]
fn p28_generic_impl_block() {
    let pool = Pool {
        seed: "job".to_owned(),
    };
    let (take, left) = pool.taker();
    let got = thread::scope(|s| {
        let hs: Vec<_> = (0..4).map(|_| s.spawn(|| take())).collect();
        hs.into_iter().filter_map(|h| h.join().unwrap()).count()
    });
    assert_eq!(got, 3);
    assert_eq!(left(), 0);
    assert_eq!(take.code().qualname(), "Pool::taker::take");
}

// 29. A borrowed `&str` parameter captured under sync.
#[introspect(sync)]
fn make_matcher<'p>(pattern: &'p str) -> impl Fn(&str) -> bool + Send + Sync + 'p {
    // README: with a borrowed input, annotate to see the contents (`0_u32` is not enough).
    let mut hits: u32 = 0;
    move |s: &str| {
        let found = s.contains(pattern);
        if found {
            hits += 1;
        }
        found
    }
}

#[test]
fn p29_borrowed_str_param_under_sync() {
    let pat = String::from("err");
    let m = make_matcher(&pat);
    let n = thread::scope(|s| {
        s.spawn(|| ["error", "ok", "stderr"].iter().filter(|l| m(l)).count())
            .join()
            .unwrap()
    });
    assert_eq!(n, 2);
    assert_eq!(m.freevars(), ["hits", "pattern"]);
    assert_eq!(*m.cell("hits").unwrap().contents::<u32>().unwrap(), 2);
    assert!(m.cell("pattern").unwrap().contents::<&str>().is_err()); // NotStatic
}

// 30. AsyncFnOnce under sync, called through into_inner.
#[introspect(sync)]
fn make_once(name: String) -> impl AsyncFnOnce() -> String + Send {
    let mut greeted = false;
    async move || {
        yield_now().await;
        greeted = true;
        format!("bye {name} {greeted}")
    }
}

#[test]
fn p30_async_fn_once() {
    let once = make_once("x".to_owned());
    assert_eq!(once.freevars(), ["greeted", "name"]);
    let f = once.into_inner();
    assert_eq!(
        thread::spawn(move || block_on(f())).join().unwrap(),
        "bye x true"
    );
}

// 31. An async closure with a loop that awaits and changes a variable.
#[introspect(sync)]
fn make_drainer() -> (
    impl AsyncFn() -> u32 + Send + Sync,
    impl Fn(u32) + Send + Sync,
) {
    let mut pending = 0_u32;
    let mut done = 0_u32;
    let drain = async move || {
        let mut mine = 0;
        while pending > 0 {
            pending -= 1;
            yield_now().await;
            done += 1;
            mine += 1;
        }
        mine
    };
    let add = move |n: u32| pending += n;
    (drain, add)
}

#[test]
fn p31_async_loop_interleaved() {
    let (drain, add) = make_drainer();
    add(10);
    let (a, b) = join2(drain(), drain());
    assert_eq!(a + b, 10);
    assert_eq!(*drain.cell("done").unwrap().contents::<u32>().unwrap(), 10);
}

// 32. An async state machine: a match whose arms await and change the state.
#[introspect(sync)]
fn make_conn() -> impl AsyncFn(&str) -> String + Send + Sync {
    let mut state = Door::Closed;
    async move |cmd| match state {
        Door::Closed if cmd == "open" => {
            yield_now().await;
            state = Door::Open;
            "opened".to_owned()
        }
        Door::Open if cmd == "close" => {
            yield_now().await;
            state = Door::Closed;
            "closed".to_owned()
        }
        s => format!("ignored {cmd} in {s:?}"),
    }
}

#[test]
fn p32_async_state_machine() {
    let conn = make_conn();
    assert_eq!(block_on(conn("open")), "opened");
    assert_eq!(block_on(conn("open")), "ignored open in Open");
    let (a, b) = join2(conn("close"), conn("lock"));
    assert_eq!(a, "closed");
    assert_eq!(b, "ignored lock in Open");
}

// 33. A captured boxed callback called under sync, and a `for` loop over one
// captured Vec pushing into another.
#[introspect(sync)]
fn make_dispatcher(
    cb: Box<dyn Fn(&str) -> usize + Send + Sync>,
) -> impl Fn(Vec<String>) -> usize + Send + Sync {
    let seen: Vec<String> = Vec::new();
    let mut total = 0;
    move |batch: Vec<String>| {
        for item in &batch {
            total += cb(item);
            seen.push(item.clone());
        }
        seen.len()
    }
}

#[test]
fn p33_captured_callback_and_loop() {
    let d = make_dispatcher(Box::new(|s| s.len()));
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| d(vec!["ab".into(), "c".into()]));
        }
    });
    assert_eq!(d(vec![]), 6);
    assert_eq!(
        d.cell("seen")
            .unwrap()
            .contents::<Vec<String>>()
            .unwrap()
            .len(),
        6
    );
}

// Minimal reproductions: a `'static` input whose type mentions `&` only in a
// higher-ranked `Fn(&str)` signature hides an unannotated local's contents.
#[introspect]
fn make_hidden(cb: Box<dyn Fn(&str) -> usize>) -> impl Fn() -> usize {
    let n = 0;
    move || n + cb("x")
}

#[introspect]
fn make_shown(cb: Box<dyn Fn(String) -> usize>) -> impl Fn() -> usize {
    let n = 0;
    move || n + cb("x".to_owned())
}

#[test]
fn p33b_static_boxed_fn_input_shows_contents() {
    assert_eq!(
        *make_shown(Box::new(|s| s.len()))
            .cell("n")
            .unwrap()
            .contents::<usize>()
            .unwrap(),
        0
    );
}

// Regression: the `&str` inside `Fn(..)` made the input look borrowing.
#[test]
fn p33c_static_boxed_fn_with_str_arg_hides_contents() {
    let f = make_hidden(Box::new(|s| s.len()));
    assert_eq!(f(), 1);
    // Err(NotStatic { name: "n", type_name: "usize" })
    assert_eq!(*f.cell("n").unwrap().contents::<usize>().unwrap(), 0);
}

// 34. `Box<dyn FnMut + Send>`, `impl Fn + Send` only, late binding, handler list.
#[introspect(sync)]
fn make_boxed_mut(step: u32) -> Box<dyn FnMut() -> u32 + Send> {
    let mut t = 0_u32;
    Box::new(move || {
        t += step;
        t
    })
}

#[introspect(sync)]
fn make_late() -> impl Fn() -> String + Send {
    let mut label = String::from("draft");
    let show = move || format!("[{label}]");
    label = String::from("final");
    show
}

#[introspect(sync)]
fn make_bus() -> (
    impl Fn(Box<dyn Fn(u32) -> u32 + Send + Sync>) + Send + Sync,
    impl Fn(u32) -> Vec<u32> + Send + Sync,
) {
    let handlers: Vec<Box<dyn Fn(u32) -> u32 + Send + Sync>> = Vec::new();
    let subscribe = move |h: Box<dyn Fn(u32) -> u32 + Send + Sync>| handlers.push(h);
    let publish = move |x: u32| handlers.iter().map(|h| h(x)).collect::<Vec<_>>();
    (subscribe, publish)
}

#[test]
fn p34_more_shapes() {
    let mut b = make_boxed_mut(2);
    (&mut *b)();
    let mut b = thread::spawn(move || {
        let mut b = b;
        (&mut *b)();
        b
    })
    .join()
    .unwrap();
    assert_eq!((&mut *b)(), 6);

    let show = make_late();
    assert_eq!(thread::spawn(move || show()).join().unwrap(), "[final]");

    let (subscribe, publish) = make_bus();
    subscribe(Box::new(|x| x + 1));
    subscribe(Box::new(|x| x * 10));
    assert_eq!(
        thread::scope(|s| s.spawn(|| publish(4)).join().unwrap()),
        [5, 40]
    );
    assert!(publish.cells()[0].contents_repr().starts_with('<'));
}

// 35. Debug of a closure from inside its own call (same thread): no deadlock.
#[test]
fn p35_debug_inside_own_call() {
    let f = make_with_callback();
    let seen = Mutex::new(String::new());
    f(&|| *seen.lock().unwrap() = format!("{f:#?}"));
    let seen = seen.into_inner().unwrap();
    assert!(seen.contains("make_with_callback::{closure}"), "{seen}");
    assert!(seen.contains('n'), "{seen}");
    println!("{seen}");
}
