//! OAuth 2.0 access tokens (RFC 6749) for the per-attempt authorisation step: a
//! [`TokenSource`] obtains tokens (the client-credentials grant, a refresh token the caller
//! stores, or any flow the caller runs through its own source), and a [`TokenCache`] keeps
//! one per set of scopes, hands it to every call until shortly before it expires, and
//! refreshes it once however many calls wait for it (single flight). Tokens are secrets:
//! their `Debug` output is redacted and no error carries one.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use secrecy::{ExposeSecret as _, SecretString};
use tokio::time::Instant;

/// A token as a [`TokenSource`] obtained it.
#[derive(Clone)]
#[non_exhaustive]
pub struct Token {
    /// The access token, sent as `Authorization: Bearer <token>`.
    pub access_token: SecretString,
    /// How long it lasts from now (`None`: until the server refuses it).
    pub expires_in: Option<Duration>,
}

impl Token {
    /// A token that lasts `expires_in` (`None`: until the server refuses it).
    pub fn new(access_token: impl Into<String>, expires_in: Option<Duration>) -> Self {
        Token {
            access_token: SecretString::from(access_token.into()),
            expires_in,
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token, TokenError>> + Send + 'a>>;

/// Where access tokens come from. The crate runs the client-credentials and refresh-token
/// grants itself ([`ClientCredentials`], [`RefreshToken`]); for any other flow (authorization
/// code, device code, a token from elsewhere) implement this and give it to the client.
pub trait TokenSource: Send + Sync {
    /// A new token for `scopes` (empty: the server's default scopes).
    fn fetch<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a>;
}

/// Why no token could be obtained. Never holds a token or a client secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint refused: its status and RFC 6749's `error` code
    /// (`invalid_client`, `invalid_scope`, ...) and description, when it sent them.
    #[error("the token endpoint answered {status}{}{}", .error.as_ref().map(|e| format!(": {e}")).unwrap_or_default(), .description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Endpoint {
        status: reqwest::StatusCode,
        error: Option<String>,
        description: Option<String>,
    },
    /// The token endpoint could not be reached, or its answer not read.
    #[error("the token endpoint could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    /// The answer is not a token this client can use.
    #[error("the token endpoint's answer is not a usable token: {0}")]
    Malformed(String),
    /// The refresh-token store holds no refresh token.
    #[error("no refresh token is stored")]
    NoRefreshToken,
    /// A caller's own token source failed.
    #[error("the token source failed: {0}")]
    Source(String),
}

/// How the client proves its identity to the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ClientAuth {
    /// `Authorization: Basic` with the form-encoded id and secret (the RFC's default).
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the request body.
    Post,
}

/// The token endpoint and the client's identity, shared by the grants below.
#[derive(Clone)]
struct Endpoint {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: Option<SecretString>,
    auth: ClientAuth,
}

impl Endpoint {
    /// POSTs the grant `fields` and reads the token (and a new refresh token, if sent).
    async fn request(
        &self,
        mut fields: Vec<(String, String)>,
    ) -> Result<(Token, Option<SecretString>), TokenError> {
        let mut request = self
            .http
            .post(&self.token_url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            );
        let secret = self.client_secret.as_ref().map(|s| s.expose_secret());
        match self.auth {
            ClientAuth::Basic => {
                // RFC 6749 §2.3.1: each form-encoded, then joined by `:`.
                let id = crate::request::form_encode(&self.client_id);
                let pair = format!(
                    "{id}:{}",
                    crate::request::form_encode(secret.unwrap_or_default())
                );
                let value = base64::engine::general_purpose::STANDARD.encode(pair);
                let mut header = reqwest::header::HeaderValue::from_str(&format!("Basic {value}"))
                    .map_err(|_| TokenError::Malformed("the client id cannot be sent".into()))?;
                header.set_sensitive(true);
                request = request.header(reqwest::header::AUTHORIZATION, header);
            }
            ClientAuth::Post => {
                fields.push(("client_id".into(), self.client_id.clone()));
                if let Some(secret) = secret {
                    fields.push(("client_secret".into(), secret.to_string()));
                }
            }
        }
        let body = crate::request::form_urlencoded(&fields);
        let response = request
            .body(body)
            .send()
            .await
            .map_err(TokenError::Transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(TokenError::Transport)?;
        if !status.is_success() {
            let refusal: Refusal = serde_json::from_slice(&bytes).unwrap_or_default();
            return Err(TokenError::Endpoint {
                status,
                error: refusal.error,
                description: refusal.error_description,
            });
        }
        let answer: Answer = serde_json::from_slice(&bytes)
            .map_err(|e| TokenError::Malformed(format!("not a token response ({e})")))?;
        if !answer.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Malformed(format!(
                "token type `{}`, not `Bearer`",
                answer.token_type
            )));
        }
        let token = Token {
            access_token: SecretString::from(answer.access_token),
            expires_in: answer.expires_in.map(Duration::from_secs),
        };
        Ok((token, answer.refresh_token.map(SecretString::from)))
    }
}

/// RFC 6749 §5.1.
#[derive(serde::Deserialize)]
struct Answer {
    access_token: String,
    token_type: String,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
}

/// RFC 6749 §5.2.
#[derive(serde::Deserialize, Default)]
struct Refusal {
    error: Option<String>,
    error_description: Option<String>,
}

/// The client-credentials grant (RFC 6749 §4.4): the client's own id and secret for a token.
#[derive(Clone)]
pub struct ClientCredentials(Endpoint);

impl ClientCredentials {
    pub fn new(
        http: reqwest::Client,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials(Endpoint {
            http,
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Some(SecretString::from(client_secret.into())),
            auth: ClientAuth::Basic,
        })
    }

    /// How the id and secret are sent (default: HTTP Basic).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.0.auth = auth;
        self
    }
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.0.token_url)
            .field("client_id", &self.0.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl TokenSource for ClientCredentials {
    fn fetch<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut fields = vec![("grant_type".to_string(), "client_credentials".to_string())];
            if !scopes.is_empty() {
                fields.push(("scope".to_string(), scopes.join(" ")));
            }
            self.0.request(fields).await.map(|(token, _)| token)
        })
    }
}

/// Where a [`RefreshToken`] grant keeps its refresh token between runs (a file, a secret
/// manager): read before each refresh, written when the server rotates it.
pub trait RefreshTokenStore: Send + Sync {
    /// The refresh token, if one is stored.
    fn load(&self) -> Option<SecretString>;
    /// Keeps the refresh token the server sent in place of the old one.
    fn save(&self, refresh_token: SecretString);
}

/// The refresh-token grant (RFC 6749 §6): a refresh token the caller obtained (through an
/// authorization-code or device flow) exchanged for access tokens, rotated in its store
/// when the server sends a new one.
#[derive(Clone)]
pub struct RefreshToken {
    endpoint: Endpoint,
    store: Arc<dyn RefreshTokenStore>,
}

impl RefreshToken {
    /// `client_secret`: `None` for a public client.
    pub fn new(
        http: reqwest::Client,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<String>,
        store: Arc<dyn RefreshTokenStore>,
    ) -> Self {
        let client_secret = client_secret.map(SecretString::from);
        let auth = match client_secret {
            Some(_) => ClientAuth::Basic,
            None => ClientAuth::Post,
        };
        RefreshToken {
            endpoint: Endpoint {
                http,
                token_url: token_url.into(),
                client_id: client_id.into(),
                client_secret,
                auth,
            },
            store,
        }
    }
}

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshToken")
            .field("token_url", &self.endpoint.token_url)
            .field("client_id", &self.endpoint.client_id)
            .finish_non_exhaustive()
    }
}

impl TokenSource for RefreshToken {
    fn fetch<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
            let refresh = self.store.load().ok_or(TokenError::NoRefreshToken)?;
            let mut fields = vec![
                ("grant_type".to_string(), "refresh_token".to_string()),
                (
                    "refresh_token".to_string(),
                    refresh.expose_secret().to_string(),
                ),
            ];
            if !scopes.is_empty() {
                fields.push(("scope".to_string(), scopes.join(" ")));
            }
            let (token, rotated) = self.endpoint.request(fields).await?;
            if let Some(rotated) = rotated {
                self.store.save(rotated);
            }
            Ok(token)
        })
    }
}

/// A token as cached, with when to stop using it.
struct Cached {
    token: SecretString,
    /// `None`: until the server refuses it.
    refresh_at: Option<Instant>,
}

/// The tokens a client holds, one per set of scopes: each is fetched on first use, used
/// until shortly before it expires (a tenth of its life early, at most a minute), and
/// fetched again by one caller while the others wait for that one answer.
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    // An async lock held across the fetch: callers that find no fresh token wait for the
    // one fetch in flight instead of starting their own.
    tokens: tokio::sync::Mutex<BTreeMap<String, Cached>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache").finish_non_exhaustive()
    }
}

impl TokenCache {
    pub fn new(source: Arc<dyn TokenSource>) -> Self {
        TokenCache {
            source,
            tokens: tokio::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// A token for `scopes` that is not about to expire.
    pub async fn token(&self, scopes: &[&str]) -> Result<SecretString, TokenError> {
        let key = scopes.join(" ");
        let mut tokens = self.tokens.lock().await;
        if let Some(cached) = tokens.get(&key)
            && cached.refresh_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(cached.token.clone());
        }
        let fetched_at = Instant::now();
        let token = self.source.fetch(scopes).await?;
        let refresh_at = token.expires_in.map(|life| {
            let early = (life / 10).min(Duration::from_secs(60));
            fetched_at + life.saturating_sub(early)
        });
        tokens.insert(
            key,
            Cached {
                token: token.access_token.clone(),
                refresh_at,
            },
        );
        Ok(token.access_token)
    }

    /// Drops the token for `scopes` after the server refused it (a 401), so the next call
    /// fetches another, unless another call has already replaced it.
    pub async fn refused(&self, scopes: &[&str], token: &SecretString) {
        let key = scopes.join(" ");
        let mut tokens = self.tokens.lock().await;
        if tokens
            .get(&key)
            .is_some_and(|c| c.token.expose_secret() == token.expose_secret())
        {
            tokens.remove(&key);
        }
    }
}
