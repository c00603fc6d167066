//! Response handling of the generated clients' runtime (`generator/src/runtime/`, compiled
//! here as it is copied into every crate): any status, headers and body a server may send,
//! read as each response kind and, outside 2xx, through each provider's error envelope and
//! the retry policy. Errors are fine; a panic is the bug.
//!
//! Input: one byte picks the error format (one per `specs/*/provider.toml`, plus none),
//! two bytes the status, one byte the response kind, then `name: value` header lines up
//! to an empty line, then the body.
#![no_main]
// The runtime is compiled whole; the target uses a part of it.
#![allow(dead_code)]

#[path = "../../generator/src/runtime/call.rs"]
mod call;
#[path = "../../generator/src/runtime/authorize.rs"]
mod authorize;
#[path = "../../generator/src/runtime/bearer_tokens.rs"]
mod bearer_tokens;
#[path = "../../generator/src/runtime/download.rs"]
mod download;
#[path = "../../generator/src/runtime/error.rs"]
mod error;
#[path = "../../generator/src/runtime/error_text.rs"]
mod error_text;
#[path = "../../generator/src/runtime/lines.rs"]
mod lines;
#[path = "../../generator/src/runtime/multipart.rs"]
mod multipart;
#[path = "../../generator/src/runtime/oauth2.rs"]
mod oauth2;
#[path = "../../generator/src/runtime/pagination.rs"]
mod pagination;
#[path = "../../generator/src/runtime/params.rs"]
mod params;
#[path = "../../generator/src/runtime/redirect.rs"]
mod redirect;
#[path = "../../generator/src/runtime/request.rs"]
mod request;
#[path = "../../generator/src/runtime/response.rs"]
mod response;
#[path = "../../generator/src/runtime/retry.rs"]
mod retry;
#[path = "../../generator/src/runtime/transport.rs"]
mod transport;

/// The crate's own error format, which `ApiError::from_response` reads (the target passes
/// each provider's explicitly).
mod error_format {
    pub(crate) static ERROR_FORMAT: crate::error::ErrorFormat = crate::error::ErrorFormat {
        message: None,
        description: None,
        code: None,
        retry_after: None,
        hints: &[],
    };
}

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::StreamExt as _;
use libfuzzer_sys::fuzz_target;

use error::{Error, ErrorFormat};

/// The providers' error formats, read once from `specs/*/provider.toml`, and no format.
fn formats() -> &'static [ErrorFormat] {
    static FORMATS: OnceLock<Vec<ErrorFormat>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        let leak = |s: &Option<String>| s.clone().map(|s| &*Box::leak(s.into_boxed_str()));
        let mut out = vec![ErrorFormat {
            message: None,
            description: None,
            code: None,
            retry_after: None,
            hints: &[],
        }];
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let mut dirs: Vec<_> = std::fs::read_dir(&specs)
            .expect("read specs/")
            .flatten()
            .map(|e| e.path().join("provider.toml"))
            .filter(|p| p.is_file())
            .collect();
        dirs.sort();
        for toml in dirs {
            let config = generator::config::load(Some(&toml), None).expect("a valid provider.toml");
            let hints: Vec<(u16, &'static str)> = config
                .errors
                .hints
                .iter()
                .map(|(status, hint)| (*status, &*Box::leak(hint.clone().into_boxed_str())))
                .collect();
            out.push(ErrorFormat {
                message: leak(&config.errors.message),
                description: leak(&config.errors.description),
                code: leak(&config.errors.code),
                retry_after: leak(&config.errors.retry_after),
                hints: Box::leak(hints.into_boxed_slice()),
            });
        }
        out
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    })
}

fn policy() -> retry::RetryPolicy {
    retry::RetryPolicy {
        max_attempts: 3,
        initial_interval: Duration::from_millis(500),
        max_interval: Duration::from_secs(10),
        multiplier: 2.0,
        statuses: vec![408, 429, 500, 502, 503, 504],
        connection_errors: true,
        max_elapsed: Duration::from_secs(60),
    }
}

/// Everything a caller or the retry loop may ask of an error.
fn inspect(error: &Error) {
    let _ = (error.to_string(), format!("{error:?}"), error.status());
    let _ = (error.retry_after(), error.is_timeout(), error.is_connect());
    let _ = (error.is_unauthorized(), error.is_rate_limited(), error.is_transport());
    if let Some(api) = error.api_error() {
        let _ = (api.message(), api.code(), api.hint(), api.text(), api.json());
        let _ = api.decode::<serde_json::Value>();
    }
    let policy = policy();
    for attempt in 1..=3 {
        for repeatable in [false, true] {
            let _ = policy.next_delay(error, attempt, Duration::from_secs(1), repeatable);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [format, hi, lo, kind, rest @ ..] = data else {
        return;
    };
    let formats = formats();
    let format = &formats[*format as usize % formats.len()];
    let Ok(status) = reqwest::StatusCode::from_u16(u16::from_be_bytes([*hi, *lo]) % 1000) else {
        return;
    };
    let split = rest.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (&[][..], rest),
    };
    let mut builder = http::Response::builder().status(status);
    for line in head.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let name = http::HeaderName::from_bytes(&line[..colon]);
        let value = http::HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) = (name, value) {
            builder = builder.header(name, value);
        }
    }
    let Ok(response) = builder.body(body.to_vec()) else {
        return;
    };
    let kind = *kind;
    runtime().block_on(async move {
        let deadline = transport::Deadline {
            at: tokio::time::Instant::now() + Duration::from_secs(10),
            limit: Duration::from_secs(10),
            what: error::TimeLimit::Attempt,
        };
        let cap = if kind & 0x80 != 0 { 64 } else { 1 << 20 };
        let response = response::Response::new(
            "fuzz",
            reqwest::Response::from(response),
            cap,
            Some(deadline),
            Duration::from_secs(10),
        );
        if !response.status().is_success() {
            inspect(&response.into_api_error(format).await);
            return;
        }
        let outcome = match kind % 8 {
            0 => response::json::<serde_json::Value>("fuzz", response).await.map(drop),
            1 => response::text("fuzz", response).await.map(drop),
            2 => response::empty("fuzz", response).await,
            3 => response::bytes("fuzz", response).await.map(drop),
            // Streamed JSON values, split by line feeds or by RFC 7464 record separators.
            k @ (4 | 5) => {
                let mut values = lines::JsonLines::<serde_json::Value>::new("fuzz", response, k == 5);
                let mut outcome = Ok(());
                while let Some(value) = values.next().await {
                    if let Err(e) = value {
                        outcome = Err(e);
                    }
                }
                outcome
            }
            // Documented headers parsed as each kind of schema type, then the body.
            6 => {
                let parse = |h: &reqwest::header::HeaderMap| {
                    let name = h.keys().next().map(|n| n.as_str().to_string()).unwrap_or_default();
                    let _ = response::header_as::<i64>(h, &name);
                    let _ = response::header_as::<Vec<f64>>(h, &name);
                    let _ = response::header_as::<String>(h, &name);
                    response::header_as::<serde_json::Value>(h, &name)
                };
                response::with_headers(response, parse, |r| response::bytes("fuzz", r))
                    .await
                    .map(drop)
            }
            _ => {
                let mut stream = download::ByteStream::new("fuzz", response);
                let _ = (stream.content_type(), stream.content_length());
                let mut outcome = Ok(());
                while let Some(chunk) = stream.next().await {
                    if let Err(e) = chunk {
                        outcome = Err(e);
                        break;
                    }
                }
                outcome
            }
        };
        if let Err(error) = outcome {
            inspect(&error);
        }
    });
});
