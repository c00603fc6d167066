//! Sending requests: URL building, retries with backoff, response decoding.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, ErrorFormat};

/// When and how often a failed call is tried again.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: never retry).
    pub max_attempts: u32,
    /// Delay before the second attempt.
    pub initial_interval: Duration,
    /// Upper bound of the delay between two attempts.
    pub max_interval: Duration,
    /// Growth of the delay from one attempt to the next.
    pub multiplier: f64,
    /// Statuses worth another attempt.
    pub statuses: Vec<u16>,
    /// Whether connection failures and timeouts are retried.
    pub connection_errors: bool,
}

impl RetryPolicy {
    /// One attempt only.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_interval: Duration::ZERO,
            max_interval: Duration::ZERO,
            multiplier: 1.0,
            statuses: Vec::new(),
            connection_errors: false,
        }
    }

    /// The delay after failed attempt `attempt` (1-based), with up to 25% jitter below it.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(32) as i32;
        let base = self.initial_interval.as_secs_f64() * self.multiplier.powi(exponent);
        let capped = base.min(self.max_interval.as_secs_f64()).max(0.0);
        Duration::from_secs_f64(capped * (1.0 - 0.25 * jitter()))
    }
}

/// A number in [0, 1) that differs per call, without a random-number dependency.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The longest server-requested wait the client honours by waiting; a longer one ends the
/// call with the error, so the caller decides.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Redirects followed for one attempt.
const MAX_REDIRECTS: usize = 10;

/// A request before auth and transport: what an operation builder produces.
#[derive(Debug)]
pub(crate) struct Request {
    pub operation: &'static str,
    pub method: Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    Empty,
    Json(serde_json::Value),
    Bytes { data: Bytes, content_type: String },
    // runtime:if multipart
    Multipart(Vec<(String, crate::multipart::FormValue)>),
    // runtime:end
}

impl Request {
    pub fn new(operation: &'static str, method: Method, path: String) -> Self {
        Request {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
        }
    }

    pub fn query(&mut self, name: &str, value: impl ToString) {
        self.query.push((name.to_string(), value.to_string()));
    }

    /// Sets a header; `sensitive` keeps it out of `Debug` output.
    pub fn header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), Error> {
        let invalid = |what: &str| Error::InvalidRequest {
            operation: self.operation,
            message: format!("{what} of header `{name}` is not valid"),
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("the name"))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| invalid("the value"))?;
        value.set_sensitive(sensitive);
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

/// What every call shares: the HTTP client, base URL, retry policy and error format.
#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub http: reqwest::Client,
    pub base_url: Url,
    pub retry: RetryPolicy,
    pub errors: &'static ErrorFormat,
    pub user_agent: HeaderValue,
}

impl Core {
    /// Sends a request, retrying as the policy says; a status outside 2xx becomes
    /// [`Error::Api`].
    pub async fn execute(&self, request: &Request) -> Result<reqwest::Response, Error> {
        let mut attempt = 1;
        loop {
            let last = attempt >= self.retry.max_attempts;
            let error = match self.send(request).await {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => api_error(request.operation, response, self.errors).await,
                Err(error) => error,
            };
            match self.wait_before_retry(&error, attempt) {
                Some(delay) if !last => tokio::time::sleep(delay).await,
                _ => return Err(error),
            }
            attempt += 1;
        }
    }

    /// How long to wait before the next attempt, or `None` if this error is final.
    fn wait_before_retry(&self, error: &Error, attempt: u32) -> Option<Duration> {
        let retryable = match error {
            Error::Api(e) => self.retry.statuses.contains(&e.status().as_u16()),
            Error::Transport { source, .. } => {
                self.retry.connection_errors && (source.is_connect() || source.is_timeout())
            }
            _ => false,
        };
        if !retryable {
            return None;
        }
        let backoff = self.retry.delay(attempt);
        match error.retry_after() {
            Some(asked) if asked > MAX_RETRY_AFTER => None,
            Some(asked) => Some(asked.max(backoff)),
            None => Some(backoff),
        }
    }

    /// Sends once, following redirects here rather than in reqwest: reqwest strips only
    /// `Authorization` and cookies when a redirect leaves the host, so an API key in another
    /// header (or the query) would reach a storage or CDN host. Credentials go only to the
    /// origin they were meant for; a cross-origin hop is a bare `GET`.
    async fn send(&self, request: &Request) -> Result<reqwest::Response, Error> {
        let transport = |source: reqwest::Error| Error::Transport {
            operation: request.operation,
            source: source.without_url(),
        };
        let mut url = self.url(request);
        let mut response = self
            .http
            .execute(self.build(request, url.clone(), true)?)
            .await
            .map_err(transport)?;
        for _ in 0..MAX_REDIRECTS {
            let status = response.status();
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            let (true, Some(location)) = (status.is_redirection(), location) else {
                return Ok(response);
            };
            let next = url.join(location).map_err(|e| Error::InvalidRequest {
                operation: request.operation,
                message: format!("the server redirected to an invalid location: {e}"),
            })?;
            if url.scheme() == "https" && next.scheme() != "https" {
                return Err(Error::InvalidRequest {
                    operation: request.operation,
                    message: "refusing a redirect from https to a plain-text URL".to_string(),
                });
            }
            // 307 and 308 repeat the request as it was; other redirects become a GET.
            let repeat = status.as_u16() == 307 || status.as_u16() == 308;
            let next_request = if next.origin() == url.origin() {
                self.build(request, next.clone(), repeat)?
            } else {
                self.http
                    .get(next.clone())
                    .header(reqwest::header::USER_AGENT, self.user_agent.clone())
                    .build()
                    .map_err(transport)?
            };
            url = next;
            response = self.http.execute(next_request).await.map_err(transport)?;
        }
        Err(Error::InvalidRequest {
            operation: request.operation,
            message: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// Base URL + the operation's path + its query.
    fn url(&self, request: &Request) -> Url {
        let mut url = self.base_url.clone();
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        url
    }

    /// The request to `url`: the original method and body (`repeat`), or a `GET` without
    /// body; headers (credentials included) either way, since `url` is on the same origin.
    fn build(&self, request: &Request, url: Url, repeat: bool) -> Result<reqwest::Request, Error> {
        let method = if repeat {
            request.method.clone()
        } else {
            Method::GET
        };
        let mut builder = self
            .http
            .request(method, url)
            .headers(request.headers.clone())
            .header(reqwest::header::USER_AGENT, self.user_agent.clone());
        let body = if repeat { &request.body } else { &Body::Empty };
        builder = match body {
            Body::Empty => builder,
            Body::Json(value) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(value).unwrap_or_default()),
            Body::Bytes { data, content_type } => builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
            // runtime:if multipart
            Body::Multipart(parts) => {
                builder.multipart(crate::multipart::form(request.operation, parts)?)
            } // runtime:end
        };
        builder.build().map_err(|e| Error::InvalidRequest {
            operation: request.operation,
            message: e.without_url().to_string(),
        })
    }
}

async fn api_error(
    operation: &'static str,
    response: reqwest::Response,
    format: &'static ErrorFormat,
) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    match response.bytes().await {
        Ok(body) => Error::Api(Box::new(ApiError::new(
            operation, status, headers, body, format,
        ))),
        Err(source) => Error::Transport {
            operation,
            source: source.without_url(),
        },
    }
}

/// Reads a 2xx body as JSON of type `T`.
pub(crate) async fn json<T: DeserializeOwned>(
    operation: &'static str,
    response: reqwest::Response,
) -> Result<T, Error> {
    let status = response.status();
    let body = read(operation, response).await?;
    // An empty 2xx body where JSON was documented decodes as `null` (e.g. into `Option`).
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &body
    };
    serde_json::from_slice(text).map_err(|source| Error::Decode {
        operation,
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
        source,
    })
}

/// Reads and discards a 2xx body.
pub(crate) async fn empty(
    operation: &'static str,
    response: reqwest::Response,
) -> Result<(), Error> {
    read(operation, response).await.map(drop)
}

/// Reads a 2xx body as text.
pub(crate) async fn text(
    operation: &'static str,
    response: reqwest::Response,
) -> Result<String, Error> {
    let body = read(operation, response).await?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

async fn read(operation: &'static str, response: reqwest::Response) -> Result<Bytes, Error> {
    response.bytes().await.map_err(|source| Error::Transport {
        operation,
        source: source.without_url(),
    })
}

/// `Retry-After`: delay-seconds or an HTTP date (IMF-fixdate).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the epoch of `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<u64> {
    let mut parts = value.split_whitespace().skip(1);
    let day: u64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u64 + 1;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT"
        || !(1..=31).contains(&day)
        || year < 1970
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3_600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
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
        Ok(v) => scalar(&v).into_iter().collect(),
        Err(_) => Vec::new(),
    }
}

/// A path parameter, percent-encoded (arrays comma-separated, the `simple` style).
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    encode_segment(&texts(value).join(","))
}

impl Request {
    /// A query parameter; arrays repeat the name (`form` style, exploded).
    pub fn query_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        for text in texts(value) {
            self.query.push((name.to_string(), text));
        }
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
