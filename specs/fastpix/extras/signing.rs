//! Signed playback: JWTs (RS256) that open private media, signed with a signing key created
//! through the API, and the signed stream, thumbnail and spritesheet URLs that carry them.
//!
//! FastPix keeps the public half of a signing key and checks every token against it: the
//! signature, `exp`, and the audience. Following FastPix's documentation for signed playback,
//! a token's header names the key (`kid`) and its claims are:
//!
//! | claim | value |
//! |---|---|
//! | `kid` | the signing key's ID (also in the header) |
//! | `aud` | `media:<playbackId>` by default ([`PlaybackToken::audience`] changes it) |
//! | `iss` | `fastpix.io` by default ([`PlaybackToken::issuer`]) |
//! | `sub` | optional: the workspace ID, from `get_signing_key_by_id` ([`PlaybackToken::subject`]) |
//! | `iat`, `exp` | issue and expiry times, Unix seconds |
//!
//! The token goes into the media URL as `?token=`, e.g.
//! `https://stream.fastpix.io/<playbackId>.m3u8?token=<jwt>`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use fastpix::extras::signing::SigningKey;
//!
//! let client = fastpix::Client::from_env()?;
//! // The private key is returned only by this call: store it as a secret.
//! let created = client.create_signing_key().send().await?;
//! let key = SigningKey::from_created(&created)?;
//!
//! let url = key
//!     .playback_token("<playbackId>")
//!     .expires_in(Duration::from_secs(3600))
//!     .stream_url()?;
//! println!("{url}");
//! # Ok(())
//! # }
//! ```
//!
//! The private key never leaves the [`SigningKey`]: it is not printable (`Debug` shows only the
//! key ID) and is wiped from memory when the key is dropped. Signing uses `jsonwebtoken` with
//! the `aws-lc-rs` backend (the crypto library rustls already brings in), chosen explicitly, so
//! other users of `jsonwebtoken` in the same program do not change it.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::{ExposeSecret, SecretSlice};
use serde::Serialize;

use crate::types::{CreateResponse, CreateSigningKeyResponseDto};

/// Where signed HLS streams are played from.
pub const STREAM_BASE_URL: &str = "https://stream.fastpix.io";
/// Where signed thumbnails and spritesheets are served from.
pub const IMAGES_BASE_URL: &str = "https://images.fastpix.io";
/// The `iss` claim FastPix's examples use.
pub const DEFAULT_ISSUER: &str = "fastpix.io";
/// How long a token lives when no expiry is set.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// A signing key's ID and private key, ready to sign playback tokens.
#[derive(Clone)]
pub struct SigningKey {
    id: String,
    key: EncodingKey,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &self.id)
            .field("private_key", &"[redacted]")
            .finish()
    }
}

impl SigningKey {
    /// A key from its ID and its RSA private key, given either as PEM text (PKCS#1 or PKCS#8)
    /// or base64-encoded PEM, as `create_signing_key` returns it.
    pub fn new(id: impl Into<String>, private_key: &str) -> Result<SigningKey, SigningError> {
        let id = id.into();
        if id.is_empty() {
            return Err(SigningError::InvalidKey(
                "the signing key ID is empty".into(),
            ));
        }
        let trimmed = private_key.trim();
        let pem: SecretSlice<u8> = if trimmed.starts_with("-----BEGIN") {
            trimmed.as_bytes().to_vec().into()
        } else {
            let compact: String = trimmed.split_whitespace().collect();
            STANDARD
                .decode(compact.as_bytes())
                .map_err(|_| {
                    SigningError::InvalidKey(
                        "the private key is neither PEM nor base64-encoded PEM".into(),
                    )
                })?
                .into()
        };
        let key = EncodingKey::from_rsa_pem(pem.expose_secret()).map_err(|e| {
            SigningError::InvalidKey(format!("the private key is not an RSA PEM key ({e})"))
        })?;
        // Fail here, not at the first token, if the key cannot sign RS256.
        (DEFAULT_PROVIDER.signer_factory)(&Algorithm::RS256, &key).map_err(|e| {
            SigningError::InvalidKey(format!("the private key cannot sign RS256 ({e})"))
        })?;
        Ok(SigningKey { id, key })
    }

    /// The key from the response of `create_signing_key` (the only response that carries the
    /// private key).
    pub fn from_created(response: &CreateResponse) -> Result<SigningKey, SigningError> {
        match &response.data {
            Some(data) => Self::from_created_data(data),
            None => Err(SigningError::InvalidKey(
                "the create-signing-key response has no `data`".into(),
            )),
        }
    }

    /// The key from the `data` of a `create_signing_key` response.
    pub fn from_created_data(
        data: &CreateSigningKeyResponseDto,
    ) -> Result<SigningKey, SigningError> {
        let missing = |field: &str| {
            SigningError::InvalidKey(format!("the created signing key has no `{field}`"))
        };
        let id = data.id.as_deref().ok_or_else(|| missing("id"))?;
        let private_key = data
            .private_key
            .as_deref()
            .ok_or_else(|| missing("privateKey"))?;
        Self::new(id, private_key)
    }

    /// The signing key's ID (the `kid` of its tokens).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A token for one playback ID, audience `media:<playbackId>`, valid for an hour unless
    /// changed.
    pub fn playback_token(&self, playback_id: impl Into<String>) -> PlaybackToken<'_> {
        let playback_id = playback_id.into();
        PlaybackToken {
            key: self,
            audience: format!("media:{playback_id}"),
            playback_id,
            issuer: Some(DEFAULT_ISSUER.to_string()),
            subject: None,
            issued_at: None,
            expiry: Expiry::In(DEFAULT_LIFETIME),
            claims: BTreeMap::new(),
        }
    }

    fn sign(&self, header: &Header, claims: &impl Serialize) -> Result<String, SigningError> {
        let part = |value: Vec<u8>| URL_SAFE_NO_PAD.encode(value);
        let header = serde_json::to_vec(header).map_err(|e| SigningError::Sign(e.to_string()))?;
        let claims = serde_json::to_vec(claims).map_err(|e| SigningError::Sign(e.to_string()))?;
        let message = format!("{}.{}", part(header), part(claims));
        let signer = (DEFAULT_PROVIDER.signer_factory)(&Algorithm::RS256, &self.key)
            .map_err(|e| SigningError::Sign(e.to_string()))?;
        let signature = signer
            .try_sign(message.as_bytes())
            .map_err(|e| SigningError::Sign(e.to_string()))?;
        Ok(format!("{message}.{}", part(signature)))
    }
}

#[derive(Debug, Clone, Copy)]
enum Expiry {
    In(Duration),
    At(SystemTime),
}

/// A playback token being made: set its claims, then [`sign`](Self::sign) it or make a URL.
#[derive(Debug, Clone)]
#[must_use = "a token is made by `sign()` or one of the `*_url()` methods"]
pub struct PlaybackToken<'a> {
    key: &'a SigningKey,
    playback_id: String,
    audience: String,
    issuer: Option<String>,
    subject: Option<String>,
    issued_at: Option<SystemTime>,
    expiry: Expiry,
    claims: BTreeMap<String, serde_json::Value>,
}

/// Claims FastPix reads, in the order they are written.
#[derive(Serialize)]
struct Claims<'a> {
    kid: &'a str,
    aud: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iss: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    iat: u64,
    exp: u64,
    #[serde(flatten)]
    extra: &'a BTreeMap<String, serde_json::Value>,
}

const RESERVED: [&str; 6] = ["kid", "aud", "iss", "sub", "iat", "exp"];

impl PlaybackToken<'_> {
    /// The token expires this long after it is issued (default: one hour).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expiry = Expiry::In(lifetime);
        self
    }

    /// The token expires at this time.
    pub fn expires_at(mut self, at: SystemTime) -> Self {
        self.expiry = Expiry::At(at);
        self
    }

    /// The `aud` claim, instead of `media:<playbackId>`.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = audience.into();
        self
    }

    /// The `iss` claim (default `fastpix.io`); `None` leaves it out.
    pub fn issuer(mut self, issuer: Option<String>) -> Self {
        self.issuer = issuer;
        self
    }

    /// The `sub` claim: FastPix suggests the workspace ID (`get_signing_key_by_id` returns it).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The issue time (default: now); `expires_in` counts from it.
    pub fn issued_at(mut self, at: SystemTime) -> Self {
        self.issued_at = Some(at);
        self
    }

    /// Another claim (for example `groups`). The claims above cannot be set this way.
    pub fn claim(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.claims.insert(name.into(), value);
        self
    }

    /// The signed token (a compact JWT).
    pub fn sign(&self) -> Result<String, SigningError> {
        if let Some(name) = self.claims.keys().find(|k| RESERVED.contains(&k.as_str())) {
            return Err(SigningError::Claims(format!(
                "`{name}` is set by the token's own setters, not by `claim`"
            )));
        }
        let issued = self.issued_at.unwrap_or_else(SystemTime::now);
        let expires = match self.expiry {
            Expiry::In(lifetime) => issued + lifetime,
            Expiry::At(at) => at,
        };
        let (iat, exp) = (unix_seconds(issued)?, unix_seconds(expires)?);
        if exp <= iat {
            return Err(SigningError::Claims(
                "the token would expire before it is issued".into(),
            ));
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.key.id.clone());
        let claims = Claims {
            kid: &self.key.id,
            aud: &self.audience,
            iss: self.issuer.as_deref(),
            sub: self.subject.as_deref(),
            iat,
            exp,
            extra: &self.claims,
        };
        self.key.sign(&header, &claims)
    }

    /// `https://stream.fastpix.io/<playbackId>.m3u8?token=<jwt>`.
    pub fn stream_url(&self) -> Result<String, SigningError> {
        self.url(STREAM_BASE_URL, ".m3u8")
    }

    /// `https://images.fastpix.io/<playbackId>/thumbnail.jpg?token=<jwt>`.
    pub fn thumbnail_url(&self) -> Result<String, SigningError> {
        self.url(IMAGES_BASE_URL, "/thumbnail.jpg")
    }

    /// `https://images.fastpix.io/<playbackId>/spritesheet.jpg?token=<jwt>`.
    pub fn spritesheet_url(&self) -> Result<String, SigningError> {
        self.url(IMAGES_BASE_URL, "/spritesheet.jpg")
    }

    /// `<base>/<playbackId><suffix>?token=<jwt>`, for hosts and paths not covered above (a
    /// custom domain, another rendition).
    pub fn url(&self, base: &str, suffix: &str) -> Result<String, SigningError> {
        let token = self.sign()?;
        let base = base.trim_end_matches('/');
        let id = path_segment(&self.playback_id);
        Ok(format!("{base}/{id}{suffix}?token={token}"))
    }
}

fn unix_seconds(at: SystemTime) -> Result<u64, SigningError> {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| SigningError::Claims("a time before 1970".into()))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Why a key could not be read or a token could not be made. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The key ID or private key is missing or unusable.
    InvalidKey(String),
    /// The claims are inconsistent (a reserved claim set twice, expiry before issue).
    Claims(String),
    /// The signature could not be computed.
    Sign(String),
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::InvalidKey(m) => write!(f, "invalid signing key: {m}"),
            SigningError::Claims(m) => write!(f, "invalid playback token: {m}"),
            SigningError::Sign(m) => write!(f, "cannot sign the playback token: {m}"),
        }
    }
}

impl std::error::Error for SigningError {}
