//! A typed view of one schema object and the place it is in the spec. The document stays a
//! `serde_json::Value` at the load boundary (typed OpenAPI structs would lose `$ref` siblings,
//! non-`x-` keys and located errors, and cannot hold 3.1), but the model reads a schema's
//! keywords only through these methods, so each keyword is read in one place, every
//! sub-schema carries its own pointer, and the keywords the generator does not enforce are
//! known (see [`SchemaView::unenforced_keywords`]).

use serde_json::{Map, Value};

use super::naming::{self, Namer};
use super::schema::{COMPONENTS, unescape};
use super::{EnumValue, TypeRef};
use crate::diagnostic::join;

/// Keywords that constrain values in ways the generated types do not enforce: the Rust type
/// accepts values they would forbid (or leaves out what they add). Listed under "Not
/// generated" so the reader knows.
const UNENFORCED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "prefixItems",
    "$dynamicRef",
    "$recursiveRef",
];

/// Keywords that describe a value without constraining it: a schema of these alone (an
/// `allOf` part that only adds a description to a `$ref`, as AWS's specs write every
/// property) is not a part of the type.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "$comment",
];

/// Whether `schema` is an object of annotations (and `x-` extensions) only.
pub fn annotation_only(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        !o.is_empty()
            && o.keys()
                .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}

/// A schema (an object, or `true`/`false` and other values that allow anything) and its
/// JSON pointer.
#[derive(Debug, Clone)]
pub struct SchemaView<'a> {
    value: &'a Value,
    pointer: String,
}

impl<'a> SchemaView<'a> {
    pub fn new(value: &'a Value, pointer: impl Into<String>) -> Self {
        SchemaView {
            value,
            pointer: pointer.into(),
        }
    }

    /// The schema at `pointer`, or one that allows anything when the spec gives none there
    /// (an absent `schema` or `items`).
    pub fn maybe(value: Option<&'a Value>, pointer: impl Into<String>) -> Self {
        static ANYTHING: Value = Value::Null;
        SchemaView::new(value.unwrap_or(&ANYTHING), pointer)
    }

    pub fn value(&self) -> &'a Value {
        self.value
    }

    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    fn obj(&self) -> Option<&'a Map<String, Value>> {
        self.value.as_object()
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj()?.get(key)
    }

    fn text(&self, key: &str) -> Option<&'a str> {
        self.get(key)?.as_str()
    }

    /// The sub-schema under `key` (`items`, `additionalProperties`), with its pointer.
    fn child(&self, key: &str) -> Option<SchemaView<'a>> {
        let value = self.get(key)?;
        Some(SchemaView::new(value, join(&self.pointer, key)))
    }

    /// `contentSchema` (JSON Schema 2020-12): what a string's content decodes to.
    pub fn content_schema(&self) -> Option<SchemaView<'a>> {
        self.child("contentSchema")
    }

    /// Whether the schema combines others (`oneOf`, `anyOf`, `allOf`).
    pub fn is_composition(&self) -> bool {
        ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| self.get(k).is_some())
    }

    /// Whether the schema is an object (anything else allows any value).
    pub fn is_object(&self) -> bool {
        self.obj().is_some()
    }

    pub fn reference(&self) -> Option<&'a str> {
        self.text("$ref")
    }

    pub fn has_reference(&self) -> bool {
        self.get("$ref").is_some()
    }

    pub fn nullable(&self) -> bool {
        self.get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `readOnly`, `writeOnly` and other boolean keywords (absent: false).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    pub fn type_name(&self) -> Option<&'a str> {
        self.text("type")
    }

    /// `type: null` (a branch of a 3.1 type list, or a nullable composition).
    pub fn is_null_schema(&self) -> bool {
        self.type_name() == Some("null")
    }

    /// See [`annotation_only`].
    pub fn is_annotation_only(&self) -> bool {
        annotation_only(self.value)
    }

    pub fn items(&self) -> SchemaView<'a> {
        SchemaView::maybe(self.get("items"), join(&self.pointer, "items"))
    }

    pub fn has_additional_properties(&self) -> bool {
        self.get("additionalProperties").is_some()
    }

    /// `additionalProperties`: `Some(true)`-like values and schemas as a view.
    pub fn additional_properties(&self) -> Option<SchemaView<'a>> {
        self.child("additionalProperties")
    }

    /// The first of `allOf`, `oneOf`, `anyOf` the schema has, and its parts.
    pub fn composition(&self) -> Option<(&'static str, Vec<SchemaView<'a>>)> {
        ["allOf", "oneOf", "anyOf"]
            .into_iter()
            .find_map(|key| Some((key, self.parts(key)?)))
    }

    /// `oneOf`, else `anyOf`: the alternatives of a union.
    pub fn alternatives(&self) -> Option<(&'static str, Vec<SchemaView<'a>>)> {
        ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|key| Some((key, self.parts(key)?)))
    }

    /// The parts of `allOf`, `oneOf` or `anyOf`, each with its pointer.
    pub fn parts(&self, key: &str) -> Option<Vec<SchemaView<'a>>> {
        let list = self.get(key)?.as_array()?;
        let at = join(&self.pointer, key);
        Some(
            list.iter()
                .enumerate()
                .map(|(i, part)| SchemaView::new(part, format!("{at}/{i}")))
                .collect(),
        )
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// `properties`, in order, each with its pointer.
    pub fn properties(&self) -> Vec<(&'a str, SchemaView<'a>)> {
        let Some(props) = self.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        let at = join(&self.pointer, "properties");
        props
            .iter()
            .map(|(wire, prop)| (wire.as_str(), SchemaView::new(prop, join(&at, wire))))
            .collect()
    }

    /// Whether `properties` is a mapping (possibly empty).
    pub fn declares_properties(&self) -> bool {
        self.get("properties").is_some_and(Value::is_object)
    }

    pub fn format(&self) -> Option<&'a str> {
        self.text("format")
    }

    /// Whether the schema has properties that apply: not under a `type` other than `object`
    /// (`type: array` with `properties` describes arrays: vtex.local's `Matchers`).
    pub fn has_properties(&self) -> bool {
        self.type_name().is_none_or(|t| t == "object")
            && self
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
    }

    /// The names `required` lists.
    pub fn required(&self) -> Vec<&'a str> {
        self.get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// `discriminator`: the property name, and the `mapping` if any.
    pub fn discriminator(&self) -> (Option<String>, Option<&'a Map<String, Value>>) {
        let d = self.get("discriminator");
        let property = d
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping = d.and_then(|d| d.get("mapping")).and_then(Value::as_object);
        (property, mapping)
    }

    /// Whether the schema, having no `type`, describes both arrays (`items`) and objects
    /// (`properties`): JSON Schema then allows either (and any other type), which only free
    /// JSON holds (a struct fails on the array a server may send; vtex.local's `Matchers`).
    pub fn arrays_and_objects(&self) -> bool {
        self.type_name().is_none()
            && self.has("items")
            && (self.has_properties() || self.has("additionalProperties"))
    }

    /// Whether the schema needs a Rust type of its own.
    pub fn needs_definition(&self) -> bool {
        if self.string_enum().is_some()
            || self.int_enum().is_some()
            || self.bool_enum().is_some()
            || self.has_properties()
        {
            return true;
        }
        if let Some(parts) = self.get("allOf").and_then(Value::as_array) {
            let shaping = parts.iter().filter(|p| !annotation_only(p)).count();
            return shaping > 1 || self.has_properties();
        }
        match self.alternatives() {
            Some((_, parts)) => parts.iter().filter(|p| !p.is_null_schema()).count() > 1,
            None => false,
        }
    }

    /// The string values of a string enum (nulls dropped), if the schema is one. Without a
    /// `type`, every value must be a string: an enum of several JSON types (`[auto, 1, true]`)
    /// stays free-form JSON, since a string enum could not decode the others.
    pub fn string_enum(&self) -> Option<Vec<String>> {
        let values = self.get("enum")?.as_array()?;
        let is_string = match self.type_name() {
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
    pub fn int_enum(&self) -> Option<Vec<i64>> {
        let values = self.get("enum")?.as_array()?;
        if self.type_name() != Some("integer") {
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
    pub fn bool_enum(&self) -> Option<Vec<bool>> {
        let values = self.get("enum")?.as_array()?;
        if self.type_name() != Some("boolean") {
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

    /// Variants of an integer enum: named by `x-enum-varnames` (or `x-enumNames`) when the
    /// spec gives one name per value, else `V<n>` (`Minus<n>` for negative values).
    pub fn int_enum_values(&self, values: &[i64]) -> Vec<EnumValue> {
        let names: Option<Vec<&str>> = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .find_map(|k| self.get(k).and_then(Value::as_array))
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

    /// The Rust type of a `string`, `integer`, `number` or `boolean` schema, by its `format`.
    pub fn scalar_type(&self) -> Option<TypeRef> {
        let format = self.text("format");
        Some(match self.type_name()? {
            "string" if format == Some("binary") => TypeRef::Bytes,
            "string" => TypeRef::String,
            "integer" if format == Some("int32") => TypeRef::I32,
            "integer" => TypeRef::I64,
            "number" if format == Some("float") => TypeRef::F32,
            "number" => TypeRef::F64,
            "boolean" => TypeRef::Bool,
            _ => return None,
        })
    }

    /// Discriminator values naming this union part: mapping entries pointing at it, else its
    /// component name (the OpenAPI default).
    pub fn tags(&self, mapping: Option<&Map<String, Value>>) -> Vec<String> {
        let Some(r) = self.reference() else {
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

    /// The keywords present that the generated type does not enforce (see [`UNENFORCED`]).
    pub fn unenforced_keywords(&self) -> Vec<&'static str> {
        UNENFORCED.iter().copied().filter(|k| self.has(k)).collect()
    }
}

/// Variants of a string enum, in order, duplicates dropped.
pub fn enum_values(values: &[String]) -> Vec<EnumValue> {
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

/// `PlaylistManual` inside `Playlist` reads better as `Manual`.
pub fn strip_prefix_name(variant: &str, union: &str) -> String {
    match variant.strip_prefix(union) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => variant.to_string(),
    }
}
