//! Helpers shared by the wire and redaction tests: reading what a wiremock server
//! received, and checking that a secret shows up nowhere it should not.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use wiremock::{MockServer, Request};

/// Tools.FAST's retry policy made quick for tests: 3 attempts, 5 to 20 ms apart, on
/// `statuses`, and on connection errors when `connection_errors`.
pub fn quick_retries(statuses: Vec<u16>, connection_errors: bool) -> toolsfast::RetryPolicy {
    toolsfast::RetryPolicy {
        max_attempts: 3,
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        multiplier: 2.0,
        statuses,
        connection_errors,
        max_elapsed: Duration::from_secs(10),
    }
}

/// Every request the server has received so far.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The one request the server received; fails if there were more or none.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one request, got {}: {all:#?}",
        all.len()
    );
    all.remove(0)
}

/// The single value of header `name` as text; fails if it is repeated or not text.
pub fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    let mut values = req.headers.get_all(name).iter();
    let first = values.next()?;
    assert!(values.next().is_none(), "header `{name}` is repeated");
    Some(first.to_str().expect("header value is visible ASCII"))
}

/// Whether the request carries header `name` at all.
pub fn has_header(req: &Request, name: &str) -> bool {
    req.headers.contains_key(name)
}

/// The query, decoded, in the order sent.
pub fn query_pairs(req: &Request) -> Vec<(String, String)> {
    req.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The query, decoded and sorted (for parameters whose order does not matter).
pub fn sorted_query(req: &Request) -> Vec<(String, String)> {
    let mut pairs = query_pairs(req);
    pairs.sort();
    pairs
}

/// Owned `(name, value)` pairs, sorted, to compare with [`sorted_query`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

/// Whether `needle` occurs in `haystack` (bytes, exact).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    count(haystack, needle) > 0
}

/// How often `needle` occurs in `haystack` (bytes, exact, overlapping).
pub fn count(haystack: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() || needle.len() > haystack.len() {
        return 0;
    }
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Case-insensitive ASCII search, so a secret cannot hide by changing case.
fn contains_ci(haystack: &[u8], needle: &str) -> bool {
    contains(
        &haystack.to_ascii_lowercase(),
        needle.to_ascii_lowercase().as_bytes(),
    )
}

/// Asserts that none of `secrets` appears in any header (name or value) other than
/// `except_header`, in the URL (raw or percent-decoded), or in the body.
pub fn assert_secrets_absent(req: &Request, secrets: &[&str], except_header: Option<&str>) {
    for secret in secrets {
        for (name, value) in &req.headers {
            if except_header.is_some_and(|h| name.as_str().eq_ignore_ascii_case(h)) {
                continue;
            }
            assert!(
                !contains_ci(name.as_str().as_bytes(), secret),
                "secret `{secret}` in a header name: {name}"
            );
            assert!(
                !contains_ci(value.as_bytes(), secret),
                "secret `{secret}` in header `{name}`: {value:?}"
            );
        }
        assert!(
            !contains_ci(req.url.as_str().as_bytes(), secret),
            "secret `{secret}` in the URL: {}",
            req.url
        );
        for (k, v) in req.url.query_pairs() {
            assert!(
                !contains_ci(k.as_bytes(), secret) && !contains_ci(v.as_bytes(), secret),
                "secret `{secret}` in query parameter `{k}={v}`"
            );
        }
        assert!(
            !contains_ci(&req.body, secret),
            "secret `{secret}` in the body: {}",
            String::from_utf8_lossy(&req.body)
        );
    }
}

/// Asserts that `text` (a `Debug` or `Display` rendering) contains none of `secrets`.
pub fn assert_no_secret_in(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !contains_ci(text.as_bytes(), secret),
            "secret `{secret}` appears in {what}: {text}"
        );
    }
}

/// `Display` and `Debug` of an error and of every error in its `source()` chain.
pub fn error_texts(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = error.source();
    while let Some(inner) = source {
        out.push_str(&format!("\ncaused by: {inner}\n{inner:?}"));
        source = inner.source();
    }
    out
}

/// The boundary of a `multipart/form-data` content type.
pub fn multipart_boundary(req: &Request) -> String {
    let content_type = header(req, "content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a multipart content type: {content_type}"));
    boundary.trim_matches('"').to_string()
}

/// The bytes of one multipart part as sent: its headers, a blank line, its content, and
/// the start of the next delimiter.
pub fn multipart_part(boundary: &str, headers: &[&str], content: &[u8]) -> Vec<u8> {
    let mut out = format!("--{boundary}\r\n").into_bytes();
    for h in headers {
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(content);
    out.extend_from_slice(format!("\r\n--{boundary}").as_bytes());
    out
}

/// The `User-Agent` a generated crate sends: `<crate>/<version>`, the version being the one
/// in its Cargo.toml (it follows the API's changes, so tests read it rather than pin it).
pub fn user_agent(krate: &str) -> String {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generated")
        .join(krate)
        .join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("the generated crate's Cargo.toml");
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line");
    format!("{krate}/{version}")
}
