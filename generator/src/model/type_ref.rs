//! A Rust type as a field, parameter or body uses it, and how it reads to a caller.

/// A Rust type as used at a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A value that may be `null` where no field's optionality says so: a nullable array
    /// item or map value (`Option<T>`).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The named type inside this type, through arrays and maps.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// The type as a caller writes it: named types without the `types::` path, for the
    /// README, the API surface and change reports.
    pub fn caller_text(&self) -> String {
        match self {
            TypeRef::Named(n) => n.clone(),
            TypeRef::String => "String".into(),
            TypeRef::I32 => "i32".into(),
            TypeRef::I64 => "i64".into(),
            TypeRef::F32 => "f32".into(),
            TypeRef::F64 => "f64".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::Bytes => "Vec<u8>".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Array(inner) => format!("Vec<{}>", inner.caller_text()),
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", inner.caller_text()),
            TypeRef::Nullable(inner) => format!("Option<{}>", inner.caller_text()),
        }
    }

    /// A short name for a union variant holding this type.
    pub(super) fn variant_name(&self) -> String {
        match self {
            TypeRef::Named(n) => n.clone(),
            TypeRef::String => "String".into(),
            TypeRef::I32 | TypeRef::I64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Json => "Json".into(),
            TypeRef::Array(inner) => format!("{}List", inner.variant_name()),
            TypeRef::Map(inner) => format!("{}Map", inner.variant_name()),
            TypeRef::Nullable(inner) => format!("{}OrNull", inner.variant_name()),
        }
    }
}
