//! A request as an operation builds it, before credentials and transport: method, path,
//! query, headers and body, with the parameter serialisation OpenAPI's default styles use.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;

/// A request before auth and transport: what an operation builder produces.
#[derive(Debug)]
pub(crate) struct Request {
    pub operation: &'static str,
    /// The path as the spec writes it (`/media/{mediaId}`), for traces.
    pub path_template: &'static str,
    pub method: Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Body,
    /// Whether the server may see this request twice without a second effect: an
    /// idempotent method, or an operation the spec or provider.toml marks safe to retry.
    pub retry_safe: bool,
    /// Whether the body carries credentials (it may then go to the call's origin only).
    pub body_credentials: bool,
    /// Statuses besides 2xx that are responses of this operation (the 3xx it documents,
    /// such as a `304`), not errors.
    pub accepted: &'static [u16],
    /// Applies the chosen credentials to each attempt (see `authorize.rs`); `None`: the
    /// operation needs none, or only `in_request` ones, already in the request.
    pub auth: Option<std::sync::Arc<dyn crate::authorize::Authorize>>,
}

#[derive(Debug)]
// runtime:if alternative_bodies
// A builder holds a body set through an alternative media type until `send` (and is
// cloned for every page), so the body is `Clone` in crates that have such builders.
#[derive(Clone)]
// runtime:end
pub(crate) enum Body {
    Empty,
    Json(serde_json::Value),
    Bytes {
        data: Bytes,
        content_type: String,
    },
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
    // runtime:if multipart
    Multipart(Vec<(String, crate::multipart::FormValue)>),
    // runtime:end
}

/// A header's name and value, checked; `sensitive` keeps the value out of `Debug` output.
pub(crate) fn header_entry(
    operation: &'static str,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = |what: &str| Error::InvalidRequest {
        operation,
        message: format!("{what} of header `{name}` is not valid"),
    };
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("the name"))?;
    let mut value = HeaderValue::from_str(value).map_err(|_| invalid("the value"))?;
    value.set_sensitive(sensitive);
    Ok((header, value))
}

impl Request {
    pub fn new(
        operation: &'static str,
        method: Method,
        path_template: &'static str,
        path: String,
    ) -> Self {
        Request {
            operation,
            path_template,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            retry_safe: matches!(
                method,
                Method::GET
                    | Method::HEAD
                    | Method::OPTIONS
                    | Method::PUT
                    | Method::DELETE
                    | Method::TRACE
            ),
            body_credentials: false,
            accepted: &[],
            auth: None,
            method,
        }
    }

    /// Refuses a path parameter value that would not stay one segment of the path: an
    /// empty value, `.` or `..` (which URL parsers remove or resolve, so `DELETE
    /// /media/{id}/tracks/{trackId}` with `trackId = ".."` would delete the media itself).
    pub fn check_path(&self) -> Result<(), Error> {
        let template = self.path_template.split('/');
        let mut path = self.path.split('/');
        for part in template {
            let segment = path.next().unwrap_or_default();
            if !part.contains('{') {
                continue;
            }
            let dots = segment.to_ascii_lowercase().replace("%2e", ".");
            if segment.is_empty() || dots == "." || dots == ".." {
                return Err(self.bad_path(part, segment));
            }
        }
        match path.next() {
            Some(extra) => Err(self.bad_path(self.path_template, extra)),
            None => Ok(()),
        }
    }

    fn bad_path(&self, part: &str, segment: &str) -> Error {
        let names: Vec<&str> = part
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .collect();
        Error::InvalidRequest {
            operation: self.operation,
            message: format!(
                "path parameter `{}` is {segment:?}, which would not stay one segment of `{}`: the request would go to another path",
                names.join("`, `"),
                self.path_template
            ),
        }
    }

    /// Makes `statuses` responses of this call rather than errors (see `accepted`).
    #[allow(dead_code)]
    pub fn accept_statuses(&mut self, statuses: &'static [u16]) {
        self.accepted = statuses;
    }

    pub fn query(&mut self, name: &str, value: impl ToString) {
        self.query.push((name.to_string(), value.to_string()));
    }

    /// Sets a header; `sensitive` keeps it out of `Debug` output.
    pub fn header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), Error> {
        let (name, value) = header_entry(self.operation, name, value, sensitive)?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Serialises a JSON body.
    pub fn json<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|e| Error::InvalidRequest {
            operation: self.operation,
            message: format!("cannot serialise the body: {e}"),
        })?;
        self.body = Body::Json(value);
        Ok(())
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A parameter value as text, the way OpenAPI's default styles write it: scalars as
/// themselves, arrays item by item, objects as JSON, `null` as nothing.
pub(crate) fn texts<T: serde::Serialize + ?Sized>(value: &T) -> Vec<String> {
    fn scalar(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Ok(serde_json::Value::String(s)) => vec![s],
        Ok(v) => scalar(&v).into_iter().collect(),
        Err(_) => Vec::new(),
    }
}

/// A path parameter, percent-encoded (arrays comma-separated, the `simple` style).
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match texts(value).as_slice() {
        [one] => encode_segment(one),
        many => encode_segment(&many.join(",")),
    }
}

impl Request {
    /// A query parameter; arrays repeat the name (`form` style, exploded).
    pub fn query_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        for text in texts(value) {
            self.query.push((name.to_string(), text));
        }
    }

    /// A query parameter written in another style than exploded `form`.
    pub fn query_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) {
        self.query.extend(query_pairs(name, value, style));
    }

    /// A header parameter; arrays comma-separated.
    pub fn header_value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        self.header(name, &texts(value).join(","), false)
    }
}

/// `application/x-www-form-urlencoded`: `name=value` pairs joined by `&`, space as `+`,
/// everything but unreserved characters percent-encoded.
pub(crate) fn form_urlencoded(fields: &[(String, String)]) -> String {
    let encode = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b' ' => out.push('+'),
                b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'*') => {
                    out.push(b as char)
                }
                b => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// How a query parameter is written: OpenAPI's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `form`, exploded (the default): `tags=a&tags=b`.
    Form,
    /// `form` with `explode: false`: `tags=a,b`; an object `color=R,100,G,200`.
    FormNoExplode,
    /// `spaceDelimited`: `tags=a b` (the space is sent as `+`).
    SpaceDelimited,
    /// `pipeDelimited`: `tags=a|b`.
    PipeDelimited,
    /// `deepObject`: `filter[name]=x&filter[age]=3`; nested objects nest the brackets
    /// (`filter[size][min]=1`), arrays repeat the key. Properties come in serde_json's map
    /// order (sorted by name unless `preserve_order` is enabled).
    DeepObject,
}

/// The `(name, value)` pairs of one query parameter in `style` (before URL encoding).
/// `null` and absent values give no pair; an empty array gives none either.
pub(crate) fn query_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
) -> Vec<(String, String)> {
    let Ok(value) = serde_json::to_value(value) else {
        return Vec::new();
    };
    let delimiter = match style {
        QueryStyle::Form => {
            return texts(&value)
                .into_iter()
                .map(|text| (name.to_string(), text))
                .collect();
        }
        QueryStyle::DeepObject => {
            let mut out = Vec::new();
            deep_object(name, &value, &mut out);
            return out;
        }
        QueryStyle::FormNoExplode => ",",
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
    };
    let items: Vec<String> = match &value {
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), texts(v).join(delimiter)])
            .collect(),
        other => texts(other),
    };
    if items.is_empty() {
        return Vec::new();
    }
    vec![(name.to_string(), items.join(delimiter))]
}

fn deep_object(key: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                deep_object(&format!("{key}[{k}]"), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                deep_object(key, item, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => out.push((key.to_string(), s.clone())),
        other => out.push((key.to_string(), other.to_string())),
    }
}
