//! Reading responses: bodies read into memory are capped in size and bounded in time by the
//! attempt that received them; downloads are streamed instead (see `download.rs`).

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, ErrorFormat};
use crate::transport::Deadline;

/// A response whose status and headers have arrived, with the limits its body is read under.
#[derive(Debug)]
pub(crate) struct Response {
    operation: &'static str,
    inner: reqwest::Response,
    max_body: u64,
    /// When reading must be done (`None`: no limit could be represented).
    deadline: Option<Deadline>,
    /// The longest silence a streamed body may have between two chunks.
    idle_limit: Duration,
    /// The requests sent for the call (this one included): errors say it.
    attempts: u32,
}

impl Response {
    pub(crate) fn new(
        operation: &'static str,
        inner: reqwest::Response,
        max_body: u64,
        deadline: Option<Deadline>,
        idle_limit: Duration,
    ) -> Self {
        Response {
            operation,
            inner,
            max_body,
            deadline,
            idle_limit,
            attempts: 1,
        }
    }

    /// The requests sent for the call, this one included.
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Records how many requests the call sent before this response.
    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The largest body (or streamed value) read into memory.
    pub(crate) fn max_body(&self) -> u64 {
        self.max_body
    }

    /// The longest silence a streamed body may have between two chunks.
    pub(crate) fn idle_limit(&self) -> Duration {
        self.idle_limit
    }

    /// The response, to stream its body (not capped).
    pub(crate) fn into_inner(self) -> reqwest::Response {
        self.inner
    }

    /// The whole body, or an error if it is larger than the cap or does not arrive in time.
    pub(crate) async fn body(self) -> Result<Bytes, Error> {
        let (operation, attempts) = (self.operation, self.attempts);
        let read = match self.deadline {
            // Rare (a limit too far away to represent): boxed, not a second copy in the state.
            None => Box::pin(self.read_capped()).await,
            Some(deadline) => tokio::time::timeout_at(deadline.at, self.read_capped())
                .await
                .unwrap_or_else(|_| Err(deadline.error(operation))),
        };
        read.map_err(|error| error.with_attempts(attempts))
    }

    async fn read_capped(mut self) -> Result<Bytes, Error> {
        let (operation, status, limit) = (self.operation, self.inner.status(), self.max_body);
        let too_large = || Error::BodyTooLarge {
            operation,
            status,
            limit,
            attempts: 1,
        };
        if self
            .inner
            .content_length()
            .is_some_and(|n| n > self.max_body)
        {
            return Err(too_large());
        }
        // Sized once from `Content-Length` (already checked against the cap): no regrowth,
        // and no copy of what was read so far. At most 16 MiB up front, so that a length a
        // server announces but does not send cannot claim more than that.
        let expected = self
            .inner
            .content_length()
            .unwrap_or(0)
            .min(self.max_body)
            .min(PREALLOCATED_MAX);
        let mut body = BytesMut::with_capacity(usize::try_from(expected).unwrap_or(0));
        loop {
            let chunk = self.inner.chunk().await.map_err(|error| Error::Transport {
                operation: self.operation,
                attempts: 1,
                error: error.without_url(),
            })?;
            let Some(chunk) = chunk else {
                return Ok(body.freeze());
            };
            if (body.len() as u64).saturating_add(chunk.len() as u64) > self.max_body {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
    }

    /// A status outside 2xx as [`Error::Api`], its body read under the same limits.
    pub(crate) async fn into_api_error(self, format: &'static ErrorFormat) -> Error {
        let (operation, status) = (self.operation, self.status());
        let headers = self.headers().clone();
        match self.body().await {
            Ok(body) => Error::Api(Box::new(ApiError::new(
                operation, status, headers, body, format,
            ))),
            Err(error) => error,
        }
    }
}

/// The most a body buffer takes before its bytes arrive.
const PREALLOCATED_MAX: u64 = 16 * 1024 * 1024;

/// Reads a 2xx body as JSON of type `T`.
pub(crate) async fn json<T: DeserializeOwned>(
    operation: &'static str,
    response: Response,
) -> Result<T, Error> {
    fetch(response)
        .await
        .and_then(|fetched| decode_json(operation, fetched))
}

/// A 2xx response read whole: what a call that decodes its body needs of it.
pub(crate) struct Fetched {
    pub status: StatusCode,
    pub attempts: u32,
    pub body: Bytes,
}

/// Reads a response's body whole; other statuses are errors, as for every call.
pub(crate) async fn fetch(response: Response) -> Result<Fetched, Error> {
    let (status, attempts) = (response.status(), response.attempts());
    let body = response.body().await?;
    Ok(Fetched {
        status,
        attempts,
        body,
    })
}

/// Decodes a 2xx body read whole as JSON of type `T`: the only part of a JSON call that is
/// compiled once per type (`transport::call_json`).
pub(crate) fn decode_json<T: DeserializeOwned>(
    operation: &'static str,
    fetched: Fetched,
) -> Result<T, Error> {
    // An empty 2xx body where JSON was documented decodes as `null` (e.g. into `Option`).
    let text: &[u8] = if fetched.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &fetched.body
    };
    // The fast path: serde_json alone. Anything after the value but whitespace (a second
    // value, a truncated concatenation) is an error there too: the caller would otherwise
    // get part of the body.
    match serde_json::from_slice(text) {
        Ok(value) => Ok(value),
        Err(error) => Err(decode_error(operation, &fetched, text, error)),
    }
}

/// Only a body that does not decode pays for finding where: the path of the field that
/// failed (`data.tracks[2].status`), from the error's position, by one walk of the text that
/// is the same code for every type (no second decoder per response type to compile).
fn decode_error(
    operation: &'static str,
    fetched: &Fetched,
    text: &[u8],
    error: serde_json::Error,
) -> Error {
    let path = if error.to_string().starts_with("trailing characters") {
        "(after the value)".to_string()
    } else {
        path_at(text, error.line(), error.column(), error.is_eof())
    };
    Error::Decode {
        operation,
        status: fetched.status,
        path,
        body: String::from_utf8_lossy(&fetched.body).into_owned(),
        error,
        attempts: fetched.attempts,
    }
}

/// The JSON path (`data.tracks[2].status`; `.` for the value itself) of the place in `text`
/// at `line` and `column` (1-based, as serde_json counts them): the object keys and array
/// indices open there. `eof`: the text ended there (an array whose last element was complete
/// is then waiting for the next one, and named without an index).
pub(crate) fn path_at(text: &[u8], line: usize, column: usize, eof: bool) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
            element_done: bool,
        },
    }
    let line_start = match line {
        0 | 1 => 0,
        n => text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let end = line_start.saturating_add(column).min(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match text[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array {
                index: 0,
                element_done: false,
            }),
            b'}' | b']' => {
                stack.pop();
                if let Some(Frame::Array { element_done, .. }) = stack.last_mut() {
                    *element_done = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array {
                    index,
                    element_done,
                }) => {
                    *index += 1;
                    *element_done = false;
                }
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let close = string_end(text, i);
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = &text[i..close.min(text.len())];
                    *key = serde_json::from_slice::<String>(raw).ok().or_else(|| {
                        Some(String::from_utf8_lossy(raw).trim_matches('"').to_string())
                    });
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let last = stack.len().saturating_sub(1);
    for (depth, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array {
                element_done: true, ..
            } if eof && depth == last => {}
            Frame::Array { index, .. } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

/// The index just past the string that starts with the quote at `start`.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// Reads and discards a 2xx body.
pub(crate) async fn empty(_operation: &'static str, response: Response) -> Result<(), Error> {
    response.body().await.map(drop)
}

/// Discards a 2xx body read whole.
pub(crate) fn decode_empty(_operation: &'static str, _fetched: Fetched) -> Result<(), Error> {
    Ok(())
}

/// Reads a 2xx body as text.
pub(crate) async fn text(operation: &'static str, response: Response) -> Result<String, Error> {
    fetch(response)
        .await
        .and_then(|f| decode_text(operation, f))
}

/// A 2xx body read whole, as text.
pub(crate) fn decode_text(_operation: &'static str, fetched: Fetched) -> Result<String, Error> {
    Ok(String::from_utf8_lossy(&fetched.body).into_owned())
}

/// Reads a 2xx body whole (a status the spec does not document).
pub(crate) async fn bytes(_operation: &'static str, response: Response) -> Result<Bytes, Error> {
    response.body().await
}

/// A successful response as the server sent it, for what the generated types do not
/// describe (`send_raw()` on every request builder). The body is read whole, under the same
/// size cap as any other.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The status (2xx; other statuses are [`Error::Api`], which keeps the body too).
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, not decoded.
    pub body: Bytes,
}

impl RawResponse {
    /// The body decoded as `T` (any type, not only the documented one).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads a 2xx response as a [`RawResponse`].
pub(crate) async fn raw(
    _operation: &'static str,
    response: Response,
) -> Result<RawResponse, Error> {
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.body().await?;
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// A successful response with the headers its operation documents, parsed
/// (`send_with_headers()` on a builder whose operation documents response headers): the
/// decoded body, the typed headers (`H`, one `Option` per documented header: `None` when the
/// server left it out or sent something its schema does not allow), the status, and every
/// header as received.
#[derive(Debug, Clone)]
pub struct WithHeaders<T, H> {
    status: StatusCode,
    raw_headers: HeaderMap,
    headers: H,
    body: T,
}

impl<T, H> WithHeaders<T, H> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The documented headers, parsed.
    pub fn headers(&self) -> &H {
        &self.headers
    }

    /// Every header as the server sent it.
    pub fn raw_headers(&self) -> &HeaderMap {
        &self.raw_headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The body and the parsed headers.
    pub fn into_parts(self) -> (T, H) {
        (self.body, self.headers)
    }
}

/// Reads a 2xx response with `decode`, keeping its status and headers, and the documented
/// ones parsed by `parse`.
pub(crate) async fn with_headers<T, H, F, Fut>(
    response: Response,
    parse: fn(&HeaderMap) -> H,
    decode: F,
) -> Result<WithHeaders<T, H>, Error>
where
    F: FnOnce(Response) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let (status, raw_headers) = (response.status(), response.headers().clone());
    let headers = parse(&raw_headers);
    let body = decode(response).await?;
    Ok(WithHeaders {
        status,
        raw_headers,
        headers,
        body,
    })
}

/// Header `name` as a value of its schema's type: text as itself (a string, a string enum),
/// else as JSON (`42`, `true`), else a comma-separated list (`simple` style); several lines
/// of the header are one comma-separated value. `None` when absent or none of these decode.
pub(crate) fn header_as<T: DeserializeOwned>(headers: &HeaderMap, name: &str) -> Option<T> {
    let lines: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if lines.is_empty() {
        return None;
    }
    let text = lines.join(", ");
    let text = text.trim();
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .ok()
        .or_else(|| serde_json::from_str(text).ok())
        .or_else(|| {
            let items = text
                .split(',')
                .map(str::trim)
                .map(|item| {
                    serde_json::from_str(item)
                        .unwrap_or_else(|_| serde_json::Value::String(item.to_string()))
                })
                .collect();
            serde_json::from_value(serde_json::Value::Array(items)).ok()
        })
}
