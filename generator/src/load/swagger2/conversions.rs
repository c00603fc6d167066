//! Small conversions the steps share: servers, security schemes, collection formats, media
//! type lists, and reading Swagger values.

use serde_json::{Map, Value, json};

/// Keywords of a non-body parameter, a header or an `items` object that form its schema.
pub(super) const SCHEMA_KEYWORDS: &[&str] = &[
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

pub(super) const JSON: &str = "application/json";
pub(super) const OCTET_STREAM: &str = "application/octet-stream";
pub(super) const MULTIPART: &str = "multipart/form-data";
pub(super) const URLENCODED: &str = "application/x-www-form-urlencoded";

/// `host` + `basePath` + `schemes` → `servers`, https first.
pub(super) fn servers(source: &Map<String, Value>) -> Option<Value> {
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

pub(super) fn security_scheme(scheme: &Value) -> Value {
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
/// (`ssv` and `pipes` have a style in a query only; elsewhere they stay `x-collectionFormat`,
/// which the model reads.)
pub(super) fn collection_style(format: &str, location: &str) -> Option<(&'static str, bool)> {
    match (format, location) {
        ("multi", "query" | "formData") => Some(("form", true)),
        ("csv", "query" | "formData") => Some(("form", false)),
        ("csv" | "multi", _) => Some(("simple", false)),
        ("ssv", "query" | "formData") => Some(("spaceDelimited", false)),
        ("pipes", "query" | "formData") => Some(("pipeDelimited", false)),
        _ => None,
    }
}

pub(super) fn content(schema: &Value, media: &[String]) -> Value {
    let map: Map<String, Value> = media
        .iter()
        .map(|m| (m.clone(), json!({ "schema": schema })))
        .collect();
    Value::Object(map)
}

pub(super) fn media_list(value: Option<&Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    )
}

pub(super) fn media_or(list: &[String], default: &str) -> Vec<String> {
    if list.is_empty() {
        vec![default.to_string()]
    } else {
        list.to_vec()
    }
}

pub(super) fn is_json(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base == JSON || base.ends_with("+json")
}

pub(super) fn location(p: &Value) -> Option<&str> {
    text(p, "in")
}

pub(super) fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// The entries of a mapping (nothing if it is not one).
pub(super) fn entries(value: &Value) -> impl Iterator<Item = (String, &Value)> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v))
}

/// A section of `components`, created if missing (or replaced if it was not a mapping).
pub(super) fn section<'m>(
    components: &'m mut Map<String, Value>,
    key: &str,
) -> &'m mut Map<String, Value> {
    let slot = components
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("a mapping")
}

pub(super) fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    for (key, value) in from.as_object().into_iter().flatten() {
        if key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}

pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
