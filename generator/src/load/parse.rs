//! YAML/JSON text to a JSON value, with line numbers on syntax errors.

use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Location};

/// Parses by extension; anything that is not `.json` is read as YAML (a superset of JSON).
pub fn parse(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|e| {
            let location = Location::Line {
                line: e.line(),
                column: e.column(),
            };
            Diagnostic::new(path, location, format!("invalid JSON: {e}"))
        });
    }
    if let Some((line, column)) = super::yaml_nesting::too_deep(text) {
        let message = format!(
            "invalid YAML: nests more than {} levels",
            super::yaml_nesting::MAX_NESTING
        );
        return Err(Diagnostic::new(
            path,
            Location::Line { line, column },
            message,
        ));
    }
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::Line {
                line: l.line(),
                column: l.column(),
            },
            None => Location::File,
        };
        Diagnostic::new(path, location, format!("invalid YAML: {e}"))
    })?;
    Ok(to_json(yaml))
}

/// YAML allows non-string keys (`200:` is an integer); OpenAPI means them as strings.
fn to_json(yaml: yaml_serde::Value) -> Value {
    match yaml {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(b) => Value::Bool(b),
        yaml_serde::Value::Number(n) => number(&n),
        yaml_serde::Value::String(s) => Value::String(s),
        yaml_serde::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        yaml_serde::Value::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(key_string(k), to_json(v));
            }
            Value::Object(out)
        }
        yaml_serde::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

fn number(n: &yaml_serde::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

fn key_string(key: yaml_serde::Value) -> String {
    match key {
        yaml_serde::Value::String(s) => s,
        yaml_serde::Value::Bool(b) => b.to_string(),
        yaml_serde::Value::Number(n) => n.to_string(),
        yaml_serde::Value::Null => "null".to_string(),
        other => match to_json(other) {
            Value::String(s) => s,
            v => v.to_string(),
        },
    }
}
