//! Async closures: `impl AsyncFn(..)` (and `AsyncFnMut`, `AsyncFnOnce`)
//! return types, called as `f(x).await`, and closures returning futures.
//! Driven here by a minimal executor (`Waker::noop`).
use freevars::introspect;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Runs a future to completion on this thread.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// Pending once, then ready: an `.await` where another call can run.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

fn yield_now() -> YieldOnce {
    YieldOnce(false)
}

#[introspect]
fn make_greeter(greeting: String) -> impl AsyncFn(u32) -> String {
    let mut calls = 0;
    async move |id| {
        calls += 1;
        yield_now().await;
        format!("{greeting} #{id} ({calls})")
    }
}

#[test]
fn an_async_closure_is_awaited_and_introspected() {
    let greet = make_greeter("hi".to_owned());
    assert_eq!(block_on(greet(1)), "hi #1 (1)");
    assert_eq!(block_on(greet(7)), "hi #7 (2)");
    assert_eq!(greet.freevars(), ["calls", "greeting"]);
    assert_eq!(*greet.cell("calls").unwrap().contents::<i32>().unwrap(), 2);
    assert_eq!(greet.code().varnames(), ["id"]);
    assert!(greet.code().source().starts_with("async move |id|"));
}

#[introspect]
fn make_ticker() -> (impl AsyncFn() -> u32, impl Fn() -> u32) {
    let mut ticks = 0;
    let tick = async move || {
        ticks += 1;
        yield_now().await;
        ticks
    };
    let read = move || ticks;
    (tick, read)
}

#[test]
fn two_calls_interleave_at_an_await_without_a_panic() {
    let (tick, read) = make_ticker();
    let mut cx = Context::from_waker(Waker::noop());
    let mut first = std::pin::pin!(tick());
    // The first call changes `ticks`, then waits: it holds no borrow.
    assert!(first.as_mut().poll(&mut cx).is_pending());
    assert_eq!(read(), 1, "a sibling reads while the call waits");
    let second = block_on(tick());
    assert_eq!(second, 2);
    // The first call sees the second's change when it resumes, as a
    // Python coroutine reading a nonlocal after an `await` does.
    assert_eq!(first.as_mut().poll(&mut cx), Poll::Ready(2));
    assert_eq!(read(), 2);
}

#[introspect]
fn make_collector() -> impl AsyncFnMut(&str) -> usize {
    let mut seen = Vec::new();
    async move |item| {
        seen.push(item.to_owned());
        yield_now().await;
        seen.len()
    }
}

#[introspect]
fn make_once(name: String) -> impl AsyncFnOnce() -> String {
    async move || {
        yield_now().await;
        format!("{name}!")
    }
}

#[test]
fn async_fn_mut_and_once_are_wrapped_too() {
    let mut collect = make_collector();
    assert_eq!(block_on(collect("a")), 1);
    assert_eq!(block_on(collect("b")), 2);
    assert_eq!(
        collect.cells()[0].contents_repr(),
        r#"["a".to_string(), "b".to_string()]"#.replace(".to_string()", "")
    );
    let once = make_once("done".to_owned());
    assert_eq!(once.freevars(), ["name"]);
    assert_eq!(block_on(once.into_inner()()), "done!");
}

#[introspect]
fn make_scaler(factor: u64) -> impl Fn(u64) -> Pin<Box<dyn Future<Output = u64>>> {
    move |x| Box::pin(async move { x * factor })
}

#[introspect]
fn make_doubler(n: u64) -> impl AsyncFn() -> u64 {
    move || async move { n * 2 }
}

#[test]
fn closures_returning_futures_copy_what_they_capture() {
    let scale = make_scaler(3);
    let later = scale(2);
    scale.cells()[0].set_contents(10_u64).unwrap();
    assert_eq!(block_on(later), 6, "the future copied `factor` when made");
    assert_eq!(block_on(scale(2)), 20);
    let double = make_doubler(21);
    assert_eq!(block_on(double()), 42);
    assert_eq!(double.freevars(), ["n"]);
}

#[introspect(sync)]
fn make_hits() -> impl AsyncFn(u32) -> u32 + Send + Sync {
    let mut hits = 0;
    async move |x| {
        hits += x;
        tokio::task::yield_now().await;
        hits
    }
}

#[test]
fn a_sync_async_closure_is_called_from_several_threads() {
    let hit = make_hits();
    thread_scope_calls(&*hit);
    assert_eq!(*hit.cells()[0].contents::<u32>().unwrap(), 4 * 500);
}

/// Four threads, each driving its own calls of the shared closure.
fn thread_scope_calls(hit: &(impl AsyncFn(u32) -> u32 + Sync)) {
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..500 {
                    block_on(hit(1));
                }
            });
        }
    });
}

#[test]
fn interleaved_calls_on_a_multi_threaded_runtime() {
    let hit = make_hits();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (a, b, c) = runtime.block_on(async { tokio::join!(hit(1), hit(2), hit(3)) });
    // Each call adds, waits, then reads the total as it is when it resumes.
    assert!(a >= 1 && b >= 2 && c >= 3, "{a} {b} {c}");
    assert_eq!(a.max(b).max(c), 6);
    assert_eq!(*hit.cells()[0].contents::<u32>().unwrap(), 6);
}

#[introspect(sync)]
fn make_handler(
    base: u32,
) -> impl Fn(u32) -> Pin<Box<dyn Future<Output = u32> + Send>> + Send + Sync + 'static {
    let mut calls = 0;
    move |x| {
        calls += 1;
        let n = calls;
        Box::pin(async move {
            tokio::task::yield_now().await;
            base + x * n
        })
    }
}

#[test]
fn handlers_futures_go_to_tokio_spawn() {
    let handler = std::sync::Arc::new(make_handler(1_000));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let mut numbers = runtime.block_on(async {
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let handler = std::sync::Arc::clone(&handler);
                // The closure goes to the task, and its future is `Send`.
                tokio::spawn(async move { handler(1).await })
            })
            .collect();
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(task.await.unwrap() - 1_000);
        }
        numbers
    });
    numbers.sort_unstable();
    // Every call took its own number: none was lost or repeated.
    assert_eq!(numbers, (1..=100).collect::<Vec<u32>>());
    assert_eq!(handler.cell("calls").unwrap().contents_repr(), "100");
}
