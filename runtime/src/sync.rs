//! Closures that can be shared between threads: what
//! `#[introspect(sync)]` makes.
//!
//! With `sync`, each captured variable lives in an `Arc` of a lock
//! instead of an `Rc` of a `RefCell`, so the returned closures are `Send`
//! and `Sync` (when what they capture is `Send` and `Sync`: a captured
//! `Rc` is a compile error that says so). They are
//! [`sync::Closure`](Closure)s, with the same methods as
//! [`crate::Closure`]; their cells are [`sync::DynCell`](DynCell)s, with
//! the same methods as [`crate::DynCell`].
//!
//! # The locking rule
//!
//! A variable that some code only reads (a closure that does not change
//! it, or a read in the function's own statements) lives in a
//! reader-writer cell: reads run in parallel, and a call that changes it
//! waits for the readers. A variable that every borrow changes (a counter,
//! an accumulator, a cache) lives in a mutex cell, which costs what a
//! hand-written `Arc<Mutex<_>>` costs; its views take it whole too, so
//! while a `contents()` value of it is alive, calls on other threads wait.
//!
//! A call takes all the cells it needs at its start, in the order of its
//! freevars (sorted by name), shared for the variables it only reads and
//! exclusive for the others, and holds them until it returns; so calls of
//! sibling closures cannot deadlock each other, a call that changes a
//! variable is atomic, and reads run in parallel. A closure that re-enters
//! itself or calls a sibling needing a cell it holds, on the same thread,
//! panics naming the variable; a closure that calls a sibling while
//! holding cells is outside the ordering rule.
//!
//! A call that finds a cell held by another thread waits for it. A panic
//! inside a call releases its cells and leaves them usable (no
//! poisoning), as without `sync`.
//!
//! ```
//! use freevars::introspect;
//!
//! #[introspect(sync)]
//! fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
//!     let mut count = 0;
//!     let inc = move || {
//!         count += 1;
//!         count
//!     };
//!     let get = move || count;
//!     (inc, get)
//! }
//!
//! let (inc, get) = make_counter();
//! std::thread::scope(|s| {
//!     for _ in 0..4 {
//!         s.spawn(|| {
//!             for _ in 0..1000 {
//!                 inc();
//!             }
//!         });
//!     }
//! });
//! assert_eq!(get(), 4000);
//! assert_eq!(inc.cells()[0].contents_repr(), "4000");
//! ```

mod cell;
mod cell_ref;
mod gate;
mod guard;
mod held;
mod kind;
mod locked;
mod mutex_cell;
mod owner;
mod recorded;
mod view;

pub use self::cell_ref::CellRef;
pub use self::view::DynCell;

pub(crate) use self::cell::SyncCell;
pub(crate) use self::kind::CellKind;
pub(crate) use self::mutex_cell::MutexCell;
#[cfg(feature = "serde")]
pub(crate) use self::{guard::CellRefMut, locked::Locked};

/// A closure made by `#[introspect(sync)]`: a [`crate::Closure`] whose
/// cells are thread-safe [`DynCell`]s. It is `Send` and `Sync` when the
/// closure inside is, and has the same methods as the closures of
/// `#[introspect]`.
///
/// ```
/// use freevars::introspect;
///
/// #[introspect(sync)]
/// fn make_adder(n: i32) -> impl Fn(i32) -> i32 {
///     move |x| x + n
/// }
///
/// let add: freevars::sync::Closure<_> = make_adder(1);
/// let sum = std::thread::spawn(move || add(2)).join().unwrap();
/// assert_eq!(sum, 3);
/// ```
pub type Closure<F> = crate::Closure<F, DynCell>;

#[cfg(test)]
mod exclusive_tests;
#[cfg(test)]
mod tests;
