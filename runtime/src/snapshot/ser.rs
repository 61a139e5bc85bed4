//! Saving: a value of any `Serialize` type into a [`Value`].

use super::ValueError;
use super::value::{Elements, Value};
use serde::ser::{self, Serialize};

/// Serializes a value into a [`Value`].
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ValueError> {
    value.serialize(ValueSerializer)
}

/// The serializer [`to_value`] uses. It says it is human-readable (as
/// serde's default), like the deserializer that restores, so that a type
/// that writes itself differently for people (an IP address as text, a UUID
/// as a string) writes the same form both ways, and a JSON snapshot shows
/// the readable one.
struct ValueSerializer;

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = ValueError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = VariantSerializer<SeqSerializer>;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = VariantSerializer<MapSerializer>;

    fn serialize_bool(self, v: bool) -> Result<Value, ValueError> {
        Ok(Value::Bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<Value, ValueError> {
        Ok(Value::I64(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result<Value, ValueError> {
        Ok(Value::I64(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<Value, ValueError> {
        Ok(Value::I64(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result<Value, ValueError> {
        Ok(Value::I64(v))
    }

    fn serialize_i128(self, v: i128) -> Result<Value, ValueError> {
        Ok(Value::I128(v))
    }

    fn serialize_u8(self, v: u8) -> Result<Value, ValueError> {
        Ok(Value::U64(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result<Value, ValueError> {
        Ok(Value::U64(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result<Value, ValueError> {
        Ok(Value::U64(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result<Value, ValueError> {
        Ok(Value::U64(v))
    }

    fn serialize_u128(self, v: u128) -> Result<Value, ValueError> {
        Ok(Value::U128(v))
    }

    fn serialize_f32(self, v: f32) -> Result<Value, ValueError> {
        Ok(Value::F32(v))
    }

    fn serialize_f64(self, v: f64) -> Result<Value, ValueError> {
        Ok(Value::F64(v))
    }

    fn serialize_char(self, v: char) -> Result<Value, ValueError> {
        Ok(Value::Char(v))
    }

    fn serialize_str(self, v: &str) -> Result<Value, ValueError> {
        Ok(Value::Str(v.to_owned()))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Value, ValueError> {
        Ok(Value::Bytes(v.to_vec()))
    }

    fn serialize_none(self) -> Result<Value, ValueError> {
        Ok(Value::None)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, ValueError> {
        Ok(Value::Some(Box::new(to_value(value)?)))
    }

    fn serialize_unit(self) -> Result<Value, ValueError> {
        Ok(Value::Unit)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, ValueError> {
        Ok(Value::Unit)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, ValueError> {
        Ok(variant_value(variant, Value::Unit))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, ValueError> {
        to_value(value)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, ValueError> {
        Ok(variant_value(variant, to_value(value)?))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, ValueError> {
        Ok(SeqSerializer(Elements::new(capacity(len))))
    }

    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, ValueError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, ValueError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSerializer<SeqSerializer>, ValueError> {
        Ok(VariantSerializer(variant, self.serialize_seq(Some(len))?))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, ValueError> {
        Ok(MapSerializer {
            entries: Vec::with_capacity(capacity(len)),
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<MapSerializer, ValueError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSerializer<MapSerializer>, ValueError> {
        Ok(VariantSerializer(variant, self.serialize_map(Some(len))?))
    }
}

/// A length hint, capped: a hint is not a promise.
fn capacity(len: Option<usize>) -> usize {
    len.unwrap_or(0).min(4096)
}

fn variant_value(variant: &str, content: Value) -> Value {
    Value::Variant(Box::new((variant.to_owned(), content)))
}

/// The elements of a sequence, tuple or tuple struct.
pub(crate) struct SeqSerializer(Elements);

impl ser::SerializeSeq for SeqSerializer {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        // While the elements can be packed, a number goes in without
        // becoming a `Value`: the fast path of a `Vec<f64>`.
        let number = match self.0 {
            Elements::Mixed(_) => None,
            _ => value.serialize(Numbers).ok(),
        };
        match (&mut self.0, number) {
            (Elements::F64s(v), Some(Number::F64(x))) => v.push(x),
            (Elements::I64s(v), Some(Number::I64(x))) => v.push(x),
            (Elements::U64s(v), Some(Number::U64(x))) => v.push(x),
            (elements, Some(number)) => elements.push(number.into()),
            (elements, None) => elements.push(to_value(value)?),
        }
        Ok(())
    }

    fn end(self) -> Result<Value, ValueError> {
        Ok(self.0.finish())
    }
}

/// A number as [`Numbers`] reads it: the kinds a sequence packs.
enum Number {
    F64(f64),
    I64(i64),
    U64(u64),
}

impl From<Number> for Value {
    #[inline]
    fn from(number: Number) -> Value {
        match number {
            Number::F64(x) => Value::F64(x),
            Number::I64(x) => Value::I64(x),
            Number::U64(x) => Value::U64(x),
        }
    }
}

/// What [`Numbers`] says of anything but a number.
#[derive(Debug)]
struct NotANumber;

impl core::fmt::Display for NotANumber {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not a number")
    }
}

impl std::error::Error for NotANumber {}

impl ser::Error for NotANumber {
    fn custom<T: core::fmt::Display>(_msg: T) -> NotANumber {
        NotANumber
    }
}

/// Serializes a number of a packed kind, and refuses anything else at
/// once, as serde's `Impossible` does for compound values.
struct Numbers;

/// Refuses each listed method's value.
macro_rules! not_numbers {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<$ok, NotANumber> {
            Err(NotANumber)
        }
    )*};
}

type Refused = ser::Impossible<Number, NotANumber>;

impl ser::Serializer for Numbers {
    type Ok = Number;
    type Error = NotANumber;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    fn serialize_f64(self, v: f64) -> Result<Number, NotANumber> {
        Ok(Number::F64(v))
    }

    fn serialize_i8(self, v: i8) -> Result<Number, NotANumber> {
        Ok(Number::I64(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result<Number, NotANumber> {
        Ok(Number::I64(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<Number, NotANumber> {
        Ok(Number::I64(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result<Number, NotANumber> {
        Ok(Number::I64(v))
    }

    fn serialize_u8(self, v: u8) -> Result<Number, NotANumber> {
        Ok(Number::U64(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result<Number, NotANumber> {
        Ok(Number::U64(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result<Number, NotANumber> {
        Ok(Number::U64(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result<Number, NotANumber> {
        Ok(Number::U64(v))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Number, NotANumber> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Number, NotANumber> {
        Err(NotANumber)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Number, NotANumber> {
        Err(NotANumber)
    }

    not_numbers! {
        serialize_bool(v: bool) -> Number;
        serialize_i128(v: i128) -> Number;
        serialize_u128(v: u128) -> Number;
        serialize_f32(v: f32) -> Number;
        serialize_char(v: char) -> Number;
        serialize_str(v: &str) -> Number;
        serialize_bytes(v: &[u8]) -> Number;
        serialize_none() -> Number;
        serialize_unit() -> Number;
        serialize_unit_struct(name: &'static str) -> Number;
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str) -> Number;
        serialize_seq(len: Option<usize>) -> Refused;
        serialize_tuple(len: usize) -> Refused;
        serialize_tuple_struct(name: &'static str, len: usize) -> Refused;
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Refused;
        serialize_map(len: Option<usize>) -> Refused;
        serialize_struct(name: &'static str, len: usize) -> Refused;
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Refused;
    }
}

impl ser::SerializeTuple for SeqSerializer {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Value, ValueError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Value, ValueError> {
        ser::SerializeSeq::end(self)
    }
}

/// The entries of a map, or the fields of a struct keyed by name.
pub(crate) struct MapSerializer {
    entries: Vec<(Value, Value)>,
    /// The key `serialize_key` was given, waiting for its value.
    key: Option<Value>,
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        self.key = Some(to_value(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ValueError(String::from("a map value without its key")))?;
        self.entries.push((key, to_value(value)?));
        Ok(())
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), ValueError> {
        self.entries.push((to_value(key)?, to_value(value)?));
        Ok(())
    }

    fn end(self) -> Result<Value, ValueError> {
        Ok(Value::Map(self.entries))
    }
}

impl ser::SerializeStruct for MapSerializer {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        self.entries
            .push((Value::Str(key.to_owned()), to_value(value)?));
        Ok(())
    }

    fn end(self) -> Result<Value, ValueError> {
        ser::SerializeMap::end(self)
    }
}

/// A tuple or struct variant: its name and its fields.
pub(crate) struct VariantSerializer<S>(&'static str, S);

impl ser::SerializeTupleVariant for VariantSerializer<SeqSerializer> {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        ser::SerializeSeq::serialize_element(&mut self.1, value)
    }

    fn end(self) -> Result<Value, ValueError> {
        Ok(variant_value(self.0, ser::SerializeSeq::end(self.1)?))
    }
}

impl ser::SerializeStructVariant for VariantSerializer<MapSerializer> {
    type Ok = Value;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, value)
    }

    fn end(self) -> Result<Value, ValueError> {
        Ok(variant_value(self.0, ser::SerializeMap::end(self.1)?))
    }
}
