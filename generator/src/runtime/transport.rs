//! Sending requests: per-call options, retries, redirects that keep credentials on their
//! origin, tracing, and response decoding.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::error::{ApiError, Error, ErrorFormat};
// Operations reach these through `transport`; not every crate uses all of them.
#[allow(unused_imports)]
pub(crate) use crate::request::{Body, QueryStyle, Request, path_segment, texts};
pub use crate::retry::RetryPolicy;

/// Redirects followed for one attempt.
const MAX_REDIRECTS: usize = 10;

/// Settings for one call, over the client's: set them on any request builder.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Another base URL for this call.
    pub base_url: Option<String>,
    /// Extra headers (sent as given; not treated as secrets).
    pub headers: Vec<(String, String)>,
    /// Limit for each attempt, connection to last byte.
    pub timeout: Option<Duration>,
    /// Another retry policy for this call.
    pub retry: Option<RetryPolicy>,
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
    /// [`Error::Api`]. One `request` span per call and one `attempt` span per attempt carry
    /// the operation, method, path template, attempt, status and elapsed time (never a
    /// header value or a query string, which may hold credentials).
    pub async fn execute(
        &self,
        request: &Request,
        options: &CallOptions,
    ) -> Result<reqwest::Response, Error> {
        let span = tracing::info_span!(
            "request",
            operation = request.operation,
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        if span.is_disabled() {
            // Nothing listens: no span to enter on every poll, no fields to record.
            return self.attempts(request, options, started, &span).await;
        }
        let result = self
            .attempts(request, options, started, &span)
            .instrument(span.clone())
            .await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        let status = match &result {
            Ok(response) => Some(response.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        result
    }

    async fn attempts(
        &self,
        request: &Request,
        options: &CallOptions,
        started: Instant,
        request_span: &tracing::Span,
    ) -> Result<reqwest::Response, Error> {
        let retry = options.retry.as_ref().unwrap_or(&self.retry);
        let base_url = match &options.base_url {
            Some(url) => std::borrow::Cow::Owned(parse_base_url(url).map_err(|message| {
                Error::InvalidRequest {
                    operation: request.operation,
                    message,
                }
            })?),
            None => std::borrow::Cow::Borrowed(&self.base_url),
        };
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let outcome = if span.is_disabled() {
                self.send(request, &base_url, options).await
            } else {
                let attempt_started = Instant::now();
                let outcome = self
                    .send(request, &base_url, options)
                    .instrument(span.clone())
                    .await;
                span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
                outcome
            };
            request_span.record("attempts", attempt);
            let error = match outcome {
                Ok(response) if response.status().is_success() => {
                    span.record("status", response.status().as_u16());
                    return Ok(response);
                }
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    api_error(request.operation, response, self.errors).await
                }
                Err(error) => error,
            };
            let Some(delay) = retry.next_delay(&error, attempt, started.elapsed()) else {
                return Err(error);
            };
            tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying: {error}");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Sends once, following redirects here rather than in reqwest: reqwest strips only
    /// `Authorization` and cookies when a redirect leaves the host, so an API key in another
    /// header (or the query) would reach a storage or CDN host. Credentials go only to the
    /// origin they were meant for; a cross-origin hop is a bare `GET`.
    async fn send(
        &self,
        request: &Request,
        base_url: &Url,
        options: &CallOptions,
    ) -> Result<reqwest::Response, Error> {
        let transport = |source: reqwest::Error| Error::Transport {
            operation: request.operation,
            source: source.without_url(),
        };
        let mut url = url_for(base_url, request);
        let mut response = self
            .http
            .execute(self.build(request, url.clone(), true, options).await?)
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
                self.build(request, next.clone(), repeat, options).await?
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

    /// The request to `url`: the original method and body (`repeat`), or a `GET` without
    /// body; headers (credentials included) either way, since `url` is on the same origin.
    async fn build(
        &self,
        request: &Request,
        url: Url,
        repeat: bool,
        options: &CallOptions,
    ) -> Result<reqwest::Request, Error> {
        let method = if repeat {
            request.method.clone()
        } else {
            Method::GET
        };
        let mut builder = self.http.request(method, url);
        // Appended one by one: the same headers as a cloned map, without building one.
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        builder = builder.header(reqwest::header::USER_AGENT, self.user_agent.clone());
        let body = if repeat { &request.body } else { &Body::Empty };
        builder = match body {
            Body::Empty => builder,
            Body::Json(value) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(value).unwrap_or_default()),
            Body::Bytes { data, content_type } => builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
            Body::Form(fields) => builder
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(crate::request::form_urlencoded(fields)),
            // runtime:if multipart
            Body::Multipart(parts) => {
                builder.multipart(crate::multipart::form(request.operation, parts).await?)
            } // runtime:end
        };
        for (name, value) in &options.headers {
            let name = HeaderName::from_bytes(name.as_bytes());
            let value = HeaderValue::from_str(value);
            let (Ok(name), Ok(value)) = (name, value) else {
                return Err(Error::InvalidRequest {
                    operation: request.operation,
                    message: "an extra header is not a valid header name or value".to_string(),
                });
            };
            builder = builder.header(name, value);
        }
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        builder.build().map_err(|e| Error::InvalidRequest {
            operation: request.operation,
            message: e.without_url().to_string(),
        })
    }
}

/// Base URL + the operation's path + its query.
fn url_for(base_url: &Url, request: &Request) -> Url {
    let mut url = base_url.clone();
    let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
    url.set_path(&path);
    if !request.query.is_empty() {
        url.query_pairs_mut().extend_pairs(&request.query);
    }
    url
}

/// A base URL the client may send credentials to: `https://`, or `http://` on a loopback
/// address (a local mock server), never plain text across a network.
pub(crate) fn parse_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("base URL `{text}` is not valid: {e}"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" => {
            let host = url.host_str().unwrap_or_default();
            let loopback = host.eq_ignore_ascii_case("localhost")
                || host
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(url)
            } else {
                Err(format!(
                    "refusing plain http:// to `{host}`: use https:// (http:// is allowed for loopback addresses only)"
                ))
            }
        }
        other => Err(format!("unsupported URL scheme `{other}`: use https://")),
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

/// What `send` returns: the call, made when awaited (`client.get_x(id).send().await`).
///
/// Every operation returns this one boxed type, built by one shared function, so a crate compiles one
/// call path shared by all its operations instead of an async state machine per operation:
/// that was a fifth of the build time of GitHub's 1,223 operations. The box costs one small
/// allocation per call.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Executes a built request (or returns the error that kept it from being built) and reads
/// the 2xx response with `decode`.
pub(crate) fn call<'a, T, F, Fut>(
    core: &'a Core,
    request: Result<(Request, CallOptions), Error>,
    decode: F,
) -> Pending<'a, T>
where
    F: FnOnce(reqwest::Response) -> Fut + Send + 'a,
    Fut: Future<Output = Result<T, Error>> + Send + 'a,
{
    Box::pin(async move {
        let (request, options) = request?;
        let response = core.execute(&request, &options).await?;
        decode(response).await
    })
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

/// Reads a 2xx body whole (a status the spec does not document).
pub(crate) async fn bytes(
    operation: &'static str,
    response: reqwest::Response,
) -> Result<Bytes, Error> {
    read(operation, response).await
}

async fn read(operation: &'static str, response: reqwest::Response) -> Result<Bytes, Error> {
    response.bytes().await.map_err(|source| Error::Transport {
        operation,
        source: source.without_url(),
    })
}
