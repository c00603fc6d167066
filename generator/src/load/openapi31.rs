//! OpenAPI 3.1 → the OpenAPI 3.0 shape the model reads.
//!
//! 3.1 schemas are JSON Schema 2020-12; the model reads 3.0 schemas. Every schema of the
//! document (components, parameters, headers, media types, webhooks and callbacks, and every
//! sub-schema) is rewritten in place, keyword by keyword, so JSON pointers into the document stay
//! meaningful for later errors:
//!
//! - `type: [T, "null"]` → `type: T` + `nullable: true`; several non-null types → `oneOf` of one
//!   schema per type (the type-specific keywords move into their branch); `type: "null"` alone →
//!   no type (any JSON value) + `nullable: true`; `{type: "null"}` members of `oneOf`/`anyOf` are
//!   dropped and make the schema `nullable`.
//! - `const: X` → `enum: [X]`.
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + `exclusive…: true`.
//! - `examples: [a, …]` in a schema → `example: a`.
//! - `contentEncoding: base64` on a string → `format: byte`; `contentMediaType` (a non-text media
//!   type, no encoding) → `format: binary`.
//! - `$ref` next to keywords other than annotations (3.1 allows siblings) → `allOf: [{$ref}]` plus
//!   the siblings. Annotation siblings (`description`, `nullable`, …) stay beside the `$ref`,
//!   where the model reads them; component roots and `allOf`/`oneOf`/`anyOf` members keep their
//!   `$ref` too (an alias, and a discriminator's variant).
//!
//! `#/$defs/...` references and `$dynamicRef`/`$recursiveRef` are reported as unsupported.
//! Documents with `webhooks` and no `paths` are valid: webhooks describe requests the API sends,
//! so they give no client operations.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::METHODS;
use crate::diagnostic::{Diagnostic, join};

/// Keywords holding one sub-schema.
const SUBSCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "additionalItems",
];
/// Keywords holding a list of sub-schemas.
const SUBSCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords holding a map of sub-schemas.
const SUBSCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

/// Siblings of a `$ref` that only annotate it: the model reads them next to the `$ref`.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "summary",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "default",
    "$comment",
    "externalDocs",
    "xml",
];

const STRING_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "contentMediaType",
    "contentEncoding",
];
const NUMBER_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
];

/// Rewrites a 3.1 document in place.
pub fn normalise(file: &Path, root: &mut Value) -> Result<(), Diagnostic> {
    let cx = Cx { file };
    let Some(obj) = root.as_object_mut() else {
        return Ok(());
    };
    for key in ["paths", "webhooks"] {
        if let Some(items) = obj.get_mut(key) {
            cx.each(items, &format!("/{key}"), Cx::path_item)?;
        }
    }
    if let Some(components) = obj.get_mut("components").and_then(Value::as_object_mut) {
        cx.components(components)?;
    }
    Ok(())
}

/// Where a schema sits, which decides whether a `$ref` with siblings is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A named definition (`components/schemas/X`, `$defs/X`): a `$ref` there is an alias.
    Definition,
    /// An `allOf`/`oneOf`/`anyOf` member: its `$ref` names a variant.
    Member,
    /// Anywhere else (properties, items, parameters, media types).
    Use,
}

type Visit<'a> = fn(&Cx<'a>, &mut Value, &str) -> Result<(), Diagnostic>;

struct Cx<'a> {
    file: &'a Path,
}

impl<'a> Cx<'a> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, pointer, message)
    }

    /// Calls `visit` on every entry of a mapping.
    fn each(&self, map: &mut Value, at: &str, visit: Visit<'a>) -> Result<(), Diagnostic> {
        if let Some(map) = map.as_object_mut() {
            for (key, value) in map.iter_mut() {
                visit(self, value, &join(at, key))?;
            }
        }
        Ok(())
    }

    fn components(&self, components: &mut Map<String, Value>) -> Result<(), Diagnostic> {
        let visits: [(&str, Visit<'a>); 7] = [
            ("schemas", Cx::definition),
            ("parameters", Cx::parameter),
            ("headers", Cx::parameter),
            ("requestBodies", Cx::with_content),
            ("responses", Cx::response),
            ("callbacks", Cx::callback),
            ("pathItems", Cx::path_item),
        ];
        for (key, visit) in visits {
            if let Some(map) = components.get_mut(key) {
                self.each(map, &join("/components", key), visit)?;
            }
        }
        Ok(())
    }

    fn path_item(&self, item: &mut Value, at: &str) -> Result<(), Diagnostic> {
        let Some(item) = item.as_object_mut() else {
            return Ok(());
        };
        for (key, value) in item.iter_mut() {
            let here = join(at, key);
            if key == "parameters" {
                self.parameters(value, &here)?;
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &here)?;
            }
        }
        Ok(())
    }

    fn parameters(&self, list: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Some(list) = list.as_array_mut() {
            for (i, p) in list.iter_mut().enumerate() {
                self.parameter(p, &format!("{at}/{i}"))?;
            }
        }
        Ok(())
    }

    fn operation(&self, op: &mut Value, at: &str) -> Result<(), Diagnostic> {
        let Some(op) = op.as_object_mut() else {
            return Ok(());
        };
        for (key, value) in op.iter_mut() {
            let here = join(at, key);
            match key.as_str() {
                "parameters" => self.parameters(value, &here)?,
                "requestBody" => self.with_content(value, &here)?,
                "responses" => self.each(value, &here, Cx::response)?,
                "callbacks" => self.each(value, &here, Cx::callback)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn callback(&self, callback: &mut Value, at: &str) -> Result<(), Diagnostic> {
        self.each(callback, at, Cx::path_item)
    }

    /// A parameter or a header: a `schema`, or `content`.
    fn parameter(&self, p: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Some(schema) = p.get_mut("schema") {
            self.schema(schema, &join(at, "schema"), Place::Use)?;
        }
        self.with_content(p, at)
    }

    fn response(&self, response: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Some(headers) = response.get_mut("headers") {
            self.each(headers, &join(at, "headers"), Cx::parameter)?;
        }
        self.with_content(response, at)
    }

    /// The media types of anything with `content` (request bodies, responses, parameters).
    fn with_content(&self, holder: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Some(content) = holder.get_mut("content") {
            self.each(&mut *content, &join(at, "content"), Cx::media_type)?;
        }
        Ok(())
    }

    fn media_type(&self, media: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Some(schema) = media.get_mut("schema") {
            self.schema(schema, &join(at, "schema"), Place::Use)?;
        }
        if let Some(encoding) = media.get_mut("encoding").and_then(Value::as_object_mut) {
            for (name, e) in encoding.iter_mut() {
                if let Some(headers) = e.get_mut("headers") {
                    let here = join(&join(&join(at, "encoding"), name), "headers");
                    self.each(headers, &here, Cx::parameter)?;
                }
            }
        }
        Ok(())
    }

    fn definition(&self, schema: &mut Value, at: &str) -> Result<(), Diagnostic> {
        self.schema(schema, at, Place::Definition)
    }

    /// Rewrites one schema and, depth first, all of its sub-schemas.
    fn schema(&self, schema: &mut Value, at: &str, place: Place) -> Result<(), Diagnostic> {
        let Some(obj) = schema.as_object_mut() else {
            // `true`/`false` schemas.
            return Ok(());
        };
        self.check_refs(obj, at)?;
        lift_null_members(obj);
        split_type(obj);
        const_to_enum(obj);
        exclusive_bound(obj, "exclusiveMinimum", "minimum", |bound, inclusive| {
            inclusive > bound
        });
        exclusive_bound(obj, "exclusiveMaximum", "maximum", |bound, inclusive| {
            inclusive < bound
        });
        examples_to_example(obj);
        content_to_format(obj);
        for key in SUBSCHEMA {
            if let Some(sub) = obj.get_mut(*key) {
                self.schema(sub, &join(at, key), Place::Use)?;
            }
        }
        for key in SUBSCHEMA_LISTS {
            if let Some(Value::Array(parts)) = obj.get_mut(*key) {
                let place = if *key == "prefixItems" {
                    Place::Use
                } else {
                    Place::Member
                };
                for (i, part) in parts.iter_mut().enumerate() {
                    self.schema(part, &format!("{}/{i}", join(at, key)), place)?;
                }
            }
        }
        for key in SUBSCHEMA_MAPS {
            if let Some(Value::Object(map)) = obj.get_mut(*key) {
                let place = if matches!(*key, "$defs" | "definitions") {
                    Place::Definition
                } else {
                    Place::Use
                };
                for (name, sub) in map.iter_mut() {
                    self.schema(sub, &join(&join(at, key), name), place)?;
                }
            }
        }
        if place == Place::Use {
            wrap_ref_with_siblings(obj);
        }
        Ok(())
    }

    fn check_refs(&self, obj: &Map<String, Value>, at: &str) -> Result<(), Diagnostic> {
        if let Some(r) = obj.get("$ref").and_then(Value::as_str)
            && (r.starts_with("#/$defs/") || r == "#/$defs")
        {
            let name = r.rsplit('/').next().unwrap_or(r);
            return Err(self.error(
                &join(at, "$ref"),
                format!(
                    "`$ref: {r}` refers to a JSON Schema `$defs` block, which is not supported; \
                     move `{name}` to `components/schemas` and refer to it as `#/components/schemas/{name}`"
                ),
            ));
        }
        for key in ["$dynamicRef", "$recursiveRef"] {
            if obj.contains_key(key) {
                return Err(self.error(
                    &join(at, key),
                    format!(
                        "`{key}` (JSON Schema dynamic references) is not supported; use `$ref`"
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn is_null_type(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    }
}

/// `oneOf: [X, {type: "null"}]` → `oneOf: [X]` + `nullable: true`.
fn lift_null_members(obj: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = obj.get_mut(key) else {
            continue;
        };
        let before = parts.len();
        parts.retain(|p| !is_null_type(p));
        if parts.len() == before {
            continue;
        }
        if parts.is_empty() {
            obj.shift_remove(key);
        }
        obj.insert("nullable".into(), Value::Bool(true));
    }
}

/// The 3.1 `type` (a string or a list, `"null"` among them) → a 3.0 `type` + `nullable`, or a
/// `oneOf` of one schema per type.
fn split_type(obj: &mut Map<String, Value>) {
    let types: Vec<String> = match obj.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut rest: Vec<String> = Vec::new();
    for t in types {
        if t != "null" && !rest.contains(&t) {
            rest.push(t);
        }
    }
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    let has_composition = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| obj.contains_key(*k));
    match rest.as_slice() {
        [] => {
            obj.shift_remove("type");
        }
        [one] => {
            obj.insert("type".into(), Value::String(one.clone()));
        }
        // The composition already says what the value is.
        _ if has_composition => {
            obj.shift_remove("type");
        }
        _ => {
            let format = obj
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_string);
            let mut moved: Vec<&str> = Vec::new();
            let mut branches = Vec::new();
            for t in &rest {
                let mut branch = Map::new();
                branch.insert("type".into(), Value::String(t.clone()));
                if let Some(f) = &format
                    && format_fits(f, t, &rest)
                {
                    branch.insert("format".into(), Value::String(f.clone()));
                    moved.push("format");
                }
                for key in keywords_of(t) {
                    if let Some(v) = obj.get(*key) {
                        branch.insert((*key).to_string(), v.clone());
                        moved.push(key);
                    }
                }
                branches.push(Value::Object(branch));
            }
            for key in moved {
                obj.shift_remove(key);
            }
            replace_key(obj, "type", "oneOf", Value::Array(branches));
        }
    }
}

fn keywords_of(t: &str) -> &'static [&'static str] {
    match t {
        "string" => STRING_KEYWORDS,
        "integer" | "number" => NUMBER_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "object" => OBJECT_KEYWORDS,
        _ => &[],
    }
}

/// Which branch of a split type a `format` belongs to.
fn format_fits(format: &str, t: &str, types: &[String]) -> bool {
    let numeric = match format {
        "int32" | "int64" => "integer",
        "float" | "double" => "number",
        _ => "string",
    };
    if types.iter().any(|x| x == numeric) {
        t == numeric
    } else {
        false
    }
}

/// Replaces `old` by `new` (with `value`) at `old`'s position.
fn replace_key(obj: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
    let mut value = Some(value);
    let entries = std::mem::take(obj);
    for (k, v) in entries {
        if k == old {
            if let Some(value) = value.take() {
                obj.insert(new.to_string(), value);
            }
        } else {
            obj.insert(k, v);
        }
    }
}

fn const_to_enum(obj: &mut Map<String, Value>) {
    if !obj.contains_key("const") {
        return;
    }
    if obj.contains_key("enum") {
        obj.shift_remove("const");
        return;
    }
    let Some(value) = obj.get("const").cloned() else {
        return;
    };
    replace_key(obj, "const", "enum", Value::Array(vec![value]));
}

/// A numeric `exclusiveMinimum: 0` → `minimum: 0` + `exclusiveMinimum: true` (unless an
/// inclusive bound is stricter, which then wins alone).
fn exclusive_bound(
    obj: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    inclusive_is_stricter: fn(f64, f64) -> bool,
) {
    let Some(bound_value) = obj.get(exclusive).filter(|v| v.is_number()).cloned() else {
        return;
    };
    let bound = bound_value.as_f64().unwrap_or_default();
    match obj.get(inclusive).and_then(Value::as_f64) {
        Some(current) if inclusive_is_stricter(bound, current) => {
            obj.shift_remove(exclusive);
        }
        _ => {
            obj.insert(inclusive.to_string(), bound_value);
            obj.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

/// `examples: [a, b]` (a schema's list of examples) → `example: a`.
fn examples_to_example(obj: &mut Map<String, Value>) {
    let Some(Value::Array(list)) = obj.get("examples") else {
        return;
    };
    let first = list.first().cloned();
    match first {
        Some(first) if !obj.contains_key("example") => {
            replace_key(obj, "examples", "example", first);
        }
        _ => {
            obj.shift_remove("examples");
        }
    }
}

/// Strings carrying encoded or raw content → the 3.0 `format` for them.
fn content_to_format(obj: &mut Map<String, Value>) {
    if obj.get("type").and_then(Value::as_str) != Some("string") || obj.contains_key("format") {
        return;
    }
    let encoding = obj.get("contentEncoding").and_then(Value::as_str);
    let format = match encoding {
        Some(e) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => {
            "byte"
        }
        Some(_) => return,
        None => match obj.get("contentMediaType").and_then(Value::as_str) {
            Some(media) if !is_textual(media) => "binary",
            _ => return,
        },
    };
    obj.insert("format".into(), Value::String(format.into()));
}

fn is_textual(media: &str) -> bool {
    let base = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base.starts_with("text/")
        || base == "application/json"
        || base.ends_with("+json")
        || base == "application/xml"
        || base.ends_with("+xml")
        || base == "application/x-www-form-urlencoded"
}

/// `{$ref: X, maxLength: 3}` → `{allOf: [{$ref: X}], maxLength: 3}`; annotations alone stay.
fn wrap_ref_with_siblings(obj: &mut Map<String, Value>) {
    let Some(reference) = obj.get("$ref").cloned() else {
        return;
    };
    let only_annotations = obj
        .keys()
        .all(|k| k == "$ref" || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()));
    if only_annotations {
        return;
    }
    let part = json!({ "$ref": reference });
    if let Some(Value::Array(parts)) = obj.get_mut("allOf") {
        parts.insert(0, part);
        obj.shift_remove("$ref");
        return;
    }
    replace_key(obj, "$ref", "allOf", Value::Array(vec![part]));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises `schema` as a component schema and as a property, returns the property.
    fn property(schema: Value) -> Value {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"S": {"type": "object", "properties": {"p": schema}}}}
        });
        normalise(Path::new("t.yaml"), &mut doc).unwrap();
        doc.pointer("/components/schemas/S/properties/p")
            .unwrap()
            .clone()
    }

    fn error(doc: Value) -> Diagnostic {
        let mut doc = doc;
        normalise(Path::new("t.yaml"), &mut doc).unwrap_err()
    }

    #[test]
    fn type_with_null_becomes_nullable() {
        assert_eq!(
            property(json!({"type": ["string", "null"], "format": "date-time"})),
            json!({"type": "string", "format": "date-time", "nullable": true})
        );
        assert_eq!(
            property(json!({"type": ["null", "integer"]})),
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            property(json!({"type": ["boolean"]})),
            json!({"type": "boolean"})
        );
    }

    #[test]
    fn null_type_alone_is_nullable_anything() {
        assert_eq!(
            property(json!({"type": "null", "description": "Always null."})),
            json!({"description": "Always null.", "nullable": true})
        );
        assert_eq!(
            property(json!({"type": ["null"]})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn several_types_become_one_of_with_their_keywords() {
        assert_eq!(
            property(json!({
                "description": "A count or a list of names.",
                "type": ["integer", "array", "null"],
                "format": "int32",
                "minimum": 1,
                "items": {"type": ["string", "null"]},
                "maxItems": 3
            })),
            json!({
                "description": "A count or a list of names.",
                "oneOf": [
                    {"type": "integer", "format": "int32", "minimum": 1},
                    {"type": "array", "items": {"type": "string", "nullable": true}, "maxItems": 3}
                ],
                "nullable": true
            })
        );
    }

    #[test]
    fn several_types_next_to_a_composition_leave_it_alone() {
        assert_eq!(
            property(
                json!({"type": ["object", "string"], "anyOf": [{"$ref": "#/components/schemas/S"}]})
            ),
            json!({"anyOf": [{"$ref": "#/components/schemas/S"}]})
        );
    }

    #[test]
    fn null_members_of_one_of_make_it_nullable() {
        assert_eq!(
            property(json!({"oneOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]})),
            json!({"oneOf": [{"$ref": "#/components/schemas/S"}], "nullable": true})
        );
        assert_eq!(
            property(json!({"anyOf": [{"type": "null"}]})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(
            property(json!({"type": "string", "const": "card", "description": "d"})),
            json!({"type": "string", "enum": ["card"], "description": "d"})
        );
        assert_eq!(
            property(json!({"const": 1, "enum": [1, 2]})),
            json!({"enum": [1, 2]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        assert_eq!(
            property(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})),
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 1.5})
        );
        // An inclusive bound that is stricter wins alone.
        assert_eq!(
            property(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 5})
        );
        // A looser one is replaced.
        assert_eq!(
            property(json!({"type": "integer", "maximum": 10, "exclusiveMaximum": 5})),
            json!({"type": "integer", "maximum": 5, "exclusiveMaximum": true})
        );
        // 3.0-style booleans are left alone.
        assert_eq!(
            property(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn examples_list_keeps_its_first_example() {
        assert_eq!(
            property(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            property(json!({"type": "string", "example": "x", "examples": ["a"]})),
            json!({"type": "string", "example": "x"})
        );
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_eq!(
            property(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "contentEncoding": "base64", "format": "byte"})
        );
        assert_eq!(
            property(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "contentMediaType": "image/png", "format": "binary"})
        );
        // Text content is a string.
        assert_eq!(
            property(json!({"type": "string", "contentMediaType": "text/html"})),
            json!({"type": "string", "contentMediaType": "text/html"})
        );
    }

    #[test]
    fn ref_siblings() {
        // Annotations stay beside the `$ref`.
        assert_eq!(
            property(json!({"$ref": "#/components/schemas/S", "description": "d"})),
            json!({"$ref": "#/components/schemas/S", "description": "d"})
        );
        // Anything else wraps it.
        assert_eq!(
            property(
                json!({"$ref": "#/components/schemas/S", "description": "d", "type": ["object", "null"]})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "type": "object", "nullable": true})
        );
    }

    #[test]
    fn ref_siblings_at_a_component_root_or_a_member_stay() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B", "minProperties": 1},
                "B": {"oneOf": [{"$ref": "#/components/schemas/A", "minProperties": 1}]}
            }}
        });
        let before = doc.clone();
        normalise(Path::new("t.yaml"), &mut doc).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn schemas_everywhere_are_rewritten() {
        let nullable = json!({"type": ["string", "null"]});
        let want = json!({"type": "string", "nullable": true});
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {"hook": {"post": {"requestBody": {"content": {"application/json": {"schema": nullable}}}}}},
            "paths": {"/a": {
                "parameters": [{"name": "q", "in": "query", "schema": nullable}],
                "get": {
                    "parameters": [{"name": "h", "in": "header", "content": {"text/plain": {"schema": nullable}}}],
                    "responses": {"200": {
                        "headers": {"X-Rate": {"schema": nullable}},
                        "content": {"application/json": {"schema": {"type": "array", "items": nullable}}}
                    }},
                    "callbacks": {"cb": {"{$request.body#/url}": {"post": {"responses": {"200": {"content": {"a/b": {"schema": nullable}}}}}}}}
                }
            }},
            "components": {
                "parameters": {"P": {"schema": nullable}},
                "headers": {"H": {"schema": nullable}},
                "requestBodies": {"B": {"content": {"application/json": {"schema": {"properties": {"x": nullable}}}}}},
                "schemas": {"S": {"allOf": [{"properties": {"y": {"anyOf": [nullable]}}}]}}
            }
        });
        normalise(Path::new("t.yaml"), &mut doc).unwrap();
        for pointer in [
            "/webhooks/hook/post/requestBody/content/application~1json/schema",
            "/paths/~1a/parameters/0/schema",
            "/paths/~1a/get/parameters/0/content/text~1plain/schema",
            "/paths/~1a/get/responses/200/headers/X-Rate/schema",
            "/paths/~1a/get/responses/200/content/application~1json/schema/items",
            "/paths/~1a/get/callbacks/cb/{$request.body#~1url}/post/responses/200/content/a~1b/schema",
            "/components/parameters/P/schema",
            "/components/headers/H/schema",
            "/components/requestBodies/B/content/application~1json/schema/properties/x",
            "/components/schemas/S/allOf/0/properties/y/anyOf/0",
        ] {
            assert_eq!(doc.pointer(pointer), Some(&want), "{pointer}");
        }
    }

    #[test]
    fn examples_and_extensions_are_not_schemas() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "example": {"type": ["string", "null"]},
                "x-schema": {"type": ["string", "null"]}
            }}}}}}}
        });
        let before = doc.clone();
        normalise(Path::new("t.yaml"), &mut doc).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn defs_references_are_reported() {
        let d = error(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"S": {
                "$defs": {"Item": {"type": "string"}},
                "type": "array",
                "items": {"$ref": "#/$defs/Item"}
            }}}
        }));
        assert_eq!(
            d.location,
            crate::Location::Pointer("/components/schemas/S/items/$ref".into())
        );
        assert!(d.message.contains("`$defs`"), "{}", d.message);
        assert!(
            d.message.contains("#/components/schemas/Item"),
            "{}",
            d.message
        );
    }

    #[test]
    fn dynamic_references_are_reported() {
        let d = error(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"Tree": {"properties": {"kids": {"$dynamicRef": "#node"}}}}}
        }));
        assert_eq!(
            d.location,
            crate::Location::Pointer("/components/schemas/Tree/properties/kids/$dynamicRef".into())
        );
    }
}
