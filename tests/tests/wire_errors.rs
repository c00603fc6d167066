//! Errors a user can act on (issue 12, item 3): each cause is said once (in the message or
//! as its `source()`, never both), every error says how many attempts were made, a body
//! that is not the provider's envelope (an HTML 502 page) shows as a short excerpt, and a
//! decode error names the JSON path of the field that failed.

use std::error::Error as _;
use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

use common::quick_retries;

const KEY: &str = "fast_prod_S3CR3T-errors";

fn client(base: &str, policy: toolsfast::RetryPolicy) -> toolsfast::Client {
    toolsfast::Client::builder()
        .base_url(base)
        .api_key_header(KEY)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// The error's message and those of its sources, in order.
fn chain(error: &toolsfast::Error) -> Vec<String> {
    let mut out = vec![error.to_string()];
    let mut next = error.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = e.source();
    }
    out
}

/// No link of the chain repeats text an earlier link already printed.
fn assert_said_once(error: &toolsfast::Error) {
    let links = chain(error);
    for (i, link) in links.iter().enumerate().skip(1) {
        assert!(
            !links[..i]
                .iter()
                .any(|earlier| earlier.contains(link.as_str())),
            "`{link}` is printed twice in {links:?}"
        );
    }
}

#[tokio::test]
async fn a_connection_error_says_its_cause_once_and_how_many_attempts() {
    // A port that was just free: nothing listens there, so the connection is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("its address").port()
    };
    let error = client(
        &format!("http://127.0.0.1:{port}"),
        quick_retries(vec![], true),
    )
    .get_conversion_job("j-1")
    .send()
    .await
    .unwrap_err();
    assert!(error.is_connect(), "{error}");
    assert_said_once(&error);
    assert_eq!(error.attempts(), 3, "{error}");
    let text = error.to_string();
    assert!(text.contains("after 3 attempts"), "{text}");
    assert!(text.to_lowercase().contains("connect"), "{text}");
    println!("connection error: {text}");
}

#[tokio::test]
async fn a_timeout_says_so_and_counts_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = client(&server.uri(), quick_retries(vec![], false))
        .get_conversion_job("j-1")
        .with_attempt_timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(error.attempts(), 1);
    assert_said_once(&error);
    println!("timeout: {error}");
}

#[tokio::test]
async fn an_html_error_page_shows_as_a_short_excerpt() {
    let server = MockServer::start().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>{}</p></body></html>",
        "upstream unavailable ".repeat(5_000)
    );
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html; charset=utf-8"))
        .mount(&server)
        .await;
    let error = client(&server.uri(), quick_retries(vec![502], false))
        .get_conversion_job("j-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    let text = error.to_string();
    assert!(text.contains("502 Bad Gateway"), "{text}");
    assert!(!text.contains("<h1>"), "markup is left out: {text}");
    assert!(text.len() < 400, "bounded: {} bytes: {text}", text.len());
    assert_said_once(&error);
    println!("HTML error page: {text}");
}

#[tokio::test]
async fn a_decode_error_names_the_path_of_the_field() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "id": "j-1",
        "status": "Queued",
        "metrics": { "inputBytes": "many" }
    });
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let error = client(&server.uri(), quick_retries(vec![], false))
        .get_conversion_job("j-1")
        .send()
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("metrics.inputBytes"), "{text}");
    assert_eq!(error.attempts(), 1);
    assert_said_once(&error);
    println!("decode error: {text}");
}
