//! Errors returned by every call.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::error_text::{after_attempts, causes, excerpt, more, on_attempt, seconds};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built: a bad base URL, or missing credentials in the environment.
    #[error("client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// The request could not be built (base URL, header value or body).
    #[error("invalid request for `{operation}`: {message}")]
    InvalidRequest {
        /// The operation (its operationId).
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The client holds none of the credentials this operation accepts.
    #[error("no credentials for `{operation}`: configure {accepted} on the client")]
    MissingCredentials {
        /// The operation (its operationId).
        operation: &'static str,
        /// The `ClientBuilder` methods that would configure an accepted scheme.
        accepted: String,
    },
    /// Connection, TLS, timeout or another transport failure (the URL is left out, since it
    /// may carry a credential in its query). The message includes every cause, so the
    /// underlying error is not also a `source()`: it is [`Error::transport_error`].
    #[error("transport error in `{operation}`{}: {}", after_attempts(*attempts), causes(error))]
    Transport {
        /// The operation (its operationId).
        operation: &'static str,
        /// The requests sent for the call (see [`Error::attempts`]).
        attempts: u32,
        /// The underlying failure.
        error: reqwest::Error,
    },
    /// The call, one attempt of it, or a download's wait for its next chunk took longer
    /// than its limit. A call that stops retrying because its deadline leaves no time for
    /// another attempt names the call timeout.
    #[error("`{operation}` timed out after {} ({limit}){}", seconds(*after), on_attempt(*attempts))]
    Timeout {
        /// The operation (its operationId).
        operation: &'static str,
        /// The value of the limit that ran out.
        after: Duration,
        /// Which limit ran out.
        limit: TimeLimit,
        /// The requests sent for the call (see [`Error::attempts`]).
        attempts: u32,
    },
    /// A response body was larger than the client reads into memory.
    #[error(
        "the response of `{operation}` (status {status}) is larger than {limit} bytes, the most this client reads into memory"
    )]
    BodyTooLarge {
        /// The operation (its operationId).
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The cap, in bytes.
        limit: u64,
        /// The requests sent for the call (see [`Error::attempts`]).
        attempts: u32,
    },
    /// A redirect the client would not follow, after requests were sent: one redirect too
    /// many, a redirect from `https` to plain text or to an invalid location, or one that
    /// would re-send credentials to another origin.
    #[error("`{operation}` stopped following redirects after {requests} requests{}: {message}", on_attempt(*attempts))]
    Redirect {
        /// The operation (its operationId).
        operation: &'static str,
        /// Why the redirect was not followed.
        message: String,
        /// The requests this attempt sent, the first and every redirect followed.
        requests: u32,
        /// The requests sent for the call (see [`Error::attempts`]).
        attempts: u32,
    },
    /// The server answered with a status outside 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A 2xx response whose body does not match the documented type. The message names the
    /// JSON path of the field that failed (`data.tracks[2].status`) and includes the reason,
    /// so the underlying error is not also a `source()`.
    #[error("cannot decode the response of `{operation}` (status {status}) at `{path}`: {error}")]
    Decode {
        /// The operation (its operationId).
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// Where in the body decoding failed (`.` for the body itself).
        path: String,
        /// The body as received (lossy UTF-8).
        body: String,
        /// Why decoding failed.
        error: serde_json::Error,
        /// The requests sent for the call (see [`Error::attempts`]).
        attempts: u32,
    },
    // runtime:if oauth2
    /// No OAuth 2.0 access token could be obtained for the call (the token endpoint refused
    /// or could not be reached), so nothing was sent to the API on this attempt.
    #[error("no access token for `{operation}`{}: {error}", on_attempt(*attempts))]
    Token {
        /// The operation (its operationId).
        operation: &'static str,
        /// The attempt that needed the token (see [`Error::attempts`]).
        attempts: u32,
        /// Why: the endpoint's answer (RFC 6749's error code), or the transport failure.
        #[source]
        error: crate::oauth2::TokenError,
    },
    // runtime:end
}

impl Error {
    /// How many requests were sent for the call: 0 when it failed before sending, more than
    /// 1 when it was retried.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::BodyTooLarge { attempts, .. }
            | Error::Redirect { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts,
            // runtime:if oauth2
            Error::Token { attempts, .. } => *attempts,
            // runtime:end
            Error::Api(e) => e.attempts,
            Error::Config { .. }
            | Error::InvalidRequest { .. }
            | Error::MissingCredentials { .. } => 0,
        }
    }

    /// Records how many requests the call sent (the transport knows it when the call ends).
    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::BodyTooLarge { attempts, .. }
            | Error::Redirect { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts = n,
            // runtime:if oauth2
            Error::Token { attempts, .. } => *attempts = n,
            // runtime:end
            Error::Api(e) => e.attempts = n,
            Error::Config { .. }
            | Error::InvalidRequest { .. }
            | Error::MissingCredentials { .. } => {}
        }
        self
    }

    /// The underlying transport failure, for a [`Error::Transport`].
    pub fn transport_error(&self) -> Option<&reqwest::Error> {
        match self {
            Error::Transport { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's error response, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// 401: the credentials were missing, wrong or revoked.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// 403: the credentials are valid but not allowed to do this.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// 429.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// How long the server asked to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(ApiError::retry_after)
    }

    /// A connection or timeout failure (nothing was answered).
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. } | Error::Timeout { .. })
    }

    /// A limit on time ran out: connecting, one attempt, the whole call, or a download's
    /// wait for its next chunk.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { error, .. } => error.is_timeout(),
            _ => false,
        }
    }

    /// No connection could be made (so the request was not sent).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { error, .. } if error.is_connect())
    }

    /// Whether the same call may succeed if tried again later: a connection failure, a
    /// limit on time, or a status that says so (408, 425, 429, 500, 502, 503, 504). Whether
    /// trying again is safe is [`may_have_been_applied`](Self::may_have_been_applied)'s
    /// question. (The client's own retries follow its `RetryPolicy`, which may list other
    /// statuses.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Api(e) => matches!(e.status.as_u16(), 408 | 425 | 429 | 500 | 502 | 503 | 504),
            // runtime:if oauth2
            Error::Token { error, .. } => error.is_transient(),
            // runtime:end
            _ => false,
        }
    }

    /// Whether the server may have carried out the request although the call failed, so that
    /// sending it again could carry it out twice (a `POST` without an idempotency key).
    /// `false` only when no request can have been acted on: the call was refused before
    /// sending, no connection was made, or the server answered its only attempt with a 4xx
    /// status (it refused the request). `true` otherwise: no answer came (a timeout, a broken
    /// connection), the server failed (5xx) or succeeded (a 2xx whose body could not be read),
    /// or an earlier attempt was retried.
    pub fn may_have_been_applied(&self) -> bool {
        if self.attempts() > 1 {
            return true;
        }
        match self {
            Error::Config { .. }
            | Error::InvalidRequest { .. }
            | Error::MissingCredentials { .. } => false,
            Error::Transport { error, .. } => !error.is_connect(),
            Error::Api(e) => !e.status.is_client_error(),
            Error::Timeout { .. }
            | Error::BodyTooLarge { .. }
            | Error::Redirect { .. }
            | Error::Decode { .. } => true,
            // runtime:if oauth2
            // The API saw nothing of this attempt (and `attempts() > 1` is handled above).
            Error::Token { .. } => false,
            // runtime:end
        }
    }
}

/// A limit on time, as [`Error::Timeout`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeLimit {
    /// Each attempt, from sending to the last byte (`attempt_timeout`).
    Attempt,
    /// The whole call: every attempt, redirect and wait between attempts (`call_timeout`).
    Call,
    /// A download's wait for its next chunk (the attempt timeout, applied between chunks).
    DownloadIdle,
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeLimit::Attempt => "attempt timeout",
            TimeLimit::Call => "call timeout",
            TimeLimit::DownloadIdle => "download idle timeout",
        })
    }
}

/// Where a provider puts things in its error bodies, and what to tell the user per status.
#[derive(Debug)]
pub struct ErrorFormat {
    /// JSON pointer to the human-readable message.
    pub message: Option<&'static str>,
    /// JSON pointer to a longer explanation beside the message.
    pub description: Option<&'static str>,
    /// JSON pointer to the machine-readable code.
    pub code: Option<&'static str>,
    /// JSON pointer to a retry delay in seconds.
    pub retry_after: Option<&'static str>,
    /// Advice per status.
    pub hints: &'static [(u16, &'static str)],
}

/// A response with a status outside 2xx: status, headers and body are all kept.
pub struct ApiError {
    operation: &'static str,
    /// The requests sent for the call.
    attempts: u32,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    json: Option<serde_json::Value>,
    format: &'static ErrorFormat,
    /// The permission the operation needs, as the provider names it (provider.toml).
    permission: Option<&'static str>,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        format: &'static ErrorFormat,
    ) -> Self {
        let json = serde_json::from_slice(&body).ok();
        ApiError {
            operation,
            attempts: 1,
            status,
            headers,
            body,
            json,
            format,
            permission: None,
        }
    }

    /// Records the permission the operation needs (the transport knows it).
    pub(crate) fn set_permission(&mut self, permission: Option<&'static str>) {
        self.permission = permission;
    }

    /// The permission the provider says the credentials need for this operation, if the
    /// crate knows it: a 401 or 403 may mean the token lacks it.
    pub fn permission(&self) -> Option<&'static str> {
        self.permission
    }

    /// The error a server's answer makes, read with this crate's error format: for a test
    /// that needs an `Error::Api` without a server (a 401, a 429 with `Retry-After`), or a
    /// test double of your own. `Error::from(api_error)` wraps it.
    ///
    /// ```ignore
    /// let limited = ApiError::from_response(
    ///     "get-item",
    ///     StatusCode::TOO_MANY_REQUESTS,
    ///     HeaderMap::from_iter([(RETRY_AFTER, HeaderValue::from_static("2"))]),
    ///     "{}",
    /// );
    /// assert_eq!(limited.retry_after(), Some(Duration::from_secs(2)));
    /// ```
    pub fn from_response(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: impl Into<Bytes>,
    ) -> ApiError {
        ApiError::new(
            operation,
            status,
            headers,
            body.into(),
            &crate::error_format::ERROR_FORMAT,
        )
    }

    /// The operation that failed (its operationId).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// How many requests were sent for the call (more than 1 when it was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body as JSON, if it was JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_ref()
    }

    /// The body decoded as `T`, if it matches.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The provider's error message.
    pub fn message(&self) -> Option<&str> {
        self.at(self.format.message)?.as_str()
    }

    /// The provider's longer explanation of the error, beside its message.
    pub fn description(&self) -> Option<&str> {
        self.at(self.format.description)?.as_str()
    }

    /// The provider's error code, as text.
    pub fn code(&self) -> Option<String> {
        match self.at(self.format.code)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// What this provider's docs say to do about this status.
    pub fn hint(&self) -> Option<&'static str> {
        let status = self.status.as_u16();
        self.format
            .hints
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, h)| *h)
    }

    /// The delay the server asked for: the `Retry-After` header (seconds or an HTTP date),
    /// else the provider's retry field in the body.
    pub fn retry_after(&self) -> Option<Duration> {
        let header = self
            .headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok());
        if let Some(delay) = header.and_then(crate::retry::parse_retry_after) {
            return Some(delay);
        }
        let seconds = self.at(self.format.retry_after)?;
        let seconds = seconds
            .as_f64()
            .or_else(|| seconds.as_str()?.trim().parse().ok())?;
        if seconds.is_nan() || seconds < 0.0 {
            return None;
        }
        // A wait longer than a `Duration` holds is still a wait: the longest there is.
        Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
    }

    fn at(&self, pointer: Option<&str>) -> Option<&serde_json::Value> {
        self.json.as_ref()?.pointer(pointer?)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` failed with status {}{}",
            self.operation,
            self.status,
            after_attempts(self.attempts)
        )?;
        // The provider's explanation too, when it says more than the message (a 404's
        // "Media with this id does not exist" beside "Not found").
        let described = self.description().filter(|d| {
            let d = d.trim();
            !d.is_empty() && self.message().is_none_or(|m| m.trim() != d)
        });
        match (self.message().or(described), self.code()) {
            (Some(m), Some(c)) => write!(f, ": {m}{} ({c})", more(m, described))?,
            (Some(m), None) => write!(f, ": {m}{}", more(m, described))?,
            (None, Some(c)) => write!(f, ": {c}")?,
            // Not the provider's envelope (an HTML error page, a proxy's text): a short
            // excerpt says what the server said.
            (None, None) => {
                let excerpt = excerpt(&self.body);
                if !excerpt.is_empty() {
                    write!(f, ": {excerpt}")?;
                }
            }
        }
        if let Some(hint) = self.hint() {
            write!(f, ". {hint}")?;
        }
        if let (401 | 403, Some(permission)) = (self.status.as_u16(), self.permission) {
            write!(
                f,
                ". This call needs credentials with the `{permission}` permission"
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.text())
            .finish()
    }
}

impl std::error::Error for ApiError {}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Error {
        Error::Api(Box::new(error))
    }
}
