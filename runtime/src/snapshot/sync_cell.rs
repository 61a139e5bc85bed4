//! Snapshots of thread-safe cells (`#[introspect(sync)]`): saving waits
//! while a call on another thread changes the value, and reports the cell
//! borrowed when this thread holds it in the way, as `contents()` does.

use super::{Codec, Failure, Held, SavedCell, Slot, ValueError, no_codec};
use crate::sync::{CellRefMut, Locked, MutexCell, SyncCell};
use crate::var_cell::{RESTORE, SNAPSHOT};
use core::any::Any;

impl<T: Send + Sync + 'static> SavedCell for SyncCell<T> {
    fn save(&self) -> Result<super::Value, Failure> {
        let codec: Codec<T> = self
            .recorded
            .codec()
            .ok_or_else(|| Failure::Value(no_codec()))?;
        let value = self
            .read_or_held(SNAPSHOT)
            .map_err(|hold| Failure::Held(Held::new(Some(hold.site), hold.changing)))?;
        (codec.save)(&value).map_err(Failure::Value)
    }

    fn load(&self, value: &super::Value) -> Result<Box<dyn Any>, ValueError> {
        let codec = self.recorded.codec().ok_or_else(no_codec)?;
        Ok(Box::new((codec.load)(value)?))
    }

    fn lock(&self) -> Result<Box<dyn Slot + '_>, Held> {
        match self.write_or_held(RESTORE) {
            Ok(slot) => Ok(Box::new(slot)),
            Err(hold) => Err(Held::new(Some(hold.site), hold.changing)),
        }
    }
}

/// A mutex cell is saved and restored as a reader-writer one, taken whole
/// for both.
impl<T: Send + Sync + 'static> SavedCell for MutexCell<T> {
    fn save(&self) -> Result<super::Value, Failure> {
        let codec: Codec<T> = self
            .recorded
            .codec()
            .ok_or_else(|| Failure::Value(no_codec()))?;
        let value = self
            .lock_or_held(SNAPSHOT, false)
            .map_err(|hold| Failure::Held(Held::new(hold.site, hold.changing)))?;
        (codec.save)(&value).map_err(Failure::Value)
    }

    fn load(&self, value: &super::Value) -> Result<Box<dyn Any>, ValueError> {
        let codec = self.recorded.codec().ok_or_else(no_codec)?;
        Ok(Box::new((codec.load)(value)?))
    }

    fn lock(&self) -> Result<Box<dyn Slot + '_>, Held> {
        match self.lock_or_held(RESTORE, true) {
            Ok(slot) => Ok(Box::new(slot)),
            Err(hold) => Err(Held::new(hold.site, hold.changing)),
        }
    }
}

/// Puts `value`, a `Box<T>`, in `slot`, and returns the old value boxed.
fn put<T: 'static>(slot: &mut T, value: Box<dyn Any>) -> Box<dyn Any> {
    match value.downcast::<T>() {
        Ok(value) => Box::new(core::mem::replace(slot, *value)),
        // Not reached: the value was loaded by this cell's codec.
        Err(value) => value,
    }
}

impl<T: 'static> Slot for CellRefMut<'_, T> {
    fn put(&mut self, value: Box<dyn Any>) -> Box<dyn Any> {
        put(&mut **self, value)
    }
}

impl<T: 'static> Slot for Locked<'_, T> {
    fn put(&mut self, value: Box<dyn Any>) -> Box<dyn Any> {
        put(&mut **self, value)
    }
}
