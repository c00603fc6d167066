//! Swagger 2.0 → OpenAPI 3.0.
//!
//! The converted document keeps the source's paths, operations and names, in source order:
//!
//! - `swagger: "2.0"` → `openapi: 3.0.3`; `host` + `basePath` + `schemes` → `servers` (https
//!   first; no `host`, no servers).
//! - `definitions` → `components.schemas`; global `parameters` → `components.parameters` (body
//!   ones → `components.requestBodies`, with the global `consumes`); `responses` →
//!   `components.responses`; `securityDefinitions` → `components.securitySchemes` (`basic` →
//!   HTTP basic, `apiKey` as is, `oauth2` with its flow converted). Every `$ref` to them is
//!   rewritten (`#/definitions/X` → `#/components/schemas/X`, …).
//! - Per operation: the `in: body` parameter → `requestBody`, one media type per entry of the
//!   operation's (or global) `consumes` (default `application/json`); `in: formData` parameters
//!   → a `multipart/form-data` body (if `consumes` lists it or a parameter is a `file`) or an
//!   `application/x-www-form-urlencoded` one, whose schema is an object with one property per
//!   parameter. Path-level body and form parameters join each operation's.
//! - Other parameters and response headers: `type`, `format`, `items`, `enum`, `default` and
//!   the limits move into `schema`; `collectionFormat` → `style`/`explode` (`tsv`, which 3.0
//!   cannot express, is kept as `x-collectionFormat`).
//! - Responses: `schema` → `content`, one media type per entry of the operation's (or global)
//!   `produces` (default `application/json`; a `type: file` schema is binary content);
//!   `examples` per media type → that media type's `example`.
//! - Schemas: `type: file` → `string`/`binary`, `x-nullable: true` → `nullable: true`, a string
//!   `discriminator` → `{propertyName}`. `x-` extensions are kept everywhere.
//!
//! Errors found while converting point into the Swagger document; later errors point into the
//! converted one (`/components/schemas/X` for `/definitions/X`).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, escape_segment, join};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a non-body parameter, a header or an `items` object that form its schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

const JSON: &str = "application/json";
const OCTET_STREAM: &str = "application/octet-stream";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// Converts a Swagger 2.0 document in place.
pub fn convert(file: &Path, root: &mut Value) -> Result<(), Diagnostic> {
    let Value::Object(source) = root else {
        return Ok(());
    };
    let empty = Map::new();
    let parameters = source
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let component_parameters = source
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let body_names = |params: &Map<String, Value>| -> BTreeSet<String> {
        params
            .iter()
            .filter(|(_, p)| location(p) == Some("body"))
            .map(|(name, _)| name.clone())
            .collect()
    };
    let cx = Cx {
        file,
        consumes: media_list(source.get("consumes")).unwrap_or_default(),
        produces: media_list(source.get("produces")).unwrap_or_default(),
        parameters,
        component_parameters,
        body_parameters: body_names(parameters),
        body_component_parameters: body_names(component_parameters),
    };
    let converted = cx.document(source)?;
    *root = Value::Object(converted);
    Ok(())
}

struct Cx<'a> {
    file: &'a Path,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The global `parameters`.
    parameters: &'a Map<String, Value>,
    /// Parameters a bundler brought in from other files (`components/parameters`, still in
    /// Swagger form).
    component_parameters: &'a Map<String, Value>,
    /// Names of the parameters of each that are `in: body` (they become request bodies).
    body_parameters: BTreeSet<String>,
    body_component_parameters: BTreeSet<String>,
}

/// A body or form parameter of an operation, resolved.
struct BodyParam<'a> {
    /// As written: a parameter or a `$ref` to a global one.
    raw: &'a Value,
    param: &'a Value,
    /// Whether `raw` is a `$ref` to a global parameter.
    global: bool,
    at: String,
}

impl BodyParam<'_> {
    fn key(&self) -> (Option<&str>, Option<&str>) {
        (text(self.param, "name"), location(self.param))
    }
}

impl<'a> Cx<'a> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, pointer, message)
    }

    fn document(&self, source: &Map<String, Value>) -> Result<Map<String, Value>, Diagnostic> {
        let mut out = Map::new();
        out.insert("openapi".into(), "3.0.3".into());
        if let Some(info) = source.get("info") {
            out.insert("info".into(), info.clone());
        }
        if let Some(servers) = servers(source) {
            out.insert("servers".into(), servers);
        }
        let mut components = Map::new();
        for (key, value) in source {
            match key.as_str() {
                "swagger" | "info" | "host" | "basePath" | "schemes" | "consumes" | "produces"
                | "components" => {}
                "paths" => {
                    out.insert(key.clone(), self.paths(value)?);
                }
                "definitions" => {
                    for (name, schema) in entries(value) {
                        section(&mut components, "schemas").insert(name, self.schema(schema));
                    }
                }
                "parameters" => {
                    for (name, p) in entries(value) {
                        let at = join("/parameters", &name);
                        match location(p) {
                            Some("body") => {
                                let body = self.body(p, &self.consumes, &at)?;
                                section(&mut components, "requestBodies").insert(name, body);
                            }
                            // Only meaningful inside an operation's form: inlined there.
                            Some("formData") => {}
                            _ => {
                                section(&mut components, "parameters")
                                    .insert(name, self.parameter(p));
                            }
                        }
                    }
                }
                "responses" => {
                    for (name, response) in entries(value) {
                        let response = self.response(response, &self.produces);
                        section(&mut components, "responses").insert(name, response);
                    }
                }
                "securityDefinitions" => {
                    for (name, scheme) in entries(value) {
                        section(&mut components, "securitySchemes")
                            .insert(name, security_scheme(scheme));
                    }
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(added) = source.get("components").and_then(Value::as_object) {
            self.added_components(added, &mut components)?;
        }
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        Ok(out)
    }

    /// `components` is not Swagger, but a bundler brings the targets of references to other
    /// files there (in Swagger form): they are converted like the document's own sections.
    fn added_components(
        &self,
        added: &Map<String, Value>,
        components: &mut Map<String, Value>,
    ) -> Result<(), Diagnostic> {
        for (name, entries) in added {
            let Some(entries) = entries.as_object() else {
                components.insert(name.clone(), entries.clone());
                continue;
            };
            for (key, value) in entries {
                let at = join(&join("/components", name), key);
                let (section, converted) = match name.as_str() {
                    "schemas" => ("schemas", self.schema(value)),
                    "parameters" => match location(value) {
                        Some("body") => ("requestBodies", self.body(value, &self.consumes, &at)?),
                        Some("formData") => continue,
                        _ => ("parameters", self.parameter(value)),
                    },
                    "responses" => ("responses", self.response(value, &self.produces)),
                    "headers" => ("headers", self.header(value)),
                    other => (other, value.clone()),
                };
                self.merge(components, section, key, converted, &at)?;
            }
        }
        Ok(())
    }

    /// Adds a component unless one of that name exists: a reference to the new one is
    /// replaced by it, two different definitions are an error.
    fn merge(
        &self,
        components: &mut Map<String, Value>,
        section_name: &str,
        name: &str,
        value: Value,
        at: &str,
    ) -> Result<(), Diagnostic> {
        let own = format!("#/components/{section_name}/{}", escape_segment(name));
        let is_own_ref = |v: &Value| v.get("$ref").and_then(Value::as_str) == Some(own.as_str());
        let map = section(components, section_name);
        match map.get(name) {
            None => {
                map.insert(name.to_string(), value);
            }
            Some(old) if is_own_ref(old) => {
                map.insert(name.to_string(), value);
            }
            Some(old) if is_own_ref(&value) || *old == value => {}
            Some(_) => {
                return Err(self.error(
                    at,
                    format!(
                        "two definitions are named `{name}`: the Swagger document's own and one \
                         brought into `components/{section_name}` from another file"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn paths(&self, paths: &Value) -> Result<Value, Diagnostic> {
        let Some(paths) = paths.as_object() else {
            return Ok(paths.clone());
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let converted = if path.starts_with("x-") {
                item.clone()
            } else {
                self.path_item(item, &join("/paths", path))?
            };
            out.insert(path.clone(), converted);
        }
        Ok(Value::Object(out))
    }

    fn path_item(&self, item: &'a Value, at: &str) -> Result<Value, Diagnostic> {
        let Some(item) = item.as_object() else {
            return Ok(item.clone());
        };
        let (shared, shared_bodies) =
            self.split_parameters(item.get("parameters"), &join(at, "parameters"))?;
        let mut out = Map::new();
        for (key, value) in item {
            if key == "parameters" {
                if !shared.is_empty() {
                    out.insert(key.clone(), Value::Array(shared.clone()));
                }
            } else if METHODS.contains(&key.as_str()) {
                let op = self.operation(value, &join(at, key), &shared_bodies)?;
                out.insert(key.clone(), op);
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(Value::Object(out))
    }

    /// A global parameter a `$ref` names, if it is one.
    fn global_parameter(&self, raw: &Value) -> Option<&'a Value> {
        let reference = raw.get("$ref")?.as_str()?;
        if let Some(name) = reference.strip_prefix("#/parameters/") {
            return self.parameters.get(&unescape(name));
        }
        let name = reference.strip_prefix("#/components/parameters/")?;
        self.component_parameters.get(&unescape(name))
    }

    /// Converted non-body parameters, and the body and form ones (resolved).
    fn split_parameters(
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

    fn operation(
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

    fn request_body(
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
    fn body(&self, param: &Value, consumes: &[String], at: &str) -> Result<Value, Diagnostic> {
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
    fn form(&self, params: &[&BodyParam<'a>], consumes: &[String]) -> Value {
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
    fn parameter(&self, p: &Value) -> Value {
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
    fn parameter_schema(&self, p: &Value) -> Value {
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
        if p.get("x-nullable").and_then(Value::as_bool) == Some(true) {
            out.insert("nullable".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    fn responses(&self, responses: &Value, produces: &[String]) -> Value {
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
                self.response(response, produces)
            };
            out.insert(code.clone(), converted);
        }
        Value::Object(out)
    }

    fn response(&self, response: &Value, produces: &[String]) -> Value {
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
        }
        copy_extensions(response, &mut out);
        Value::Object(out)
    }

    fn header(&self, header: &Value) -> Value {
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

    /// A schema with its references and Swagger-only forms converted.
    fn schema(&self, schema: &Value) -> Value {
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
    fn reference(&self, reference: &str) -> String {
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

/// `host` + `basePath` + `schemes` → `servers`, https first.
fn servers(source: &Map<String, Value>) -> Option<Value> {
    let host = source.get("host")?.as_str()?.trim().trim_end_matches('/');
    if host.is_empty() {
        return None;
    }
    let base = source
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_string()
    } else {
        format!("/{base}")
    };
    let listed: Vec<&str> = source
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut schemes: Vec<&str> = Vec::new();
    if listed.is_empty() || listed.contains(&"https") {
        schemes.push("https");
    }
    for s in listed {
        if s == "http" && !schemes.contains(&s) {
            schemes.push(s);
        }
    }
    if schemes.is_empty() {
        schemes.push("https");
    }
    let servers = schemes
        .into_iter()
        .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
        .collect();
    Some(Value::Array(servers))
}

fn security_scheme(scheme: &Value) -> Value {
    let Some(obj) = scheme.as_object() else {
        return scheme.clone();
    };
    let mut out = Map::new();
    match text(scheme, "type") {
        Some("basic") => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        Some("apiKey") => {
            for key in ["type", "name", "in"] {
                if let Some(v) = obj.get(key) {
                    out.insert(key.into(), v.clone());
                }
            }
        }
        Some("oauth2") => {
            out.insert("type".into(), "oauth2".into());
            let (flow, urls): (&str, &[&str]) = match text(scheme, "flow") {
                Some("implicit") => ("implicit", &["authorizationUrl"]),
                Some("password") => ("password", &["tokenUrl"]),
                Some("application") => ("clientCredentials", &["tokenUrl"]),
                _ => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            };
            let mut converted = Map::new();
            for url in urls {
                if let Some(v) = obj.get(*url) {
                    converted.insert((*url).to_string(), v.clone());
                }
            }
            let scopes = obj.get("scopes").cloned().unwrap_or_else(|| json!({}));
            converted.insert("scopes".into(), scopes);
            out.insert("flows".into(), json!({ flow: Value::Object(converted) }));
        }
        _ => return scheme.clone(),
    }
    if let Some(d) = obj.get("description") {
        out.insert("description".into(), d.clone());
    }
    copy_extensions(scheme, &mut out);
    Value::Object(out)
}

/// `collectionFormat` → 3.0 `style` and `explode`; `None` when 3.0 has no equivalent.
fn collection_style(format: &str, location: &str) -> Option<(&'static str, bool)> {
    match (format, location) {
        ("multi", _) => Some(("form", true)),
        ("csv", "query" | "formData") => Some(("form", false)),
        ("csv", _) => Some(("simple", false)),
        ("ssv", _) => Some(("spaceDelimited", false)),
        ("pipes", _) => Some(("pipeDelimited", false)),
        _ => None,
    }
}

fn content(schema: &Value, media: &[String]) -> Value {
    let map: Map<String, Value> = media
        .iter()
        .map(|m| (m.clone(), json!({ "schema": schema })))
        .collect();
    Value::Object(map)
}

fn media_list(value: Option<&Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    )
}

fn media_or(list: &[String], default: &str) -> Vec<String> {
    if list.is_empty() {
        vec![default.to_string()]
    } else {
        list.to_vec()
    }
}

fn is_json(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base == JSON || base.ends_with("+json")
}

fn location(p: &Value) -> Option<&str> {
    text(p, "in")
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// The entries of a mapping (nothing if it is not one).
fn entries(value: &Value) -> impl Iterator<Item = (String, &Value)> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v))
}

/// A section of `components`, created if missing (or replaced if it was not a mapping).
fn section<'m>(components: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let slot = components
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("a mapping")
}

fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    for (key, value) in from.as_object().into_iter().flatten() {
        if key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(doc: Value) -> Value {
        let mut doc = doc;
        convert(Path::new("t.yaml"), &mut doc).unwrap();
        doc
    }

    fn at<'v>(doc: &'v Value, pointer: &str) -> &'v Value {
        doc.pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in {doc:#}"))
    }

    #[test]
    fn version_and_servers() {
        let doc = converted(json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1"},
            "host": "api.example.com",
            "basePath": "/v2/",
            "schemes": ["http", "https"],
            "paths": {}
        }));
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}],
                "paths": {}
            })
        );
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "info", "servers", "paths"]);
    }

    #[test]
    fn servers_default_to_https_and_need_a_host() {
        let doc = converted(json!({"swagger": "2.0", "host": "h.example", "schemes": ["http"]}));
        assert_eq!(doc["servers"], json!([{"url": "http://h.example"}]));
        let doc = converted(json!({"swagger": "2.0", "host": "h.example", "basePath": "v1"}));
        assert_eq!(doc["servers"], json!([{"url": "https://h.example/v1"}]));
        let doc = converted(json!({"swagger": "2.0", "basePath": "/v1"}));
        assert!(doc.get("servers").is_none());
    }

    #[test]
    fn definitions_and_their_references_move() {
        let doc = converted(json!({
            "swagger": "2.0",
            "definitions": {
                "Pet": {
                    "type": "object",
                    "discriminator": "kind",
                    "properties": {
                        "owner": {"$ref": "#/definitions/Person"},
                        "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                        "photo": {"type": "file"},
                        "nick": {"type": "string", "x-nullable": true},
                        "extra": {"additionalProperties": {"$ref": "#/definitions/Tag"}}
                    }
                },
                "Dog": {"allOf": [{"$ref": "#/definitions/Pet"}, {"type": "object"}]}
            }
        }));
        assert_eq!(
            at(&doc, "/components/schemas/Pet"),
            &json!({
                "type": "object",
                "discriminator": {"propertyName": "kind"},
                "properties": {
                    "owner": {"$ref": "#/components/schemas/Person"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "photo": {"type": "string", "format": "binary"},
                    "nick": {"type": "string", "x-nullable": true, "nullable": true},
                    "extra": {"additionalProperties": {"$ref": "#/components/schemas/Tag"}}
                }
            })
        );
        assert_eq!(
            at(&doc, "/components/schemas/Dog/allOf/0/$ref"),
            "#/components/schemas/Pet"
        );
        assert!(doc.get("definitions").is_none());
    }

    #[test]
    fn body_parameter_becomes_request_body_with_consumes() {
        let doc = converted(json!({
            "swagger": "2.0",
            "consumes": ["application/json", "application/xml"],
            "paths": {"/pets": {"post": {
                "parameters": [
                    {"name": "X-Trace", "in": "header", "type": "string"},
                    {"name": "pet", "in": "body", "required": true, "description": "The pet.",
                     "schema": {"$ref": "#/definitions/Pet"}, "x-extra": 1}
                ],
                "responses": {"204": {"description": "Stored."}}
            }}}
        }));
        let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
        assert_eq!(
            at(&doc, "/paths/~1pets/post"),
            &json!({
                "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
                "requestBody": {
                    "description": "The pet.",
                    "content": {"application/json": pet, "application/xml": pet},
                    "required": true,
                    "x-extra": 1
                },
                "responses": {"204": {"description": "Stored."}}
            })
        );
    }

    #[test]
    fn body_media_type_defaults_to_json_and_operation_consumes_wins() {
        let doc = converted(json!({
            "swagger": "2.0",
            "consumes": ["application/xml"],
            "paths": {
                "/a": {"put": {"consumes": ["application/vnd.api+json"], "parameters": [
                    {"name": "b", "in": "body", "schema": {"type": "object"}}
                ], "responses": {}}}
            }
        }));
        let content = at(&doc, "/paths/~1a/put/requestBody/content");
        assert_eq!(
            content,
            &json!({"application/vnd.api+json": {"schema": {"type": "object"}}})
        );
        let doc = converted(json!({
            "swagger": "2.0",
            "paths": {"/a": {"put": {"parameters": [
                {"name": "b", "in": "body", "schema": {"type": "object"}}
            ], "responses": {}}}}
        }));
        let content = at(&doc, "/paths/~1a/put/requestBody/content");
        assert_eq!(
            content,
            &json!({"application/json": {"schema": {"type": "object"}}})
        );
    }

    #[test]
    fn form_parameters_become_a_form_body() {
        let doc = converted(json!({
            "swagger": "2.0",
            "paths": {"/upload": {
                "parameters": [{"name": "folder", "in": "formData", "type": "string"}],
                "post": {
                    "parameters": [
                        {"name": "file", "in": "formData", "type": "file", "required": true, "description": "Bytes."},
                        {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}}
                    ],
                    "responses": {}
                }
            }}
        }));
        let item = at(&doc, "/paths/~1upload");
        assert!(item.get("parameters").is_none(), "{item:#}");
        assert_eq!(
            at(&doc, "/paths/~1upload/post/requestBody"),
            &json!({
                "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {
                        "folder": {"type": "string"},
                        "file": {"type": "string", "format": "binary", "description": "Bytes."},
                        "tags": {"type": "array", "items": {"type": "string"}}
                    },
                    "required": ["file"]
                }}},
                "required": true
            })
        );
    }

    #[test]
    fn form_without_files_is_urlencoded_unless_consumes_says_multipart() {
        let form = json!([{"name": "q", "in": "formData", "type": "string"}]);
        let doc = converted(json!({
            "swagger": "2.0",
            "paths": {"/a": {"post": {"parameters": form, "responses": {}}}}
        }));
        let content = at(&doc, "/paths/~1a/post/requestBody/content");
        assert!(content.get(URLENCODED).is_some(), "{content}");
        let doc = converted(json!({
            "swagger": "2.0",
            "consumes": ["multipart/form-data"],
            "paths": {"/a": {"post": {"parameters": form, "responses": {}}}}
        }));
        let content = at(&doc, "/paths/~1a/post/requestBody/content");
        assert!(content.get(MULTIPART).is_some(), "{content}");
    }

    #[test]
    fn non_body_parameters_get_a_schema_and_a_style() {
        let doc = converted(json!({
            "swagger": "2.0",
            "paths": {"/items/{ids}": {"get": {"parameters": [
                {"name": "ids", "in": "path", "type": "array", "items": {"type": "integer", "format": "int64"}},
                {"name": "limit", "in": "query", "type": "integer", "minimum": 1, "default": 20, "x-x": true},
                {"name": "tag", "in": "query", "type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "collectionFormat": "multi"},
                {"name": "sep", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                {"name": "tabs", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}
            ], "responses": {}}}}
        }));
        assert_eq!(
            at(&doc, "/paths/~1items~1{ids}/get/parameters"),
            &json!([
                {"name": "ids", "in": "path", "required": true,
                 "schema": {"type": "array", "items": {"type": "integer", "format": "int64"}},
                 "style": "simple", "explode": false},
                {"name": "limit", "in": "query", "x-x": true,
                 "schema": {"type": "integer", "default": 20, "minimum": 1}},
                {"name": "tag", "in": "query",
                 "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                 "style": "form", "explode": true},
                {"name": "sep", "in": "query",
                 "schema": {"type": "array", "items": {"type": "string"}},
                 "style": "pipeDelimited", "explode": false},
                {"name": "tabs", "in": "query",
                 "schema": {"type": "array", "items": {"type": "string"}},
                 "x-collectionFormat": "tsv"}
            ])
        );
    }

    #[test]
    fn global_parameters_split_into_parameters_and_request_bodies() {
        let doc = converted(json!({
            "swagger": "2.0",
            "consumes": ["application/json"],
            "parameters": {
                "limit": {"name": "limit", "in": "query", "type": "integer"},
                "PetBody": {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}},
                "note": {"name": "note", "in": "formData", "type": "string", "required": true}
            },
            "paths": {
                "/pets": {
                    "get": {"parameters": [{"$ref": "#/parameters/limit"}], "responses": {}},
                    "post": {"parameters": [{"$ref": "#/parameters/PetBody"}], "responses": {}},
                    "put": {"consumes": ["application/merge-patch+json"], "parameters": [{"$ref": "#/parameters/PetBody"}], "responses": {}}
                },
                "/notes": {"post": {"parameters": [{"$ref": "#/parameters/note"}], "responses": {}}}
            }
        }));
        assert_eq!(
            at(&doc, "/components/parameters"),
            &json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
        );
        assert_eq!(
            at(&doc, "/components/requestBodies"),
            &json!({"PetBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                "required": true
            }})
        );
        assert_eq!(
            at(&doc, "/paths/~1pets/get/parameters/0"),
            &json!({"$ref": "#/components/parameters/limit"})
        );
        assert_eq!(
            at(&doc, "/paths/~1pets/post/requestBody"),
            &json!({"$ref": "#/components/requestBodies/PetBody"})
        );
        assert!(at(&doc, "/paths/~1pets/post").get("parameters").is_none());
        // Its own media types: a copy.
        assert_eq!(
            at(&doc, "/paths/~1pets/put/requestBody/content"),
            &json!({"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Pet"}}})
        );
        // A global form parameter is inlined.
        assert_eq!(
            at(
                &doc,
                "/paths/~1notes/post/requestBody/content/application~1x-www-form-urlencoded/schema/required"
            ),
            &json!(["note"])
        );
    }

    #[test]
    fn responses_get_content_from_produces() {
        let doc = converted(json!({
            "swagger": "2.0",
            "produces": ["application/json"],
            "responses": {"NotFound": {"description": "Missing.", "schema": {"$ref": "#/definitions/Error"}}},
            "paths": {"/pets/{id}": {"get": {
                "produces": ["application/json", "text/csv"],
                "responses": {
                    "200": {
                        "description": "The pet.",
                        "schema": {"$ref": "#/definitions/Pet"},
                        "headers": {"X-Rate-Limit": {"type": "integer", "format": "int32", "description": "Calls left."}},
                        "examples": {"application/json": {"id": 1}}
                    },
                    "404": {"$ref": "#/responses/NotFound"},
                    "default": {"description": "Error."}
                }
            }}}
        }));
        assert_eq!(
            at(&doc, "/paths/~1pets~1{id}/get/responses"),
            &json!({
                "200": {
                    "description": "The pet.",
                    "headers": {"X-Rate-Limit": {"description": "Calls left.", "schema": {"type": "integer", "format": "int32"}}},
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}, "example": {"id": 1}},
                        "text/csv": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    }
                },
                "404": {"$ref": "#/components/responses/NotFound"},
                "default": {"description": "Error."}
            })
        );
        assert_eq!(
            at(&doc, "/components/responses/NotFound"),
            &json!({"description": "Missing.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
        );
    }

    #[test]
    fn file_responses_are_binary_content() {
        let doc = converted(json!({
            "swagger": "2.0",
            "produces": ["application/json"],
            "paths": {"/f": {"get": {"responses": {"200": {"description": "Bytes.", "schema": {"type": "file"}}}}}}
        }));
        assert_eq!(
            at(&doc, "/paths/~1f/get/responses/200/content"),
            &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
    }

    #[test]
    fn security_definitions_become_schemes() {
        let doc = converted(json!({
            "swagger": "2.0",
            "securityDefinitions": {
                "basic": {"type": "basic", "description": "User and password."},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env": "KEY"},
                "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"read": "Read."}},
                "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}},
                "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
                "pw": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}}
            },
            "security": [{"basic": []}]
        }));
        assert_eq!(
            at(&doc, "/components/securitySchemes"),
            &json!({
                "basic": {"type": "http", "scheme": "basic", "description": "User and password."},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env": "KEY"},
                "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"read": "Read."}}}},
                "code": {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}},
                "app": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}},
                "pw": {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}}
            })
        );
        assert_eq!(doc["security"], json!([{"basic": []}]));
    }

    #[test]
    fn extensions_and_other_keys_are_kept() {
        let doc = converted(json!({
            "swagger": "2.0",
            "x-root": {"$ref": "#/definitions/Kept"},
            "tags": [{"name": "pets"}],
            "paths": {"x-paths": 1, "/a": {"x-item": 2, "get": {"x-op": 3, "tags": ["pets"], "operationId": "a", "responses": {"x-r": 4}}}}
        }));
        assert_eq!(doc["x-root"], json!({"$ref": "#/definitions/Kept"}));
        assert_eq!(doc["tags"], json!([{"name": "pets"}]));
        assert_eq!(
            doc["paths"],
            json!({"x-paths": 1, "/a": {"x-item": 2, "get": {"x-op": 3, "tags": ["pets"], "operationId": "a", "responses": {"x-r": 4}}}})
        );
    }

    /// What a bundler leaves in a Swagger document that refers to other files: their targets
    /// under `components`, in Swagger form, and local references to them.
    #[test]
    fn components_brought_in_from_other_files_are_converted_too() {
        let doc = converted(json!({
            "swagger": "2.0",
            "definitions": {"Pet": {"$ref": "#/components/schemas/Pet"}},
            "paths": {"/pets": {"post": {
                "parameters": [
                    {"$ref": "#/components/parameters/Limit"},
                    {"$ref": "#/components/parameters/PetBody"}
                ],
                "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
            }}},
            "components": {
                "schemas": {"Pet": {"properties": {"photo": {"type": "file"}}}},
                "parameters": {
                    "Limit": {"name": "limit", "in": "query", "type": "integer"},
                    "PetBody": {"name": "pet", "in": "body", "schema": {"$ref": "#/components/schemas/Pet"}}
                },
                "responses": {"NotFound": {"description": "Missing.", "schema": {"type": "string"}}}
            }
        }));
        assert_eq!(
            doc["components"],
            json!({
                "schemas": {"Pet": {"properties": {"photo": {"type": "string", "format": "binary"}}}},
                "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
                "requestBodies": {"PetBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
                "responses": {"NotFound": {"description": "Missing.", "content": {"application/json": {"schema": {"type": "string"}}}}}
            })
        );
        assert_eq!(
            at(&doc, "/paths/~1pets/post"),
            &json!({
                "parameters": [{"$ref": "#/components/parameters/Limit"}],
                "requestBody": {"$ref": "#/components/requestBodies/PetBody"},
                "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
            })
        );
        let mut clash = json!({
            "swagger": "2.0",
            "definitions": {"Pet": {"type": "object"}},
            "components": {"schemas": {"Pet": {"type": "string"}}}
        });
        let d = convert(Path::new("t.yaml"), &mut clash).unwrap_err();
        assert_eq!(
            d.location,
            crate::Location::Pointer("/components/schemas/Pet".into())
        );
        assert!(
            d.message.contains("two definitions are named `Pet`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn invalid_body_parameters_are_located_in_the_swagger_document() {
        let cases = [
            (
                json!([{"name": "a", "in": "body"}]),
                "/paths/~1a/post/parameters/0",
                "needs a `schema`",
            ),
            (
                json!([{"name": "a", "in": "body", "schema": {}}, {"name": "b", "in": "body", "schema": {}}]),
                "/paths/~1a/post/parameters/1",
                "only one `in: body`",
            ),
            (
                json!([{"name": "a", "in": "body", "schema": {}}, {"name": "b", "in": "formData", "type": "string"}]),
                "/paths/~1a/post/parameters/1",
                "both `in: body` and `in: formData`",
            ),
            (
                json!({"a": 1}),
                "/paths/~1a/post/parameters",
                "must be a list",
            ),
        ];
        for (params, pointer, text) in cases {
            let mut doc = json!({"swagger": "2.0", "paths": {"/a": {"post": {"parameters": params, "responses": {}}}}});
            let d = convert(Path::new("t.yaml"), &mut doc).unwrap_err();
            assert_eq!(d.location, crate::Location::Pointer(pointer.into()));
            assert!(d.message.contains(text), "{}", d.message);
        }
    }
}
