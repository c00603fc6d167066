//! Traces name the call but never a secret. Alone in its test binary: `tracing` caches per
//! call site whether anyone listens, and tests running beside it without a subscriber would
//! make that cache lie.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "fast_prod_S3CR3T-traces";

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_name_the_call_and_never_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .and(header("x-fast-api-key", KEY))
        .respond_with(ResponseTemplate::new(503).set_body_string(format!("echo {KEY}")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "id": "j-1", "status": "Queued" })),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // Other tests in this binary may have run the same call sites with no subscriber, and
    // tracing caches that nobody was interested: make it ask again.
    tracing::callsite::rebuild_interest_cache();
    toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(toolsfast::RetryPolicy {
            max_attempts: 3,
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(20),
            multiplier: 2.0,
            statuses: vec![503],
            connection_errors: false,
            max_elapsed: Duration::from_secs(10),
        })
        .build()
        .unwrap()
        .get_conversion_job("j-1")
        .send()
        .await
        .unwrap();
    drop(guard);
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("getConversionJob"), "{text}");
    assert!(
        text.contains("/convert/job/{id}"),
        "the path template, not the URL: {text}"
    );
    assert!(text.contains("retrying"), "{text}");
    assert!(
        !text.contains("S3CR3T"),
        "a secret reached the traces: {text}"
    );
}
