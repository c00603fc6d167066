//! Operations and their parameters: the body and form parameters become a `requestBody`,
//! the others move their schema keywords into `schema`.

use serde_json::{Map, Value, json};

use super::context::*;
use super::conversions::*;
use crate::diagnostic::{Diagnostic, join};

impl<'a> Cx<'a> {
    /// A global parameter a `$ref` names, if it is one.
    pub(super) fn global_parameter(&self, raw: &Value) -> Option<&'a Value> {
        let reference = raw.get("$ref")?.as_str()?;
        if let Some(name) = reference.strip_prefix("#/parameters/") {
            return self.parameters.get(&unescape(name));
        }
        let name = reference.strip_prefix("#/components/parameters/")?;
        self.component_parameters.get(&unescape(name))
    }

    /// Converted non-body parameters, and the body and form ones (resolved).
    pub(super) fn split_parameters(
        &self,
        list: Option<&'a Value>,
        at: &str,
    ) -> Result<(Vec<Value>, Vec<BodyParam<'a>>), Diagnostic> {
        let Some(list) = list else {
            return Ok((Vec::new(), Vec::new()));
        };
        let Some(list) = list.as_array() else {
            return Err(self.error(at, "parameters must be a list"));
        };
        let mut plain = Vec::new();
        let mut bodies = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let global = self.global_parameter(raw);
            let param = global.unwrap_or(raw);
            if matches!(location(param), Some("body" | "formData")) {
                bodies.push(BodyParam {
                    raw,
                    param,
                    global: global.is_some(),
                    at: format!("{at}/{i}"),
                });
            } else if let Some(reference) = raw.get("$ref").and_then(Value::as_str) {
                plain.push(json!({ "$ref": self.reference(reference) }));
            } else {
                plain.push(self.parameter(raw));
            }
        }
        Ok((plain, bodies))
    }

    pub(super) fn operation(
        &self,
        op: &'a Value,
        at: &str,
        shared_bodies: &[BodyParam<'a>],
    ) -> Result<Value, Diagnostic> {
        let Some(op) = op.as_object() else {
            return Ok(op.clone());
        };
        let own_consumes = media_list(op.get("consumes"));
        let consumes = own_consumes
            .clone()
            .unwrap_or_else(|| self.consumes.clone());
        let produces = media_list(op.get("produces")).unwrap_or_else(|| self.produces.clone());
        let (params, own_bodies) =
            self.split_parameters(op.get("parameters"), &join(at, "parameters"))?;
        // Path-level body and form parameters, unless the operation overrides them.
        let mut bodies: Vec<&BodyParam<'a>> = shared_bodies
            .iter()
            .filter(|s| !own_bodies.iter().any(|o| o.key() == s.key()))
            .collect();
        bodies.extend(own_bodies.iter());
        let mut request_body = self.request_body(&bodies, &consumes, own_consumes.is_some())?;
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {
                    if !params.is_empty() {
                        out.insert(key.clone(), Value::Array(params.clone()));
                    }
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                }
                "responses" => {
                    out.insert(key.clone(), self.responses(value, &produces));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(body) = request_body {
            out.insert("requestBody".into(), body);
        }
        Ok(Value::Object(out))
    }

    pub(super) fn request_body(
        &self,
        params: &[&BodyParam<'a>],
        consumes: &[String],
        own_consumes: bool,
    ) -> Result<Option<Value>, Diagnostic> {
        let (body, form): (Vec<&BodyParam<'a>>, Vec<&BodyParam<'a>>) = params
            .iter()
            .partition(|p| location(p.param) == Some("body"));
        if let Some(second) = body.get(1) {
            return Err(self.error(
                &second.at,
                "an operation can have only one `in: body` parameter",
            ));
        }
        if let (Some(_), Some(f)) = (body.first(), form.first()) {
            return Err(self.error(
                &f.at,
                "an operation cannot have both `in: body` and `in: formData` parameters",
            ));
        }
        if let Some(b) = body.first() {
            // The global request body has the global media types; an operation with its own
            // `consumes` gets a copy with its own.
            if b.global
                && !own_consumes
                && let Some(reference) = b.raw.get("$ref").and_then(Value::as_str)
            {
                return Ok(Some(json!({ "$ref": self.reference(reference) })));
            }
            return self.body(b.param, consumes, &b.at).map(Some);
        }
        if form.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.form(&form, consumes)))
    }

    /// An `in: body` parameter → a request body.
    pub(super) fn body(
        &self,
        param: &Value,
        consumes: &[String],
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let Some(schema) = param.get("schema") else {
            return Err(self.error(at, "an `in: body` parameter needs a `schema`"));
        };
        let schema = self.schema(schema);
        let mut out = Map::new();
        if let Some(d) = param.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert(
            "content".into(),
            content(&schema, &media_or(consumes, JSON)),
        );
        if param.get("required").and_then(Value::as_bool) == Some(true) {
            out.insert("required".into(), Value::Bool(true));
        }
        copy_extensions(param, &mut out);
        Ok(Value::Object(out))
    }

    /// `in: formData` parameters → a form request body.
    pub(super) fn form(&self, params: &[&BodyParam<'a>], consumes: &[String]) -> Value {
        let has_file = params.iter().any(|p| text(p.param, "type") == Some("file"));
        let multipart = has_file || consumes.iter().any(|m| m.starts_with(MULTIPART));
        let media = if multipart { MULTIPART } else { URLENCODED };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in params {
            let name = text(p.param, "name").unwrap_or_default().to_string();
            let mut schema = self.parameter_schema(p.param);
            if let (Some(d), Some(s)) = (p.param.get("description"), schema.as_object_mut()) {
                s.insert("description".into(), d.clone());
            }
            if p.param.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut out = Map::new();
        out.insert(
            "content".into(),
            json!({ media: { "schema": Value::Object(schema) } }),
        );
        if any_required {
            out.insert("required".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// A non-body parameter.
    pub(super) fn parameter(&self, p: &Value) -> Value {
        let Some(obj) = p.as_object() else {
            return p.clone();
        };
        let mut out = Map::new();
        for (key, value) in obj {
            let keep = matches!(
                key.as_str(),
                "name" | "in" | "description" | "required" | "allowEmptyValue" | "deprecated"
            ) || key.starts_with("x-");
            if keep {
                out.insert(key.clone(), value.clone());
            }
        }
        let location = location(p).unwrap_or_default();
        if location == "path" {
            out.insert("required".into(), Value::Bool(true));
        }
        out.insert("schema".into(), self.parameter_schema(p));
        if let Some((given, standard)) = text(p, "type").and_then(|t| Some((t, closest_type(t)?.0)))
        {
            let note = format!(
                "The spec gives `type: {given}`, which OpenAPI does not define; read as `{standard}`."
            );
            let description = match text(p, "description") {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
                _ => note,
            };
            out.insert("description".into(), description.into());
        }
        if text(p, "type") == Some("array") {
            let format = text(p, "collectionFormat").unwrap_or("csv");
            match collection_style(format, location) {
                Some((style, explode)) => {
                    out.insert("style".into(), style.into());
                    out.insert("explode".into(), explode.into());
                }
                None => {
                    out.insert("x-collectionFormat".into(), format.into());
                }
            }
        }
        Value::Object(out)
    }

    /// The schema of a non-body parameter, a header or an `items` object.
    pub(super) fn parameter_schema(&self, p: &Value) -> Value {
        let mut out = Map::new();
        for key in SCHEMA_KEYWORDS {
            if let Some(value) = p.get(*key) {
                let value = if *key == "items" {
                    self.parameter_schema(value)
                } else {
                    value.clone()
                };
                out.insert((*key).to_string(), value);
            }
        }
        if text(p, "type") == Some("file") {
            out.insert("type".into(), "string".into());
            out.insert("format".into(), "binary".into());
        }
        if let Some((standard, format)) = text(p, "type").and_then(closest_type) {
            out.insert("type".into(), standard.into());
            if let Some(format) = format.filter(|_| !out.contains_key("format")) {
                out.insert("format".into(), format.into());
            }
        }
        if p.get("x-nullable").and_then(Value::as_bool) == Some(true) {
            out.insert("nullable".into(), Value::Bool(true));
        }
        Value::Object(out)
    }
}

/// The standard type (and format) closest to a `type` OpenAPI does not define, as some
/// servers' own descriptions write them (`int`, `long`, `bool`); `None` for a standard type
/// or one that names nothing close.
fn closest_type(given: &str) -> Option<(&'static str, Option<&'static str>)> {
    let closest = match given.to_ascii_lowercase().as_str() {
        "int" | "int32" | "short" => ("integer", Some("int32")),
        "long" | "int64" => ("integer", Some("int64")),
        "float" => ("number", Some("float")),
        "double" | "decimal" => ("number", Some("double")),
        "bool" => ("boolean", None),
        "str" | "text" | "char" => ("string", None),
        "date" => ("string", Some("date")),
        "datetime" | "date-time" => ("string", Some("date-time")),
        _ => return None,
    };
    Some(closest)
}
