//! What a hostile or broken server cannot do to a generated client: make it wait forever,
//! fill its memory, repeat a side effect, or steer a call to another path; and what a
//! careless configuration cannot leak (a password in the base URL).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{quick_retries, requests};

const KEY: &str = "fast_prod_S3CR3T-limits";

fn builder(base: String) -> toolsfast::ClientBuilder {
    toolsfast::Client::builder()
        .base_url(base)
        .api_key_header(KEY)
        .retry_policy(quick_retries(vec![429, 500, 502, 503, 504], true))
}

fn job(id: &str) -> serde_json::Value {
    json!({ "id": id, "status": "Queued" })
}

/// A server on loopback that answers every connection with `answer` (raw HTTP), counting
/// connections; `None` never answers (it reads and holds the connection open).
async fn raw_server(answer: Option<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buf).await;
                match answer {
                    Some(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        // Hold the connection: a body shorter than announced never ends.
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    (url, count)
}

// ---- time ----

#[tokio::test]
async fn defaults_bound_time_and_memory() {
    assert_eq!(toolsfast::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(toolsfast::DEFAULT_ATTEMPT_TIMEOUT, Duration::from_secs(60));
    assert_eq!(toolsfast::DEFAULT_CALL_TIMEOUT, Duration::from_secs(180));
    assert_eq!(toolsfast::DEFAULT_MAX_RESPONSE_BYTES, 64 * 1024 * 1024);
    let shown = format!("{:?}", toolsfast::Client::builder());
    assert!(
        shown.contains("attempt: 60s") && shown.contains("call: 180s"),
        "{shown}"
    );
    assert!(shown.contains("max_body: 67108864"), "{shown}");
    // With defaults only, a body announced larger than the cap is refused before it is read.
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{{",
        64 * 1024 * 1024 + 1
    );
    let (url, _) = raw_server(Some(head.into_bytes())).await;
    let client = toolsfast::Client::builder()
        .base_url(url)
        .api_key_header(KEY)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_conversion_job("j-1").send().await.unwrap_err();
    assert!(
        matches!(
            err,
            toolsfast::Error::BodyTooLarge {
                limit: 67108864,
                ..
            }
        ),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_says_after_how_long() {
    let (url, connections) = raw_server(None).await;
    let client = builder(url)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_conversion_job("j-1")
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out after 300 ms"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // A GET is retried after a timeout; the whole call stays within its own limit.
    let started = Instant::now();
    let err = client
        .get_conversion_job("j-1")
        .with_attempt_timeout(Duration::from_millis(400))
        .with_call_timeout(Duration::from_millis(600))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("600 ms (call timeout)"), "{err}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(550) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        connections.load(Ordering::SeqCst),
        3,
        "two attempts in that call"
    );
}

/// The two limits under their own names, on the client and per call: a call whose deadline
/// cannot hold another attempt's wait ends naming the call timeout, not the attempt's.
#[tokio::test]
async fn the_attempt_and_the_call_timeout_are_named_for_what_they_limit() {
    let (url, connections) = raw_server(None).await;
    let waits = toolsfast::RetryPolicy {
        initial_interval: Duration::from_millis(200),
        max_interval: Duration::from_millis(200),
        ..quick_retries(vec![503], true)
    };
    let client = builder(url)
        .attempt_timeout(Duration::from_millis(200))
        .call_timeout(Duration::from_millis(350))
        .retry_policy(waits)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_conversion_job("j-1").send().await.unwrap_err();
    // The first attempt timed out at 200 ms; a wait of at least 150 ms leaves no time for a
    // second one within 350 ms, so the call's limit is what ended it.
    assert!(
        matches!(
            err,
            toolsfast::Error::Timeout {
                limit: toolsfast::TimeLimit::Call,
                after,
                attempts: 1,
                ..
            } if after == Duration::from_millis(350)
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("350 ms (call timeout)"), "{err}");
    assert!(
        started.elapsed() < Duration::from_millis(340),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // Per call: an attempt limit alone names the attempt timeout.
    let err = client
        .get_conversion_job("j-1")
        .with_attempt_timeout(Duration::from_millis(100))
        .with_call_timeout(Duration::from_secs(5))
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            toolsfast::Error::Timeout {
                limit: toolsfast::TimeLimit::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("100 ms (attempt timeout)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_times_out() {
    // Headers, then half the announced body, then silence.
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":"
            .to_vec();
    let (url, _) = raw_server(Some(head)).await;
    let client = builder(url)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client
        .get_conversion_job("j-1")
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // The same for a download: its headers arrive, then it must not wait forever.
    let err = client
        .download_conversion_output("j-1")
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("download idle timeout"), "{err}");
}

// ---- memory ----

#[tokio::test]
async fn buffered_bodies_are_capped_and_downloads_are_not() {
    let server = MockServer::start().await;
    let big = vec![b'x'; 300_000];
    for at in ["/convert/job/j-1", "/convert/job/j-1/download"] {
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json"))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/convert/job/j-2"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(big.clone(), "text/plain"))
        .mount(&server)
        .await;
    let client = builder(server.uri())
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    let err = client.get_conversion_job("j-1").send().await.unwrap_err();
    assert!(
        matches!(err, toolsfast::Error::BodyTooLarge { limit: 100_000, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("larger than 100000 bytes"),
        "{err}"
    );
    // An error body too, with its status kept.
    let err = client
        .get_conversion_job("j-2")
        .with_retry_policy(toolsfast::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err:?}");
    // Per call.
    let ok = client
        .get_conversion_job("j-1")
        .with_max_response_bytes(1_000_000)
        .send()
        .await;
    assert!(
        matches!(ok, Err(toolsfast::Error::Decode { .. })),
        "read whole, then decoded"
    );
    // A download streams whatever its size.
    let stream = client
        .download_conversion_output("j-1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.collect().await.unwrap().len(), 300_000);
}

#[tokio::test]
async fn a_chunked_body_is_capped_while_it_is_read() {
    // No content length: the cap applies to what arrives.
    let mut answer =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..20 {
        answer.extend_from_slice(b"2710\r\n");
        answer.extend_from_slice(&[b' '; 10_000]);
        answer.extend_from_slice(b"\r\n");
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    let (url, _) = raw_server(Some(answer)).await;
    let client = builder(url).max_response_bytes(50_000).build().unwrap();
    let err = client.get_conversion_job("j-1").send().await.unwrap_err();
    assert!(
        matches!(err, toolsfast::Error::BodyTooLarge { .. }),
        "{err:?}"
    );
}

// ---- side effects ----

#[tokio::test]
async fn a_post_is_not_repeated_when_the_server_may_have_carried_it_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let client = builder(server.uri()).build().unwrap();
    let err = client
        .create_conversion("pdf")
        .file(toolsfast::FilePart::bytes(b"%PDF".to_vec()).file_name("a.pdf"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a POST answered 502 is sent once"
    );

    // A POST whose answer is late is not sent again either.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(job("j-1"))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let err = client
        .create_conversion("pdf")
        .file(toolsfast::FilePart::bytes(b"%PDF".to_vec()).file_name("a.pdf"))
        .with_attempt_timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a timed-out POST is sent once"
    );

    // A GET answered 502 is retried as the policy says.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    client.get_conversion_job("j-1").send().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 3, "a GET is retried");

    // A POST refused with 429 + Retry-After was not carried out: retried.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(202).set_body_json(job("j-2")))
        .with_priority(2)
        .mount(&server)
        .await;
    let job = client
        .create_conversion("pdf")
        .file(toolsfast::FilePart::bytes(b"%PDF".to_vec()).file_name("a.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(job.id, "j-2");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bind, then close: the port refuses connections, so nothing was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = builder(url).build().unwrap();
    let started = Instant::now();
    let err = client
        .create_conversion("pdf")
        .file(toolsfast::FilePart::bytes(b"%PDF".to_vec()).file_name("a.pdf"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    // Three attempts with backoff took some time (5 ms, then 10 ms).
    assert!(started.elapsed() >= Duration::from_millis(10));
}

// ---- paths ----

#[tokio::test]
async fn a_path_parameter_cannot_change_the_path() {
    let server = MockServer::start().await;
    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth("id", "secret")
        .build()
        .unwrap();
    for bad in ["..", ".", ""] {
        let err = client
            .delete_media_track("M1", bad)
            .send()
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`trackId`"), "{text}");
        let err = client.get_media(bad).send().await.unwrap_err();
        assert!(err.to_string().contains("`mediaId`"), "{err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
    // Dots inside a value, `%2e%2e` and slashes are data: they stay in their segment.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    for odd in ["%2e%2e", "a..b", "../x", "..%2f"] {
        let _ = client
            .get_media(odd)
            .with_retry_policy(fastpix::RetryPolicy::none())
            .send()
            .await;
    }
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/on-demand/%252e%252e",
            "/on-demand/a..b",
            "/on-demand/..%2Fx",
            "/on-demand/..%252f"
        ]
    );
}

// ---- secrets in the base URL ----

#[test]
fn a_password_in_the_base_url_is_never_shown() {
    let client = fastpix::Client::builder()
        .base_url("http://user:hunter2-pw@127.0.0.1:9/v1")
        .basic_auth("id", "secret")
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("hunter2-pw") && shown.contains("[redacted]"),
        "{shown}"
    );
    let builder = fastpix::Client::builder().base_url("https://user:hunter2-pw@api.example.com");
    assert!(!format!("{builder:?}").contains("hunter2-pw"));
    let err = fastpix::Client::builder()
        .base_url("https://user:hunter2-pw@[::1/v1")
        .build()
        .unwrap_err();
    let text = common::error_texts(&err);
    assert!(!text.contains("hunter2-pw"), "{text}");
}

/// A user name and password in the base URL are sent as HTTP Basic credentials, as reqwest's
/// request builder sends them (requests are built without it when the URL has none).
#[tokio::test]
async fn userinfo_in_the_base_url_is_sent_as_basic_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j1")))
        .mount(&server)
        .await;
    let base = server.uri().replacen("http://", "http://user:pw@", 1);
    let client = builder(base).build().unwrap();
    client.get_conversion_job("j1").send().await.unwrap();
    let client = builder(server.uri()).build().unwrap();
    client.get_conversion_job("j1").send().await.unwrap();
    let seen = requests(&server).await;
    let authorization = |i: usize| {
        seen[i]
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(authorization(0).as_deref(), Some("Basic dXNlcjpwdw=="));
    assert_eq!(authorization(1), None);
    assert_eq!(seen[0].headers.get("x-fast-api-key").unwrap(), KEY);
}
