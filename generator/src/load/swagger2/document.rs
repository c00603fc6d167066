//! The document: `info`, `servers`, `components` from the global sections, and the paths.

use serde_json::{Map, Value};

use super::context::*;
use super::conversions::*;
use crate::diagnostic::{Diagnostic, escape_segment, join};
use crate::load::METHODS;

impl<'a> Cx<'a> {
    pub(super) fn document(
        &self,
        source: &Map<String, Value>,
    ) -> Result<Map<String, Value>, Diagnostic> {
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
                        // Its status is where it is used: any status with a body.
                        let response = self.response("", response, &self.produces);
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
    pub(super) fn added_components(
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
                    "responses" => ("responses", self.response("", value, &self.produces)),
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
    pub(super) fn merge(
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

    pub(super) fn paths(&self, paths: &Value) -> Result<Value, Diagnostic> {
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

    pub(super) fn path_item(&self, item: &'a Value, at: &str) -> Result<Value, Diagnostic> {
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
}
