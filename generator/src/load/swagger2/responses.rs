//! Responses and response headers: `schema` → `content` per produced media type.

use serde_json::{Map, Value, json};

use super::context::*;
use super::conversions::*;

impl<'a> Cx<'a> {
    pub(super) fn responses(&self, responses: &Value, produces: &[String]) -> Value {
        let Some(responses) = responses.as_object() else {
            return responses.clone();
        };
        let mut out = Map::new();
        for (code, response) in responses {
            let converted = if code.starts_with("x-") {
                response.clone()
            } else if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
                json!({ "$ref": self.reference(reference) })
            } else {
                self.response(code, response, produces)
            };
            out.insert(code.clone(), converted);
        }
        Value::Object(out)
    }

    /// One response, as used with status `code` (`""` for a shared one: any status with a
    /// body). Without a `schema`, a status that has a body still gets one `content` entry
    /// per produced media type, with no schema (free-form JSON, text, or bytes, as for
    /// OpenAPI 3): servers' own descriptions often leave the schema out, and throwing the
    /// body away would lose what the call returns.
    pub(super) fn response(&self, code: &str, response: &Value, produces: &[String]) -> Value {
        let Some(obj) = response.as_object() else {
            return response.clone();
        };
        let mut out = Map::new();
        let description = obj.get("description").cloned().unwrap_or_default();
        out.insert(
            "description".into(),
            if description.is_null() {
                "".into()
            } else {
                description
            },
        );
        if let Some(headers) = obj.get("headers").and_then(Value::as_object) {
            let headers: Map<String, Value> = headers
                .iter()
                .map(|(name, h)| (name.clone(), self.header(h)))
                .collect();
            out.insert("headers".into(), Value::Object(headers));
        }
        if let Some(schema) = obj.get("schema") {
            let is_file = text(schema, "type") == Some("file");
            let media = if is_file {
                let binary: Vec<String> =
                    produces.iter().filter(|m| !is_json(m)).cloned().collect();
                media_or(&binary, OCTET_STREAM)
            } else {
                media_or(produces, JSON)
            };
            let mut content = content(&self.schema(schema), &media);
            if let (Some(examples), Some(content)) = (
                obj.get("examples").and_then(Value::as_object),
                content.as_object_mut(),
            ) {
                for (media, example) in examples {
                    if let Some(Value::Object(m)) = content.get_mut(media) {
                        m.insert("example".into(), example.clone());
                    }
                }
            }
            out.insert("content".into(), content);
        } else if !produces.is_empty() && !bodiless(code) {
            let media: Map<String, Value> = produces
                .iter()
                .map(|m| (m.clone(), Value::Object(Map::new())))
                .collect();
            out.insert("content".into(), Value::Object(media));
        }
        copy_extensions(response, &mut out);
        Value::Object(out)
    }

    pub(super) fn header(&self, header: &Value) -> Value {
        if let Some(reference) = header.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": self.reference(reference) });
        }
        let mut out = Map::new();
        if let Some(d) = header.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("schema".into(), self.parameter_schema(header));
        copy_extensions(header, &mut out);
        Value::Object(out)
    }
}

/// Statuses that never carry a body.
fn bodiless(code: &str) -> bool {
    matches!(code, "204" | "205" | "304") || code.starts_with('1')
}
