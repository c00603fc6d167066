//! OAuth 2.0 access tokens in the per-attempt authorisation step (`authorize.rs`). A scheme
//! holds a token the caller gave, or a [`TokenCache`] that fetches them. Before each attempt
//! the transport obtains the fetched tokens the call's credentials need (from the cache, or
//! its token endpoint, within the attempt's time limit); the authorisation step, which does
//! not wait, then only writes them. A 401 answered to a fetched token on the call's origin
//! drops that token and sends the request once more with a new one: a token revoked or
//! expired early is replaced without the caller seeing the refusal, and without the retry
//! policy (which never retries a 401) being involved.

use std::sync::Arc;

use secrecy::{ExposeSecret as _, SecretString};

use crate::authorize::Attempt;
use crate::error::Error;
use crate::oauth2::TokenCache;
use crate::transport::{Call, Core};

/// Where an OAuth 2.0 scheme's access tokens come from.
#[derive(Clone)]
pub(crate) enum BearerToken {
    /// A token the caller obtained and keeps fresh.
    Given(SecretString),
    /// Tokens fetched and refreshed by the client.
    Fetched(Arc<TokenCache>),
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BearerToken::Given(_) => f.write_str("Given([redacted])"),
            BearerToken::Fetched(_) => f.write_str("Fetched(TokenCache)"),
        }
    }
}

/// The fetched tokens one call uses: one per scheme of the security alternative its
/// operation chose whose tokens are fetched, with the scopes the operation needs.
#[derive(Default)]
pub(crate) struct Leases {
    leases: Vec<Lease>,
}

struct Lease {
    cache: Arc<TokenCache>,
    scopes: &'static [&'static str],
    /// The token of the current attempt (set by `fetch`, read by the authorisation step).
    token: std::sync::Mutex<Option<SecretString>>,
}

impl std::fmt::Debug for Leases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scopes: Vec<_> = self.leases.iter().map(|l| l.scopes).collect();
        f.debug_struct("Leases").field("scopes", &scopes).finish()
    }
}

impl Leases {
    /// Adds a scheme's tokens, when they are fetched (a given token needs nothing first).
    pub fn want(&mut self, token: &BearerToken, scopes: &'static [&'static str]) {
        if let BearerToken::Fetched(cache) = token {
            self.leases.push(Lease {
                cache: Arc::clone(cache),
                scopes,
                token: std::sync::Mutex::new(None),
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.leases.is_empty()
    }

    /// Obtains every token for the next attempt.
    pub(crate) async fn fetch(&self, operation: &'static str, core: &Core) -> Result<(), Error> {
        #[cfg(feature = "mock")]
        if core.mock.is_some() {
            // The test double answers the API's requests, not a token endpoint's: no
            // connection is made for a token either, and calls carry a fixed one.
            for lease in &self.leases {
                *lock(&lease.token) = Some(SecretString::from(MOCK_TOKEN));
            }
            return Ok(());
        }
        let http = &core.http;
        for lease in &self.leases {
            let token = lease
                .cache
                .token(lease.scopes, http)
                .await
                .map_err(|error| Error::Token {
                    operation,
                    attempts: 1,
                    error,
                })?;
            *lock(&lease.token) = Some(token);
        }
        Ok(())
    }

    /// Drops the tokens the server refused from their caches; whether there was one.
    pub(crate) async fn refused(&self) -> bool {
        let mut any = false;
        for lease in &self.leases {
            let token = lock(&lease.token).take();
            if let Some(token) = token {
                lease.cache.refused(lease.scopes, &token).await;
                any = true;
            }
        }
        any
    }

    /// The token fetched for this attempt from `cache`.
    fn token(&self, cache: &Arc<TokenCache>) -> Option<SecretString> {
        let lease = self.leases.iter().find(|l| Arc::ptr_eq(&l.cache, cache))?;
        lock(&lease.token).clone()
    }
}

/// The access token of every fetched-token scheme on a client answered by the test double
/// (`ClientBuilder::mock`).
#[cfg(feature = "mock")]
pub const MOCK_TOKEN: &str = "mock-access-token";

/// One call's attempts run one after another, so the lock is never contended; a panic while
/// it was held left a whole value.
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sets `Authorization: Bearer <token>` for one attempt: the given token, or the one
/// fetched for it.
pub(crate) fn authorize(
    attempt: &mut Attempt<'_>,
    token: &BearerToken,
    leases: &Leases,
) -> Result<(), Error> {
    let fetched;
    let token = match token {
        BearerToken::Given(token) => token,
        BearerToken::Fetched(cache) => {
            fetched = leases.token(cache).ok_or_else(|| Error::InvalidRequest {
                operation: attempt.operation,
                message: "no access token was obtained for this attempt".to_string(),
            })?;
            &fetched
        }
    };
    attempt.bearer(token.expose_secret())
}

impl Core {
    /// The response of an attempt whose credentials include fetched tokens, unless it is a
    /// 401 from the call's origin: then the tokens are dropped from their caches and the
    /// request is sent once more with new ones (see the module docs).
    pub(crate) async fn unless_refused(
        &self,
        call: &Call<'_>,
        leases: &Leases,
        response: reqwest::Response,
    ) -> Result<reqwest::Response, Error> {
        if response.status() != reqwest::StatusCode::UNAUTHORIZED
            || call.off_origin.load(std::sync::atomic::Ordering::Relaxed)
            || !leases.refused().await
        {
            return Ok(response);
        }
        // The refusal's body is not read: the answer to the second request is the call's.
        drop(response);
        tracing::debug!("the server refused the access token: fetching another");
        leases.fetch(call.request.operation, self).await?;
        self.send(call).await
    }
}
