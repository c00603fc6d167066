//! Runtime behaviour every generated crate shares, on the wire: giving up after retries,
//! uploads streamed from disk and re-sent on retry, per-call options. (Traces: traces.rs.)

mod common;

use std::io::Write as _;
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{quick_retries, requests};

const KEY: &str = "fast_prod_S3CR3T-runtime";

fn client(server: &MockServer) -> toolsfast::Client {
    toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(quick_retries(vec![503], false))
        .build()
        .unwrap()
}

fn job(id: &str) -> serde_json::Value {
    json!({ "id": id, "status": "Queued" })
}

#[tokio::test]
async fn three_503s_give_up_with_the_last_error() {
    let server = MockServer::start().await;
    for n in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/convert/job/j-1"))
            .respond_with(ResponseTemplate::new(503).set_body_string(format!("busy {n}")))
            .up_to_n_times(1)
            .with_priority(n)
            .mount(&server)
            .await;
    }
    let err = client(&server)
        .get_conversion_job("j-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        err.api_error().unwrap().text(),
        "busy 3",
        "the last attempt's error"
    );
    assert_eq!(
        requests(&server).await.len(),
        3,
        "max_attempts bounds the calls"
    );
}

#[tokio::test]
async fn a_file_from_disk_is_streamed_and_sent_whole_on_every_attempt() {
    let dir = std::env::temp_dir().join(format!("wire-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.docx");
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::File::create(&file)
        .unwrap()
        .write_all(&content)
        .unwrap();

    let server = MockServer::start().await;
    // A POST is retried only when the server says it refused it: 503 with Retry-After.
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(202).set_body_json(job("j-9")))
        .with_priority(2)
        .mount(&server)
        .await;
    let submitted = client(&server)
        .create_conversion("pdf")
        .file(toolsfast::FilePart::path(&file))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.id, "j-9");
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for request in &all {
        let body = &request.body;
        let at = body
            .windows(content.len())
            .position(|w| w == content.as_slice());
        assert!(at.is_some(), "every attempt carries the whole file");
        let text = String::from_utf8_lossy(body);
        assert!(
            text.contains(r#"filename="report.docx""#),
            "the path's file name is used"
        );
        assert!(text.contains(
            "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn per_call_options_apply_to_that_call_only() {
    let main = MockServer::start().await;
    let other = MockServer::start().await;
    for server in [&main, &other] {
        Mock::given(method("GET"))
            .and(path("/convert/job/j-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1")))
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/convert/job/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(job("slow"))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&main)
        .await;
    let client = client(&main);

    client
        .get_conversion_job("j-1")
        .with_base_url(other.uri())
        .with_header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    let seen = requests(&other).await;
    assert_eq!(seen.len(), 1, "the call went to the other base URL");
    assert_eq!(common::header(&seen[0], "x-request-id"), Some("abc-123"));
    assert_eq!(common::header(&seen[0], "x-fast-api-key"), Some(KEY));

    let err = client
        .get_conversion_job("slow")
        .with_attempt_timeout(Duration::from_millis(100))
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err}");

    // The next call uses the client's own settings again.
    client.get_conversion_job("j-1").send().await.unwrap();
    assert!(
        requests(&main)
            .await
            .iter()
            .all(|r| !r.headers.contains_key("x-request-id"))
    );

    let refused = client
        .get_conversion_job("j-1")
        .with_base_url("http://example.com")
        .send()
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("http://"), "{refused}");
}

/// A request future owns what it needs (a cheap clone of the client), so it can be spawned
/// and outlive the client value it came from.
#[tokio::test]
async fn request_futures_are_static_and_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1")))
        .mount(&server)
        .await;
    let handle = {
        let client = client(&server);
        tokio::spawn(client.get_conversion_job("j-1").send())
    };
    let job = handle.await.expect("the task ran").expect("the job");
    assert_eq!(job.id, "j-1");
}

/// `send_raw()` returns what the server sent, for what the generated types drop.
#[tokio::test]
async fn send_raw_returns_the_response_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-9")
                .set_body_json(json!({ "id": "j-1", "status": "Queued", "undocumented": 7 })),
        )
        .mount(&server)
        .await;
    let raw = client(&server)
        .get_conversion_job("j-1")
        .send_raw()
        .await
        .expect("a 2xx response");
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(raw.headers["x-request-id"], "r-9");
    let value: serde_json::Value = raw.json().expect("JSON");
    assert_eq!(value["undocumented"], 7);
}
