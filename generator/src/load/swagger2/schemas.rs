//! Schemas: `type: file`, `x-nullable`, a string `discriminator`, and `$ref`s rewritten to
//! their OpenAPI 3.0 places.

use serde_json::{Map, Value, json};

use super::context::*;
use super::conversions::*;

impl<'a> Cx<'a> {
    /// A schema with its references and Swagger-only forms converted.
    pub(super) fn schema(&self, schema: &Value) -> Value {
        let Some(obj) = schema.as_object() else {
            return schema.clone();
        };
        let mut out = Map::new();
        for (key, value) in obj {
            let converted = match (key.as_str(), value) {
                ("$ref", Value::String(r)) => Value::String(self.reference(r)),
                ("properties" | "patternProperties" | "definitions", Value::Object(map)) => {
                    Value::Object(
                        map.iter()
                            .map(|(name, s)| (name.clone(), self.schema(s)))
                            .collect(),
                    )
                }
                ("allOf" | "oneOf" | "anyOf" | "items", Value::Array(parts)) => {
                    Value::Array(parts.iter().map(|s| self.schema(s)).collect())
                }
                ("items" | "additionalProperties" | "not", Value::Object(_)) => self.schema(value),
                ("discriminator", Value::String(property)) => json!({ "propertyName": property }),
                ("type", Value::String(t)) if t == "file" => Value::String("string".into()),
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        if text(schema, "type") == Some("file") {
            out.insert("format".into(), "binary".into());
        }
        if schema.get("x-nullable").and_then(Value::as_bool) == Some(true) {
            out.insert("nullable".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// A local `$ref` to a Swagger section → the same target under `components`.
    pub(super) fn reference(&self, reference: &str) -> String {
        let moved = [
            ("#/definitions/", "#/components/schemas/"),
            ("#/responses/", "#/components/responses/"),
            ("#/securityDefinitions/", "#/components/securitySchemes/"),
        ];
        for (from, to) in moved {
            if let Some(rest) = reference.strip_prefix(from) {
                return format!("{to}{rest}");
            }
        }
        let sections = [
            ("#/parameters/", &self.body_parameters),
            ("#/components/parameters/", &self.body_component_parameters),
        ];
        for (from, bodies) in sections {
            if let Some(rest) = reference.strip_prefix(from) {
                let name = unescape(rest.split('/').next().unwrap_or(rest));
                let to = if bodies.contains(&name) {
                    "#/components/requestBodies/"
                } else {
                    "#/components/parameters/"
                };
                return format!("{to}{rest}");
            }
        }
        reference.to_string()
    }
}
