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
use tokio::time::Instant;

/// The secret type of tokens, and how to read one (for a [`RefreshTokenStore`]).
pub use secrecy::{ExposeSecret, SecretString};

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

/// What a [`TokenSource`] is asked for.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct TokenRequest<'a> {
    /// The scopes the operation needs (empty: the server's default scopes).
    pub scopes: &'a [&'a str],
    /// The HTTP client of the API client that needs the token (its proxies, TLS roots and
    /// connection limits), for a source that asks a token endpoint.
    pub http: &'a reqwest::Client,
}

/// Where access tokens come from. The crate runs the client-credentials and refresh-token
/// grants itself ([`ClientCredentials`], [`RefreshToken`]); for any other flow (authorization
/// code, device code, a token from elsewhere) implement this, or wrap a function with
/// [`token_fn`], and give it to the client.
pub trait TokenSource: Send + Sync {
    /// A new token for `request.scopes`.
    fn fetch<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a>;
}

/// A [`TokenSource`] from a function of the scopes asked for, e.g.
/// `token_fn(|scopes| async move { Ok(Token::new(my_flow(scopes).await?, None)) })`.
pub fn token_fn<F, Fut>(fetch: F) -> FnSource<F>
where
    F: Fn(Vec<String>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    FnSource(fetch)
}

/// The source [`token_fn`] makes.
pub struct FnSource<F>(F);

impl<F> std::fmt::Debug for FnSource<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FnSource")
    }
}

impl<F, Fut> TokenSource for FnSource<F>
where
    F: Fn(Vec<String>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    fn fetch<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin((self.0)(
            request.scopes.iter().map(|s| s.to_string()).collect(),
        ))
    }
}

/// Why no token could be obtained. Never holds a token or a client secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint refused: its status and RFC 6749's `error` code
    /// (`invalid_client`, `invalid_scope`, ...) and description, when it sent them.
    #[error("the token endpoint answered {status}{}{}", .error.as_ref().map(|e| format!(": {e}")).unwrap_or_default(), .description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Endpoint {
        /// The endpoint's status.
        status: reqwest::StatusCode,
        /// RFC 6749's `error` code, if sent.
        error: Option<String>,
        /// Its `error_description`, if sent.
        description: Option<String>,
    },
    /// The token endpoint could not be reached, or its answer not read.
    #[error("the token endpoint could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    /// The answer is not a token this client can use.
    #[error("the token endpoint's answer is not a usable token: {0}")]
    Malformed(String),
    /// The token endpoint's URL is not one the client's credentials may be sent to: not a
    /// URL, or plain `http://` to a host other than a loopback address.
    #[error("the token endpoint's URL cannot be used: {0}")]
    InvalidUrl(String),
    /// The refresh-token store holds no refresh token.
    #[error("no refresh token is stored")]
    NoRefreshToken,
    /// A caller's own token source failed.
    #[error("the token source failed: {0}")]
    Source(String),
}

impl TokenError {
    /// Whether asking again later may succeed: the endpoint could not be reached, or it
    /// answered 408, 429 or a 5xx status. Nothing reached the API when a token could not be
    /// obtained, so the call's retry policy may try again whatever its method.
    pub fn is_transient(&self) -> bool {
        match self {
            TokenError::Transport(_) => true,
            TokenError::Endpoint { status, .. } => {
                status.is_server_error() || matches!(status.as_u16(), 408 | 429)
            }
            _ => false,
        }
    }
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
    token_url: String,
    client_id: String,
    client_secret: Option<SecretString>,
    auth: ClientAuth,
    /// More form fields for every request (`audience`, `resource`).
    params: Vec<(String, String)>,
}

impl Endpoint {
    fn new(token_url: String, client_id: String, client_secret: Option<SecretString>) -> Self {
        Endpoint {
            token_url,
            client_id,
            auth: match client_secret {
                Some(_) => ClientAuth::Basic,
                None => ClientAuth::Post,
            },
            client_secret,
            params: Vec::new(),
        }
    }

    /// POSTs the grant `fields` and reads the token (and a new refresh token, if sent).
    async fn request(
        &self,
        http: &reqwest::Client,
        mut fields: Vec<(String, String)>,
    ) -> Result<(Token, Option<SecretString>), TokenError> {
        fields.extend(self.params.iter().cloned());
        let url = secure_url(&self.token_url)?;
        let mut request = http
            .post(url)
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

/// The token endpoint's URL, if the client's secret and refresh tokens may go there (RFC 6749
/// §3.2 requires TLS): `https://`, or plain `http://` to a loopback address (a local test
/// endpoint). A password in the URL never reaches the error.
fn secure_url(text: &str) -> Result<reqwest::Url, TokenError> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| TokenError::InvalidUrl(format!("not a URL ({e})")))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        scheme => Err(TokenError::InvalidUrl(format!(
            "refusing to send credentials over `{scheme}://` to `{host}`: use https://"
        ))),
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
    /// The grant at `token_url` for the client `client_id`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        let secret = SecretString::from(client_secret.into());
        ClientCredentials(Endpoint::new(
            token_url.into(),
            client_id.into(),
            Some(secret),
        ))
    }

    /// How the id and secret are sent (default: HTTP Basic).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.0.auth = auth;
        self
    }

    /// One more form field for the token endpoint, e.g. `audience` or `resource`.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.params.push((name.into(), value.into()));
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
    fn fetch<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut fields = vec![("grant_type".to_string(), "client_credentials".to_string())];
            if !request.scopes.is_empty() {
                fields.push(("scope".to_string(), request.scopes.join(" ")));
            }
            let (token, _) = self.0.request(request.http, fields).await?;
            Ok(token)
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
    /// The grant at `token_url` for the client `client_id`; `client_secret`: `None` for a
    /// public client, which sends its id in the body.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<String>,
        store: Arc<dyn RefreshTokenStore>,
    ) -> Self {
        let secret = client_secret.map(SecretString::from);
        RefreshToken {
            endpoint: Endpoint::new(token_url.into(), client_id.into(), secret),
            store,
        }
    }

    /// How the id and secret are sent (default: HTTP Basic with a secret, else in the body).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.endpoint.auth = auth;
        self
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
    fn fetch<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let refresh = self.store.load().ok_or(TokenError::NoRefreshToken)?;
            let mut fields = vec![
                ("grant_type".to_string(), "refresh_token".to_string()),
                (
                    "refresh_token".to_string(),
                    refresh.expose_secret().to_string(),
                ),
            ];
            if !request.scopes.is_empty() {
                fields.push(("scope".to_string(), request.scopes.join(" ")));
            }
            let (token, rotated) = self.endpoint.request(request.http, fields).await?;
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

/// One set of scopes' token. An async lock held across the fetch: callers that find no
/// fresh token wait for the one fetch in flight instead of starting their own.
type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

/// The tokens a client holds, one per set of scopes: each is fetched on first use, used
/// until shortly before it expires (a tenth of its life early, at most a minute), and
/// fetched again by one caller while the others wait for that one answer. A fetch for one
/// set of scopes does not hold up calls that need another.
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    slots: std::sync::Mutex<BTreeMap<String, Slot>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache").finish_non_exhaustive()
    }
}

impl TokenCache {
    /// An empty cache of the tokens `source` gives.
    pub fn new(source: Arc<dyn TokenSource>) -> Self {
        TokenCache {
            source,
            slots: std::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// The slot of a set of scopes: the same whatever their order or repetitions (two
    /// operations may list one set differently).
    fn slot(&self, scopes: &[&str]) -> Slot {
        let mut set = scopes.to_vec();
        set.sort_unstable();
        set.dedup();
        let key = set.join(" ");
        // A panic elsewhere while the map was locked leaves it whole: every change to it is
        // one insert.
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(slots.entry(key).or_default())
    }

    /// A token for `scopes` that is not about to expire, fetched with `http` if needed.
    pub async fn token(
        &self,
        scopes: &[&str],
        http: &reqwest::Client,
    ) -> Result<SecretString, TokenError> {
        let slot = self.slot(scopes);
        let mut cached = slot.lock().await;
        if let Some(cached) = &*cached
            && cached.refresh_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(cached.token.clone());
        }
        let fetched_at = Instant::now();
        let token = self.source.fetch(TokenRequest { scopes, http }).await?;
        let refresh_at = token.expires_in.map(|life| {
            let early = (life / 10).min(Duration::from_secs(60));
            fetched_at + life.saturating_sub(early)
        });
        *cached = Some(Cached {
            token: token.access_token.clone(),
            refresh_at,
        });
        Ok(token.access_token)
    }

    /// Drops the token for `scopes` after the server refused it (a 401), so the next call
    /// fetches another, unless another call has already replaced it.
    pub async fn refused(&self, scopes: &[&str], token: &SecretString) {
        let slot = self.slot(scopes);
        let mut cached = slot.lock().await;
        if cached
            .as_ref()
            .is_some_and(|c| c.token.expose_secret() == token.expose_secret())
        {
            *cached = None;
        }
    }
}
