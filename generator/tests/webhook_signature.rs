//! Webhook verification (`src/runtime/webhook_signature.rs`), compiled from the runtime
//! itself. Every signature a test accepts is computed here with the `hmac` crate (or taken
//! from the Standard Webhooks specification's published example), never by the code under
//! test.

#![allow(dead_code)]

#[path = "../src/runtime/webhook_signature.rs"]
mod webhook_signature;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;

use webhook_signature::{Encoding, HmacScheme, Scheme, Secret, WebhookError, verify};

const FIVE_MINUTES: Duration = Duration::from_secs(300);

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            )
        })
        .collect()
}

/// HMAC-SHA256 of `text` under `key`, computed independently of the runtime.
fn hmac(key: &[u8], text: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(text);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const STD: Scheme = Scheme::StandardWebhooks;

/// The example of the Standard Webhooks specification: its secret, id, timestamp, body and
/// signature, as published.
const SPEC_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SPEC_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SPEC_TIME: u64 = 1_614_265_330;
const SPEC_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SPEC_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn spec_headers(signature: &str, time: u64) -> HeaderMap {
    headers(&[
        ("webhook-id", SPEC_ID),
        ("webhook-timestamp", &time.to_string()),
        ("webhook-signature", signature),
    ])
}

fn secret(scheme: &Scheme, text: &str) -> Secret {
    Secret::decode(scheme, text).unwrap()
}

#[test]
fn the_standard_webhooks_example_verifies() {
    let secrets = [secret(&STD, SPEC_SECRET)];
    let headers = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME + 10),
    )
    .unwrap();
}

#[test]
fn a_tampered_body_is_refused() {
    let secrets = [secret(&STD, SPEC_SECRET)];
    let headers = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    let tampered = br#"{"test": 2432232315}"#;
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        tampered,
        &secrets,
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert!(
        matches!(error, WebhookError::SignatureMismatch { secrets: 1 }),
        "{error:?}"
    );
}

#[test]
fn a_stale_or_future_timestamp_is_refused_before_the_signature() {
    let secrets = [secret(&STD, SPEC_SECRET)];
    let headers = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    for now in [SPEC_TIME + 301, SPEC_TIME - 301] {
        let error = verify(&STD, FIVE_MINUTES, &headers, SPEC_BODY, &secrets, at(now)).unwrap_err();
        match error {
            WebhookError::OutsideTolerance {
                difference,
                tolerance,
            } => {
                assert_eq!(difference, Duration::from_secs(301));
                assert_eq!(tolerance, FIVE_MINUTES);
            }
            other => panic!("{other:?}"),
        }
    }
    // At the edge it is still accepted.
    verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME + 300),
    )
    .unwrap();
}

#[test]
fn a_wrong_secret_is_refused_and_a_rotated_one_accepted() {
    let other = format!("whsec_{}", STANDARD.encode(b"another secret entirely"));
    let wrong = [secret(&STD, &other)];
    let headers = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        SPEC_BODY,
        &wrong,
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert!(matches!(error, WebhookError::SignatureMismatch { .. }));
    // During a rotation the receiver holds both: the old one still verifies.
    let both = [secret(&STD, &other), secret(&STD, SPEC_SECRET)];
    verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        SPEC_BODY,
        &both,
        at(SPEC_TIME),
    )
    .unwrap();
}

#[test]
fn any_of_several_signatures_in_the_header_may_match() {
    let secrets = [secret(&STD, SPEC_SECRET)];
    let header = format!(
        "v1a,bm90IGFuIEhNQUM= v1,{} {SPEC_SIGNATURE}",
        STANDARD.encode([0u8; 32])
    );
    let headers = spec_headers(&header, SPEC_TIME);
    verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME),
    )
    .unwrap();
}

#[test]
fn a_signature_computed_here_verifies() {
    let key = b"0123456789abcdef0123456789abcdef";
    let text = format!("whsec_{}", STANDARD.encode(key));
    let body = br#"{"type":"invoice.paid","id":"evt_1"}"#;
    let signed = [b"msg_1.1700000000.".as_slice(), body].concat();
    let signature = format!("v1,{}", STANDARD.encode(hmac(key, &signed)));
    let headers = headers(&[
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", "1700000000"),
        ("webhook-signature", &signature),
    ]);
    let secrets = [secret(&STD, &text)];
    verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        body,
        &secrets,
        at(1_700_000_000),
    )
    .unwrap();
    // The id is signed too: another id with the same signature fails.
    let mut moved = headers.clone();
    moved.insert("webhook-id", HeaderValue::from_static("msg_2"));
    assert!(
        verify(
            &STD,
            FIVE_MINUTES,
            &moved,
            body,
            &secrets,
            at(1_700_000_000)
        )
        .is_err()
    );
}

#[test]
fn missing_and_malformed_headers_are_named() {
    let secrets = [secret(&STD, SPEC_SECRET)];
    let mut partial = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    partial.remove("webhook-id");
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &partial,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "webhook: the `webhook-id` header is missing"
    );
    let bad_time = headers(&[
        ("webhook-id", SPEC_ID),
        ("webhook-timestamp", "yesterday"),
        ("webhook-signature", SPEC_SIGNATURE),
    ]);
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &bad_time,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "webhook: the `webhook-timestamp` header is malformed"
    );
    let bad_sig = spec_headers("v1,***", SPEC_TIME);
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &bad_sig,
        SPEC_BODY,
        &secrets,
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        WebhookError::MalformedHeader("webhook-signature")
    ));
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &spec_headers(SPEC_SIGNATURE, SPEC_TIME),
        SPEC_BODY,
        &[],
        at(SPEC_TIME),
    )
    .unwrap_err();
    assert!(matches!(error, WebhookError::NoSecret));
}

/// No error, and no `Debug` of a secret, shows the secret or the signature.
#[test]
fn errors_and_debug_output_hold_no_secret() {
    let secret = secret(&STD, SPEC_SECRET);
    assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    let headers = spec_headers(SPEC_SIGNATURE, SPEC_TIME);
    let error = verify(
        &STD,
        FIVE_MINUTES,
        &headers,
        b"{}",
        &[secret],
        at(SPEC_TIME),
    )
    .unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("MfKQ9r8"), "{text}");
        assert!(!text.contains("g0hM9SsE"), "{text}");
    }
    assert!(Secret::decode(&STD, "whsec_***").is_err());
    assert!(Secret::decode(&STD, "whsec_").is_err());
}

/// FastPix's form: base64 HMAC-SHA256 of the body alone, the secret itself base64.
const BODY_ONLY: Scheme = Scheme::Hmac(HmacScheme {
    header: "fastpix-signature",
    prefix: "",
    encoding: Encoding::Base64,
    timestamp_header: None,
    separator: "",
    secret: Encoding::Base64,
});

#[test]
fn an_hmac_of_the_body_alone_verifies() {
    let key = b"a signing secret of some length";
    let body = br#"{"type":"video.media.ready","id":"e1"}"#;
    let signature = STANDARD.encode(hmac(key, body));
    let headers = headers(&[("FastPix-Signature", &signature)]);
    let secrets = [secret(&BODY_ONLY, &STANDARD.encode(key))];
    // No timestamp is signed, so none is checked: any `now` goes.
    verify(&BODY_ONLY, FIVE_MINUTES, &headers, body, &secrets, at(0)).unwrap();
    let error = verify(&BODY_ONLY, FIVE_MINUTES, &headers, b"{}", &secrets, at(0)).unwrap_err();
    assert!(matches!(error, WebhookError::SignatureMismatch { .. }));
    let error = verify(
        &BODY_ONLY,
        FIVE_MINUTES,
        &HeaderMap::new(),
        body,
        &secrets,
        at(0),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        WebhookError::MissingHeader("fastpix-signature")
    ));
}

/// A GitHub-like form (`sha256=<hex>`) with a signed timestamp header and a text secret.
const TIMESTAMPED: Scheme = Scheme::Hmac(HmacScheme {
    header: "x-signature",
    prefix: "sha256=",
    encoding: Encoding::Hex,
    timestamp_header: Some("x-timestamp"),
    separator: ".",
    secret: Encoding::Text,
});

#[test]
fn an_hmac_of_timestamp_and_body_verifies_with_its_prefix() {
    let key = "whsec_plain_text_secret";
    let body = br#"{"event":"job.succeeded"}"#;
    let signed = [b"1700000000.".as_slice(), body].concat();
    let signature = format!("sha256={}", hex(&hmac(key.as_bytes(), &signed)));
    let good = headers(&[("X-Signature", &signature), ("X-Timestamp", "1700000000")]);
    let secrets = [secret(&TIMESTAMPED, key)];
    verify(
        &TIMESTAMPED,
        FIVE_MINUTES,
        &good,
        body,
        &secrets,
        at(1_700_000_100),
    )
    .unwrap();
    // The timestamp is signed: a fresher one with the same signature fails.
    let replayed = headers(&[("X-Signature", &signature), ("X-Timestamp", "1700000200")]);
    let error = verify(
        &TIMESTAMPED,
        FIVE_MINUTES,
        &replayed,
        body,
        &secrets,
        at(1_700_000_200),
    )
    .unwrap_err();
    assert!(matches!(error, WebhookError::SignatureMismatch { .. }));
    // Too old, whatever the signature.
    let error = verify(
        &TIMESTAMPED,
        FIVE_MINUTES,
        &good,
        body,
        &secrets,
        at(1_700_001_000),
    )
    .unwrap_err();
    assert!(matches!(error, WebhookError::OutsideTolerance { .. }));
    // Without its prefix the header is malformed.
    let bare = headers(&[
        ("X-Signature", &signature[7..]),
        ("X-Timestamp", "1700000000"),
    ]);
    let error = verify(
        &TIMESTAMPED,
        FIVE_MINUTES,
        &bare,
        body,
        &secrets,
        at(1_700_000_000),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        WebhookError::MalformedHeader("x-signature")
    ));
}

#[test]
fn the_event_name_is_read_from_its_field_only() {
    use webhook_signature::event_name;
    let body = br#"{"data":{"event":"inner"},"n":1,"event":"build.approved","list":[1,"x"]}"#;
    assert_eq!(event_name(body, "event").unwrap(), "build.approved");
    let error = event_name(br#"{"event":3}"#, "event").unwrap_err();
    assert!(
        matches!(error, WebhookError::NoEventName { field: "event", .. }),
        "{error:?}"
    );
    assert!(event_name(b"[1,2]", "event").is_err());
    assert!(event_name(b"not json", "event").is_err());
}
