//! The thread-safe runtime driven as `#[introspect(sync)]`'s code drives
//! it, through `__private::sync`.

use crate::__private::code;
use crate::__private::sync::{
    Cell, borrow, borrow_mut, closure, lazy, new_cell, opaque_cell, probe, share,
};
use crate::CellError;
use crate::sync::{Closure, DynCell};
use crate::var_cell::tests::message;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

/// `inc` and `get` over one `count`, as `#[introspect(sync)]` makes them.
fn make_counter() -> (
    Closure<impl Fn() -> u64 + Send + Sync + Clone>,
    Closure<impl Fn() -> u64 + Send + Sync + Clone>,
    Cell<u64>,
) {
    let count = new_cell(0_u64);
    let inc = closure(
        {
            let count_cell = share(&count);
            move || {
                let count = &mut *borrow_mut(&count_cell, "count", "make_counter::inc");
                *count += 1;
                *count
            }
        },
        const { &code("make_counter::inc", 0, &[], &["count"], &[], "", "", "") },
        [probe("count", &count).dyn_cell()],
    );
    let get = closure(
        {
            let count_cell = share(&count);
            move || *borrow(&count_cell, "count", "make_counter::get")
        },
        const { &code("make_counter::get", 0, &[], &["count"], &[], "", "", "") },
        [probe("count", &count).dyn_cell()],
    );
    (inc, get, count)
}

#[test]
fn eight_threads_incrementing_lose_no_write() {
    let (inc, get, _) = make_counter();
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    inc();
                }
            });
        }
    });
    assert_eq!(get(), 80_000);
    assert_eq!(inc.cells()[0].contents_repr(), "80000");
}

#[test]
fn readers_and_writers_together_see_whole_updates() {
    // Two variables changed together by one call: a reader holding both
    // (taken in freevars order) never sees one without the other.
    let (a, b) = (new_cell(0_i64), new_cell(0_i64));
    let step = {
        let (a, b) = (share(&a), share(&b));
        move || {
            let a = &mut *borrow_mut(&a, "a", "make::step");
            let b = &mut *borrow_mut(&b, "b", "make::step");
            *a += 1;
            *b -= 1;
        }
    };
    let sum = {
        let (a, b) = (share(&a), share(&b));
        move || {
            let a = &*borrow(&a, "a", "make::sum");
            let b = &*borrow(&b, "b", "make::sum");
            *a + *b
        }
    };
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                for _ in 0..5_000 {
                    step();
                }
            });
        }
        for _ in 0..3 {
            s.spawn(|| {
                for _ in 0..5_000 {
                    assert_eq!(sum(), 0, "a call's changes are seen whole");
                }
            });
        }
    });
    assert_eq!(*borrow(&a, "a", "make"), 15_000);
    assert_eq!(*borrow(&b, "b", "make"), -15_000);
}

#[test]
fn a_nested_read_beside_a_waiting_writer_does_not_deadlock() {
    let count = new_cell(1_u32);
    let started = Arc::new(Barrier::new(2));
    let outer = borrow(&count, "count", "make::get");
    let writer = {
        let (count, started) = (share(&count), Arc::clone(&started));
        thread::spawn(move || {
            started.wait();
            *borrow_mut(&count, "count", "make::inc") += 1;
        })
    };
    started.wait();
    // Let the writer reach its wait (spinning, then parked). A blocking
    // `write()` there would make the read below wait for it: a deadlock.
    thread::sleep(Duration::from_millis(20));
    let inner = borrow(&count, "count", "make::get_again");
    assert_eq!(*inner + *outer, 2, "the writer has not run");
    drop((inner, outer));
    writer.join().unwrap();
    assert_eq!(*borrow(&count, "count", "make"), 2);
}

#[test]
fn a_read_while_this_thread_changes_panics_naming_the_variable() {
    let (_, _, count) = make_counter();
    let text = message(|| {
        let _writing = borrow_mut(&count, "count", "make::inc");
        drop(borrow(&count, "count", "make::get"));
    });
    assert_eq!(
        text,
        "freevars: `make::get` cannot read captured variable `count`: `make::inc` is changing \
         it on this thread (a closure that calls itself or a sibling sharing `count` while \
         holding it, one statement that uses `count` twice, or an async call waiting at an \
         `.await` in a statement that uses `count`)"
    );
    let text = message(|| {
        let _reading = borrow(&count, "count", "make::get");
        drop(borrow_mut(&count, "count", "make::inc"));
    });
    assert!(
        text.contains(
            "`make::inc` cannot change captured variable `count`: `make::get` is reading it on \
             this thread"
        ),
        "{text}"
    );
    *borrow_mut(&count, "count", "make::inc") += 1;
    assert_eq!(*borrow(&count, "count", "make"), 1, "free after the panics");
}

#[test]
fn a_cell_held_during_a_panic_is_usable_afterwards() {
    let count = new_cell(0_u32);
    let crash = || {
        let count = &mut *borrow_mut(&count, "count", "make::crash");
        *count += 1;
        panic!("inside a call");
    };
    assert!(catch_unwind(AssertUnwindSafe(crash)).is_err());
    *borrow_mut(&count, "count", "make::inc") += 1;
    assert_eq!(*borrow(&count, "count", "make::get"), 2);
    let view = probe("count", &count).dyn_cell();
    assert_eq!(view.set_contents(5_u32), Ok(2));
    assert_eq!(view.contents_repr(), "5");
}

#[test]
fn set_contents_from_another_thread_waits_for_a_reader_then_applies() {
    let (inc, get, count) = make_counter();
    let reading = borrow(&count, "count", "make::get");
    let view = inc.cells()[0].clone();
    let (sent, applied) = mpsc::channel();
    let setter = thread::spawn(move || {
        let old = view.set_contents(10_u64);
        sent.send(old).unwrap();
    });
    assert!(
        applied.recv_timeout(Duration::from_millis(50)).is_err(),
        "waits while the reader holds the cell"
    );
    assert_eq!(*reading, 0);
    drop(reading);
    assert_eq!(applied.recv_timeout(Duration::from_secs(5)).unwrap(), Ok(0));
    setter.join().unwrap();
    assert_eq!(inc(), 11);
    assert_eq!(get(), 11);
}

#[test]
fn the_view_reports_borrowed_when_this_thread_holds_the_cell() {
    let (inc, _, count) = make_counter();
    let view = &inc.cells()[0];
    let writing = borrow_mut(&count, "count", "make::inc");
    assert_eq!(
        view.contents::<u64>().unwrap_err(),
        CellError::Borrowed { name: "count" }
    );
    assert!(view.contents_repr().ends_with(" (borrowed)"));
    assert_eq!(
        view.set_contents(1_u64),
        Err(CellError::Borrowed { name: "count" })
    );
    drop(writing);
    let reading = borrow(&count, "count", "make::get");
    assert_eq!(*view.contents::<u64>().unwrap(), 0, "reads beside a reader");
    assert_eq!(
        view.set_contents(1_u64),
        Err(CellError::Borrowed { name: "count" })
    );
    drop(reading);
    let held = view.contents::<u64>().unwrap();
    let text = message(|| {
        inc();
    });
    assert!(
        text.contains("a `contents()` value is reading it on this thread"),
        "{text}"
    );
    drop(held);
    assert_eq!(inc(), 1);
    assert!(matches!(
        view.contents::<i32>(),
        Err(CellError::WrongType { name: "count", .. })
    ));
}

#[test]
fn the_view_and_the_closure_are_send_and_sync() {
    fn send_sync<T: Send + Sync + Clone>(_: &T) {}
    let (inc, get, _) = make_counter();
    send_sync(&inc.cells()[0]);
    send_sync(&inc);
    send_sync(&get);
    let view: DynCell = get.cells()[0].clone();
    assert_eq!(
        thread::spawn(move || view.contents_repr()).join().unwrap(),
        "0"
    );
}

#[test]
fn debug_shows_the_view_and_the_closure_as_without_sync() {
    let (inc, get, count) = make_counter();
    inc();
    let view = &get.cells()[0];
    let text = format!("{view:?}");
    assert!(text.starts_with("<cell at 0x"), "{text}");
    assert!(text.contains(": u64 object at 0x"), "{text}");
    assert!(text.starts_with(&format!("<cell at {:#x}:", Arc::as_ptr(&count).addr())));
    assert!(format!("{get:?}").starts_with("<closure make_counter::get at 0x"));
    let pretty = format!("{get:#?}");
    assert!(pretty.ends_with("\n    count = 1"), "{pretty}");
    let writing = borrow_mut(&count, "count", "make::inc");
    assert!(format!("{get:#?}").ends_with("\n    count: u64"));
    drop(writing);
}

#[test]
fn lazy_guards_read_then_change_in_the_functions_statements() {
    let v = new_cell(vec![1]);
    assert_eq!((*lazy(&v, "v", "make")).len(), 1);
    (*lazy(&v, "v", "make")).push(2);
    let guard = &mut lazy(&v, "v", "make");
    assert_eq!((**guard).len(), 2);
    (**guard).push(3);
    let text = message(|| drop(borrow(&v, "v", "make::get")));
    assert!(
        text.contains("`make` is changing it on this thread"),
        "{text}"
    );
    assert_eq!(format!("{guard:?}"), "[1, 2, 3]");
}

#[test]
fn cells_without_debug_or_static_types_are_shown_by_type() {
    struct Secret;
    let secret = new_cell(Secret);
    let text = String::from("borrowed");
    let borrowed = new_cell(text.as_str());
    let f = closure(
        || (),
        const { &code("make", 0, &[], &["secret", "text"], &[], "", "", "") },
        [
            probe("secret", &secret).dyn_cell(),
            opaque_cell("text", &borrowed),
        ],
    );
    assert!(
        f.cells()[0]
            .contents_repr()
            .starts_with("<Secret object at 0x")
    );
    assert!(
        f.cells()[1]
            .contents_repr()
            .starts_with("<&str object at 0x")
    );
    assert_eq!(f.cells()[1].id(), Arc::as_ptr(&borrowed).addr());
    assert!(matches!(
        f.cells()[1].contents::<&'static str>(),
        Err(CellError::NotStatic { name: "text", .. })
    ));
    assert!(f.cells()[0].ptr_eq(&probe("secret", &secret).dyn_cell()));
    let vars = crate::getclosurevars(&f);
    assert_eq!(vars.nonlocals.len(), 2);
    assert!(crate::dot(&[&f]).contains("text: &str"));
}

#[cfg(feature = "serde")]
#[test]
fn a_sync_closure_is_saved_and_restored_like_any_other() {
    let (inc, get, _) = make_counter();
    inc();
    let snapshot = crate::snapshot(&[&inc, &get]).unwrap();
    assert_eq!(snapshot.cell_count(), 1, "one shared cell");
    let (inc2, get2, _) = make_counter();
    crate::restore(&[&inc2, &get2], &snapshot).unwrap();
    assert_eq!(inc2(), 2);
    assert_eq!(get2(), 2);
    assert_eq!(inc2.snapshot().unwrap().cell_count(), 1);
}
