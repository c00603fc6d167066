//! HMAC-SHA256 request signatures (the `hmac_sha256` auth template), computed for each
//! attempt by the authorisation step (`authorize.rs`), so every attempt carries its own
//! timestamp and nonce. The signed text is, one per line: the Unix timestamp in seconds, the
//! nonce, the method, the path and query, and the hex SHA-256 of the body
//! (`UNSIGNED-PAYLOAD` for a streamed multipart body).

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::authorize::Attempt;
use crate::error::Error;

/// Signs `attempt`: `X-Timestamp`, `X-Nonce` and `<header>: keyId=<key_id>, signature=<hex>`.
pub(crate) fn sign_hmac_sha256(
    attempt: &mut Attempt<'_>,
    key_id: &str,
    secret: &[u8],
    header: &str,
) -> Result<(), Error> {
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        .to_string();
    let nonce = crate::retry::idempotency_key();
    let body = match attempt.body {
        Some(body) => hex(&Sha256::digest(body)),
        None => "UNSIGNED-PAYLOAD".to_string(),
    };
    let text = format!(
        "{timestamp}\n{nonce}\n{}\n{}\n{body}",
        attempt.method,
        attempt.path_and_query()
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| Error::InvalidRequest {
        operation: attempt.operation,
        message: "the HMAC secret cannot be used as a key".to_string(),
    })?;
    mac.update(text.as_bytes());
    let signature = hex(&mac.finalize().into_bytes());
    attempt.header("x-timestamp", &timestamp, false)?;
    attempt.header("x-nonce", &nonce, false)?;
    attempt.header(
        header,
        &format!("keyId={key_id}, signature={signature}"),
        true,
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
