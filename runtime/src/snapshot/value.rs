//! [`Value`]: a captured value in serde's data model, kept without its
//! type, so that a [`Snapshot`](crate::Snapshot) can be read back by a
//! program that does not know the types until it restores.
//!
//! A value is written in one of two forms, chosen by the format:
//!
//! - **Natural**, for formats that say they are human-readable (JSON, YAML,
//!   RON, TOML): as the value itself would be written, `[10.0, 11.0]` for a
//!   `Vec<f64>`, `{"x": 1}` for a struct, `"Red"` for a unit variant and
//!   `{"Some": 3}` for a variant with content. These formats describe
//!   themselves, so the value is read back by kind (`deserialize_any`), and
//!   what the text cannot tell apart (an `i32` from a `u8`, `None` from
//!   `()`, a map key `1` from `"1"`) is told apart when the value is
//!   restored into its type ([`super::de`]). What JSON cannot write at all
//!   is written as a string: a float that is not finite (`"NaN"`, `"inf"`)
//!   and a 128-bit integer that does not fit 64 bits.
//! - **Tagged**, for binary formats (postcard, bincode), which do not
//!   describe themselves: an enum, each value preceded by its kind, read
//!   back without `deserialize_any`.

use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A value in serde's data model. Integers keep their sign and width class,
/// structs become maps keyed by field name, newtype structs are
/// transparent, enum variants keep their name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// `()`, a unit struct.
    Unit,
    Bool(bool),
    /// Any signed integer up to 64 bits.
    I64(i64),
    /// Any unsigned integer up to 64 bits.
    U64(u64),
    I128(i128),
    U128(u128),
    F32(f32),
    F64(f64),
    Char(char),
    Str(String),
    Bytes(Vec<u8>),
    /// `Option::None`.
    None,
    /// `Option::Some`.
    Some(Box<Value>),
    /// A sequence, a tuple, a tuple struct.
    Seq(Vec<Value>),
    /// A map, or a struct keyed by its field names, in order.
    Map(Vec<(Value, Value)>),
    /// An enum variant: its name and its content (`Unit` for a unit
    /// variant, a `Seq` for a tuple variant, a `Map` for a struct variant).
    Variant(Box<(String, Value)>),
    /// A sequence of `F64`s only, packed: a `Vec<f64>` costs one
    /// allocation, and a binary format writes it without a kind per
    /// element.
    F64s(Vec<f64>),
    /// A sequence of `I64`s only, packed.
    I64s(Vec<i64>),
    /// A sequence of `U64`s only, packed.
    U64s(Vec<u64>),
}

impl Value {
    /// Whether the value holds text or bytes anywhere: the only data a
    /// type's `Deserialize` can borrow, so the only values that may not
    /// restore into their own type.
    pub(crate) fn holds_text(&self) -> bool {
        match self {
            Value::Str(_) | Value::Bytes(_) => true,
            Value::Some(v) => v.holds_text(),
            Value::Seq(v) => v.iter().any(Value::holds_text),
            Value::Map(v) => v.iter().any(|(k, v)| k.holds_text() || v.holds_text()),
            Value::Variant(variant) => variant.1.holds_text(),
            _ => false,
        }
    }
}

/// The elements of a sequence as they come, packed while they are all
/// numbers of one kind.
pub(crate) enum Elements {
    /// None yet: room for this many.
    Empty(usize),
    F64s(Vec<f64>),
    I64s(Vec<i64>),
    U64s(Vec<u64>),
    Mixed(Vec<Value>),
}

impl Elements {
    pub(crate) fn new(capacity: usize) -> Elements {
        Elements::Empty(capacity)
    }

    #[inline]
    pub(crate) fn push(&mut self, value: Value) {
        match (&mut *self, value) {
            (Elements::F64s(v), Value::F64(x)) => v.push(x),
            (Elements::I64s(v), Value::I64(x)) => v.push(x),
            (Elements::U64s(v), Value::U64(x)) => v.push(x),
            (Elements::Mixed(v), value) => v.push(value),
            (Elements::Empty(capacity), value) => {
                let capacity = *capacity;
                *self = match value {
                    Value::F64(x) => Elements::F64s(first(capacity, x)),
                    Value::I64(x) => Elements::I64s(first(capacity, x)),
                    Value::U64(x) => Elements::U64s(first(capacity, x)),
                    value => Elements::Mixed(first(capacity, value)),
                };
            }
            (packed, value) => {
                let mut mixed: Vec<Value> = match core::mem::replace(packed, Elements::Empty(0)) {
                    Elements::F64s(v) => v.into_iter().map(Value::F64).collect(),
                    Elements::I64s(v) => v.into_iter().map(Value::I64).collect(),
                    Elements::U64s(v) => v.into_iter().map(Value::U64).collect(),
                    Elements::Empty(_) | Elements::Mixed(_) => Vec::new(),
                };
                mixed.push(value);
                *packed = Elements::Mixed(mixed);
            }
        }
    }

    pub(crate) fn finish(self) -> Value {
        match self {
            Elements::Empty(_) => Value::Seq(Vec::new()),
            Elements::F64s(v) => Value::F64s(v),
            Elements::I64s(v) => Value::I64s(v),
            Elements::U64s(v) => Value::U64s(v),
            Elements::Mixed(v) => Value::Seq(v),
        }
    }
}

fn first<T>(capacity: usize, x: T) -> Vec<T> {
    let mut v = Vec::with_capacity(capacity.max(1));
    v.push(x);
    v
}

/// A float in the natural form: a number, or its name when JSON has none.
struct Float(f64);

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            serializer.serialize_f64(self.0)
        } else {
            serializer.collect_str(&self.0)
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            self.serialize_natural(serializer)
        } else {
            Tagged::from(self).serialize(serializer)
        }
    }
}

impl Value {
    /// The natural form: the value as its own type would be written.
    fn serialize_natural<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Unit => serializer.serialize_unit(),
            Value::None => serializer.serialize_none(),
            Value::Bool(v) => serializer.serialize_bool(*v),
            Value::I64(v) => serializer.serialize_i64(*v),
            Value::U64(v) => serializer.serialize_u64(*v),
            Value::I128(v) => match i64::try_from(*v) {
                Ok(v) => serializer.serialize_i64(v),
                Err(_) => serializer.collect_str(v),
            },
            Value::U128(v) => match u64::try_from(*v) {
                Ok(v) => serializer.serialize_u64(v),
                Err(_) => serializer.collect_str(v),
            },
            Value::F32(v) if v.is_finite() => serializer.serialize_f32(*v),
            Value::F64(v) if v.is_finite() => serializer.serialize_f64(*v),
            // `NaN`, `inf`, `-inf`: what `str::parse` reads back.
            Value::F32(v) => serializer.collect_str(v),
            Value::F64(v) => serializer.collect_str(v),
            Value::Char(v) => serializer.serialize_char(*v),
            Value::Str(v) => serializer.serialize_str(v),
            Value::Bytes(v) => serializer.serialize_bytes(v),
            Value::Some(v) => serializer.serialize_some(&**v),
            Value::Seq(v) => serializer.collect_seq(v),
            Value::F64s(v) => serializer.collect_seq(v.iter().map(|&x| Float(x))),
            Value::I64s(v) => serializer.collect_seq(v),
            Value::U64s(v) => serializer.collect_seq(v),
            Value::Map(v) => serializer.collect_map(v.iter().map(|(k, v)| (k, v))),
            Value::Variant(variant) => match &**variant {
                (name, Value::Unit) => serializer.serialize_str(name),
                (name, content) => {
                    let mut map = serializer.serialize_map(Some(1))?;
                    map.serialize_entry(name, content)?;
                    map.end()
                }
            },
        }
    }
}

/// The tagged form, written: `Value` with its contents borrowed. Its
/// variants are `Value`'s, in the same order, so that [`Owned`] reads
/// what it writes.
#[derive(serde::Serialize)]
#[serde(rename = "Value")]
enum Tagged<'a> {
    Unit,
    Bool(bool),
    I64(i64),
    U64(u64),
    I128(i128),
    U128(u128),
    F32(f32),
    F64(f64),
    Char(char),
    Str(&'a str),
    Bytes(#[serde(with = "bytes")] &'a [u8]),
    None,
    Some(&'a Value),
    Seq(&'a [Value]),
    Map(&'a [(Value, Value)]),
    Variant(&'a str, &'a Value),
    F64s(#[serde(with = "floats")] &'a [f64]),
    I64s(&'a [i64]),
    U64s(&'a [u64]),
}

/// The tagged form, read.
#[derive(serde::Deserialize)]
#[serde(rename = "Value")]
enum Owned {
    Unit,
    Bool(bool),
    I64(i64),
    U64(u64),
    I128(i128),
    U128(u128),
    F32(f32),
    F64(f64),
    Char(char),
    Str(String),
    Bytes(#[serde(with = "bytes")] Vec<u8>),
    None,
    Some(Box<Value>),
    Seq(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Variant(String, Value),
    F64s(#[serde(with = "floats")] Vec<f64>),
    I64s(Vec<i64>),
    U64s(Vec<u64>),
}

impl<'a> From<&'a Value> for Tagged<'a> {
    fn from(value: &'a Value) -> Tagged<'a> {
        match value {
            Value::Unit => Tagged::Unit,
            Value::Bool(v) => Tagged::Bool(*v),
            Value::I64(v) => Tagged::I64(*v),
            Value::U64(v) => Tagged::U64(*v),
            Value::I128(v) => Tagged::I128(*v),
            Value::U128(v) => Tagged::U128(*v),
            Value::F32(v) => Tagged::F32(*v),
            Value::F64(v) => Tagged::F64(*v),
            Value::Char(v) => Tagged::Char(*v),
            Value::Str(v) => Tagged::Str(v),
            Value::Bytes(v) => Tagged::Bytes(v),
            Value::None => Tagged::None,
            Value::Some(v) => Tagged::Some(v),
            Value::Seq(v) => Tagged::Seq(v),
            Value::Map(v) => Tagged::Map(v),
            Value::Variant(variant) => Tagged::Variant(&variant.0, &variant.1),
            Value::F64s(v) => Tagged::F64s(v),
            Value::I64s(v) => Tagged::I64s(v),
            Value::U64s(v) => Tagged::U64s(v),
        }
    }
}

impl From<Owned> for Value {
    fn from(value: Owned) -> Value {
        match value {
            Owned::Unit => Value::Unit,
            Owned::Bool(v) => Value::Bool(v),
            Owned::I64(v) => Value::I64(v),
            Owned::U64(v) => Value::U64(v),
            Owned::I128(v) => Value::I128(v),
            Owned::U128(v) => Value::U128(v),
            Owned::F32(v) => Value::F32(v),
            Owned::F64(v) => Value::F64(v),
            Owned::Char(v) => Value::Char(v),
            Owned::Str(v) => Value::Str(v),
            Owned::Bytes(v) => Value::Bytes(v),
            Owned::None => Value::None,
            Owned::Some(v) => Value::Some(v),
            Owned::Seq(v) => Value::Seq(v),
            Owned::Map(v) => Value::Map(v),
            Owned::Variant(name, content) => Value::Variant(Box::new((name, content))),
            Owned::F64s(v) => Value::F64s(v),
            Owned::I64s(v) => Value::I64s(v),
            Owned::U64s(v) => Value::U64s(v),
        }
    }
}

/// Bytes as serde's bytes type (one length and the bytes, in binary
/// formats), rather than as a sequence of numbers.
mod bytes {
    use core::fmt;
    use serde::{Deserializer, Serializer, de};

    // The signature `#[serde(with)]` calls.
    #[allow(clippy::ref_option_ref, clippy::trivially_copy_pass_by_ref)]
    pub(super) fn serialize<S: Serializer>(
        bytes: &&[u8],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl<'de> de::Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(byte) = seq.next_element()? {
                    bytes.push(byte);
                }
                Ok(bytes)
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

/// Floats as one run of bytes, eight little-endian bytes each: a binary
/// format copies them in one go, where element by element it spends more
/// time than the rest of a snapshot.
mod floats {
    use core::fmt;
    use serde::{Deserializer, Serializer, de};

    // The signature `#[serde(with)]` calls.
    #[allow(clippy::ref_option_ref, clippy::trivially_copy_pass_by_ref)]
    pub(super) fn serialize<S: Serializer>(
        floats: &&[f64],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(floats.len() * 8);
        for x in *floats {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        serializer.serialize_bytes(&bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<f64>, D::Error> {
        struct Floats;
        impl de::Visitor<'_> for Floats {
            type Value = Vec<f64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("floats as eight little-endian bytes each")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<f64>, E> {
                let chunks = v.chunks_exact(8);
                if !chunks.remainder().is_empty() {
                    return Err(E::invalid_length(v.len(), &self));
                }
                Ok(chunks
                    .map(|chunk| {
                        let mut bytes = [0; 8];
                        bytes.copy_from_slice(chunk);
                        f64::from_le_bytes(bytes)
                    })
                    .collect())
            }
        }
        deserializer.deserialize_bytes(Floats)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(Natural)
        } else {
            Owned::deserialize(deserializer).map(Value::from)
        }
    }
}

/// Reads the natural form, by kind.
struct Natural;

impl<'de> Visitor<'de> for Natural {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a captured value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::U64(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::I128(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::U128(v))
    }

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Value, E> {
        Ok(Value::F32(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::F64(v))
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<Value, E> {
        Ok(Value::Char(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer).map(|v| Value::Some(Box::new(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Unit)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut elements = Elements::new(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(value) = seq.next_element()? {
            elements.push(value);
        }
        Ok(elements.finish())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess as _;
        let (name, variant): (String, _) = data.variant()?;
        let content = variant.newtype_variant()?;
        Ok(Value::Variant(Box::new((name, content))))
    }
}
