//! What a schema's keywords say: whether it needs a type of its own, its composition, its
//! enum values and their variant names, the Rust type of its `type` and `format`, and a
//! union's discriminator tags.

use serde_json::{Map, Value};

use super::naming::{self, Namer};
use super::schema::{COMPONENTS, unescape};
use super::{EnumValue, TypeRef};
use crate::diagnostic::join;
use crate::load::Spec;

/// Whether a schema needs a Rust type of its own.
pub(super) fn needs_definition(obj: &Map<String, Value>) -> bool {
    if string_enum(obj).is_some()
        || int_enum(obj).is_some()
        || bool_enum(obj).is_some()
        || has_properties(obj)
    {
        return true;
    }
    if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
        return parts.len() > 1 || has_properties(obj);
    }
    match obj
        .get("oneOf")
        .or_else(|| obj.get("anyOf"))
        .and_then(Value::as_array)
    {
        Some(parts) => parts.iter().filter(|p| !is_null_schema(p)).count() > 1,
        None => false,
    }
}

pub(super) fn composition(obj: &Map<String, Value>) -> Option<&[Value]> {
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_array))
        .map(Vec::as_slice)
}

pub(super) fn composition_key(pointer: &str, _parts: &[Value], spec: &Spec) -> String {
    let obj = spec.root.pointer(pointer).and_then(Value::as_object);
    let key = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .find(|k| obj.is_some_and(|o| o.contains_key(*k)))
        .unwrap_or("allOf");
    join(pointer, key)
}

pub(super) fn has_properties(obj: &Map<String, Value>) -> bool {
    obj.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

pub(super) fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}

/// The string values of a string enum (nulls dropped), if the schema is one. Without a
/// `type`, every value must be a string: an enum of several JSON types (`[auto, 1, true]`)
/// stays free-form JSON, since a string enum could not decode the others.
pub(super) fn string_enum(obj: &Map<String, Value>) -> Option<Vec<String>> {
    let values = obj.get("enum")?.as_array()?;
    let is_string = match obj.get("type").and_then(Value::as_str) {
        Some("string") => true,
        None => values.iter().all(|v| v.is_string() || v.is_null()),
        Some(_) => false,
    };
    let strings: Vec<String> = values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    (is_string && !strings.is_empty()).then_some(strings)
}

/// The values of an integer enum (nulls dropped), if the schema is one.
pub(super) fn int_enum(obj: &Map<String, Value>) -> Option<Vec<i64>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").and_then(Value::as_str) != Some("integer") {
        return None;
    }
    let mut ints: Vec<i64> = Vec::new();
    for v in values.iter().filter(|v| !v.is_null()) {
        let i = v.as_i64()?;
        if !ints.contains(&i) {
            ints.push(i);
        }
    }
    (!ints.is_empty()).then_some(ints)
}

/// The values of a boolean enum (nulls dropped), if the schema is one.
pub(super) fn bool_enum(obj: &Map<String, Value>) -> Option<Vec<bool>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").and_then(Value::as_str) != Some("boolean") {
        return None;
    }
    let mut bools: Vec<bool> = Vec::new();
    for v in values.iter().filter(|v| !v.is_null()) {
        let b = v.as_bool()?;
        if !bools.contains(&b) {
            bools.push(b);
        }
    }
    (!bools.is_empty()).then_some(bools)
}

/// Variants of an integer enum: named by `x-enum-varnames` (or `x-enumNames`) when the spec
/// gives one name per value, else `V<n>` (`Minus<n>` for negative values).
pub(super) fn int_enum_values(obj: &Map<String, Value>, values: &[i64]) -> Vec<EnumValue> {
    let names: Option<Vec<&str>> = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_array))
        .and_then(|a| a.iter().map(Value::as_str).collect())
        .filter(|n: &Vec<&str>| n.len() == values.len());
    let mut namer = Namer::with_reserved(&["Unknown"]);
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let wanted = match &names {
                Some(n) if !naming::camel(n[i]).is_empty() => naming::camel(n[i]),
                _ if *v < 0 => format!("Minus{}", v.unsigned_abs()),
                _ => format!("V{v}"),
            };
            EnumValue {
                variant: namer.claim(&wanted),
                wire: v.to_string(),
            }
        })
        .collect()
}

pub(super) fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut namer = Namer::with_reserved(&["Unknown"]);
    let mut out: Vec<EnumValue> = Vec::new();
    for v in values {
        if out.iter().any(|e| &e.wire == v) {
            continue;
        }
        let wanted = if v.is_empty() {
            "Empty".to_string()
        } else {
            naming::camel(v)
        };
        out.push(EnumValue {
            variant: namer.claim(&wanted),
            wire: v.clone(),
        });
    }
    out
}

pub(super) fn string_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("binary") => TypeRef::Bytes,
        _ => TypeRef::String,
    }
}

pub(super) fn integer_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("int32") => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

pub(super) fn number_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("float") => TypeRef::F32,
        _ => TypeRef::F64,
    }
}

/// Discriminator values naming a variant: mapping entries pointing at it, else its
/// component name (the OpenAPI default).
pub(super) fn tags_for(part: &Value, mapping: Option<&Map<String, Value>>) -> Vec<String> {
    let Some(r) = part.get("$ref").and_then(Value::as_str) else {
        return Vec::new();
    };
    let mapped: Vec<String> = mapping
        .into_iter()
        .flatten()
        .filter(|(_, target)| {
            target
                .as_str()
                .is_some_and(|t| t == r || r.strip_prefix(COMPONENTS) == Some(t))
        })
        .map(|(tag, _)| tag.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    r.strip_prefix(COMPONENTS)
        .map(|k| vec![unescape(k)])
        .unwrap_or_default()
}

/// `PlaylistManual` inside `Playlist` reads better as `Manual`.
pub(super) fn strip_prefix_name(variant: &str, union: &str) -> String {
    match variant.strip_prefix(union) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => variant.to_string(),
    }
}
