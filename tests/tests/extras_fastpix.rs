//! FastPix extras: playback tokens signed with a signing key, checked with the public key.
//!
//! Each test makes a fresh 2048-bit RSA key pair (as FastPix's create-signing-key does), signs
//! with the private half through `fastpix::extras::signing`, and verifies with the public half,
//! both directly with aws-lc-rs (independent of the JWT library) and as a JWT validator would.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use fastpix::extras::signing::{SigningError, SigningKey};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY_ID: &str = "359302ee-2446-4afe-9348-8b4656b9ddb1";
const PLAYBACK_ID: &str = "6cee6f85-9334-4a51-9ce3-e0241d94ceef";

struct TestKey {
    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    pkcs8_pem: String,
    /// PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`).
    pkcs1_pem: String,
    /// PKCS#1 DER of the public key.
    public_der: Vec<u8>,
}

/// One key pair for the whole file: generating RSA keys is slow in debug builds.
fn test_key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("RSA key generation");
        let pkcs8 = pair.as_der().expect("PKCS#8 DER");
        let pkcs8 = pkcs8.as_ref().to_vec();
        let pkcs1 = pkcs1_of_pkcs8(&pkcs8);
        TestKey {
            pkcs8_pem: pem("PRIVATE KEY", &pkcs8),
            pkcs1_pem: pem("RSA PRIVATE KEY", &pkcs1),
            public_der: pair.public_key().as_ref().to_vec(),
        }
    })
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Reads one DER header at `at`: (tag, start of contents, length of contents).
fn der_header(der: &[u8], at: usize) -> (u8, usize, usize) {
    let tag = der[at];
    let first = der[at + 1] as usize;
    if first < 0x80 {
        return (tag, at + 2, first);
    }
    let n = first & 0x7f;
    let len = der[at + 2..at + 2 + n]
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    (tag, at + 2 + n, len)
}

/// The RSAPrivateKey (PKCS#1) inside a PKCS#8 PrivateKeyInfo.
fn pkcs1_of_pkcs8(der: &[u8]) -> Vec<u8> {
    let (tag, body, _) = der_header(der, 0);
    assert_eq!(tag, 0x30, "PrivateKeyInfo is a SEQUENCE");
    let (tag, start, len) = der_header(der, body);
    assert_eq!(tag, 0x02, "version");
    let (tag, start, len) = der_header(der, start + len);
    assert_eq!(tag, 0x30, "algorithm");
    let (tag, start, len) = der_header(der, start + len);
    assert_eq!(tag, 0x04, "privateKey OCTET STRING");
    der[start..start + len].to_vec()
}

fn decode_part(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
}

/// Checks the RS256 signature with the public key alone, then returns (header, claims).
fn verify(token: &str) -> (Value, Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a compact JWS has three parts: {token}");
    let message = format!("{}.{}", parts[0], parts[1]);
    let signature = URL_SAFE_NO_PAD
        .decode(parts[2])
        .expect("signature base64url");
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &test_key().public_der)
        .verify(message.as_bytes(), &signature)
        .expect("the signature verifies with the public key");
    (decode_part(parts[0]), decode_part(parts[1]))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn a_token_verifies_with_the_public_key_and_carries_fastpix_claims() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs8_pem).unwrap();
    let issued = UNIX_EPOCH + Duration::from_secs(1_706_703_204);
    let token = key
        .playback_token(PLAYBACK_ID)
        .issued_at(issued)
        .expires_in(Duration::from_secs(600))
        .subject("workspace-1")
        .sign()
        .unwrap();

    let (header, claims) = verify(&token);
    assert_eq!(
        header,
        json!({"typ": "JWT", "alg": "RS256", "kid": KEY_ID}),
        "header"
    );
    assert_eq!(
        claims,
        json!({
            "kid": KEY_ID,
            "aud": format!("media:{PLAYBACK_ID}"),
            "iss": "fastpix.io",
            "sub": "workspace-1",
            "iat": 1_706_703_204u64,
            "exp": 1_706_703_804u64,
        })
    );
}

#[test]
fn a_jwt_validator_with_the_public_key_accepts_the_token_for_its_audience_only() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs1_pem).unwrap();
    let token = key
        .playback_token(PLAYBACK_ID)
        .expires_in(Duration::from_secs(300))
        .sign()
        .unwrap();
    let public = DecodingKey::from_rsa_der(&test_key().public_der);

    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[format!("media:{PLAYBACK_ID}")]);
    validation.set_issuer(&["fastpix.io"]);
    validation.set_required_spec_claims(&["exp", "aud"]);
    let data = jsonwebtoken::decode::<Value>(&token, &public, &validation).expect("valid token");
    assert_eq!(data.header.kid.as_deref(), Some(KEY_ID));
    let exp = data.claims["exp"].as_u64().unwrap();
    assert!(
        (now() + 295..=now() + 305).contains(&exp),
        "exp = now + 300 s"
    );

    let mut other = Validation::new(Algorithm::RS256);
    other.set_audience(&["media:another-playback-id"]);
    assert!(jsonwebtoken::decode::<Value>(&token, &public, &other).is_err());

    // A different key pair's public key rejects it.
    let stranger = KeyPair::generate(KeySize::Rsa2048).unwrap();
    let wrong = DecodingKey::from_rsa_der(stranger.public_key().as_ref());
    assert!(jsonwebtoken::decode::<Value>(&token, &wrong, &validation).is_err());
}

#[test]
fn expired_tokens_are_refused_by_a_validator() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs8_pem).unwrap();
    let token = key
        .playback_token(PLAYBACK_ID)
        .issued_at(SystemTime::now() - Duration::from_secs(7200))
        .expires_at(SystemTime::now() - Duration::from_secs(3600))
        .sign()
        .unwrap();
    verify(&token); // the signature itself is fine
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[format!("media:{PLAYBACK_ID}")]);
    let err = jsonwebtoken::decode::<Value>(
        &token,
        &DecodingKey::from_rsa_der(&test_key().public_der),
        &validation,
    )
    .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            jsonwebtoken::errors::ErrorKind::ExpiredSignature
        ),
        "{err:?}"
    );
}

#[test]
fn keys_are_read_as_pem_or_base64_pem_and_bad_keys_are_errors() {
    let key = test_key();
    let b64 = STANDARD.encode(&key.pkcs1_pem);
    for text in [&key.pkcs8_pem, &key.pkcs1_pem, &b64] {
        let signing = SigningKey::new(KEY_ID, text).unwrap();
        verify(&signing.playback_token(PLAYBACK_ID).sign().unwrap());
    }
    // base64 wrapped over several lines is fine too.
    let wrapped: Vec<String> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    SigningKey::new(KEY_ID, &wrapped.join("\n")).unwrap();

    for bad in [
        "",
        "not a key",
        &STANDARD.encode("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
    ] {
        let err = SigningKey::new(KEY_ID, bad).unwrap_err();
        assert!(matches!(err, SigningError::InvalidKey(_)), "{err:?}");
    }
    assert!(SigningKey::new("", &key.pkcs8_pem).is_err());
}

#[test]
fn the_private_key_is_never_printed() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs8_pem).unwrap();
    let debug = format!("{key:?} {:?}", key.playback_token(PLAYBACK_ID));
    assert!(debug.contains(KEY_ID), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    let der_b64 = STANDARD.encode(pkcs1_of_pkcs8(
        &STANDARD
            .decode(
                test_key()
                    .pkcs8_pem
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .unwrap(),
    ));
    for secret in [&der_b64[100..140], &test_key().pkcs8_pem[100..160]] {
        assert!(!debug.contains(secret), "Debug shows key material: {debug}");
    }
    // Errors about a key do not echo it either.
    let bad = "-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END RSA PRIVATE KEY-----";
    let message = SigningKey::new(KEY_ID, bad).unwrap_err().to_string();
    assert!(!message.contains("U0VDUkVU"), "{message}");
}

#[test]
fn urls_carry_the_token_for_the_playback_id() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs8_pem).unwrap();
    let token = key.playback_token(PLAYBACK_ID);
    for (url, prefix) in [
        (
            token.stream_url().unwrap(),
            format!("https://stream.fastpix.io/{PLAYBACK_ID}.m3u8?token="),
        ),
        (
            token.thumbnail_url().unwrap(),
            format!("https://images.fastpix.io/{PLAYBACK_ID}/thumbnail.jpg?token="),
        ),
        (
            token.spritesheet_url().unwrap(),
            format!("https://images.fastpix.io/{PLAYBACK_ID}/spritesheet.jpg?token="),
        ),
        (
            token.url("https://media.example.com/", "/low.mp4").unwrap(),
            format!("https://media.example.com/{PLAYBACK_ID}/low.mp4?token="),
        ),
    ] {
        let jwt = url
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{url} starts with {prefix}"));
        let (_, claims) = verify(jwt);
        assert_eq!(claims["aud"], format!("media:{PLAYBACK_ID}"));
    }
    // A playback ID is one path segment, whatever it contains.
    let odd = key.playback_token("a/b c").stream_url().unwrap();
    assert!(
        odd.starts_with("https://stream.fastpix.io/a%2Fb%20c.m3u8?token="),
        "{odd}"
    );
}

#[test]
fn audience_issuer_and_extra_claims_can_be_changed() {
    let key = SigningKey::new(KEY_ID, &test_key().pkcs8_pem).unwrap();
    let token = key
        .playback_token(PLAYBACK_ID)
        .audience("live:abc")
        .issuer(None)
        .claim("groups", json!(["user"]))
        .sign()
        .unwrap();
    let (_, claims) = verify(&token);
    assert_eq!(claims["aud"], "live:abc");
    assert!(claims.get("iss").is_none(), "{claims}");
    assert_eq!(claims["groups"], json!(["user"]));

    let err = key
        .playback_token(PLAYBACK_ID)
        .claim("exp", json!(1))
        .sign()
        .unwrap_err();
    assert!(matches!(err, SigningError::Claims(_)), "{err:?}");
    let err = key
        .playback_token(PLAYBACK_ID)
        .expires_at(UNIX_EPOCH + Duration::from_secs(10))
        .issued_at(UNIX_EPOCH + Duration::from_secs(20))
        .sign()
        .unwrap_err();
    assert!(matches!(err, SigningError::Claims(_)), "{err:?}");
}

/// The whole flow: create a signing key through the API (the private key arrives base64
/// encoded, once), sign a playback token with it, verify with the public key.
#[tokio::test]
async fn a_key_created_through_the_api_signs_tokens() {
    let server = MockServer::start().await;
    let private_key = STANDARD.encode(&test_key().pkcs1_pem);
    Mock::given(method("POST"))
        .and(path("/iam/signing-keys"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "success": true,
            "data": {"id": KEY_ID, "privateKey": private_key, "createdAt": "2026-01-01T00:00:00Z"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth("id", "secret")
        .build()
        .unwrap();

    let created = client.create_signing_key().send().await.unwrap();
    let key = SigningKey::from_created(&created).unwrap();
    assert_eq!(key.id(), KEY_ID);
    let url = key
        .playback_token(PLAYBACK_ID)
        .expires_in(Duration::from_secs(60))
        .stream_url()
        .unwrap();
    let (header, claims) = verify(url.split("?token=").nth(1).unwrap());
    assert_eq!(header["kid"], KEY_ID);
    assert_eq!(claims["kid"], KEY_ID);

    // A response without the private key (as list/get return) cannot make a key.
    let mut without = created.clone();
    without.data.as_mut().unwrap().private_key = None;
    let err = SigningKey::from_created(&without).unwrap_err();
    assert!(err.to_string().contains("privateKey"), "{err}");
}
