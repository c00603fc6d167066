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
//! - `$dynamicRef: "#name"` → `$ref` to the schema that declares `$dynamicAnchor: name` (the
//!   first in document order: the static reading of a dynamic scope). Without such an anchor,
//!   and for `$recursiveRef`, the keyword stays: the schema is free-form JSON, and the model
//!   lists the keyword as not enforced.
//!
//! `#/$defs/...` references are reported as unsupported.
//! Documents with `webhooks` and no `paths` are valid: webhooks describe requests the API sends,
//! so they give no client operations.

mod schema_rewrites;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::METHODS;
use crate::diagnostic::{Diagnostic, join};
use schema_rewrites::*;

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

/// Rewrites a 3.1 document in place.
pub fn normalise(file: &Path, root: &mut Value) -> Result<(), Diagnostic> {
    let anchors = dynamic_anchors(root);
    let cx = Cx { file, anchors };
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
    /// `$dynamicAnchor` name → the pointer of the first schema that declares it.
    anchors: BTreeMap<String, String>,
}

/// Every `$dynamicAnchor` of the document, the first declaration of each name.
fn dynamic_anchors(root: &Value) -> BTreeMap<String, String> {
    let mut anchors = BTreeMap::new();
    // The visit never fails.
    let _ = super::refs::walk(root, String::new(), &mut |value, at| {
        if let Some(name) = value.get("$dynamicAnchor").and_then(Value::as_str) {
            anchors
                .entry(name.to_string())
                .or_insert_with(|| at.to_string());
        }
        Ok(())
    });
    anchors
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
        self.dynamic_ref(obj);
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
        Ok(())
    }

    /// `$dynamicRef: "#name"` → `$ref` to the schema declaring `$dynamicAnchor: name`, when
    /// there is one (see the module docs).
    fn dynamic_ref(&self, obj: &mut Map<String, Value>) {
        let target = obj
            .get("$dynamicRef")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|name| self.anchors.get(name));
        if let Some(pointer) = target {
            let reference = Value::String(format!("#{pointer}"));
            obj.remove("$dynamicRef");
            obj.insert("$ref".to_string(), reference);
        }
    }
}
