//! `Nullable<T>`: the three states of an optional field that may also be `null`, for
//! requests that must tell "leave it" from "clear it" (a PATCH). Copied into crates that
//! have such fields, and re-exported from their `types` module.

use serde::{Deserialize, Serialize};

/// An optional field that may also be `null`: `Absent` is left out of the JSON
/// (the default), `Null` is sent as `null`, `Value` as the value. Decoding gives
/// `Absent` for a missing field and `Null` for `null`.
///
/// `From<T>`, `From<&str>` and `From<Option<T>>` (`None` → `Null`) make values, so a
/// struct's setter takes any of them: `.with_nickname("x")`, `.with_nickname(Nullable::Null)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent (not received).
    #[default]
    Absent,
    /// Sent (received) as `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, dereferenced (`Option<&str>` for a `Nullable<String>`).
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.as_ref().map(|value| &**value)
    }

    /// The value, if there is one (absent and `null` both give `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    /// A text value, as string fields take `impl Into<String>`.
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_string())
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
