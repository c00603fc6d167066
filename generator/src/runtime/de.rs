//! Decoding a JSON object into a generated struct, with one shared visitor and one shared
//! key reader instead of serde's derive.
//!
//! What the derive would write per struct (a field enum with three visitors, a sequence
//! visitor, a map visitor) is most of a large crate's compile time; here a struct writes
//! only its field list and the arms that store each field. Behaviour is the derive's:
//! unknown fields are skipped, a repeated field and a missing required one are errors
//! with the derive's messages, a missing field whose type accepts "no value" (`Option`)
//! is `None`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, Visitor};

/// A struct decoded from a JSON object by [`Object`].
pub(crate) trait FromObject: Sized {
    /// What the error says was expected (`struct Media`, as the derive says).
    const EXPECTING: &'static str;

    /// Reads the object's entries; [`Keys`] turns each key into a field's index.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes `T` from an object (and from nothing else).
pub(crate) fn decode_object<'de, T: FromObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(Object(PhantomData))
}

struct Object<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for Object<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads one key: the index of the field it names (`index_of`, a `match` on the names the
/// macro writes per struct, as fast as the derive's), or `fields.len()` for a key the
/// struct does not know.
pub(crate) struct Keys {
    pub fields: &'static [&'static str],
    pub index_of: fn(&str) -> Option<usize>,
}

impl<'de> DeserializeSeed<'de> for Keys {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Keys {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<usize, E> {
        Ok((self.index_of)(key).unwrap_or(self.fields.len()))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Ok(self.fields.len()),
        }
    }

    fn visit_u64<E: Error>(self, index: u64) -> Result<usize, E> {
        // Formats that key fields by position (not JSON): the derive accepts them too.
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        Ok(index.min(self.fields.len()))
    }
}

/// A required field's value, or what its type makes of no value: `None` for an `Option`,
/// the derive's "missing field" error for anything else.
pub(crate) fn required<'de, T: serde::Deserialize<'de>, E: Error>(
    value: Option<T>,
    field: &'static str,
) -> Result<T, E> {
    match value {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(field, PhantomData)),
    }
}

/// A deserializer standing for a field that is not there.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// `Deserialize` for a generated struct, through [`FromObject`]: the struct's name, then
/// per field its index, its Rust name, its JSON name, and `opt` (may be left out: it starts
/// at its type's default, `None` or `Absent`) or `req` (must be there, unless its type takes
/// "no value"). A macro rather than the code written out per struct: the same compiled code
/// (measured: the same build time and memory), a fraction of the text to generate and read.
/// The `@` rules are its parts per kind of field.
// Unused in a crate with none to describe (no operations or structs, or all behind an off
// feature).
#[allow(unused_macros)]
macro_rules! object {
    (@finish opt $field:ident $wire:literal) => { $field.unwrap_or_default() };
    (@finish req $field:ident $wire:literal) => { $crate::de::required($field, $wire)? };
    ($name:ident {}) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::de::decode_object(deserializer)
            }
        }
        impl $crate::de::FromObject for $name {
            const EXPECTING: &'static str = concat!("struct ", stringify!($name));
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Self {})
            }
        }
    };
    ($name:ident { $($index:literal $field:ident $wire:literal $kind:ident,)+ }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::de::decode_object(deserializer)
            }
        }
        impl $crate::de::FromObject for $name {
            const EXPECTING: &'static str = concat!("struct ", stringify!($name));
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                const FIELDS: &[&str] = &[$($wire),+];
                $(let mut $field = None;)+
                while let Some(key) = map.next_key_seed($crate::de::Keys {
                    fields: FIELDS,
                    index_of: |key| match key {
                        $($wire => Some($index),)+
                        _ => None,
                    },
                })? {
                    match key {
                        // A repeated field is an error, as with the derive; checking here
                        // also tells the compiler there is no old value to drop.
                        $($index => {
                            if $field.is_some() {
                                return Err(serde::de::Error::duplicate_field($wire));
                            }
                            $field = Some(map.next_value()?);
                        })+
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Self {
                    $($field: $crate::de::object!(@finish $kind $field $wire),)+
                })
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use object;
