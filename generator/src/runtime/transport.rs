//! Sending requests: per-call options, time limits, retries that never repeat a side effect
//! the server may have carried out, and tracing. Redirects are in `redirect.rs`, reading
//! responses in `response.rs`.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::error::{Error, ErrorFormat, TimeLimit};
// Operations reach these through `transport`; not every crate uses all of them.
#[allow(unused_imports)]
pub(crate) use crate::params::Styled;
#[allow(unused_imports)]
pub(crate) use crate::request::{Body, Request, cookie_param, path_param, path_segment, texts};
// Re-exported at the crate root; the runtime tests compile it without one.
#[allow(unused_imports)]
pub(crate) use crate::response::{
    Fetched, Response, bytes, decode_empty, decode_json, decode_text, empty, header_as, json, raw,
    text, with_headers,
};
#[allow(unused_imports)]
pub use crate::response::{RawResponse, WithHeaders};
pub use crate::retry::RetryPolicy;
// Operations reach the call paths through `transport` too.
#[allow(unused_imports)]
pub(crate) use crate::call::{call, call_decoded, call_raw};

/// How long a call may take and how much of a response it may hold in memory. Every field
/// has a default (see [`Limits::default`]); set them on the client builder or per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Each attempt, from sending to the last byte of a buffered body (a download: to its
    /// headers, then the longest silence between two chunks).
    pub attempt: Duration,
    /// The whole call: every attempt, redirect and wait between attempts.
    pub call: Duration,
    /// The largest response body read into memory (downloads are streamed, not capped).
    pub max_body: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            attempt: DEFAULT_ATTEMPT_TIMEOUT,
            call: DEFAULT_CALL_TIMEOUT,
            max_body: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// Default limit for establishing a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for each attempt.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit for each attempt (the old name of [`DEFAULT_ATTEMPT_TIMEOUT`]).
#[deprecated(note = "renamed `DEFAULT_ATTEMPT_TIMEOUT`")]
pub const DEFAULT_TIMEOUT: Duration = DEFAULT_ATTEMPT_TIMEOUT;
/// Default limit for a whole call, retries included.
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(180);
/// Default cap on a response body read into memory: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Settings for one call, over the client's: set them on any request builder.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Another base URL for this call.
    pub base_url: Option<String>,
    /// Extra headers (sent as given, to the call's origin only), replacing the operation's
    /// headers of the same names.
    pub headers: Vec<(String, String)>,
    /// Limit for each attempt, sending to last byte (`with_attempt_timeout`).
    pub attempt_timeout: Option<Duration>,
    /// Limit for the whole call: every attempt and the waits between them
    /// (`with_call_timeout`).
    pub call_timeout: Option<Duration>,
    /// Cap on a response body read into memory, in bytes.
    pub max_response_bytes: Option<u64>,
    /// Another retry policy for this call.
    pub retry: Option<RetryPolicy>,
}

/// The methods every request builder has, the same in each: the call's options and
/// `send_raw`. The builder has the fields `client` and `call_options`, the associated
/// `OPERATION` and an `into_request` method. One macro rather than these lines written out in
/// every builder: a crate with a thousand operations would carry forty thousand copied lines.
#[allow(unused_macros)]
macro_rules! builder_methods {
    () => {
        /// Sends this call to another base URL (`https://`, or `http://` on loopback).
        pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
            self.call_options.base_url = Some(url.into());
            self
        }

        /// Adds a header to this call, replacing the operation's own header of that name
        /// (`Accept` included); several calls with one name send every value. It goes to the
        /// call's origin only (it may carry a credential).
        pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.call_options.headers.push((name.into(), value.into()));
            self
        }

        /// Limits each attempt of this call, sending to last byte. A retried call may take
        /// several attempts and the waits between them: bound the whole call with
        /// [`with_call_timeout`](Self::with_call_timeout).
        pub fn with_attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.call_options.attempt_timeout = Some(timeout);
            self
        }

        /// Limits each attempt of this call (the old name of
        /// [`with_attempt_timeout`](Self::with_attempt_timeout)).
        #[deprecated(
            note = "renamed `with_attempt_timeout`: it limits each attempt; `with_call_timeout` limits the whole call"
        )]
        pub fn with_timeout(self, timeout: std::time::Duration) -> Self {
            self.with_attempt_timeout(timeout)
        }

        /// Limits this whole call: every attempt, redirect and wait between attempts. When
        /// the time left cannot hold another attempt's wait, the call ends with
        /// [`Error::Timeout`](crate::Error::Timeout) naming this limit.
        pub fn with_call_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.call_options.call_timeout = Some(timeout);
            self
        }

        /// Caps the response body this call reads into memory, in bytes.
        pub fn with_max_response_bytes(mut self, bytes: u64) -> Self {
            self.call_options.max_response_bytes = Some(bytes);
            self
        }

        /// Retries this call with another policy (e.g.
        /// [`RetryPolicy::none`](crate::RetryPolicy::none)).
        pub fn with_retry_policy(mut self, retry: $crate::transport::RetryPolicy) -> Self {
            self.call_options.retry = Some(retry);
            self
        }

        /// Sends the request and returns the successful response as the server sent it
        /// (status, headers, body), for what the generated types do not describe; a
        /// status outside 2xx is still [`Error::Api`](crate::Error::Api).
        pub fn send_raw(self) -> $crate::transport::Pending<$crate::transport::RawResponse> {
            let core = std::sync::Arc::clone(&self.client.core);
            $crate::transport::call_raw(core, Self::OPERATION, self.into_request(Self::OPERATION))
        }
    };
}
#[allow(unused_imports)]
pub(crate) use builder_methods;

/// What every call shares: the HTTP client, base URL, retry policy, limits and error format.
#[derive(Clone)]
pub(crate) struct Core {
    pub http: reqwest::Client,
    pub base_url: Url,
    pub retry: RetryPolicy,
    pub limits: Limits,
    pub errors: &'static ErrorFormat,
    pub user_agent: HeaderValue,
    /// The header that carries a key the server uses to carry out a request only once
    /// (`Idempotency-Key`), if the provider supports one.
    pub idempotency_header: Option<&'static str>,
    /// Hosts allowed over plain `http://` (a per-call base URL is checked against them too).
    pub insecure_http: InsecureHttp,
    /// Rules that answer instead of the network (`ClientBuilder::mock`).
    #[cfg(feature = "mock")]
    pub mock: Option<crate::mock::Mock>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Field by field: a password in the base URL's userinfo is redacted.
        f.debug_struct("Core")
            .field("base_url", &redact_url(self.base_url.as_str()))
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("idempotency_header", &self.idempotency_header)
            .finish_non_exhaustive()
    }
}

/// One call as the transport sees it: the request, where it goes and what bounds it.
pub(crate) struct Call<'a> {
    pub request: &'a Request,
    pub options: &'a CallOptions,
    pub base_url: Url,
    pub limits: Limits,
    pub started: Instant,
    /// The idempotency key of this call: the same on every attempt.
    pub idempotency: Option<(HeaderName, HeaderValue)>,
    // runtime:if oauth2
    /// Whether the last response came from another origin than the call's, which a redirect
    /// led to: its 401 says nothing of the credentials, which went to the call's origin only.
    pub off_origin: std::sync::atomic::AtomicBool,
    // runtime:end
}

impl Call<'_> {
    /// When the call's time is up (`None`: too far away to represent).
    fn deadline(&self) -> Option<Instant> {
        self.started.checked_add(self.limits.call)
    }

    /// Whether the server may safely see this request twice: an idempotent method, an
    /// operation marked safe to retry, or a request that carries an idempotency key.
    fn repeatable(&self) -> bool {
        self.request.retry_safe || self.idempotency.is_some()
    }
}

/// When an attempt (and the reading of its body) must be done, and the limit that sets it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub at: tokio::time::Instant,
    /// The limit's length, for the error.
    pub limit: Duration,
    /// Which limit it is.
    pub what: TimeLimit,
}

impl Deadline {
    /// The earlier of the attempt's and the call's deadline (`None`: neither can be
    /// represented, so there is none).
    fn of(call: &Call<'_>, started: Instant) -> Option<Deadline> {
        let attempt = started.checked_add(call.limits.attempt);
        let (at, limit, what) = match (attempt, call.deadline()) {
            (Some(a), Some(c)) if c < a => (c, call.limits.call, TimeLimit::Call),
            (Some(a), _) => (a, call.limits.attempt, TimeLimit::Attempt),
            (None, Some(c)) => (c, call.limits.call, TimeLimit::Call),
            (None, None) => return None,
        };
        Some(Deadline {
            at: tokio::time::Instant::from_std(at),
            limit,
            what,
        })
    }

    pub fn error(&self, operation: &'static str) -> Error {
        Error::Timeout {
            operation,
            after: self.limit,
            limit: self.what,
            attempts: 1,
        }
    }
}

impl Core {
    /// Sends a request, retrying as the policy allows; a status outside 2xx becomes
    /// [`Error::Api`]. One `request` span per call and one `attempt` span per attempt carry
    /// the operation, method, path template, attempt, status and elapsed time (never a
    /// header value or a query string, which may hold credentials).
    pub async fn execute(
        &self,
        request: &Request,
        options: &CallOptions,
    ) -> Result<Response, Error> {
        let span = tracing::info_span!(
            "request",
            operation = request.operation,
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let call = self.call(request, options)?;
        if span.is_disabled() {
            // Nothing listens: no span to enter on every poll, no fields to record.
            return self.attempts(&call, &span).await;
        }
        // Boxed: one branch holding the whole future is enough for the state machine (and
        // for every move of it); a listener costs more than this allocation anyway.
        let result = Box::pin(self.attempts(&call, &span))
            .instrument(span.clone())
            .await;
        span.record("elapsed_ms", call.started.elapsed().as_millis() as u64);
        let status = match &result {
            Ok(response) => Some(response.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        result
    }

    /// Checks the request and settles what bounds the call, before anything is sent.
    fn call<'a>(&self, request: &'a Request, options: &'a CallOptions) -> Result<Call<'a>, Error> {
        request.check_path()?;
        let base_url = match &options.base_url {
            Some(url) => parse_base_url(url, &self.insecure_http).map_err(|message| {
                Error::InvalidRequest {
                    operation: request.operation,
                    message,
                }
            })?,
            None => self.base_url.clone(),
        };
        let limits = Limits {
            attempt: options.attempt_timeout.unwrap_or(self.limits.attempt),
            call: options.call_timeout.unwrap_or(self.limits.call),
            max_body: options.max_response_bytes.unwrap_or(self.limits.max_body),
        };
        let idempotency = match self.idempotency_header {
            Some(name) if !request.retry_safe && !request.headers.contains_key(name) => {
                let name = HeaderName::from_static(name);
                let value =
                    HeaderValue::from_str(&crate::retry::idempotency_key()).map_err(|_| {
                        Error::InvalidRequest {
                            operation: request.operation,
                            message: "the idempotency key is not a valid header value".to_string(),
                        }
                    })?;
                Some((name, value))
            }
            _ => None,
        };
        Ok(Call {
            request,
            options,
            base_url,
            limits,
            started: Instant::now(),
            idempotency,
            // runtime:if oauth2
            off_origin: std::sync::atomic::AtomicBool::new(false),
            // runtime:end
        })
    }

    async fn attempts(
        &self,
        call: &Call<'_>,
        request_span: &tracing::Span,
    ) -> Result<Response, Error> {
        let retry = call.options.retry.as_ref().unwrap_or(&self.retry);
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let outcome = if span.is_disabled() {
                self.attempt(call, attempt_started).await
            } else {
                // Boxed, as in `execute`.
                let outcome = Box::pin(self.attempt(call, attempt_started))
                    .instrument(span.clone())
                    .await;
                span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
                outcome
            };
            request_span.record("attempts", attempt);
            let error = match outcome {
                Ok(mut response) => {
                    span.record("status", response.status().as_u16());
                    response.set_attempts(attempt);
                    return Ok(response);
                }
                Err(error) => error,
            };
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            let elapsed = call.started.elapsed();
            let Some(delay) = retry.next_delay(&error, attempt, elapsed, call.repeatable()) else {
                return Err(error.with_attempts(attempt));
            };
            if elapsed.saturating_add(delay) >= call.limits.call {
                // The wait alone would pass the call's deadline: the last error is the answer,
                // except a timed-out attempt, which the call's limit ended (another attempt
                // would have followed without it).
                let error = match error {
                    Error::Timeout { operation, .. } => Error::Timeout {
                        operation,
                        after: call.limits.call,
                        limit: TimeLimit::Call,
                        attempts: attempt,
                    },
                    other => other,
                };
                return Err(error.with_attempts(attempt));
            }
            // The status only: a server's error text may echo the request, credentials included.
            let reason = match error.status() {
                Some(status) => format!("status {status}"),
                None => error.to_string(),
            };
            tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying: {reason}");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt, bounded by the attempt's and the call's limits: a 2xx response (its body
    /// still to be read, by the same deadline), or the error. An error status's body is read
    /// here, so that the retry policy can see the provider's advice in it.
    async fn attempt(&self, call: &Call<'_>, started: Instant) -> Result<Response, Error> {
        let Some(deadline) = Deadline::of(call, started) else {
            // A limit too far away to represent: rare, so boxed rather than a second copy
            // of the future in this one's state.
            return Box::pin(self.answer(call, None)).await;
        };
        match tokio::time::timeout_at(deadline.at, self.answer(call, Some(deadline))).await {
            Ok(outcome) => outcome,
            Err(_) => Err(deadline.error(call.request.operation)),
        }
    }

    async fn answer(&self, call: &Call<'_>, deadline: Option<Deadline>) -> Result<Response, Error> {
        // runtime:if oauth2
        // The access tokens the call's credentials fetch, before the request is built (see
        // `bearer_tokens.rs`).
        let leases = call.request.auth.as_ref().and_then(|auth| auth.leases());
        if let Some(leases) = leases {
            leases.fetch(call.request.operation, self).await?;
        }
        // runtime:end
        let response = self.send(call).await?;
        // runtime:if oauth2
        let response = match leases {
            // Boxed: calls without fetched tokens do not carry this path's state.
            Some(leases) => Box::pin(self.unless_refused(call, leases, response)).await?,
            None => response,
        };
        // runtime:end
        let response = Response::new(
            call.request.operation,
            response,
            call.limits.max_body,
            deadline,
            call.limits.attempt,
        );
        let status = response.status();
        if status.is_success() || call.request.accepted.contains(&status.as_u16()) {
            return Ok(response);
        }
        // The error path, boxed: its body reading would otherwise sit in every call's state.
        match Box::pin(response.into_api_error(self.errors)).await {
            Error::Api(mut error) => {
                error.set_permission(call.request.permission);
                Err(Error::Api(error))
            }
            other => Err(other),
        }
    }
}

/// Base URL + the operation's path + its query.
pub(crate) fn url_for(base_url: &Url, request: &Request) -> Url {
    let mut url = base_url.clone();
    let base = url.path().trim_end_matches('/');
    let mut path = String::with_capacity(base.len() + request.path.len());
    path.push_str(base);
    path.push_str(&request.path);
    url.set_path(&path);
    if !request.query.is_empty() {
        // The pairs are encoded already, each by its parameter's style; a query the base
        // URL carries comes first.
        let mut query = url.query().unwrap_or_default().to_string();
        for (name, value) in &request.query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(name);
            query.push('=');
            query.push_str(value);
        }
        url.set_query(Some(&query));
    }
    url
}

/// The hosts a client may reach over plain `http://` beside loopback addresses: none unless
/// the caller says so (`ClientBuilder::allow_insecure_http_to`), since requests and
/// credentials then cross the network in clear text.
#[derive(Debug, Clone, Default)]
pub(crate) struct InsecureHttp {
    /// Any host.
    pub any: bool,
    /// These hosts (compared without case).
    pub hosts: Vec<String>,
}

impl InsecureHttp {
    fn allows(&self, host: &str) -> bool {
        self.any || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// Reads an environment setting: `*` for any host, else hosts separated by commas.
    #[allow(dead_code)]
    pub fn from_setting(text: &str) -> InsecureHttp {
        let mut allowed = InsecureHttp::default();
        for host in text.split(',').map(str::trim).filter(|h| !h.is_empty()) {
            if host == "*" {
                allowed.any = true;
            } else {
                allowed.hosts.push(host.to_string());
            }
        }
        allowed
    }
}

/// A base URL the client may send credentials to: `https://`, or `http://` on a loopback
/// address (a local mock server) or a host the caller allowed, never plain text across a
/// network otherwise. A password in the URL never appears in an error.
pub(crate) fn parse_base_url(text: &str, insecure: &InsecureHttp) -> Result<Url, String> {
    if text.is_empty() {
        return Err(
            "no base URL: this API's spec names no server, so set one with `ClientBuilder::base_url`"
                .to_string(),
        );
    }
    let url = Url::parse(text)
        .map_err(|e| format!("base URL `{}` is not valid: {e}", redact_url(text)))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" => {
            let host = url.host_str().unwrap_or_default();
            let bare = host.trim_matches(|c| c == '[' || c == ']');
            let loopback = host.eq_ignore_ascii_case("localhost")
                || bare
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback || insecure.allows(bare) {
                Ok(url)
            } else {
                Err(format!(
                    "refusing plain http:// to `{host}`: use https://, or allow it for a test setup with `ClientBuilder::allow_insecure_http_to(\"{bare}\")` (requests and credentials then travel unencrypted)"
                ))
            }
        }
        other => Err(format!("unsupported URL scheme `{other}`: use https://")),
    }
}

/// `text` with the password of its userinfo (`https://user:secret@host`) replaced by
/// `[redacted]`, whether or not it parses as a URL.
pub(crate) fn redact_url(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_string();
    };
    let start = scheme_end + 3;
    let authority_end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    // The last `@` ends the userinfo (a password may itself contain `@`).
    let Some(at) = text[start..authority_end].rfind('@').map(|i| start + i) else {
        return text.to_string();
    };
    match text[start..at].find(':').map(|i| start + i) {
        Some(colon) => format!("{}[redacted]{}", &text[..=colon], &text[at..]),
        None => text.to_string(),
    }
}

/// What `send` returns: the call, made when awaited (`client.get_x(id).send().await`).
///
/// Every operation returns this one boxed type, built by one shared function, so a crate compiles one
/// call path shared by all its operations instead of an async state machine per operation:
/// that was a fifth of the build time of GitHub's 1,223 operations. The box costs one small
/// allocation per call. It owns what it needs (the client's shared state), so it is
/// `'static`: `tokio::spawn(client.get_x(id).send())` works.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;
