//! The rewrites of one schema object from JSON Schema 2020-12 to the OpenAPI 3.0 shape: type
//! lists with `null`, `const`, numeric exclusive bounds, `examples`, `contentMediaType`, and
//! `$ref` with sibling keywords.

use serde_json::{Map, Value, json};

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

pub(super) fn is_null_type(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    }
}

/// `oneOf: [X, {type: "null"}]` → `oneOf: [X]` + `nullable: true`.
pub(super) fn lift_null_members(obj: &mut Map<String, Value>) {
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
pub(super) fn split_type(obj: &mut Map<String, Value>) {
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

pub(super) fn keywords_of(t: &str) -> &'static [&'static str] {
    match t {
        "string" => STRING_KEYWORDS,
        "integer" | "number" => NUMBER_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "object" => OBJECT_KEYWORDS,
        _ => &[],
    }
}

/// Which branch of a split type a `format` belongs to.
pub(super) fn format_fits(format: &str, t: &str, types: &[String]) -> bool {
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
pub(super) fn replace_key(obj: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
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

pub(super) fn const_to_enum(obj: &mut Map<String, Value>) {
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
pub(super) fn exclusive_bound(
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
pub(super) fn examples_to_example(obj: &mut Map<String, Value>) {
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
pub(super) fn content_to_format(obj: &mut Map<String, Value>) {
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

pub(super) fn is_textual(media: &str) -> bool {
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
pub(super) fn wrap_ref_with_siblings(obj: &mut Map<String, Value>) {
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
