//! The per-attempt authorisation step. An operation chooses its credentials when its request
//! is built (a missing credential fails before anything is sent) but does not apply them
//! there: the transport calls [`Authorize::authorize`] on the request's authoriser before
//! every attempt and before every redirect hop that stays on the call's origin. What depends
//! on the moment (a timestamped signature, a refreshed token) is so computed for the request
//! that goes out, and a hop that left the origin gets no credential at all.

// Every generated crate carries this file whole.
#![allow(dead_code)]

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use crate::error::Error;

/// Applies credentials to one attempt (see the module docs).
pub(crate) trait Authorize: std::fmt::Debug + Send + Sync {
    fn authorize(&self, attempt: &mut Attempt<'_>) -> Result<(), Error>;
    // runtime:if oauth2

    /// The access tokens the transport must obtain before each attempt (`None`: none), which
    /// `authorize` then writes (see `bearer_tokens.rs`).
    fn leases(&self) -> Option<&crate::bearer_tokens::Leases> {
        None
    }
    // runtime:end
}

/// One attempt, or one redirect hop on the call's origin, as the authorisation step sees
/// it: what it may sign, and where credentials go.
pub(crate) struct Attempt<'a> {
    pub operation: &'static str,
    pub method: &'a Method,
    /// The URL this hop goes to, query included.
    pub url: &'a mut Url,
    /// The hop's headers so far (the operation's own, the call's extra ones).
    pub headers: &'a mut HeaderMap,
    /// The body as sent; `None` for a streamed multipart body, which cannot be read twice.
    pub body: Option<&'a [u8]>,
}

impl Attempt<'_> {
    /// Sets a header; `sensitive` keeps its value out of `Debug` output.
    pub fn header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), Error> {
        let (name, value) = crate::request::header_entry(self.operation, name, value, sensitive)?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets `Authorization` to `value` (kept out of `Debug` output), which is moved into the
    /// header rather than copied.
    pub fn authorization(&mut self, value: String) -> Result<(), Error> {
        let mut header =
            HeaderValue::from_maybe_shared(bytes::Bytes::from(value)).map_err(|_| {
                crate::request::invalid_header(self.operation, "the value", "authorization")
            })?;
        header.set_sensitive(true);
        self.headers.insert(AUTHORIZATION, header);
        Ok(())
    }

    /// Sets `Authorization: Bearer <token>` (kept out of `Debug` output): the `bearer`
    /// template's token, or an OAuth 2.0 access token.
    pub fn bearer(&mut self, token: &str) -> Result<(), Error> {
        let mut value = String::with_capacity(7 + token.len());
        value.push_str("Bearer ");
        value.push_str(token);
        self.authorization(value)
    }

    /// Appends a query parameter to this hop's URL.
    pub fn query(&mut self, name: &str, value: &str) {
        self.url.query_pairs_mut().append_pair(name, value);
    }

    /// The path and query as sent (`/v1/media?limit=10`), for signatures.
    pub fn path_and_query(&self) -> String {
        match self.url.query() {
            Some(query) => format!("{}?{query}", self.url.path()),
            None => self.url.path().to_string(),
        }
    }
}
