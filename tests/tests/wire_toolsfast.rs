//! Tools.FAST on the wire: `X-Fast-Api-Key` with no prefix, multipart conversions,
//! streamed downloads, key-less schema endpoints, typed errors, Retry-After and key rotation.

mod common;

use std::time::{Duration, Instant};

use common::*;
use futures_util::StreamExt;
use serde_json::json;
use toolsfast::types;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "fast_prod_S3CR3T-toolsfast-xyz";

fn client(server: &MockServer) -> toolsfast::Client {
    toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(toolsfast::RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn assert_key_header_only(req: &Request, key: &str) {
    assert_eq!(common::header(req, "x-fast-api-key"), Some(key));
    assert!(!has_header(req, "authorization"));
    assert_secrets_absent(req, &[key], Some("x-fast-api-key"));
}

fn job(id: &str, status: &str) -> serde_json::Value {
    json!({"id": id, "status": status, "progress": {"percent": 100.0, "phase": "done"}})
}

#[tokio::test]
async fn get_conversion_job_sends_the_key_header_without_prefix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .and(header("x-fast-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1", "Succeeded")))
        .expect(1)
        .mount(&server)
        .await;

    let job = client(&server)
        .get_conversion_job("j-1")
        .send()
        .await
        .unwrap();
    assert_eq!(job.id, "j-1");
    assert_eq!(job.status, types::JobStatus::Succeeded);

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/convert/job/j-1");
    assert_eq!(req.url.query(), None);
    assert!(req.body.is_empty());
    assert_eq!(
        common::header(&req, "user-agent"),
        Some(common::user_agent("toolsfast").as_str())
    );
    assert_key_header_only(&req, KEY);
}

#[tokio::test]
async fn create_conversion_sends_a_multipart_file_and_target_format() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/convert"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "id": "j-2", "status": "Queued", "creditCost": 1.5
        })))
        .expect(1)
        .mount(&server)
        .await;

    let image: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\x00".to_vec();
    let accepted = client(&server)
        .create_conversion("jpg")
        .file(
            toolsfast::FilePart::bytes(image.clone())
                .file_name("photo.png")
                .content_type("image/png"),
        )
        .options(r#"{"quality":80}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.id, "j-2");
    assert_eq!(accepted.status, types::JobStatus::Queued);
    assert_eq!(accepted.credit_cost, Some(1.5));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/convert");
    assert_eq!(req.url.query(), None);
    let boundary = multipart_boundary(&req);
    let file_part = multipart_part(
        &boundary,
        &[
            r#"Content-Disposition: form-data; name="file"; filename="photo.png""#,
            "Content-Type: image/png",
        ],
        &image,
    );
    let target_part = multipart_part(
        &boundary,
        &[r#"Content-Disposition: form-data; name="targetFormat""#],
        b"jpg",
    );
    let options_part = multipart_part(
        &boundary,
        &[r#"Content-Disposition: form-data; name="options""#],
        br#"{"quality":80}"#,
    );
    // Parts go in the spec's order: file, targetFormat, options, then the closing delimiter.
    let mut expected = file_part;
    expected.extend_from_slice(&target_part[format!("--{boundary}").len()..]);
    expected.extend_from_slice(&options_part[format!("--{boundary}").len()..]);
    expected.extend_from_slice(b"--\r\n");
    assert_eq!(
        String::from_utf8_lossy(&req.body),
        String::from_utf8_lossy(&expected),
        "the multipart body byte for byte"
    );
    assert_eq!(req.body, expected);
    assert_eq!(
        common::header(&req, "content-length"),
        Some(req.body.len().to_string().as_str()),
        "a known length, not chunked"
    );
    assert!(!has_header(&req, "transfer-encoding"));
    assert_key_header_only(&req, KEY);
}

#[tokio::test]
async fn download_conversion_output_streams_the_bytes() {
    let server = MockServer::start().await;
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/convert/job/j-3/download"))
        .and(header("x-fast-api-key", KEY))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(payload.clone(), "application/zip")
                .insert_header("content-disposition", "attachment; filename=\"out.zip\""),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = client(&server)
        .download_conversion_output("j-3")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.content_type(), Some("application/zip"));
    assert_eq!(stream.content_length(), Some(payload.len() as u64));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        chunks += 1;
        received.extend_from_slice(&chunk);
    }
    assert!(chunks >= 1);
    assert_eq!(received.len(), payload.len());
    assert_eq!(received, payload);

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_key_header_only(&req, KEY);
}

#[tokio::test]
async fn download_collect_reads_the_whole_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/compress/job/c-1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"small file".to_vec(), "image/webp"))
        .mount(&server)
        .await;

    let stream = client(&server)
        .download_compression_output("c-1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.collect().await.unwrap().as_ref(), b"small file");
}

#[tokio::test]
async fn a_failed_download_is_an_api_error_not_a_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": "jobs.not_found", "detail": "No such job"
        })))
        .mount(&server)
        .await;

    let err = client(&server)
        .download_conversion_output("missing")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.api_error().unwrap().code().as_deref(),
        Some("jobs.not_found")
    );
}

#[tokio::test]
async fn compress_schema_endpoints_send_no_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/compress/schema"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "object"})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/compress/schema/png"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"$schema": "x", "type": "object"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    // With a key configured, it is still not sent.
    let with_key = client(&server);
    let schema = with_key.get_compress_options_schema().send().await.unwrap();
    assert_eq!(schema.get("type"), Some(&json!("object")));
    with_key
        .get_compress_format_options_schema("png")
        .send()
        .await
        .unwrap();
    // Without any credentials, the call works too.
    let without_key = toolsfast::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    without_key
        .get_compress_options_schema()
        .send()
        .await
        .unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 3);
    for req in &all {
        assert!(!has_header(req, "x-fast-api-key"), "{req:?}");
        assert!(!has_header(req, "authorization"));
        assert_secrets_absent(req, &[KEY], None);
    }
}

#[tokio::test]
async fn unauthorized_decodes_into_the_typed_error() {
    let server = MockServer::start().await;
    let body = r#"{"error":"api_key.invalid_or_ip_not_allowed","detail":"The API key is invalid or this IP is not allowed."}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_convert_entitlements()
        .send()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));

    let api = err.api_error().expect("an API error");
    assert_eq!(api.operation(), "getConvertEntitlements");
    assert_eq!(
        api.message(),
        Some("The API key is invalid or this IP is not allowed.")
    );
    assert_eq!(
        api.code().as_deref(),
        Some("api_key.invalid_or_ip_not_allowed")
    );
    assert_eq!(
        api.hint(),
        Some(
            "api_key.invalid_or_ip_not_allowed: TOOLSFAST_API_KEY is missing or invalid, or this machine's IP is not in the key's allowlist."
        )
    );
    let error_body: types::ErrorResponse = api.error_body().expect("the envelope");
    assert_eq!(error_body.error, "api_key.invalid_or_ip_not_allowed");
    assert_eq!(
        error_body.detail.as_deref(),
        Some("The API key is invalid or this IP is not allowed.")
    );
    assert_eq!(api.text(), body);
    assert_eq!(api.body(), body.as_bytes());
    assert_no_secret_in("the error", &format!("{err} {err:?}"), &[KEY]);
}

#[tokio::test]
async fn an_error_with_null_detail_and_extra_fields_decodes() {
    let server = MockServer::start().await;
    let body = r#"{"error":"conversion.unsupported","detail":null,"sourceFormat":"heic","targetFormat":"xyz","supportedTargets":["jpg","png"]}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let err = client(&server)
        .create_conversion("xyz")
        .input_url("https://example.com/a.heic")
        .source_format("heic")
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.code().as_deref(), Some("conversion.unsupported"));
    assert_eq!(api.message(), None);
    let decoded = api.error_body().expect("typed body");
    assert_eq!(decoded.detail, toolsfast::types::Nullable::Null);
    assert_eq!(
        decoded.supported_targets,
        Some(vec!["jpg".to_string(), "png".to_string()])
    );
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503).set_body_raw("upstream connect error", "text/plain"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_conversion_job("j")
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status().as_u16(), 503);
    assert_eq!(api.text(), "upstream connect error");
    assert_eq!(api.json(), None);
    assert_eq!(api.error_body(), None);
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": "rate_limited", "detail": "Slow down"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1", "Running")))
        .with_priority(2)
        .mount(&server)
        .await;

    let client = toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(toolsfast::RetryPolicy {
            max_attempts: 2,
            initial_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(20),
            multiplier: 2.0,
            statuses: vec![429, 503],
            connection_errors: false,
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let job = client.get_conversion_job("j-1").send().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(job.status, types::JobStatus::Running);
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited only {elapsed:?} despite Retry-After: 1"
    );
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_key_header_only(req, KEY);
    }
}

#[tokio::test]
async fn a_503_is_retried_and_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1", "Succeeded")))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let client = toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(toolsfast::RetryPolicy {
            max_attempts: 3,
            initial_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(50),
            multiplier: 2.0,
            statuses: vec![503],
            connection_errors: false,
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_conversion_job("j-1").send().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_multipart_request_is_rebuilt_for_each_attempt() {
    let server = MockServer::start().await;
    // Refused with Retry-After, so not carried out: a POST may be sent again.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(json!({"id": "j", "status": "Queued"})),
        )
        .with_priority(2)
        .mount(&server)
        .await;

    let client = toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header(KEY)
        .retry_policy(toolsfast::RetryPolicy {
            max_attempts: 2,
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(5),
            multiplier: 1.0,
            statuses: vec![503],
            connection_errors: false,
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    client
        .create_conversion("webp")
        .file(toolsfast::FilePart::bytes(&b"GIF89a-data"[..]).file_name("a.gif"))
        .send()
        .await
        .unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert!(
            contains(&req.body, b"GIF89a-data"),
            "the file is in every attempt"
        );
        assert!(contains(
            &req.body,
            b"name=\"targetFormat\"\r\n\r\nwebp\r\n"
        ));
    }
}

#[tokio::test]
async fn retry_after_header_is_exposed_on_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_json(json!({"error": "queue.limit_exceeded", "detail": "Queue full"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_conversion_job("j")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(
        err.api_error()
            .unwrap()
            .hint()
            .unwrap()
            .contains("Retry-After")
    );
}

#[tokio::test]
async fn set_credentials_rotates_the_key_between_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(job("j-1", "Running")))
        .mount(&server)
        .await;

    let client = client(&server);
    client.get_conversion_job("j-1").send().await.unwrap();
    client.set_credentials(
        toolsfast::Credentials::new().with_api_key_header(toolsfast::ApiKeyHeader::new("k2")),
    );
    client.get_conversion_job("j-1").send().await.unwrap();
    // Clones share the credentials.
    let clone = client.clone();
    clone.set_credentials(
        toolsfast::Credentials::new().with_api_key_header(toolsfast::ApiKeyHeader::new("k3")),
    );
    client.get_conversion_job("j-1").send().await.unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 3);
    assert_key_header_only(&all[0], KEY);
    assert_key_header_only(&all[1], "k2");
    assert_secrets_absent(&all[1], &[KEY], None);
    assert_key_header_only(&all[2], "k3");
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let client = toolsfast::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let err = client.get_conversion_job("j").send().await.unwrap_err();
    assert!(
        matches!(err, toolsfast::Error::MissingCredentials { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("api_key_header"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let storage = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"zip-bytes".to_vec(), "application/zip"),
        )
        .mount(&storage)
        .await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1/download"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/out.zip", storage.uri())),
        )
        .mount(&api)
        .await;

    let stream = client(&api)
        .download_conversion_output("j-1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.collect().await.unwrap().as_ref(), b"zip-bytes");
    let req = only_request(&storage).await;
    assert!(
        !has_header(&req, "x-fast-api-key"),
        "the key followed the redirect to another host"
    );
    assert_secrets_absent(&req, &[KEY], None);
}
