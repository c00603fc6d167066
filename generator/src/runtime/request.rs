//! A request as an operation builds it, before credentials and transport: method, path,
//! query, headers and body. Parameters are written by `params.rs`.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::params::{self, Node, Styled};

/// A request before auth and transport: what an operation builder produces.
#[derive(Debug)]
pub(crate) struct Request {
    pub operation: &'static str,
    /// The path as the spec writes it (`/media/{mediaId}`), for traces.
    pub path_template: &'static str,
    pub method: Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    /// `(name, value)` pairs, already percent-encoded by their parameter's style.
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
    /// The permission the provider says the credentials need for this operation, named in
    /// the error of a 401 or 403.
    pub permission: Option<&'static str>,
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

/// The error of a header that cannot be sent: `what` (`the name`, `the value`) of header
/// `name` is not valid.
pub(crate) fn invalid_header(operation: &'static str, what: &str, name: &str) -> Error {
    Error::InvalidRequest {
        operation,
        message: format!("{what} of header `{name}` is not valid"),
    }
}

/// A header's name and value, checked; `sensitive` keeps the value out of `Debug` output.
pub(crate) fn header_entry(
    operation: &'static str,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = |what: &str| invalid_header(operation, what, name);
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
            permission: None,
            auth: None,
            method,
        }
    }

    /// Refuses a path parameter value that would not stay one segment of the path: an
    /// empty value, `.` or `..` (which URL parsers remove or resolve, so `DELETE
    /// /media/{id}/tracks/{trackId}` with `trackId = ".."` would delete the media itself).
    pub fn check_path(&self) -> Result<(), Error> {
        if !self.path_template.contains('{') {
            return Ok(());
        }
        // Split as bytes: `str::split` costs several times more per segment, on every call.
        let mut path = self.path.as_bytes().split(|&b| b == b'/');
        for part in self.path_template.as_bytes().split(|&b| b == b'/') {
            let segment = path.next().unwrap_or_default();
            if !part.contains(&b'{') {
                continue;
            }
            if segment.is_empty() || is_dot_segment(segment) {
                let (part, segment) = (
                    String::from_utf8_lossy(part),
                    String::from_utf8_lossy(segment),
                );
                return Err(self.bad_path(&part, &segment));
            }
        }
        match path.next() {
            Some(extra) => Err(self.bad_path(self.path_template, &String::from_utf8_lossy(extra))),
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

    /// A query parameter of one text value (percent-encoded here).
    pub fn query(&mut self, name: &str, value: &str) {
        let pairs = params::query(name, &Node::Scalar(value.to_string()), Styled::FORM);
        self.query.extend(pairs);
    }

    /// Sets a header; `sensitive` keeps it out of `Debug` output.
    pub fn header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), Error> {
        let (name, value) = header_entry(self.operation, name, value, sensitive)?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets `Accept` to the media types of the documented responses: a header made without
    /// copying them or parsing its name on every call.
    pub fn accept(&mut self, types: &'static str) -> Result<(), Error> {
        let value = HeaderValue::from_maybe_shared(Bytes::from_static(types.as_bytes()))
            .map_err(|_| invalid_header(self.operation, "the value", "accept"))?;
        self.headers.insert(reqwest::header::ACCEPT, value);
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

/// A value as text for a form field (urlencoded or multipart): scalars as themselves, a
/// list item by item (nested values as JSON text), `null` as nothing.
pub(crate) fn texts<T: serde::Serialize + ?Sized>(value: &T) -> Vec<String> {
    match Node::of(value, false) {
        Node::Null => Vec::new(),
        Node::List(items) => items
            .iter()
            .filter(|item| !matches!(item, Node::Null))
            .map(Node::text)
            .collect(),
        other => vec![other.text()],
    }
}

/// A path parameter's part of the path in `styled` (percent-encoded).
pub(crate) fn path_param<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    styled: Styled,
) -> String {
    params::path(name, &Node::of(value, styled.json), styled)
}

/// A path parameter in the default style (`simple`).
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    path_param("", value, Styled::SIMPLE)
}

/// Cookie parameter `name`'s `name=value` pairs in `styled`.
pub(crate) fn cookie_param<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    styled: Styled,
) -> Vec<String> {
    params::cookie(name, &Node::of(value, styled.json), styled)
}

impl Request {
    /// Query parameter `name` in `styled`.
    pub fn query_param<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        styled: Styled,
    ) {
        let pairs = params::query(name, &Node::of(value, styled.json), styled);
        self.query.extend(pairs);
    }

    /// A query parameter in the default style (`form`, exploded: a list repeats the name).
    pub fn query_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query_param(name, value, Styled::FORM);
    }

    /// Header parameter `name` in `styled`; an undefined value (`null`, an empty list) sends
    /// no header.
    pub fn header_param<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        styled: Styled,
    ) -> Result<(), Error> {
        match params::header(&Node::of(value, styled.json), styled) {
            Some(text) => self.header(name, &text, false),
            None => Ok(()),
        }
    }

    /// A header parameter in the default style (`simple`: a list comma-separated).
    pub fn header_value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        self.header_param(name, value, Styled::SIMPLE)
    }
}

/// `application/x-www-form-urlencoded`: `name=value` pairs joined by `&`, space as `+`,
/// everything but unreserved characters percent-encoded.
pub(crate) fn form_urlencoded(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One name or value of a form: space as `+`, everything but unreserved characters
/// percent-encoded.
pub(crate) fn form_encode(text: &str) -> String {
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
}

/// `.` or `..`, literally or percent-encoded (`%2e`, `%2E`): a segment a URL resolver would
/// remove or climb with. Checked without allocating, on every call.
fn is_dot_segment(bytes: &[u8]) -> bool {
    let (mut i, mut dots) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'.' => i += 1,
            b'%' if bytes.get(i + 1) == Some(&b'2')
                && matches!(bytes.get(i + 2), Some(b'e' | b'E')) =>
            {
                i += 3
            }
            _ => return false,
        }
        dots += 1;
    }
    matches!(dots, 1 | 2)
}
