//! Restoring: a [`Value`] into a value of its type.
//!
//! The deserializer lends out no data (strings and bytes are visited as
//! transient, `visit_str` rather than `visit_borrowed_str`), so it is a
//! `Deserializer<'de>` for every `'de`, `'static` included: the probe can
//! ask for `Deserialize<'static>`, which rustc's method lookup decides
//! without lifetimes, rather than `DeserializeOwned`, which it cannot (it
//! would pick the serde level for a `&'static str` and then fail to
//! compile). A type that must borrow (`&'static str`) gets an error here
//! instead, which `snapshot` finds when it checks the value.
//!
//! The value is visited by what it holds, and serde's own visitors convert
//! (an `i32` field accepts a `U64` in range, an `f32` an `F64`). On top of
//! that, this deserializer tells apart what the natural form of a
//! human-readable format could not keep ([`super::value`]): a `()` or
//! `None` read as null, an enum written as its variant's name or as a
//! one-entry map, and numbers written as strings (map keys in JSON, floats
//! that are not finite, 128-bit integers beyond 64 bits), which are parsed
//! when the type asks for a number.

use super::ValueError;
use super::value::Value;
use core::str::FromStr;
use serde::de::{self, Deserialize, DeserializeSeed, Visitor};

/// Deserializes a `T` out of a [`Value`].
pub(crate) fn from_value<T: Deserialize<'static>>(value: &Value) -> Result<T, ValueError> {
    T::deserialize(Owned(value))
}

/// A value to deserialize from, lending nothing out.
#[derive(Clone, Copy)]
struct Owned<'a>(&'a Value);

impl Value {
    /// What the value is, for errors: serde's words ("a string").
    fn unexpected(&self) -> de::Unexpected<'_> {
        use de::Unexpected;
        match self {
            Value::Unit => Unexpected::Unit,
            Value::Bool(v) => Unexpected::Bool(*v),
            Value::I64(v) => Unexpected::Signed(*v),
            Value::U64(v) => Unexpected::Unsigned(*v),
            Value::I128(_) | Value::U128(_) => Unexpected::Other("a 128-bit integer"),
            Value::F32(v) => Unexpected::Float(f64::from(*v)),
            Value::F64(v) => Unexpected::Float(*v),
            Value::Char(v) => Unexpected::Char(*v),
            Value::Str(v) => Unexpected::Str(v),
            Value::Bytes(v) => Unexpected::Bytes(v),
            Value::None | Value::Some(_) => Unexpected::Option,
            Value::Seq(_) | Value::F64s(_) | Value::I64s(_) | Value::U64s(_) => Unexpected::Seq,
            Value::Map(_) => Unexpected::Map,
            Value::Variant(_) => Unexpected::Enum,
        }
    }
}

/// Parses a number written as a string, or visits the value as it is.
macro_rules! parsed {
    ($($method:ident $ty:ty => $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
            match self.0 {
                Value::Str(text) => match <$ty>::from_str(text) {
                    Ok(v) => visitor.$visit(v),
                    Err(_) => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
                },
                _ => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Owned<'_> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            Value::Unit => visitor.visit_unit(),
            Value::Bool(v) => visitor.visit_bool(*v),
            Value::I64(v) => visitor.visit_i64(*v),
            Value::U64(v) => visitor.visit_u64(*v),
            Value::I128(v) => visitor.visit_i128(*v),
            Value::U128(v) => visitor.visit_u128(*v),
            Value::F32(v) => visitor.visit_f32(*v),
            Value::F64(v) => visitor.visit_f64(*v),
            Value::Char(v) => visitor.visit_char(*v),
            Value::Str(v) => visitor.visit_str(v),
            Value::Bytes(v) => visitor.visit_bytes(v),
            Value::None => visitor.visit_none(),
            Value::Some(v) => visitor.visit_some(Owned(v)),
            Value::Seq(v) => visit_seq(v, visitor),
            Value::F64s(v) => visit_packed(v, visitor),
            Value::I64s(v) => visit_packed(v, visitor),
            Value::U64s(v) => visit_packed(v, visitor),
            Value::Map(v) => visitor.visit_map(MapAccess {
                entries: v.iter(),
                value: None,
            }),
            Value::Variant(variant) => visitor.visit_enum(EnumAccess(&variant.0, &variant.1)),
        }
    }

    parsed! {
        deserialize_bool bool => visit_bool;
        deserialize_i8 i8 => visit_i8;
        deserialize_i16 i16 => visit_i16;
        deserialize_i32 i32 => visit_i32;
        deserialize_i64 i64 => visit_i64;
        deserialize_i128 i128 => visit_i128;
        deserialize_u8 u8 => visit_u8;
        deserialize_u16 u16 => visit_u16;
        deserialize_u32 u32 => visit_u32;
        deserialize_u64 u64 => visit_u64;
        deserialize_u128 u128 => visit_u128;
        deserialize_f32 f32 => visit_f32;
        deserialize_f64 f64 => visit_f64;
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            Value::Str(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => visitor.visit_char(c),
                    _ => visitor.visit_str(text),
                }
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            // Null in a human-readable format.
            Value::Unit | Value::None => visitor.visit_none(),
            Value::Some(v) => visitor.visit_some(Owned(v)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            Value::Unit | Value::None => visitor.visit_unit(),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.0 {
            Value::Variant(variant) => visitor.visit_enum(EnumAccess(&variant.0, &variant.1)),
            // The natural form: a unit variant's name, or `{name: content}`.
            Value::Str(name) => visitor.visit_enum(EnumAccess(name, &Value::Unit)),
            Value::Map(entries) => match entries.as_slice() {
                [(Value::Str(name), content)] => visitor.visit_enum(EnumAccess(name, content)),
                _ => Err(de::Error::invalid_value(
                    self.0.unexpected(),
                    &"a map with a single key, the variant's name",
                )),
            },
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        str string bytes byte_buf seq tuple tuple_struct map struct
    }
}

fn visit_seq<'de, V: Visitor<'de>>(values: &[Value], visitor: V) -> Result<V::Value, ValueError> {
    let mut seq = SeqAccess(values.iter());
    let value = visitor.visit_seq(&mut seq)?;
    match seq.0.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(values.len(), &"fewer elements")),
    }
}

/// Visits packed numbers as a sequence.
fn visit_packed<'de, T, V>(numbers: &[T], visitor: V) -> Result<V::Value, ValueError>
where
    T: Copy + de::IntoDeserializer<'de, ValueError>,
    V: Visitor<'de>,
{
    let mut seq = de::value::SeqDeserializer::new(numbers.iter().copied());
    let value = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(value)
}

struct SeqAccess<'a>(core::slice::Iter<'a, Value>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = ValueError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ValueError> {
        self.0
            .next()
            .map(|value| seed.deserialize(Owned(value)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAccess<'a> {
    entries: core::slice::Iter<'a, (Value, Value)>,
    /// The value of the entry whose key was just read.
    value: Option<&'a Value>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = ValueError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ValueError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Owned(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ValueError> {
        match self.value.take() {
            Some(value) => seed.deserialize(Owned(value)),
            None => Err(de::Error::custom("a map value read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A variant's name and its content.
struct EnumAccess<'a>(&'a str, &'a Value);

impl<'de, 'a> de::EnumAccess<'de> for EnumAccess<'a> {
    type Error = ValueError;
    type Variant = Owned<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Owned<'a>), ValueError> {
        let name = de::value::StrDeserializer::<ValueError>::new(self.0);
        Ok((seed.deserialize(name)?, Owned(self.1)))
    }
}

impl<'de> de::VariantAccess<'de> for Owned<'_> {
    type Error = ValueError;

    fn unit_variant(self) -> Result<(), ValueError> {
        match self.0 {
            Value::Unit | Value::None => Ok(()),
            _ => Err(de::Error::invalid_type(
                self.0.unexpected(),
                &"a unit variant",
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ValueError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
