use core::fmt;

/// Why a cell's contents could not be read or replaced.
///
/// ```
/// use freevars::{CellError, introspect};
///
/// #[introspect]
/// fn make_averager() -> impl Fn(f64) -> f64 {
///     let series = vec![1.0];
///     move |new_value| {
///         series.push(new_value);
///         series.iter().sum::<f64>() / series.len() as f64
///     }
/// }
///
/// let avg = make_averager();
/// let err = avg.cells()[0].contents::<String>().unwrap_err();
/// assert!(matches!(err, CellError::WrongType { name: "series", .. }));
/// assert_eq!(err.to_string(), "cell `series` holds `Vec<f64>`, not `String`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CellError {
    /// The cell holds a value of another type than the one asked for.
    WrongType {
        /// The captured variable.
        name: &'static str,
        /// The type that was asked for, as `std::any::type_name` spells it.
        expected: &'static str,
        /// The type the cell holds.
        found: &'static str,
    },
    /// The closure is running and holds the variable mutably (or, for
    /// [`set_contents`](crate::DynCell::set_contents), anyone holds it).
    Borrowed {
        /// The captured variable.
        name: &'static str,
    },
    /// The variable's type borrows data (`&T`, a lifetime), so it is not
    /// `'static` and a type-erased cell cannot hand it out.
    NotStatic {
        /// The captured variable.
        name: &'static str,
        /// Its type.
        type_name: &'static str,
    },
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::short_type_name as short;
        match self {
            CellError::WrongType {
                name,
                expected,
                found,
            } => write!(
                f,
                "cell `{name}` holds `{}`, not `{}`",
                short(found),
                short(expected)
            ),
            CellError::Borrowed { name } => write!(
                f,
                "cell `{name}` is borrowed: its closure is running and holds it, or a value from `contents()` is still alive"
            ),
            CellError::NotStatic { name, type_name } => write!(
                f,
                "cell `{name}` holds `{}`, which borrows data, so its contents cannot be reached through a type-erased cell",
                short(type_name)
            ),
        }
    }
}

impl std::error::Error for CellError {}
