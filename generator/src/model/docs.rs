//! Documentation carried from a schema: summary, description, deprecation, and notes on its
//! format, constraints and default.

use serde_json::Value;

use super::Docs;
use super::schema_view::annotation_only;

/// `docs` with a description made by `fallback` if the spec has none: every public item of
/// a generated crate is documented.
pub fn with_fallback(mut docs: Docs, fallback: impl FnOnce() -> String) -> Docs {
    if docs.description.is_none() && docs.summary.is_none() {
        docs.description = Some(fallback());
    }
    docs
}

/// Docs of a schema: its description (or title), plus notes on format, limits and default.
/// Keywords that limit or default a value: a change to one changes what the API accepts.
const CONSTRAINTS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "multipleOf",
    "default",
];

pub fn docs_of(schema: &Value) -> Docs {
    let text = |k: &str| {
        described(schema)
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let mut notes = Vec::new();
    match text("format") {
        Some("byte") => notes.push("Format: `byte` (base64-encoded text).".to_string()),
        Some(format) => notes.push(format!("Format: `{format}`.")),
        None => {}
    }
    for (key, label) in [
        ("minimum", "Minimum"),
        ("maximum", "Maximum"),
        ("minLength", "Minimum length"),
        ("maxLength", "Maximum length"),
    ] {
        if let Some(v) = schema.get(key).filter(|v| v.is_number()) {
            notes.push(format!("{label}: `{v}`."));
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && values.iter().any(|v| !v.is_string() && !v.is_null())
    {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        notes.push(format!("Allowed values: {}.", list.join(", ")));
    }
    if let Some(d) = schema.get("default") {
        notes.push(format!("Default: `{d}`."));
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        notes.push(
            "No other properties are allowed (`additionalProperties: false`); unknown ones in \
             responses are still ignored."
                .to_string(),
        );
    }
    let constraints = CONSTRAINTS
        .iter()
        .filter_map(|k| schema.get(*k).map(|v| (k.to_string(), v.to_string())))
        .collect();
    Docs {
        constraints,
        // As the `Format:` note reads it, so two fields that share a shape still do.
        format: text("format").map(str::to_string),
        example: example_of(schema),
        items: schema
            .get("items")
            .filter(|items| items.is_object())
            .map(|items| Box::new(docs_of(items))),
        summary: text("title")
            .filter(|_| text("description").is_some())
            .map(str::to_string),
        description: text("description").or(text("title")).map(str::to_string),
        notes,
        deprecated: schema
            .get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

/// `example`, or the first of `examples` (a schema's list in 3.1; a parameter's or media
/// type's map of Example objects, their `value`).
pub fn example_of(value: &Value) -> Option<Value> {
    if let Some(example) = value.get("example") {
        return Some(example.clone());
    }
    match value.get("examples")? {
        Value::Array(list) => list.first().cloned(),
        Value::Object(map) => map.values().find_map(|e| e.get("value")).cloned(),
        _ => None,
    }
}

/// Where a schema's description and title are: the schema, or, when it has none, the part of
/// its `allOf` that only describes (`allOf: [{$ref: X}, {description: …}]`).
fn described(schema: &Value) -> &Value {
    let has_text = |v: &Value| ["description", "title"].iter().any(|k| v.get(*k).is_some());
    if has_text(schema) {
        return schema;
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .and_then(|parts| parts.iter().find(|p| annotation_only(p) && has_text(p)))
        .unwrap_or(schema)
}
