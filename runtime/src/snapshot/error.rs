use crate::short_type_name as short;
use core::fmt;

/// Why a snapshot could not be taken or restored. Every case names the
/// captured variable and the closure (its `qualname`).
///
/// ```
/// use freevars::{SnapshotError, introspect};
///
/// struct Socket;
///
/// #[introspect]
/// fn make_sender() -> impl Fn(u8) -> usize {
///     let socket = Socket;
///     let sent: Vec<u8> = Vec::new();
///     move |byte| {
///         let _ = &socket;
///         sent.push(byte);
///         sent.len()
///     }
/// }
///
/// let send = make_sender();
/// let err = send.snapshot().unwrap_err();
/// let SnapshotError::Unserializable(vars) = &err else { panic!("{err}") };
/// assert_eq!(vars.len(), 1, "`sent` can be saved");
/// assert_eq!((vars[0].closure.as_str(), vars[0].name.as_str()), ("make_sender::{closure}", "socket"));
/// assert_eq!(
///     err.to_string(),
///     "cannot save or restore `socket` of `make_sender::{closure}`: `Socket` does not \
///      implement both `Serialize` and `DeserializeOwned`"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Captured variables whose values cannot be saved or restored: every
    /// one of them, in the order of the closures and their `freevars`.
    Unserializable(Vec<Unserializable>),
    /// A cell is borrowed: a closure changing it while a snapshot reads it,
    /// or anyone holding it while a restore would replace it.
    Borrowed {
        /// The closure given.
        closure: String,
        /// The captured variable.
        name: String,
        /// Who holds the cell, as a conflicting borrow's panic names it
        /// (`` `make_counter::inc` ``, "a `contents()` value"), when known.
        holder: Option<String>,
        /// Whether the holder is changing the value (else reading it).
        changing: bool,
    },
    /// A value's `Serialize` failed while saving, or a saved value does not
    /// deserialize into the variable's type while restoring.
    Value {
        /// The closure given.
        closure: String,
        /// The captured variable.
        name: String,
        /// The variable's type.
        type_name: String,
        /// What serde said.
        message: String,
    },
    /// The snapshot holds another number of closures than were given.
    ClosureCount {
        /// How many closures the snapshot holds.
        snapshot: usize,
        /// How many were given.
        given: usize,
        /// The first closure missing (from the ones given) or extra.
        closure: String,
        /// Its free variables.
        freevars: Vec<String>,
    },
    /// A closure given is not the snapshot's closure at its place.
    Qualname {
        /// Its place, from 0.
        index: usize,
        /// The snapshot's closure there.
        snapshot: String,
        /// The snapshot's closure's free variables.
        snapshot_freevars: Vec<String>,
        /// The closure given there.
        given: String,
        /// The free variables of the closure given.
        given_freevars: Vec<String>,
    },
    /// A closure given captures other variables than the snapshot's.
    Freevars {
        /// The closure.
        closure: String,
        /// The snapshot's names.
        snapshot: Vec<String>,
        /// The names of the closure given.
        given: Vec<String>,
    },
    /// A variable's type is not the one recorded (as `std::any::type_name`
    /// spells it).
    Type {
        /// The closure.
        closure: String,
        /// The captured variable.
        name: String,
        /// The snapshot's type.
        snapshot: String,
        /// The type in the closure given.
        given: String,
    },
    /// Two variables share a cell in the snapshot and not in the closures
    /// given, or the other way round: restoring would change which
    /// closures see each other's changes.
    Sharing {
        /// The closure.
        closure: String,
        /// Its captured variable.
        name: String,
        /// The other closure, found before it.
        other_closure: String,
        /// The other closure's variable.
        other_name: String,
        /// Whether the snapshot has the two in one cell (and the closures
        /// given have them in two).
        shared_in_snapshot: bool,
    },
    /// A variable refers to a cell the snapshot does not have: a snapshot
    /// edited or damaged.
    Malformed {
        /// The closure.
        closure: String,
        /// The captured variable.
        name: String,
        /// The cell it refers to.
        cell: usize,
        /// How many cells the snapshot has.
        cells: usize,
    },
}

/// A captured variable whose value a snapshot cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unserializable {
    /// The closure, by `qualname`.
    pub closure: String,
    /// The captured variable.
    pub name: String,
    /// Its type, as `std::any::type_name` spells it.
    pub type_name: String,
    /// Why it cannot be held.
    pub why: Why,
}

/// Why a captured variable cannot be held by a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Why {
    /// Its type does not implement both `Serialize` and `Deserialize`
    /// (for every lifetime: the value is restored from data that does not
    /// outlive the restore).
    NotSerde,
    /// Its type borrows data, so that its cell shows only its name and type
    /// (see [`CellError::NotStatic`](crate::CellError::NotStatic)).
    Borrows,
    /// Its value is saved but would not restore into its type, which
    /// `snapshot` checks by restoring once each value that holds text or
    /// bytes: a type that keeps borrowed text (`&'static str`, a struct with
    /// a `&'static str` field) cannot be made from a snapshot, which does
    /// not outlive the restore. What serde said.
    NotRestorable(String),
}

impl fmt::Display for Unserializable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Unserializable {
            closure,
            name,
            type_name,
            why,
        } = self;
        write!(f, "`{name}` of `{closure}`: `{}` ", short(type_name))?;
        match why {
            Why::NotSerde => {
                f.write_str("does not implement both `Serialize` and `DeserializeOwned`")
            }
            Why::Borrows => f.write_str("borrows data"),
            Why::NotRestorable(message) => {
                write!(f, "is saved but does not restore ({message})")
            }
        }
    }
}

/// `` `a`, `b` ``, or "nothing".
struct Names<'a>(&'a [String]);

impl fmt::Display for Names<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("nothing");
        }
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Unserializable(vars) => {
                f.write_str("cannot save or restore ")?;
                for (i, var) in vars.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{var}")?;
                }
                Ok(())
            }
            SnapshotError::Borrowed {
                closure,
                name,
                holder,
                changing,
            } => {
                let holding = if *changing { "changing" } else { "reading" };
                match holder {
                    Some(holder) => write!(
                        f,
                        "`{name}` of `{closure}` is borrowed: {holder} is {holding} it"
                    ),
                    None => write!(
                        f,
                        "`{name}` of `{closure}` is borrowed: a closure or a `contents()` value \
                         is {holding} it"
                    ),
                }
            }
            SnapshotError::Value {
                closure,
                name,
                type_name,
                message,
            } => write!(
                f,
                "`{name}` of `{closure}` (`{}`): {message}",
                short(type_name)
            ),
            _ => self.fmt_mismatch(f),
        }
    }
}

impl SnapshotError {
    /// The restore errors of closures that are not the snapshot's.
    fn fmt_mismatch(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::ClosureCount {
                snapshot,
                given,
                closure,
                freevars,
            } => {
                let which = if given < snapshot {
                    "missing"
                } else {
                    "not in the snapshot"
                };
                write!(
                    f,
                    "the snapshot holds {snapshot} closures, {given} given: `{closure}` \
                     (capturing {}) is {which}",
                    Names(freevars)
                )
            }
            SnapshotError::Qualname {
                index,
                snapshot,
                snapshot_freevars,
                given,
                given_freevars,
            } => write!(
                f,
                "closure {index} is `{given}` (capturing {}), where the snapshot has \
                 `{snapshot}` (capturing {})",
                Names(given_freevars),
                Names(snapshot_freevars)
            ),
            SnapshotError::Freevars {
                closure,
                snapshot,
                given,
            } => write!(
                f,
                "`{closure}` captures {}, where the snapshot's captures {}",
                Names(given),
                Names(snapshot)
            ),
            SnapshotError::Type {
                closure,
                name,
                snapshot,
                given,
            } => write!(
                f,
                "`{name}` of `{closure}` is a `{}`, where the snapshot has a `{}`",
                short(given),
                short(snapshot)
            ),
            SnapshotError::Sharing {
                closure,
                name,
                other_closure,
                other_name,
                shared_in_snapshot,
            } => {
                let (snapshot, given) = if *shared_in_snapshot {
                    ("share one cell", "do not")
                } else {
                    ("have separate cells", "share one")
                };
                write!(
                    f,
                    "`{other_name}` of `{other_closure}` and `{name}` of `{closure}` {snapshot} \
                     in the snapshot, and {given} in the closures given"
                )
            }
            SnapshotError::Malformed {
                closure,
                name,
                cell,
                cells,
            } => write!(
                f,
                "`{name}` of `{closure}` refers to cell {cell} of the snapshot, which has {cells}"
            ),
            SnapshotError::Unserializable(_)
            | SnapshotError::Borrowed { .. }
            | SnapshotError::Value { .. } => fmt::Display::fmt(self, f),
        }
    }
}

impl std::error::Error for SnapshotError {}
