//! Webhooks: the event a delivery names and its payload, and, for a provider that signs its
//! deliveries, the signature checked against the body exactly as received, before anything
//! reads it. Two schemes, picked in the crate's `provider.toml` (`[webhooks.signature]`) and
//! written into `webhooks.rs` as a constant:
//!
//! - [Standard Webhooks](https://www.standardwebhooks.com/): `webhook-id`, `webhook-timestamp`
//!   and `webhook-signature` (`v1,<base64>`, several separated by spaces) over
//!   `<id>.<timestamp>.<body>`, with a `whsec_`-prefixed base64 secret;
//! - HMAC-SHA256 as a provider spells it: which header, hex or base64, a prefix such as
//!   `sha256=`, and whether a timestamp header is signed before the body.
//!
//! Signatures are compared in constant time (`Mac::verify_slice`), every secret given is
//! tried (so a rotation can accept the old and the new one), and no error carries a secret,
//! a signature or the body.

// runtime:if webhook_signature
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;
// runtime:end

// runtime:if webhook_signature
/// How a provider signs its deliveries.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scheme {
    /// Standard Webhooks' headers and signed text.
    StandardWebhooks,
    /// An HMAC-SHA256 in one header.
    Hmac(HmacScheme),
}

/// The parts of an HMAC-SHA256 scheme a provider decides.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HmacScheme {
    /// The header carrying the signature.
    pub header: &'static str,
    /// Text before the signature in that header (`sha256=`), or empty.
    pub prefix: &'static str,
    /// How the signature is written.
    pub encoding: Encoding,
    /// A header carrying the Unix time of the delivery, signed before the body (then
    /// `<timestamp><separator><body>` is signed and the time is checked), or `None`: the
    /// body alone is signed.
    pub timestamp_header: Option<&'static str>,
    /// Between the timestamp and the body.
    pub separator: &'static str,
    /// How the secret the provider shows is turned into the key.
    pub secret: Encoding,
}

/// Hex or base64 text, or (for a secret only) the text's own bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Hex,
    Base64,
    Text,
}

/// A webhook signing secret, as the provider's dashboard shows it. Its `Debug` output does
/// not show it.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// The key a secret stands for under `scheme`.
    pub(crate) fn decode(scheme: &Scheme, text: &str) -> Result<Secret, WebhookError> {
        let text = text.trim();
        let key = match scheme {
            Scheme::StandardWebhooks => {
                let encoded = text.strip_prefix("whsec_").unwrap_or(text);
                STANDARD
                    .decode(encoded)
                    .map_err(|_| WebhookError::InvalidSecret("not base64 after `whsec_`"))?
            }
            Scheme::Hmac(hmac) => match hmac.secret {
                Encoding::Text => text.as_bytes().to_vec(),
                Encoding::Base64 => STANDARD
                    .decode(text)
                    .map_err(|_| WebhookError::InvalidSecret("not base64"))?,
                Encoding::Hex => decode_hex(text).ok_or(WebhookError::InvalidSecret("not hex"))?,
            },
        };
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret("empty"));
        }
        Ok(Secret(key))
    }
}

// runtime:end
/// Why a delivery was not accepted, or its body not read. Says which check failed, never
/// what a secret, a signature or the body held.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    // runtime:if webhook_signature
    /// A header the scheme needs is not there.
    #[error("webhook: the `{0}` header is missing")]
    MissingHeader(&'static str),
    /// A header the scheme needs is not in the form it takes.
    #[error("webhook: the `{0}` header is malformed")]
    MalformedHeader(&'static str),
    /// The delivery's time is further from now than the tolerance allows (a replay, or a
    /// clock far off).
    #[error("webhook: the timestamp is {} s from now, more than the {} s allowed", .difference.as_secs(), .tolerance.as_secs())]
    OutsideTolerance {
        /// How far the timestamp is from the time given to the check.
        difference: Duration,
        /// What was allowed.
        tolerance: Duration,
    },
    /// No secret was given to check the signature with.
    #[error("webhook: no secret to check the signature with")]
    NoSecret,
    /// A secret cannot be used (its text is not what the scheme expects).
    #[error("webhook: the secret is not usable: {0}")]
    InvalidSecret(&'static str),
    /// No signature of the delivery matches any secret given: the body was changed, or it
    /// was signed with another secret.
    #[error("webhook: the signature does not match (tried {secrets} secret(s))")]
    SignatureMismatch {
        /// How many secrets were tried.
        secrets: usize,
    },
    // runtime:end
    /// The body is not a JSON object naming its event in the field the crate reads.
    #[error("webhook: the body does not name its event in `{field}`: {reason}")]
    NoEventName {
        /// The field.
        field: &'static str,
        /// What was found instead.
        reason: String,
    },
    /// The body of a known event does not match that event's payload type.
    #[error("webhook: the `{event}` body does not match its type: {source}")]
    Decode {
        /// The event's name.
        event: String,
        /// serde_json's error (a line and column, never the body).
        #[source]
        source: serde_json::Error,
    },
}

// runtime:if webhook_signature
/// Checks `body` against the signature headers under `scheme`: the timestamp within
/// `tolerance` of `now` (when the scheme signs one), and a signature that one of `secrets`
/// produces.
pub(crate) fn verify(
    scheme: &Scheme,
    tolerance: Duration,
    headers: &HeaderMap,
    body: &[u8],
    secrets: &[Secret],
    now: SystemTime,
) -> Result<(), WebhookError> {
    if secrets.is_empty() {
        return Err(WebhookError::NoSecret);
    }
    match scheme {
        Scheme::StandardWebhooks => {
            let id = header(headers, "webhook-id")?;
            let stamp = header(headers, "webhook-timestamp")?;
            check_time(stamp, "webhook-timestamp", tolerance, now)?;
            let text = header(headers, "webhook-signature")?;
            let mut signatures = Vec::new();
            for part in text.split(' ').filter(|p| !p.is_empty()) {
                // Other versions (`v1a`, asymmetric) are not HMAC: skipped, as the spec says.
                if let Some(sig) = part.strip_prefix("v1,") {
                    let sig = STANDARD
                        .decode(sig)
                        .map_err(|_| WebhookError::MalformedHeader("webhook-signature"))?;
                    signatures.push(sig);
                }
            }
            let signed = [id.as_bytes(), b".", stamp.as_bytes(), b".", body];
            matches_any(secrets, &signed, &signatures)
        }
        Scheme::Hmac(hmac) => {
            let text = header(headers, hmac.header)?;
            let sig = text
                .strip_prefix(hmac.prefix)
                .ok_or(WebhookError::MalformedHeader(hmac.header))?;
            let sig = match hmac.encoding {
                Encoding::Hex => decode_hex(sig),
                Encoding::Base64 => STANDARD.decode(sig).ok(),
                Encoding::Text => Some(sig.as_bytes().to_vec()),
            }
            .ok_or(WebhookError::MalformedHeader(hmac.header))?;
            match hmac.timestamp_header {
                Some(name) => {
                    let stamp = header(headers, name)?;
                    check_time(stamp, name, tolerance, now)?;
                    let signed = [stamp.as_bytes(), hmac.separator.as_bytes(), body];
                    matches_any(secrets, &signed, &[sig])
                }
                None => matches_any(secrets, &[body], &[sig]),
            }
        }
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let value = headers.get(name).ok_or(WebhookError::MissingHeader(name))?;
    value
        .to_str()
        .map(str::trim)
        .map_err(|_| WebhookError::MalformedHeader(name))
}

/// The timestamp (Unix seconds) within `tolerance` of `now`, either way.
fn check_time(
    stamp: &str,
    name: &'static str,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let seconds: u64 = stamp
        .parse()
        .map_err(|_| WebhookError::MalformedHeader(name))?;
    let sent = UNIX_EPOCH + Duration::from_secs(seconds);
    let difference = match now.duration_since(sent) {
        Ok(age) => age,
        Err(ahead) => ahead.duration(),
    };
    if difference > tolerance {
        return Err(WebhookError::OutsideTolerance {
            difference,
            tolerance,
        });
    }
    Ok(())
}

/// Whether one of `signatures` is the HMAC-SHA256 of the concatenated `parts` under one of
/// `secrets` (compared in constant time).
fn matches_any(
    secrets: &[Secret],
    parts: &[&[u8]],
    signatures: &[Vec<u8>],
) -> Result<(), WebhookError> {
    for secret in secrets {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&secret.0) else {
            continue;
        };
        for part in parts {
            mac.update(part);
        }
        for sig in signatures {
            if mac.clone().verify_slice(sig).is_ok() {
                return Ok(());
            }
        }
    }
    Err(WebhookError::SignatureMismatch {
        secrets: secrets.len(),
    })
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
}

// runtime:end
/// The text of the top-level `field` of a JSON object body: the event's name. (A webhook
/// body is small and read once more as its payload; a second full read is simpler than a
/// visitor that reads one field.)
pub(crate) fn event_name(body: &[u8], field: &'static str) -> Result<String, WebhookError> {
    let no_name = |reason: String| WebhookError::NoEventName { field, reason };
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| no_name(format!("not a JSON object ({e})")))?;
    match value.get(field) {
        Some(serde_json::Value::String(name)) => Ok(name.clone()),
        _ => Err(no_name("no such text field".to_string())),
    }
}

/// The payload of the event `event`, decoded from `body`.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    body: &[u8],
    event: &str,
) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::Decode {
        event: event.to_string(),
        source,
    })
}
