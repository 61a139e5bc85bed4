//! The mutex cell (`new_exclusive_cell`) driven as `#[introspect(sync)]`'s
//! code drives it, through `__private::sync`: the same calls as the
//! reader-writer cell's, and the same answers, but for shared borrows,
//! which it does not have.

use crate::__private::code;
use crate::__private::sync::{
    ExclusiveCell, borrow, borrow_mut, closure, lazy, new_exclusive_cell, opaque_cell, probe, share,
};
use crate::CellError;
use crate::sync::{Closure, DynCell, MutexCell};
use crate::var_cell::tests::message;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

/// The site of `inc`: one text, so one address, as one call site of the
/// generated code has, which is how a re-entered closure names itself.
static INC: &str = "make_counter::inc";

/// `inc` and `add` over one `count` that both change, so it lives in a
/// mutex cell.
// The type of what the macro's factories return, spelled out once.
#[allow(clippy::type_complexity)]
fn make_counter() -> (
    Closure<impl Fn() -> u64 + Send + Sync + Clone>,
    Closure<impl Fn(u64) -> u64 + Send + Sync + Clone>,
    ExclusiveCell<u64>,
) {
    let count = new_exclusive_cell(0_u64);
    let inc = closure(
        {
            let count_cell = share(&count);
            move || {
                let count = &mut *borrow_mut(&count_cell, "count", INC);
                *count += 1;
                *count
            }
        },
        const { &code("make_counter::inc", 0, &[], &["count"], &[], "", "", "") },
        [probe("count", &count).dyn_cell()],
    );
    let add = closure(
        {
            let count_cell = share(&count);
            move |n| {
                let count = &mut *borrow_mut(&count_cell, "count", "make_counter::add");
                *count += n;
                *count
            }
        },
        const { &code("make_counter::add", 1, &["n"], &["count"], &[], "", "", "") },
        [probe("count", &count).dyn_cell()],
    );
    (inc, add, count)
}

#[test]
fn eight_threads_incrementing_a_mutex_cell_lose_no_write() {
    let (inc, add, _) = make_counter();
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    inc();
                }
            });
        }
    });
    assert_eq!(add(0), 80_000);
    assert_eq!(inc.cells()[0].contents_repr(), "80000");
}

#[test]
fn a_closure_re_entering_itself_panics_naming_the_variable_and_itself() {
    let (inc, add, count) = make_counter();
    let text = message(|| {
        let _outer = borrow_mut(&count, "count", INC);
        inc();
    });
    assert_eq!(
        text,
        "freevars: `make_counter::inc` cannot change captured variable `count`: \
         `make_counter::inc` is changing it on this thread (a closure that calls itself or a \
         sibling sharing `count` while holding it, one statement that uses `count` twice, or \
         an async call waiting at an `.await` in a statement that uses `count`)"
    );
    // A sibling's site is not one the panic can name (see `owner.rs`).
    let text = message(|| {
        let _outer = borrow_mut(&count, "count", INC);
        add(1);
    });
    assert!(
        text.starts_with(
            "freevars: `make_counter::add` cannot change captured variable `count`: a closure \
             or a `contents()` value is changing it on this thread"
        ),
        "{text}"
    );
    let text = message(|| {
        let _outer = borrow_mut(&count, "count", INC);
        drop(borrow(&count, "count", "make_counter::get"));
    });
    assert!(
        text.contains("cannot read captured variable `count`"),
        "{text}"
    );
    assert_eq!(inc(), 1, "free after the panics");
}

#[test]
fn a_mutex_cell_poisoned_by_a_panic_is_usable_afterwards() {
    let (inc, _, count) = make_counter();
    let crash = || {
        let count = &mut *borrow_mut(&count, "count", "make::crash");
        *count += 1;
        panic!("inside a call");
    };
    assert!(catch_unwind(AssertUnwindSafe(crash)).is_err());
    assert_eq!(inc(), 2);
    let view = &inc.cells()[0];
    assert_eq!(view.set_contents(5_u64), Ok(2));
    assert_eq!(view.contents_repr(), "5");
    assert_eq!(*view.contents::<u64>().unwrap(), 5);
    let other = thread::spawn({
        let count = share(&count);
        move || *borrow(&count, "count", "make::get")
    });
    assert_eq!(other.join().unwrap(), 5, "and from another thread");
}

#[test]
fn the_view_from_another_thread_waits_for_a_holder_then_applies() {
    let (inc, _, count) = make_counter();
    let holding = borrow_mut(&count, "count", INC);
    let view = inc.cells()[0].clone();
    let (sent, applied) = mpsc::channel();
    let setter = thread::spawn(move || {
        let old = view.set_contents(10_u64);
        let now = *view.contents::<u64>().unwrap();
        sent.send((old, now, view.contents_repr())).unwrap();
    });
    assert!(
        applied.recv_timeout(Duration::from_millis(50)).is_err(),
        "waits while this thread holds the cell"
    );
    drop(holding);
    let (old, now, repr) = applied.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!((old, now, repr.as_str()), (Ok(0), 10, "10"));
    setter.join().unwrap();
    assert_eq!(inc(), 11);
}

#[test]
fn a_call_on_another_thread_waits_for_a_contents_value() {
    let (inc, _, _) = make_counter();
    let started = Arc::new(Barrier::new(2));
    let held = inc.cells()[0].contents::<u64>().unwrap();
    let caller = {
        let (inc, started) = (inc.clone(), Arc::clone(&started));
        thread::spawn(move || {
            started.wait();
            inc()
        })
    };
    started.wait();
    thread::sleep(Duration::from_millis(20));
    assert_eq!(*held, 0, "the call has not run");
    drop(held);
    assert_eq!(caller.join().unwrap(), 1);
}

#[test]
fn the_view_reports_borrowed_when_this_thread_holds_the_mutex_cell() {
    let (inc, _, count) = make_counter();
    let view = &inc.cells()[0];
    let holding = borrow_mut(&count, "count", INC);
    assert_eq!(
        view.contents::<u64>().unwrap_err(),
        CellError::Borrowed { name: "count" }
    );
    assert!(view.contents_repr().ends_with(" (borrowed)"));
    assert_eq!(
        view.set_contents(1_u64),
        Err(CellError::Borrowed { name: "count" })
    );
    drop(holding);
    let held = view.contents::<u64>().unwrap();
    assert_eq!(
        view.contents::<u64>().unwrap_err(),
        CellError::Borrowed { name: "count" },
        "no shared mode: a second `contents()` is in the way"
    );
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
fn mutex_cells_their_views_and_closures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn clone<T: Clone>(_: &T) {}
    let (inc, add, count) = make_counter();
    send_sync(&count);
    send_sync(&inc);
    send_sync(&add);
    send_sync(&inc.cells()[0]);
    clone(&inc.cells()[0]);
    let view: DynCell = add.cells()[0].clone();
    assert_eq!(
        thread::spawn(move || view.contents_repr()).join().unwrap(),
        "0"
    );
}

#[test]
fn debug_shows_a_mutex_cell_as_the_other_kind() {
    let (inc, _, count) = make_counter();
    inc();
    let view = &inc.cells()[0];
    let text = format!("{view:?}");
    assert!(
        text.starts_with(&format!("<cell at {:#x}:", Arc::as_ptr(&count).addr())),
        "{text}"
    );
    assert!(text.contains(": u64 object at 0x"), "{text}");
    assert_eq!(view.name(), "count");
    assert_eq!(view.type_name(), "u64");
    assert!(view.ptr_eq(&probe("count", &count).dyn_cell()));
    assert_eq!(view.id(), Arc::as_ptr(&count).addr());
    assert!(format!("{inc:#?}").ends_with("\n    count = 1"));
    let holding = borrow_mut(&count, "count", INC);
    assert!(format!("{inc:#?}").ends_with("\n    count: u64"));
    drop(holding);
}

#[test]
fn lazy_guards_lock_a_mutex_cell_at_their_first_use() {
    let v = new_exclusive_cell(vec![1]);
    assert_eq!((*lazy(&v, "v", "make")).len(), 1);
    (*lazy(&v, "v", "make")).push(2);
    let unused = lazy(&v, "v", "make");
    *borrow_mut(&v, "v", "make::push") = vec![1, 2];
    drop(unused);
    let guard = &mut lazy(&v, "v", "make");
    assert_eq!((**guard).len(), 2);
    let text = message(|| drop(borrow_mut(&v, "v", "make::push")));
    assert!(text.contains("is reading it on this thread"), "{text}");
    (**guard).push(3);
    let text = message(|| drop(borrow(&v, "v", "make::get")));
    assert!(text.contains("is changing it on this thread"), "{text}");
    assert_eq!(format!("{guard:?}"), "[1, 2, 3]");
}

#[test]
fn probe_shows_debug_hides_the_rest_and_falls_back_for_unshared_types() {
    struct Secret;
    let shown = new_exclusive_cell(5_u8);
    let secret = new_exclusive_cell(Secret);
    let text = String::from("borrowed");
    let borrowed = new_exclusive_cell(text.as_str());
    // `new_exclusive_cell` refuses it, as the macro's code would be told.
    let unshared = MutexCell::new(Rc::new(1_u8));
    let f = closure(
        || (),
        const {
            &code(
                "make",
                0,
                &[],
                &["rc", "secret", "shown", "text"],
                &[],
                "",
                "",
                "",
            )
        },
        [
            probe("rc", &unshared).dyn_cell(),
            probe("secret", &secret).dyn_cell(),
            probe("shown", &shown).dyn_cell(),
            opaque_cell("text", &borrowed),
        ],
    );
    let cells = f.cells();
    assert!(cells[0].contents_repr().starts_with("<Rc<u8> object at 0x"));
    assert!(matches!(
        cells[0].contents::<Rc<u8>>(),
        Err(CellError::NotStatic { name: "rc", .. })
    ));
    assert!(cells[1].contents_repr().starts_with("<Secret object at 0x"));
    assert!(cells[1].contents::<Secret>().is_ok(), "hidden, still typed");
    assert_eq!(cells[2].contents_repr(), "5");
    assert!(cells[3].contents_repr().starts_with("<&str object at 0x"));
    assert_eq!(cells[3].id(), Arc::as_ptr(&borrowed).addr());
    let addr = core::ptr::from_ref(&*borrow(&shown, "shown", "make")).addr();
    let text = format!("{:?}", cells[2]);
    assert!(
        text.ends_with(&format!(": u8 object at {addr:#x}>")),
        "{text}"
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_mutex_cell_is_saved_and_restored_like_any_other() {
    let (inc, add, count) = make_counter();
    inc();
    let snapshot = crate::snapshot(&[&inc, &add]).unwrap();
    assert_eq!(snapshot.cell_count(), 1, "one shared cell");
    let (inc2, add2, _) = make_counter();
    crate::restore(&[&inc2, &add2], &snapshot).unwrap();
    assert_eq!(inc2(), 2);
    assert_eq!(add2(10), 12);
    assert_eq!(inc2.snapshot().unwrap().cell_count(), 1);
    let holding = borrow_mut(&count, "count", INC);
    assert!(matches!(
        inc.snapshot(),
        Err(crate::SnapshotError::Borrowed { .. })
    ));
    drop(holding);
    assert!(inc.snapshot().is_ok());
}
