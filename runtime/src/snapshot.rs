//! Snapshots (feature `serde`): what closures captured, saved with serde and
//! restored into fresh closures, shared cells kept shared.
//!
//! A [`Snapshot`] records, for each closure in order, its `qualname` and,
//! for each free variable, its name, its type and the cell it refers to;
//! then each distinct cell once, with its value. Closures that shared a
//! cell refer to the same cell entry, so a restore can check that the
//! closures it fills share the same way.
//!
//! Which captured types can be saved is decided where the closure is made,
//! as `Debug` is: `__private::probe` records in each cell whose type has
//! `Serialize + Deserialize<'static> + 'static` how to save and restore it
//! ([`Codec`]). A type without them still compiles; [`snapshot`] reports it.
//! (`Deserialize<'static>` rather than `DeserializeOwned`: method lookup
//! ignores lifetimes, so it would take `&'static str` for
//! `DeserializeOwned` and then fail to compile. A type that must borrow
//! what it reads is found at run time instead, see [`Why::NotRestorable`].)

mod de;
mod error;
pub(crate) mod probe;
mod ser;
mod sync_cell;
mod value;

pub use self::error::{SnapshotError, Unserializable, Why};

use self::value::Value;
use crate::var_cell::{FrameRefMut, RESTORE, SNAPSHOT, VarCell, is_runtime_holder};
use crate::view::CellView;
use crate::{Closure, Introspect};
use core::any::Any;
use core::fmt;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// What closures captured, ready to serialize with any serde format, and to
/// restore into closures made by the same factories.
///
/// Made by [`snapshot`] or [`Closure::snapshot`], restored by [`restore`] or
/// [`Closure::restore`]. It holds, for each closure, its `qualname` and its
/// free variables (name, type, cell), and each distinct cell's value once:
///
/// ```
/// use freevars::introspect;
///
/// #[introspect]
/// fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
///     let mut count = 0;
///     let inc = move || {
///         count += 1;
///         count
///     };
///     let get = move || count;
///     (inc, get)
/// }
///
/// let (inc, get) = make_counter();
/// inc();
/// let snapshot = freevars::snapshot(&[&inc, &get]).unwrap();
/// assert_eq!(
///     serde_json::to_string(&snapshot).unwrap(),
///     r#"{"closures":[{"qualname":"make_counter::inc","freevars":[{"name":"count","type":"u32","cell":0}]},{"qualname":"make_counter::get","freevars":[{"name":"count","type":"u32","cell":0}]}],"cells":[1]}"#
/// );
///
/// let (inc2, get2) = make_counter();
/// freevars::restore(&[&inc2, &get2], &snapshot).unwrap();
/// assert_eq!(inc2(), 2);
/// assert_eq!(get2(), 2, "still one cell");
/// ```
///
/// Values are kept in serde's data model without their types, so a
/// snapshot deserializes in a program that has not named them yet. In a
/// human-readable format (JSON, YAML, RON) each value is written as its own
/// type writes it (`[10.0, 11.0]`); in a binary one (postcard, bincode),
/// each part is preceded by its kind, as such formats need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    closures: Vec<SavedClosure>,
    cells: Vec<Value>,
}

/// One closure of a [`Snapshot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedClosure {
    qualname: Cow<'static, str>,
    freevars: Vec<SavedVar>,
}

/// One free variable of a [`SavedClosure`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedVar {
    name: Cow<'static, str>,
    #[serde(rename = "type")]
    type_name: Cow<'static, str>,
    cell: usize,
}

impl Snapshot {
    /// The closures, in the order they were given.
    #[must_use]
    pub fn closures(&self) -> &[SavedClosure] {
        &self.closures
    }

    /// How many distinct cells the snapshot holds.
    #[must_use]
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }
}

impl SavedClosure {
    /// The closure's qualified name, as [`Code::qualname`](crate::Code::qualname).
    #[must_use]
    pub fn qualname(&self) -> &str {
        &self.qualname
    }

    /// Its free variables, in `freevars` order.
    #[must_use]
    pub fn freevars(&self) -> &[SavedVar] {
        &self.freevars
    }
}

impl SavedVar {
    /// The captured variable's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its type, as [`std::any::type_name`] spells it.
    #[must_use]
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The cell entry it refers to: variables that shared a cell refer to
    /// the same one.
    #[must_use]
    pub fn cell(&self) -> usize {
        self.cell
    }
}

/// Saves what `closures` captured: each closure's `qualname` and free
/// variables, and each distinct cell's value once, through its
/// `Serialize`. A value holding text or bytes (the only data a
/// `Deserialize` can borrow) is also restored once into a scratch value, so
/// that a snapshot that is taken can be restored.
///
/// # Errors
/// [`SnapshotError::Unserializable`] listing every captured variable whose
/// type lacks `Serialize` or `DeserializeOwned`, borrows data, or would not
/// restore ([`Why`]);
/// [`SnapshotError::Borrowed`] when a closure is changing a cell now;
/// [`SnapshotError::Value`] when a value's `Serialize` fails.
///
/// ```
/// use freevars::introspect;
///
/// #[introspect]
/// fn make_averager() -> impl Fn(f64) -> f64 {
///     let series = Vec::new();
///     move |new_value| {
///         series.push(new_value);
///         series.iter().sum::<f64>() / series.len() as f64
///     }
/// }
///
/// let avg = make_averager();
/// avg(10.0);
/// avg(11.0);
/// let json = serde_json::to_string(&freevars::snapshot(&[&avg]).unwrap()).unwrap();
/// assert!(json.ends_with(r#""cells":[[10.0,11.0]]}"#));
///
/// let again = make_averager();
/// again.restore(&serde_json::from_str(&json).unwrap()).unwrap();
/// assert_eq!(again(12.0), 11.0);
/// ```
pub fn snapshot<V: CellView>(closures: &[&dyn Introspect<V>]) -> Result<Snapshot, SnapshotError> {
    // Variables that cannot be held, all of them, for one error.
    let mut unserializable = Vec::new();
    let mut entries = HashMap::new();
    let mut cells = Vec::new();
    let mut saved = Vec::with_capacity(closures.len());
    for closure in closures {
        let qualname = closure.code().qualname();
        let mut freevars = Vec::with_capacity(closure.cells().len());
        for cell in closure.cells() {
            let index = match entries.entry(cell.id()) {
                Entry::Occupied(entry) => *entry.get(),
                Entry::Vacant(entry) => {
                    match save(qualname, cell)? {
                        Ok(value) => cells.push(value),
                        Err(var) => {
                            unserializable.push(var);
                            cells.push(Value::Unit);
                        }
                    }
                    *entry.insert(cells.len() - 1)
                }
            };
            freevars.push(SavedVar {
                name: Cow::Borrowed(cell.name()),
                type_name: Cow::Borrowed(cell.type_name()),
                cell: index,
            });
        }
        saved.push(SavedClosure {
            qualname: Cow::Borrowed(qualname),
            freevars,
        });
    }
    if !unserializable.is_empty() {
        return Err(SnapshotError::Unserializable(unserializable));
    }
    Ok(Snapshot {
        closures: saved,
        cells,
    })
}

/// Restores `snapshot` into `closures`, which must be closures of the same
/// factories, in the same order, sharing cells as the snapshot's did
/// (`get2()` sees what `inc2()` did when their snapshot's `inc` and `get`
/// shared `count`).
///
/// Everything is checked before anything changes: a refused restore leaves
/// every cell as it was. Then each cell gets its value, deserialized from
/// the snapshot; a cell that several closures share gets it once. The old
/// values are dropped last, after every cell is released.
///
/// # Errors
/// When a closure's `qualname`, free variable names or types are not the
/// snapshot's ([`SnapshotError::Qualname`], [`SnapshotError::Freevars`],
/// [`SnapshotError::Type`], [`SnapshotError::ClosureCount`]), when the
/// closures share cells otherwise than the snapshot records
/// ([`SnapshotError::Sharing`]), when a type cannot be restored
/// ([`SnapshotError::Unserializable`]), when a saved value does not
/// deserialize into its type ([`SnapshotError::Value`]), and when a cell is
/// borrowed ([`SnapshotError::Borrowed`]).
///
/// ```
/// use freevars::{SnapshotError, introspect};
///
/// #[introspect]
/// fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
///     let mut count = 0;
///     let inc = move || {
///         count += 1;
///         count
///     };
///     let get = move || count;
///     (inc, get)
/// }
///
/// let (inc, get) = make_counter();
/// inc();
/// let snapshot = freevars::snapshot(&[&inc, &get]).unwrap();
///
/// // `inc` of one call and `get` of another do not share `count`.
/// let (inc2, _) = make_counter();
/// let (_, get3) = make_counter();
/// let err = freevars::restore(&[&inc2, &get3], &snapshot).unwrap_err();
/// assert!(matches!(err, SnapshotError::Sharing { shared_in_snapshot: true, .. }));
/// assert_eq!(
///     err.to_string(),
///     "`count` of `make_counter::inc` and `count` of `make_counter::get` share one cell \
///      in the snapshot, and do not in the closures given"
/// );
/// assert_eq!((inc2(), get3()), (1, 0), "nothing changed");
/// ```
pub fn restore<V: CellView>(
    closures: &[&dyn Introspect<V>],
    snapshot: &Snapshot,
) -> Result<(), SnapshotError> {
    check_shape(closures, snapshot)?;
    check_saveable(closures)?;
    // The first variable to refer to each cell entry: the one it is
    // restored through.
    let firsts = check_sharing(closures, snapshot)?;
    let mut values = Vec::with_capacity(firsts.len());
    for &(closure, cell, index) in &firsts {
        let saved = saved(closure.code().qualname(), cell)?;
        let value = saved
            .load(&snapshot.cells[index])
            .map_err(|err| SnapshotError::Value {
                closure: closure.code().qualname().to_owned(),
                name: cell.name().to_owned(),
                type_name: cell.type_name().to_owned(),
                message: err.0,
            })?;
        values.push(value);
    }
    let mut slots = Vec::with_capacity(firsts.len());
    for &(closure, cell, _) in &firsts {
        let slot = saved(closure.code().qualname(), cell)?
            .lock()
            .map_err(|held| held.error(closure.code().qualname(), cell))?;
        slots.push(slot);
    }
    let old: Vec<Box<dyn Any>> = slots
        .iter_mut()
        .zip(values)
        .map(|(slot, value)| slot.put(value))
        .collect();
    drop(slots);
    drop(old);
    Ok(())
}

impl<F, V: CellView> Closure<F, V> {
    /// Saves what this closure captured: [`snapshot`] of this closure alone.
    /// To keep a cell shared with sibling closures, snapshot them together
    /// with [`snapshot`].
    ///
    /// # Errors
    /// As [`snapshot`].
    ///
    /// ```
    /// #[freevars::introspect]
    /// fn make_adder(n: i64) -> impl Fn(i64) -> i64 {
    ///     move |x| x + n
    /// }
    ///
    /// let snapshot = make_adder(3).snapshot().unwrap();
    /// let add = make_adder(0);
    /// add.restore(&snapshot).unwrap();
    /// assert_eq!(add(1), 4);
    /// ```
    pub fn snapshot(&self) -> Result<Snapshot, SnapshotError> {
        snapshot(&[self])
    }

    /// Restores `snapshot` into this closure: [`restore`] of this closure
    /// alone.
    ///
    /// # Errors
    /// As [`restore`].
    pub fn restore(&self, snapshot: &Snapshot) -> Result<(), SnapshotError> {
        restore(&[self], snapshot)
    }
}

/// Every captured variable that cannot be saved, in one error.
fn check_saveable<V: CellView>(closures: &[&dyn Introspect<V>]) -> Result<(), SnapshotError> {
    let unsaveable: Vec<Unserializable> = closures
        .iter()
        .flat_map(|closure| {
            closure
                .cells()
                .iter()
                .filter(|cell| cell.saved().is_none())
                .map(|cell| Unserializable {
                    closure: closure.code().qualname().to_owned(),
                    name: cell.name().to_owned(),
                    type_name: cell.type_name().to_owned(),
                    why: why_not(cell),
                })
        })
        .collect();
    if unsaveable.is_empty() {
        Ok(())
    } else {
        Err(SnapshotError::Unserializable(unsaveable))
    }
}

/// The cell as a snapshot saves it, which [`check_saveable`] has found.
fn saved<'a, V: CellView>(closure: &str, cell: &'a V) -> Result<&'a dyn SavedCell, SnapshotError> {
    cell.saved().ok_or_else(|| {
        SnapshotError::Unserializable(vec![Unserializable {
            closure: closure.to_owned(),
            name: cell.name().to_owned(),
            type_name: cell.type_name().to_owned(),
            why: why_not(cell),
        }])
    })
}

/// Why a cell without a codec has none.
fn why_not<V: CellView>(cell: &V) -> Why {
    if cell.borrows() {
        Why::Borrows
    } else {
        Why::NotSerde
    }
}

/// Saves one cell's value, and checks that it restores; or says why it
/// cannot be held.
fn save<V: CellView>(
    closure: &str,
    cell: &V,
) -> Result<Result<Value, Unserializable>, SnapshotError> {
    let unserializable = |why| Unserializable {
        closure: closure.to_owned(),
        name: cell.name().to_owned(),
        type_name: cell.type_name().to_owned(),
        why,
    };
    let Some(saved) = cell.saved() else {
        return Ok(Err(unserializable(why_not(cell))));
    };
    let value = saved.save().map_err(|failure| match failure {
        Failure::Held(held) => held.error(closure, cell),
        Failure::Value(err) => SnapshotError::Value {
            closure: closure.to_owned(),
            name: cell.name().to_owned(),
            type_name: cell.type_name().to_owned(),
            message: err.0,
        },
    })?;
    // Only text and bytes can be borrowed: a value without them restores.
    if !value.holds_text() {
        return Ok(Ok(value));
    }
    Ok(match saved.load(&value) {
        Ok(_) => Ok(value),
        Err(err) => Err(unserializable(Why::NotRestorable(err.0))),
    })
}

/// Whether each closure is the snapshot's at its place: same `qualname`,
/// same free variables, same types, and cell entries that exist.
fn check_shape<V: CellView>(
    closures: &[&dyn Introspect<V>],
    snapshot: &Snapshot,
) -> Result<(), SnapshotError> {
    let names = |closure: &dyn Introspect<V>| -> Vec<String> {
        closure
            .freevars()
            .iter()
            .map(|&name| name.to_owned())
            .collect()
    };
    let saved_names = |saved: &SavedClosure| -> Vec<String> {
        saved
            .freevars
            .iter()
            .map(|var| var.name.to_string())
            .collect()
    };
    for (index, (closure, saved)) in closures.iter().zip(&snapshot.closures).enumerate() {
        let qualname = closure.code().qualname();
        if qualname != saved.qualname {
            return Err(SnapshotError::Qualname {
                index,
                snapshot: saved.qualname.to_string(),
                snapshot_freevars: saved_names(saved),
                given: qualname.to_owned(),
                given_freevars: names(*closure),
            });
        }
        let cells = closure.cells();
        if !cells
            .iter()
            .map(CellView::name)
            .eq(saved.freevars.iter().map(|var| &*var.name))
        {
            return Err(SnapshotError::Freevars {
                closure: qualname.to_owned(),
                snapshot: saved_names(saved),
                given: names(*closure),
            });
        }
        for (cell, var) in cells.iter().zip(&saved.freevars) {
            if cell.type_name() != var.type_name {
                return Err(SnapshotError::Type {
                    closure: qualname.to_owned(),
                    name: cell.name().to_owned(),
                    snapshot: var.type_name.to_string(),
                    given: cell.type_name().to_owned(),
                });
            }
            if var.cell >= snapshot.cells.len() {
                return Err(SnapshotError::Malformed {
                    closure: qualname.to_owned(),
                    name: cell.name().to_owned(),
                    cell: var.cell,
                    cells: snapshot.cells.len(),
                });
            }
        }
    }
    let (given, recorded) = (closures.len(), snapshot.closures.len());
    if given != recorded {
        let (closure, freevars) = if given < recorded {
            let saved = &snapshot.closures[given];
            (saved.qualname.to_string(), saved_names(saved))
        } else {
            let closure = closures[recorded];
            (closure.code().qualname().to_owned(), names(closure))
        };
        return Err(SnapshotError::ClosureCount {
            snapshot: recorded,
            given,
            closure,
            freevars,
        });
    }
    Ok(())
}

/// One cell to restore: the closure and variable it is restored through,
/// and its entry in the snapshot.
type First<'a, V> = (&'a dyn Introspect<V>, &'a V, usize);

/// Whether the closures share cells exactly as the snapshot's did: two
/// variables refer to one cell entry when, and only when, they share a
/// cell now. Returns the first variable of each cell entry.
fn check_sharing<'a, V: CellView>(
    closures: &[&'a dyn Introspect<V>],
    snapshot: &Snapshot,
) -> Result<Vec<First<'a, V>>, SnapshotError> {
    // By cell entry and by cell id: the first variable found there.
    let mut by_entry: Vec<Option<(&dyn Introspect<V>, &V)>> = vec![None; snapshot.cells.len()];
    let mut by_id: HashMap<usize, (&dyn Introspect<V>, &V, usize)> = HashMap::new();
    let mut firsts = Vec::new();
    for (&closure, saved) in closures.iter().zip(&snapshot.closures) {
        for (cell, var) in closure.cells().iter().zip(&saved.freevars) {
            let other = match (by_entry[var.cell], by_id.get(&cell.id())) {
                (Some((other, other_cell)), _) if !other_cell.ptr_eq(cell) => {
                    Some((other, other_cell, true))
                }
                (_, Some(&(other, other_cell, entry))) if entry != var.cell => {
                    Some((other, other_cell, false))
                }
                _ => None,
            };
            if let Some((other, other_cell, shared_in_snapshot)) = other {
                return Err(SnapshotError::Sharing {
                    closure: closure.code().qualname().to_owned(),
                    name: cell.name().to_owned(),
                    other_closure: other.code().qualname().to_owned(),
                    other_name: other_cell.name().to_owned(),
                    shared_in_snapshot,
                });
            }
            if by_entry[var.cell].is_none() {
                by_entry[var.cell] = Some((closure, cell));
                by_id.insert(cell.id(), (closure, cell, var.cell));
                firsts.push((closure, cell, var.cell));
            }
        }
    }
    Ok(firsts)
}

/// How to save and restore a `T`, recorded in each cell of that type.
pub(crate) struct Codec<T> {
    pub(crate) save: fn(&T) -> Result<Value, ValueError>,
    pub(crate) load: fn(&Value) -> Result<T, ValueError>,
}

// Not derived: a derive would ask for `T: Copy`.
impl<T> Clone for Codec<T> {
    fn clone(&self) -> Codec<T> {
        *self
    }
}

impl<T> Copy for Codec<T> {}

/// A cell whose type can be saved, with its type erased.
pub(crate) trait SavedCell {
    /// The value, saved.
    fn save(&self) -> Result<Value, Failure>;
    /// A saved value, restored into a fresh `Box<T>`; the cell is not
    /// touched.
    fn load(&self, value: &Value) -> Result<Box<dyn Any>, ValueError>;
    /// The cell, held exclusively until the slot is dropped.
    fn lock(&self) -> Result<Box<dyn Slot + '_>, Held>;
}

/// A cell held exclusively, whose value can be replaced.
pub(crate) trait Slot {
    /// Puts `value` (a `Box<T>` from [`SavedCell::load`]) in the cell, and
    /// returns the old value, boxed.
    fn put(&mut self, value: Box<dyn Any>) -> Box<dyn Any>;
}

/// Why a value could not be saved.
pub(crate) enum Failure {
    Held(Held),
    Value(ValueError),
}

/// Who holds a cell that was wanted.
pub(crate) struct Held {
    holder: Option<&'static str>,
    changing: bool,
}

impl Held {
    /// The holder of a cell, changing it or not.
    pub(crate) fn new(holder: Option<&'static str>, changing: bool) -> Held {
        Held { holder, changing }
    }

    fn of<T>(cell: &VarCell<T>) -> Held {
        let (holder, changing) = cell.held_by();
        Held { holder, changing }
    }

    fn error<V: CellView>(self, closure: &str, cell: &V) -> SnapshotError {
        SnapshotError::Borrowed {
            closure: closure.to_owned(),
            name: cell.name().to_owned(),
            holder: self.holder.map(|holder| {
                if is_runtime_holder(holder) {
                    holder.to_owned()
                } else {
                    format!("`{holder}`")
                }
            }),
            changing: self.changing,
        }
    }
}

/// Not reached: a cell is a `SavedCell` only once its codec is recorded.
fn no_codec() -> ValueError {
    ValueError(String::from("the type cannot be saved"))
}

impl<T: 'static> SavedCell for VarCell<T> {
    fn save(&self) -> Result<Value, Failure> {
        let codec = self.codec().ok_or_else(|| Failure::Value(no_codec()))?;
        let value = self
            .try_read(SNAPSHOT)
            .ok_or_else(|| Failure::Held(Held::of(self)))?;
        (codec.save)(&value).map_err(Failure::Value)
    }

    fn load(&self, value: &Value) -> Result<Box<dyn Any>, ValueError> {
        let codec = self.codec().ok_or_else(no_codec)?;
        Ok(Box::new((codec.load)(value)?))
    }

    fn lock(&self) -> Result<Box<dyn Slot + '_>, Held> {
        match self.try_frame(RESTORE) {
            Some(slot) => Ok(Box::new(slot)),
            None => Err(Held::of(self)),
        }
    }
}

impl<T: 'static> Slot for FrameRefMut<'_, T> {
    fn put(&mut self, value: Box<dyn Any>) -> Box<dyn Any> {
        match value.downcast::<T>() {
            Ok(value) => Box::new(core::mem::replace(&mut **self, *value)),
            // Not reached: the value was loaded by this cell's codec.
            Err(value) => value,
        }
    }
}

/// A value serde could not save or restore: its message.
#[derive(Debug)]
pub(crate) struct ValueError(String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

impl serde::ser::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> ValueError {
        ValueError(msg.to_string())
    }
}

impl serde::de::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> ValueError {
        ValueError(msg.to_string())
    }
}
