//! Unit tests of the hand-written runtime that every generated crate carries, compiled here
//! from `src/runtime/` itself (so a runtime change is tested before it is copied anywhere).

#![allow(dead_code)]

#[path = "../src/runtime/authorize.rs"]
mod authorize;
#[path = "../src/runtime/bearer_tokens.rs"]
mod bearer_tokens;
#[path = "../src/runtime/call.rs"]
mod call;
#[path = "../src/runtime/download.rs"]
mod download;
#[path = "../src/runtime/error.rs"]
mod error;
#[path = "../src/runtime/error_text.rs"]
mod error_text;
#[path = "../src/runtime/lines.rs"]
mod lines;
#[path = "../src/runtime/multipart.rs"]
mod multipart;
#[path = "../src/runtime/nullable.rs"]
mod nullable;
#[path = "../src/runtime/oauth2.rs"]
mod oauth2;
/// The OAuth 2.0 token cache and grants against a local token endpoint.
#[path = "oauth2/tests.rs"]
mod oauth2_tests;
#[path = "../src/runtime/pagination.rs"]
mod pagination;
#[path = "../src/runtime/params.rs"]
mod params;
#[path = "../src/runtime/redirect.rs"]
mod redirect;
#[path = "../src/runtime/request.rs"]
mod request;
#[path = "../src/runtime/response.rs"]
mod response;
#[path = "../src/runtime/retry.rs"]
mod retry;
#[path = "../src/runtime/signing.rs"]
mod signing;
#[path = "../src/runtime/transport.rs"]
mod transport;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

use error::{ApiError, Error, ErrorFormat};
use retry::{RetryPolicy, parse_http_date, parse_retry_after_at};

/// The crate's error format, as `ApiError::from_response` reads it.
mod error_format {
    pub(crate) use super::FORMAT as ERROR_FORMAT;
}

static FORMAT: ErrorFormat = ErrorFormat {
    message: Some("/error/message"),
    description: Some("/error/description"),
    code: Some("/error/code"),
    retry_after: Some("/error/retry_after"),
    hints: &[(401, "check the key")],
};

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_interval: Duration::from_millis(1000),
        max_interval: Duration::from_millis(5000),
        multiplier: 2.0,
        statuses: vec![400, 408, 429, 500, 503],
        connection_errors: true,
        max_elapsed: Duration::from_secs(30),
    }
}

fn api_error(status: u16, headers: &[(&'static str, &str)], body: &str) -> Error {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    let status = StatusCode::from_u16(status).unwrap();
    Error::Api(Box::new(ApiError::new(
        "op",
        status,
        map,
        Bytes::from(body.to_string()),
        &FORMAT,
    )))
}

#[test]
fn backoff_grows_by_the_multiplier_and_is_capped() {
    let p = policy();
    let exact: Vec<u128> = (1..=5)
        .map(|a| p.delay_with_jitter(a, 0.0).as_millis())
        .collect();
    assert_eq!(exact, [1000, 2000, 4000, 5000, 5000]);
    // Jitter takes off at most a quarter, never adds.
    for attempt in 1..=5 {
        let d = p.delay(attempt);
        let full = p.delay_with_jitter(attempt, 0.0);
        assert!(d <= full && d >= full.mul_f64(0.75), "{d:?} vs {full:?}");
    }
}

#[test]
fn retry_after_takes_seconds_or_an_http_date() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        parse_retry_after_at("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        parse_retry_after_at(" 7 ", now),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        parse_retry_after_at("Sun, 06 Nov 1994 08:50:07 GMT", now),
        Some(Duration::from_secs(30))
    );
    // A date in the past means now.
    assert_eq!(
        parse_retry_after_at("Sun, 06 Nov 1994 08:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    for bad in [
        "soon",
        "-5",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:00:00 GMT",
        "",
    ] {
        assert_eq!(parse_retry_after_at(bad, now), None, "{bad}");
    }
    assert!(SystemTime::now() > now);
}

#[test]
fn retry_decisions() {
    let p = policy();
    let start = Duration::ZERO;
    // Listed 5xx and 408/429 are retried; other 4xx never, even when listed (400 is).
    assert!(
        p.next_delay(&api_error(503, &[], ""), 1, start, true)
            .is_some()
    );
    assert!(
        p.next_delay(&api_error(429, &[], ""), 1, start, true)
            .is_some()
    );
    assert!(
        p.next_delay(&api_error(408, &[], ""), 1, start, true)
            .is_some()
    );
    assert!(
        p.next_delay(&api_error(400, &[], ""), 1, start, true)
            .is_none()
    );
    assert!(
        p.next_delay(&api_error(404, &[], ""), 1, start, true)
            .is_none()
    );
    // Not listed.
    assert!(
        p.next_delay(&api_error(502, &[], ""), 1, start, true)
            .is_none()
    );
    // Attempts used up.
    assert!(
        p.next_delay(&api_error(503, &[], ""), 4, start, true)
            .is_none()
    );
    // Total time: a wait that would pass max_elapsed ends the call.
    assert!(
        p.next_delay(
            &api_error(503, &[], ""),
            1,
            Duration::from_millis(29_400),
            true
        )
        .is_none()
    );
    // Retry-After longer than the backoff wins; beyond the cap the call ends.
    let d = p.next_delay(&api_error(429, &[("retry-after", "3")], ""), 1, start, true);
    assert_eq!(d, Some(Duration::from_secs(3)));
    assert!(
        p.next_delay(
            &api_error(429, &[("retry-after", "3600")], ""),
            1,
            start,
            true
        )
        .is_none()
    );
    // The provider's body field counts too (FetchMedia's error.retry_after).
    let body = r#"{"error":{"code":"rate_limit_exceeded","message":"slow down","retry_after":2}}"#;
    assert_eq!(
        p.next_delay(&api_error(429, &[], body), 1, start, true),
        Some(Duration::from_secs(2))
    );
    // A policy that never retries.
    assert!(
        RetryPolicy::none()
            .next_delay(&api_error(503, &[], ""), 1, start, true)
            .is_none()
    );
}

#[test]
fn api_errors_read_the_provider_envelope() {
    let e = api_error(
        401,
        &[],
        r#"{"error":{"code":"invalid_token","message":"Invalid or expired API key"}}"#,
    );
    assert!(e.is_unauthorized());
    let api = e.api_error().unwrap();
    assert_eq!(api.message(), Some("Invalid or expired API key"));
    assert_eq!(api.code().as_deref(), Some("invalid_token"));
    assert_eq!(api.hint(), Some("check the key"));
    let text = e.to_string();
    assert!(
        text.contains("401")
            && text.contains("Invalid or expired API key")
            && text.contains("check the key"),
        "{text}"
    );
    let plain = api_error(
        502,
        &[(RETRY_AFTER.as_str(), "5")],
        "<html>bad gateway</html>",
    );
    assert_eq!(
        plain.api_error().unwrap().text(),
        "<html>bad gateway</html>"
    );
    assert_eq!(plain.retry_after(), Some(Duration::from_secs(5)));
}

#[test]
fn sensitive_headers_are_redacted_in_debug() {
    let mut r = request::Request::new("op", reqwest::Method::GET, "/x", "/x".to_string());
    r.header("x-api-key", "S3CR3T", true).unwrap();
    r.header("x-trace", "visible", false).unwrap();
    let debug = format!("{r:?}");
    assert!(!debug.contains("S3CR3T"), "{debug}");
    assert!(debug.contains("visible"), "{debug}");
}

#[test]
fn parameters_are_written_in_the_default_styles() {
    assert_eq!(request::path_segment("a b/c?d"), "a%20b%2Fc%3Fd");
    // `simple`: the items are joined by a literal comma; a comma inside one is encoded.
    assert_eq!(request::path_segment(&vec!["a,", "b c"]), "a%2C,b%20c");
    assert_eq!(request::texts(&Some(5)), vec!["5".to_string()]);
    assert!(request::texts(&Option::<i32>::None).is_empty());
    assert_eq!(
        request::texts(&vec![1, 2]),
        vec!["1".to_string(), "2".to_string()]
    );
    let mut r = request::Request::new("op", reqwest::Method::GET, "/x", "/x".to_string());
    r.query_value("tag", &vec!["a", "b c"]);
    r.query("key", "k&=");
    assert_eq!(
        r.query,
        vec![
            ("tag".to_string(), "a".to_string()),
            ("tag".to_string(), "b%20c".to_string()),
            ("key".to_string(), "k%26%3D".to_string()),
        ]
    );
}

#[test]
fn base_urls_must_be_https_or_loopback() {
    let none = transport::InsecureHttp::default();
    assert!(transport::parse_base_url("https://api.example.com/v1", &none).is_ok());
    assert!(transport::parse_base_url("http://127.0.0.1:8080", &none).is_ok());
    assert!(transport::parse_base_url("http://localhost:1", &none).is_ok());
    assert!(transport::parse_base_url("http://[::1]:9", &none).is_ok());
    assert!(transport::parse_base_url("http://api.example.com", &none).is_err());
    assert!(transport::parse_base_url("http://10.0.0.1", &none).is_err());
    assert!(transport::parse_base_url("ftp://example.com", &none).is_err());
    assert!(transport::parse_base_url("not a url", &none).is_err());
}

/// Plain `http://` elsewhere only by the caller's word: for the hosts named (without case),
/// or any host; https is unaffected, and other hosts stay refused, with a message that says
/// how to allow them.
#[test]
fn plain_http_to_other_hosts_is_an_explicit_opt_in() {
    let mock = transport::InsecureHttp::from_setting(" Mock , 10.0.0.7");
    assert!(transport::parse_base_url("http://mock:8080", &mock).is_ok());
    assert!(transport::parse_base_url("http://MOCK:8080/v1", &mock).is_ok());
    assert!(transport::parse_base_url("http://10.0.0.7", &mock).is_ok());
    let refused = transport::parse_base_url("http://host.docker.internal", &mock).unwrap_err();
    assert!(
        refused.contains("allow_insecure_http_to(\"host.docker.internal\")"),
        "{refused}"
    );
    let any = transport::InsecureHttp::from_setting("*");
    assert!(transport::parse_base_url("http://host.docker.internal", &any).is_ok());
    assert!(
        transport::parse_base_url(
            "http://[fd00::1]:80",
            &transport::InsecureHttp::from_setting("fd00::1")
        )
        .is_ok()
    );
    assert!(transport::parse_base_url("ftp://mock", &any).is_err());
    assert!(transport::InsecureHttp::from_setting("").hosts.is_empty());
}

#[tokio::test]
async fn file_parts_from_a_path_stream_from_disk_and_are_rebuilt_per_attempt() {
    let dir = std::env::temp_dir().join(format!("runtime-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clip.mp4");
    std::fs::write(&path, b"0123456789").unwrap();
    let part = multipart::FilePart::path(&path);
    assert!(format!("{part:?}").contains("clip.mp4"));
    let parts = vec![("file".to_string(), multipart::FormValue::File(part))];
    // Two attempts: each builds its own form from the file.
    for _ in 0..2 {
        let form = multipart::form("op", &parts).await.unwrap();
        assert!(form.boundary().len() > 10);
    }
    let missing = vec![(
        "file".to_string(),
        multipart::FormValue::File(multipart::FilePart::path(dir.join("missing.bin"))),
    )];
    let err = multipart::form("op", &missing).await.unwrap_err();
    assert!(err.to_string().contains("missing.bin"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_cursor_walk_ends_when_the_server_repeats_a_cursor() {
    use futures_util::StreamExt;
    use pagination::{Advance, Position, Walk};

    // Cursor chain: start → c1 → c2 → c1 again (a loop on the server's side).
    let next = |position: &Position| match position {
        Position::Cursor(None) => Some("c1"),
        Position::Cursor(Some(c)) if c == "c1" => Some("c2"),
        Position::Cursor(Some(c)) if c == "c2" => Some("c1"),
        _ => None,
    };
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let walk = Walk {
        operation: "list",
        advance: Advance::Cursor("/next"),
        items: "/data",
        size: None,
    };
    let pages = pagination::pages(walk, Position::Cursor(None), move |position| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let page =
            serde_json::json!({ "data": [format!("{position:?}")], "next": next(&position) });
        async move { Ok::<_, Error>(page) }
    });
    let pages: Vec<_> = pages.collect().await;
    assert_eq!(
        pages.len(),
        3,
        "start, c1, c2; the repeated c1 is not followed"
    );
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
    let items: Vec<String> =
        pagination::items::<_, String>(walk, Box::pin(futures_util::stream::iter(pages)))
            .map(|r| r.unwrap())
            .collect()
            .await;
    assert_eq!(items.len(), 3);
}

#[test]
fn urlencoded_forms_escape_everything_but_unreserved_characters() {
    let fields = vec![
        ("user name".to_string(), "a&b=c d".to_string()),
        ("tag".to_string(), "é/x".to_string()),
    ];
    assert_eq!(
        request::form_urlencoded(&fields),
        "user+name=a%26b%3Dc+d&tag=%C3%A9%2Fx"
    );
}

#[test]
fn a_huge_or_odd_retry_hint_never_panics() {
    // FetchMedia's body field and the header, with values a hostile server may send.
    for hint in [
        "1e300",
        "\"1e20\"",
        "18446744073709551616",
        "1.8446744073709552e19",
        "-1",
        "\"NaN\"",
        "\"inf\"",
        "null",
    ] {
        let body = format!(r#"{{"error":{{"retry_after":{hint}}}}}"#);
        let e = api_error(429, &[], &body);
        let delay = e.retry_after();
        assert!(delay.is_none() || delay >= Some(Duration::ZERO), "{hint}");
        assert!(
            policy().next_delay(&e, 1, Duration::ZERO, true).is_none()
                || delay.is_none_or(|d| d <= retry::MAX_RETRY_AFTER),
            "{hint}"
        );
    }
    let e = api_error(429, &[], r#"{"error":{"retry_after":1e300}}"#);
    assert_eq!(
        e.retry_after(),
        Some(Duration::MAX),
        "a very long wait stays long"
    );
    assert!(
        policy().next_delay(&e, 1, Duration::ZERO, true).is_none(),
        "and ends the call instead of retrying"
    );
    for header in [
        "18446744073709551616",
        "Sun, 06 Nov 99999999999999999 08:49:37 GMT",
        "Sun, 06 Nov 18446744073709551615 08:49:37 GMT",
        "Sun, 31 Dec 9999 23:59:60 GMT",
    ] {
        let e = api_error(503, &[("retry-after", header)], "");
        let _ = e.retry_after();
        let _ = policy().next_delay(&e, 1, Duration::ZERO, true);
    }
    // A policy with absurd intervals does not overflow either.
    let mut wide = policy();
    wide.initial_interval = Duration::MAX;
    wide.max_interval = Duration::MAX;
    wide.multiplier = f64::MAX;
    let _ = wide.delay(40);
    let _ = wide.next_delay(&api_error(503, &[], ""), 1, Duration::MAX, true);
}

#[test]
fn a_request_the_server_may_have_carried_out_is_not_repeated() {
    let p = policy();
    let start = Duration::ZERO;
    let no_repeat = |e: &Error| p.next_delay(e, 1, start, false);
    // A 5xx may come after the work was done: not retried without an idempotency key.
    assert!(no_repeat(&api_error(503, &[], "")).is_none());
    assert!(no_repeat(&api_error(500, &[], "")).is_none());
    assert!(no_repeat(&api_error(429, &[], "")).is_none());
    // 429 or 503 with Retry-After: the server refused the request, so it was not done.
    assert!(no_repeat(&api_error(503, &[("retry-after", "1")], "")).is_some());
    assert!(no_repeat(&api_error(429, &[("retry-after", "1")], "")).is_some());
    // The body's hint is not a refusal on its own.
    assert!(no_repeat(&api_error(429, &[], r#"{"error":{"retry_after":1}}"#)).is_none());
    // Our own timeout: the request may have been carried out.
    let timeout = Error::Timeout {
        operation: "op",
        after: Duration::from_secs(1),
        limit: error::TimeLimit::Attempt,
        attempts: 1,
    };
    assert!(no_repeat(&timeout).is_none());
    assert!(p.next_delay(&timeout, 1, start, true).is_some());
    assert!(timeout.is_timeout() && timeout.to_string().contains("timed out after 1 s"));
}

#[test]
fn idempotency_keys_are_uuids_that_do_not_repeat() {
    let keys: std::collections::BTreeSet<String> =
        (0..10_000).map(|_| retry::idempotency_key()).collect();
    assert_eq!(keys.len(), 10_000);
    for key in keys.iter().take(50) {
        let groups: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{key}");
        assert_eq!(&key[14..15], "4", "version 4: {key}");
        assert!(
            matches!(&key[19..20], "8" | "9" | "a" | "b"),
            "variant: {key}"
        );
    }
}

#[test]
fn a_path_parameter_stays_one_segment() {
    use reqwest::Method;
    let check = |template: &'static str, values: &[&str]| {
        let mut path = template.to_string();
        for v in values {
            let start = path.find('{').unwrap();
            let end = path[start..].find('}').unwrap() + start;
            path.replace_range(start..=end, &request::path_segment(*v));
        }
        request::Request::new("op", Method::DELETE, template, path).check_path()
    };
    let template = "/on-demand/{mediaId}/tracks/{trackId}";
    assert!(check(template, &["M1", "T1"]).is_ok());
    // Dots and slashes that are not a whole segment are data, percent-encoded.
    assert!(check(template, &["M1", "a..b"]).is_ok());
    assert!(check(template, &["M1", "../x"]).is_ok());
    assert!(
        check(template, &["M1", "%2e%2e"]).is_ok(),
        "`%` is encoded: data"
    );
    for bad in ["..", ".", ""] {
        let err = check(template, &["M1", bad]).unwrap_err().to_string();
        assert!(err.contains("`trackId`"), "{err}");
        let err = check(template, &[bad, "T1"]).unwrap_err().to_string();
        assert!(err.contains("`mediaId`"), "{err}");
    }
    // A path written already encoded (not through `path_segment`): encoded dots are dots.
    for raw in ["%2e%2e", "%2E.", ".%2E", "%2e"] {
        let path = format!("/on-demand/M1/tracks/{raw}");
        let request = request::Request::new("op", Method::DELETE, template, path);
        assert!(request.check_path().is_err(), "{raw}");
    }
    for raw in ["%2e%2e%2e", "%2f..", "%2", "..a"] {
        let path = format!("/on-demand/M1/tracks/{raw}");
        let request = request::Request::new("op", Method::DELETE, template, path);
        assert!(request.check_path().is_ok(), "{raw}");
    }
    // Part of a segment: `..` cannot escape it, `{a}{b}` both empty can.
    assert!(check("/files/{id}.json", &[".."]).is_ok());
    assert!(check("/x/{a}{b}", &["", ""]).is_err());
    assert!(check("/x/{a}{b}", &[".", ""]).is_err());
}

#[test]
fn a_password_in_a_url_is_redacted() {
    use transport::redact_url;
    assert_eq!(
        redact_url("https://user:hunter2@api.example.com/v1"),
        "https://user:[redacted]@api.example.com/v1"
    );
    assert_eq!(
        redact_url("https://user:p@ss@api.example.com"),
        "https://user:[redacted]@api.example.com"
    );
    assert_eq!(
        redact_url("https://api.example.com/a@b"),
        "https://api.example.com/a@b"
    );
    assert_eq!(redact_url("https://user@host"), "https://user@host");
    assert_eq!(redact_url("not a url"), "not a url");
    let err = transport::parse_base_url(
        "https://user:hunter2@[bad/v1",
        &transport::InsecureHttp::default(),
    )
    .unwrap_err();
    assert!(!err.contains("hunter2"), "{err}");
}

// ---- streamed JSON values ----

/// A response whose body arrives in `chunks`, as the transport hands it to a decoder.
fn streamed(chunks: Vec<Vec<u8>>, max_body: u64) -> response::Response {
    let stream = futures_util::stream::iter(
        chunks
            .into_iter()
            .map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
    );
    let http = http::Response::new(reqwest::Body::wrap_stream(stream));
    let inner = reqwest::Response::from(http);
    response::Response::new("op", inner, max_body, None, Duration::from_secs(5))
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Item {
    id: u32,
}

async fn items(chunks: Vec<Vec<u8>>, record_separator: bool) -> Vec<Result<Item, Error>> {
    use futures_util::StreamExt as _;
    let lines = lines::JsonLines::<Item>::new("op", streamed(chunks, 1024), record_separator);
    lines.collect().await
}

/// Values split across chunks at every byte (inside a value, at the separator, inside
/// `\r\n`, in a multi-byte character) come out whole and in order.
#[tokio::test]
async fn json_lines_survive_any_split_into_chunks() {
    let body = "{\"id\":1}\r\n\n{\"id\":2, \"é\":\"ü\"}\n{\"id\":3}".as_bytes();
    for at in 0..=body.len() {
        for second in at..=body.len() {
            let chunks = vec![
                body[..at].to_vec(),
                body[at..second].to_vec(),
                body[second..].to_vec(),
            ];
            let got: Vec<u32> = items(chunks, false)
                .await
                .into_iter()
                .map(|r| r.map(|i| i.id).unwrap_or(0))
                .collect();
            assert_eq!(got, [1, 2, 3], "split at {at} and {second}");
        }
    }
    let seq = b"\x1e{\"id\":1}\n\x1e{\n\"id\":2}\n";
    for at in 0..=seq.len() {
        let chunks = vec![seq[..at].to_vec(), seq[at..].to_vec()];
        let got: Vec<u32> = items(chunks, true)
            .await
            .into_iter()
            .map(|r| r.map(|i| i.id).unwrap_or(0))
            .collect();
        assert_eq!(got, [1, 2], "json-seq split at {at}");
    }
}

/// A line that passes the cap is refused as soon as it does, even while it is still arriving
/// (its end never comes).
#[tokio::test]
async fn a_json_line_past_the_cap_ends_the_stream() {
    let mut chunks = vec![b"{\"id\":1}\n{\"id\":".to_vec()];
    chunks.extend(std::iter::repeat_n(vec![b' '; 512], 4));
    let got = items(chunks, false).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().ok(), Some(&Item { id: 1 }));
    assert!(
        matches!(got[1], Err(Error::BodyTooLarge { limit: 1024, .. })),
        "{got:?}"
    );
}

/// `is_retryable` says whether trying again may succeed; `may_have_been_applied` whether the
/// server may already have acted on the request, which a caller of a non-idempotent call must
/// know before trying again.
#[tokio::test]
async fn errors_say_whether_to_retry_and_whether_the_call_may_have_taken_effect() {
    let cases = [
        (api_error(429, &[("retry-after", "1")], ""), true, false),
        (api_error(503, &[], ""), true, true),
        (api_error(404, &[], ""), false, false),
        (api_error(409, &[], ""), false, false),
        (api_error(501, &[], ""), false, true),
        (
            Error::Config {
                message: "no base URL".into(),
            },
            false,
            false,
        ),
        (
            Error::InvalidRequest {
                operation: "op",
                message: "bad header".into(),
            },
            false,
            false,
        ),
        (
            Error::Timeout {
                operation: "op",
                after: Duration::from_secs(1),
                limit: error::TimeLimit::Attempt,
                attempts: 1,
            },
            true,
            true,
        ),
        (
            Error::Decode {
                operation: "op",
                status: StatusCode::OK,
                path: ".".into(),
                body: "x".into(),
                error: serde_json::from_str::<u8>("x").unwrap_err(),
                attempts: 1,
            },
            false,
            true,
        ),
        // A 4xx after a retried attempt: the earlier attempt may have been applied.
        (api_error(429, &[], "").with_attempts(2), true, true),
    ];
    for (error, retryable, applied) in cases {
        assert_eq!(error.is_retryable(), retryable, "{error:?}");
        assert_eq!(error.may_have_been_applied(), applied, "{error:?}");
    }
    // No connection: nothing was sent.
    let refused = reqwest::Client::new()
        .get("http://127.0.0.1:1/")
        .send()
        .await
        .unwrap_err();
    assert!(refused.is_connect());
    let error = Error::Transport {
        operation: "op",
        attempts: 1,
        error: refused,
    };
    assert!(error.is_retryable());
    assert!(!error.may_have_been_applied());
}

/// A test builds the errors a server would cause, without one: the same reading of status,
/// headers and body as a real response gets.
#[test]
fn tests_can_build_the_errors_a_server_would_cause() {
    let headers = HeaderMap::from_iter([(RETRY_AFTER, HeaderValue::from_static("2"))]);
    let body = r#"{"error":{"message":"slow down","code":"rate_limited"}}"#;
    let limited = ApiError::from_response("get-item", StatusCode::TOO_MANY_REQUESTS, headers, body);
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(limited.message(), Some("slow down"));
    assert_eq!(limited.code().as_deref(), Some("rate_limited"));
    let error = Error::from(limited);
    assert!(error.is_rate_limited() && error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(
        error.to_string(),
        "`get-item` failed with status 429 Too Many Requests: slow down (rate_limited)"
    );
    let unauthorized = Error::from(ApiError::from_response(
        "get-item",
        StatusCode::UNAUTHORIZED,
        HeaderMap::new(),
        Bytes::new(),
    ));
    assert!(unauthorized.is_unauthorized());
    assert!(
        unauthorized.to_string().ends_with(". check the key"),
        "{unauthorized}"
    );
}

/// A provider's longer explanation beside its message (FastPix's `error.description`) is part
/// of the error's text, once.
#[test]
fn the_providers_description_is_kept_in_the_message() {
    let error = |body: &str| {
        ApiError::from_response(
            "get-media",
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            body.to_string(),
        )
    };
    let both = error(
        r#"{"error":{"code":404,"message":"Not found","description":"No media with the id m-1 exists in this workspace."}}"#,
    );
    assert_eq!(
        both.description(),
        Some("No media with the id m-1 exists in this workspace.")
    );
    assert_eq!(
        both.to_string(),
        "`get-media` failed with status 404 Not Found: Not found: No media with the id m-1 exists in this workspace. (404)"
    );
    let same = error(r#"{"error":{"code":404,"message":"Not found","description":"Not found"}}"#);
    assert_eq!(
        same.to_string(),
        "`get-media` failed with status 404 Not Found: Not found (404)"
    );
    let alone = error(r#"{"error":{"description":"Gone for good"}}"#);
    assert_eq!(
        alone.to_string(),
        "`get-media` failed with status 404 Not Found: Gone for good"
    );
}

/// A decode error's path comes from one walk of the text to the error's position, not from a
/// second, path-tracking decoder per type: it names the field serde_path_to_error names.
#[test]
fn a_decode_errors_path_is_the_one_a_path_tracking_decoder_gives() {
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Data,
        #[serde(default)]
        grid: Vec<Vec<u8>>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Data {
        name: String,
        tracks: Vec<Track>,
        #[serde(default)]
        tags: BTreeMap<String, i64>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Track {
        id: String,
        status: u8,
    }

    let tracks = r#"[{"id":"a","status":1},{"id":"b","status":2},{"id":"c","status":"ready"}]"#;
    let bodies = [
        format!(r#"{{"data":{{"name":"n","tracks":{tracks}}}}}"#),
        format!("{{\n  \"data\": {{\n    \"name\": \"n\",\n    \"tracks\": {tracks}\n  }}\n}}"),
        r#"{"data":{"name":7,"tracks":[]}}"#.to_string(),
        r#"{"data":{"name":"n","tracks":[{"id":"a"}]}}"#.to_string(),
        r#"{"data":{"name":"n","tracks":[],"tags":{"x":1,"y \"q\"":"two"}}}"#.to_string(),
        r#"{"data":{"name":"n","tracks":[]},"grid":[[1,2],[3,300]]}"#.to_string(),
        r#"{"data":{"name":"n, with [brackets] and {braces}","tracks":{}}}"#.to_string(),
        r#"[1,2]"#.to_string(),
        "{}".to_string(),
        r#"{"data":{"name":"a\"},{[","tracks":[{"id":"x","status":-1}]}}"#.to_string(),
        r#"{"data":{"name":"n","tracks":[{"id":"a","status":1}"#.to_string(),
    ];
    for body in &bodies {
        let error = serde_json::from_str::<Page>(body).unwrap_err();
        let mut deserializer = serde_json::Deserializer::from_str(body);
        let tracked = serde_path_to_error::deserialize::<_, Page>(&mut deserializer).unwrap_err();
        assert_eq!(
            response::path_at(
                body.as_bytes(),
                error.line(),
                error.column(),
                error.is_eof()
            ),
            tracked.path().to_string(),
            "{body}: {error}"
        );
    }
}
