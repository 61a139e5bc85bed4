//! The two levels the `serde` feature adds to `__private::probe`'s
//! autoderef chain, between `Probe` (`Debug` and the serde bounds) and
//! `Plain` (neither): `Shown` for `Debug` alone, then `Saved` for the serde
//! bounds alone. Method lookup stops at the first level whose bounds the
//! captured type meets, so each of the four combinations finds its own
//! `dyn_cell`, and a type without `Serialize` still compiles.

use super::Codec;
use crate::__private::{Cell, Plain, debug_cell, typed_cell};
use crate::DynCell;
use core::fmt::Debug;
use core::ops::Deref;
use serde::{Deserialize, Serialize};

/// The level for a type with `Debug` and without the serde bounds.
pub struct Shown<'a, T>(Saved<'a, T>);

/// The level for a type with the serde bounds and without `Debug`.
pub struct Saved<'a, T>(Plain<'a, T>);

/// The levels below `Probe`, around the plain view.
pub(crate) fn levels<T>(plain: Plain<'_, T>) -> Shown<'_, T> {
    Shown(Saved(plain))
}

/// Records in the cell how to save and restore its value.
#[inline]
pub(crate) fn saveable<T: Serialize + Deserialize<'static> + 'static>(cell: &Cell<T>) {
    cell.save_with(codec::<T>());
}

/// How to save and restore a `T`: what a cell of that type records.
#[inline]
pub(crate) fn codec<T: Serialize + Deserialize<'static> + 'static>() -> Codec<T> {
    Codec {
        save: super::ser::to_value::<T>,
        load: super::de::from_value::<T>,
    }
}

impl<T: Debug + 'static> Shown<'_, T> {
    /// The view of a cell whose contents have `Debug` but cannot be saved.
    #[must_use]
    pub fn dyn_cell(&self) -> DynCell {
        let plain: &Plain<'_, T> = self;
        debug_cell(plain.0, plain.1)
    }
}

impl<T: Serialize + Deserialize<'static> + 'static> Saved<'_, T> {
    /// The view of a cell whose contents can be saved but have no `Debug`.
    #[must_use]
    pub fn dyn_cell(&self) -> DynCell {
        saveable(self.0.1);
        typed_cell(self.0.0, self.0.1)
    }
}

impl<'a, T> Deref for Shown<'a, T> {
    type Target = Saved<'a, T>;

    fn deref(&self) -> &Saved<'a, T> {
        &self.0
    }
}

impl<'a, T> Deref for Saved<'a, T> {
    type Target = Plain<'a, T>;

    fn deref(&self) -> &Plain<'a, T> {
        &self.0
    }
}
