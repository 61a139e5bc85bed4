//! The `dis` listing of a closure, which `#[introspect]` formats once.

use core::fmt;

/// A closure's name-access listing: see [`crate::Code::dis`].
#[derive(Clone, Copy)]
pub struct Dis(pub(crate) &'static str);

impl Dis {
    /// The operations in order, as `(OPNAME, name)`; `name` is empty for
    /// `RETURN_VALUE`.
    pub fn ops(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.0.lines().map(|line| {
            let op = line.get(6..).unwrap_or("");
            let (name, arg) = op.split_once(' ').unwrap_or((op, ""));
            (name, arg.trim_start())
        })
    }
}

impl fmt::Display for Dis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Dis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
