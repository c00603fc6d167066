//! FetchMedia on the wire: three ways to send the key (Bearer, `X-API-KEY`, `?key=`),
//! multipart uploads, downloads, typed errors and rate limits.

mod common;

use std::time::Duration;

use common::*;
use fetchmedia::types;
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "S3CR3T-fetchmedia-xyz";

fn builder(server: &MockServer) -> fetchmedia::ClientBuilder {
    fetchmedia::Client::builder()
        .base_url(server.uri())
        .retry_policy(fetchmedia::RetryPolicy::none())
}

fn bearer_client(server: &MockServer) -> fetchmedia::Client {
    builder(server).bearer_auth(KEY).build().unwrap()
}

async fn job_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/fetch/job-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "job-1", "status": "success", "download_url": "https://cdn.example.com/x.mp4"
        })))
        .mount(&server)
        .await;
    server
}

fn assert_get_fetch_request(req: &Request) {
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/fetch/job-1");
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn bearer_auth_sends_authorization_bearer_only() {
    let server = job_server().await;
    let job = bearer_client(&server)
        .get_fetch("job-1")
        .send()
        .await
        .unwrap();
    assert_eq!(job.status, Some(types::FetchJobStatus::Success));

    let req = only_request(&server).await;
    assert_get_fetch_request(&req);
    assert_eq!(
        common::header(&req, "user-agent"),
        Some(common::user_agent("fetchmedia").as_str())
    );
    assert_eq!(
        common::header(&req, "authorization"),
        Some("Bearer S3CR3T-fetchmedia-xyz")
    );
    // What the spec says the operation answers with.
    assert_eq!(common::header(&req, "accept"), Some("application/json"));
    assert!(!has_header(&req, "x-api-key"));
    assert_eq!(req.url.query(), None);
    assert_secrets_absent(&req, &[KEY], Some("authorization"));
}

#[tokio::test]
async fn api_key_header_sends_x_api_key_and_no_authorization() {
    let server = job_server().await;
    let client = builder(&server).api_key_header(KEY).build().unwrap();
    client.get_fetch("job-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_get_fetch_request(&req);
    assert_eq!(common::header(&req, "x-api-key"), Some(KEY));
    assert!(!has_header(&req, "authorization"));
    assert_eq!(req.url.query(), None);
    assert_secrets_absent(&req, &[KEY], Some("x-api-key"));
}

#[tokio::test]
async fn api_key_query_sends_key_parameter_only() {
    let server = job_server().await;
    let client = builder(&server).api_key_query(KEY).build().unwrap();
    client.get_fetch("job-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_get_fetch_request(&req);
    assert_eq!(req.url.query(), Some("key=S3CR3T-fetchmedia-xyz"));
    assert!(!has_header(&req, "authorization"));
    assert!(!has_header(&req, "x-api-key"));
    for (name, value) in &req.headers {
        assert!(
            !contains(value.as_bytes(), KEY.as_bytes()),
            "key in header `{name}`"
        );
    }
    assert!(!contains(req.url.path().as_bytes(), KEY.as_bytes()));
}

#[tokio::test]
async fn api_key_query_is_added_after_the_operation_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "f1", "status": "ready"}], "limit": 10, "offset": 20, "total": 21
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder(&server).api_key_query(KEY).build().unwrap();
    let list = client
        .list_files()
        .limit(10)
        .offset(20)
        .send()
        .await
        .unwrap();
    assert_eq!(list.total, Some(21));

    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("limit=10&offset=20&key=S3CR3T-fetchmedia-xyz")
    );
}

#[tokio::test]
async fn api_key_query_with_special_characters_round_trips() {
    let server = job_server().await;
    let key = "k+y &key=other/ü%";
    let client = builder(&server).api_key_query(key).build().unwrap();
    client.get_fetch("job-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(query_pairs(&req), [("key".to_string(), key.to_string())]);
}

#[tokio::test]
async fn with_all_three_schemes_only_one_is_used() {
    let server = job_server().await;
    let client = builder(&server)
        .bearer_auth(KEY)
        .api_key_header(KEY)
        .api_key_query(KEY)
        .build()
        .unwrap();
    client.get_fetch("job-1").send().await.unwrap();

    // The spec lists BearerAuth first: it wins, and the key is sent once only.
    let req = only_request(&server).await;
    assert_eq!(
        common::header(&req, "authorization"),
        Some("Bearer S3CR3T-fetchmedia-xyz")
    );
    assert_secrets_absent(&req, &[KEY], Some("authorization"));
}

#[tokio::test]
async fn create_fetch_sends_the_json_body_exactly() {
    let server = MockServer::start().await;
    let expected =
        json!({"url": "https://videos.example.com/v/1", "webhook": "https://hooks.example.com/f"});
    Mock::given(method("POST"))
        .and(path("/fetch"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"fetch_id": "job-9"})))
        .expect(1)
        .mount(&server)
        .await;

    let created = builder(&server)
        .api_key_header(KEY)
        .build()
        .unwrap()
        .create_fetch(
            types::FetchRequest::new("https://videos.example.com/v/1")
                .with_webhook("https://hooks.example.com/f"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.fetch_id.as_deref(), Some("job-9"));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.query(), None);
    let sent: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(sent, expected);
    assert_eq!(common::header(&req, "x-api-key"), Some(KEY));
    assert_secrets_absent(&req, &[KEY], Some("x-api-key"));
}

#[tokio::test]
async fn get_fetch_metadata_sends_the_url_as_a_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/fetch/metadata"))
        .and(query_param("url", "https://videos.example.com/v?id=1&t=2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"title": "A video", "duration": 12.5})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let meta = bearer_client(&server)
        .get_fetch_metadata("https://videos.example.com/v?id=1&t=2")
        .send()
        .await
        .unwrap();
    assert_eq!(meta.get("title"), Some(&json!("A video")));

    let req = only_request(&server).await;
    assert_eq!(
        query_pairs(&req),
        [(
            "url".to_string(),
            "https://videos.example.com/v?id=1&t=2".to_string()
        )]
    );
    assert_secrets_absent(&req, &[KEY], Some("authorization"));
}

#[tokio::test]
async fn create_file_uploads_a_multipart_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "file-1", "name": "clip.mp4", "source": "upload", "status": "pending"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let bytes: Vec<u8> = b"\x00\x00\x00\x18ftypmp42\xff\xfe\r\n--not-a-boundary\r\nend".to_vec();
    let file = bearer_client(&server)
        .create_file()
        .file(
            fetchmedia::FilePart::bytes(bytes.clone())
                .file_name("clip.mp4")
                .content_type("video/mp4"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(file.id.as_deref(), Some("file-1"));
    assert_eq!(file.status, Some(types::FileStatus::Pending));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/files");
    assert_eq!(req.url.query(), None);
    let boundary = multipart_boundary(&req);
    let part = multipart_part(
        &boundary,
        &[
            r#"Content-Disposition: form-data; name="file"; filename="clip.mp4""#,
            "Content-Type: video/mp4",
        ],
        &bytes,
    );
    assert!(
        req.body.starts_with(&part),
        "the file part is sent byte for byte:\n{}",
        String::from_utf8_lossy(&req.body)
    );
    assert!(
        req.body
            .ends_with(format!("\r\n--{boundary}--\r\n").as_bytes())
    );
    assert_eq!(count(&req.body, b"Content-Disposition"), 1, "one part only");
    assert!(!contains(&req.body, b"file_url"));
    assert_eq!(
        common::header(&req, "content-length"),
        Some(req.body.len().to_string().as_str())
    );
    assert!(!has_header(&req, "transfer-encoding"));
    assert_eq!(
        common::header(&req, "authorization"),
        Some("Bearer S3CR3T-fetchmedia-xyz")
    );
    assert_secrets_absent(&req, &[KEY], Some("authorization"));
}

#[tokio::test]
async fn create_file_from_a_url_sends_a_text_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "file-2"})))
        .expect(1)
        .mount(&server)
        .await;

    bearer_client(&server)
        .create_file()
        .file_url("https://media.example.com/a.mov")
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    let boundary = multipart_boundary(&req);
    let part = multipart_part(
        &boundary,
        &[r#"Content-Disposition: form-data; name="file_url""#],
        b"https://media.example.com/a.mov",
    );
    assert!(
        req.body.starts_with(&part),
        "{}",
        String::from_utf8_lossy(&req.body)
    );
    assert!(!contains(&req.body, b"name=\"file\""));
}

#[tokio::test]
async fn download_file_streams_the_bytes() {
    let server = MockServer::start().await;
    let payload: Vec<u8> = (0..=255u8).cycle().take(64 * 1024 + 7).collect();
    Mock::given(method("GET"))
        .and(path("/files/file-1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(payload.clone(), "video/mp4"))
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = bearer_client(&server)
        .download_file("file-1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.content_type(), Some("video/mp4"));
    assert_eq!(stream.content_length(), Some(payload.len() as u64));
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received, payload);
}

#[tokio::test]
async fn unauthorized_decodes_into_the_typed_error() {
    let server = MockServer::start().await;
    let body = r#"{"error":{"code":"invalid_token","message":"Invalid or expired API key"}}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = bearer_client(&server)
        .get_fetch("job-1")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.retry_after(), None);

    let api = err.api_error().expect("an API error");
    assert_eq!(api.operation(), "getFetch");
    assert_eq!(api.message(), Some("Invalid or expired API key"));
    assert_eq!(api.code().as_deref(), Some("invalid_token"));
    assert_eq!(
        api.hint(),
        Some(
            "invalid_token: FETCHMEDIA_API_KEY is invalid or has expired (keys have an expiry date); create or renew a key in the dashboard."
        )
    );
    let error_body: types::ErrorResponse = api.error_body().expect("the envelope");
    let detail = error_body.error.expect("its error");
    assert_eq!(detail.code, "invalid_token");
    assert_eq!(detail.message, "Invalid or expired API key");
    assert!(detail.retry_after.is_absent());
    assert_eq!(api.text(), body);
    let shown = err.to_string();
    assert!(
        shown.contains("Invalid or expired API key (invalid_token)"),
        "{shown}"
    );
    assert_no_secret_in("the error", &format!("{shown} {err:?}"), &[KEY]);
}

#[tokio::test]
async fn rate_limited_reports_retry_after_from_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"error":{"code":"rate_limit_exceeded","message":"Too many requests, slow down","retry_after":60}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = bearer_client(&server)
        .create_fetch(types::FetchRequest::new("https://videos.example.com/v/1"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    let api = err.api_error().unwrap();
    assert_eq!(api.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(api.code().as_deref(), Some("rate_limit_exceeded"));
    assert_eq!(api.message(), Some("Too many requests, slow down"));
    assert_eq!(
        api.hint(),
        Some("Rate limit exceeded; wait error.retry_after seconds before retrying.")
    );
    assert_eq!(
        api.error_body()
            .and_then(|b| b.error)
            .and_then(|e| e.retry_after.into_option()),
        Some(60)
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    // The default policy retries 429, but a server-requested wait over a minute ends the
    // call at once so the caller decides.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": {"code": "rate_limit_exceeded", "message": "later", "retry_after": 3600}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = fetchmedia::Client::builder()
        .base_url(server.uri())
        .bearer_auth(KEY)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.get_fetch("job-1").send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("Not Found\n", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let err = bearer_client(&server)
        .get_file("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    let api = err.api_error().unwrap();
    assert_eq!(api.text(), "Not Found\n");
    assert_eq!(api.json(), None);
    assert_eq!(api.message(), None);
    assert_eq!(api.code(), None);
    assert_eq!(api.error_body(), None);
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    let err = client.get_fetch("job-1").send().await.unwrap_err();
    assert!(
        matches!(err, fetchmedia::Error::MissingCredentials { .. }),
        "{err:?}"
    );
    let shown = err.to_string();
    for method in ["bearer_auth", "api_key_header", "api_key_query"] {
        assert!(shown.contains(method), "{shown}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn set_credentials_switches_the_scheme_between_requests() {
    let server = job_server().await;
    let client = bearer_client(&server);
    client.get_fetch("job-1").send().await.unwrap();
    client.set_credentials(
        fetchmedia::Credentials::new().with_api_key_header(fetchmedia::ApiKeyHeader::new("k2")),
    );
    client.get_fetch("job-1").send().await.unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    assert_eq!(
        common::header(&all[0], "authorization"),
        Some("Bearer S3CR3T-fetchmedia-xyz")
    );
    assert!(!has_header(&all[0], "x-api-key"));
    assert_eq!(common::header(&all[1], "x-api-key"), Some("k2"));
    assert!(!has_header(&all[1], "authorization"));
    assert_secrets_absent(&all[1], &[KEY], None);
}

#[tokio::test]
async fn file_part_content_type_defaults_as_documented() {
    // `FilePart::content_type` documents its default as "guessed from the file name, else
    // `application/octet-stream`".
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "f"})))
        .mount(&server)
        .await;

    let client = bearer_client(&server);
    client
        .create_file()
        .file(fetchmedia::FilePart::bytes(&b"no name"[..]))
        .send()
        .await
        .unwrap();
    client
        .create_file()
        .file(fetchmedia::FilePart::bytes(&b"\x89PNG"[..]).file_name("photo.png"))
        .send()
        .await
        .unwrap();

    let all = requests(&server).await;
    let unnamed = multipart_part(
        &multipart_boundary(&all[0]),
        &[
            // Without a file name the part is still a file: it is named after its field.
            r#"Content-Disposition: form-data; name="file"; filename="file""#,
            "Content-Type: application/octet-stream",
        ],
        b"no name",
    );
    assert!(
        all[0].body.starts_with(&unnamed),
        "{}",
        String::from_utf8_lossy(&all[0].body)
    );
    let named = multipart_part(
        &multipart_boundary(&all[1]),
        &[
            r#"Content-Disposition: form-data; name="file"; filename="photo.png""#,
            "Content-Type: image/png",
        ],
        b"\x89PNG",
    );
    assert!(
        all[1].body.starts_with(&named),
        "the content type is guessed from `photo.png`:\n{}",
        String::from_utf8_lossy(&all[1].body)
    );
}

#[tokio::test]
async fn a_download_redirect_to_another_host_does_not_carry_the_key() {
    // The download endpoints answer 302 with a signed URL on another host (storage/CDN):
    // the key must not follow the redirect there, whichever way it is sent.
    let storage = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/signed/clip.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"video-bytes".to_vec(), "video/mp4"))
        .mount(&storage)
        .await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/file-1/download"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/signed/clip.mp4?sig=abc", storage.uri()),
        ))
        .mount(&api)
        .await;

    let schemes = [
        ("bearer_auth", builder(&api).bearer_auth(KEY)),
        ("api_key_header", builder(&api).api_key_header(KEY)),
        ("api_key_query", builder(&api).api_key_query(KEY)),
    ];
    for (scheme, client) in schemes {
        let stream = client
            .build()
            .unwrap()
            .download_file("file-1")
            .send()
            .await
            .unwrap();
        assert_eq!(stream.collect().await.unwrap().as_ref(), b"video-bytes");
        let all = requests(&storage).await;
        let req = all.last().expect("the redirect was followed");
        assert_eq!(req.url.path(), "/signed/clip.mp4");
        assert_eq!(query_pairs(req), [("sig".to_string(), "abc".to_string())]);
        for (name, value) in &req.headers {
            assert!(
                !contains(value.as_bytes(), KEY.as_bytes()),
                "with {scheme}, the key followed the redirect to another host in header `{name}`"
            );
        }
        assert_secrets_absent(req, &[KEY], None);
    }
}

/// `.body_json(..)` sends a JSON value instead of the typed body, for what the spec does not
/// allow (here a `null` and a field it does not list); credentials still go as configured.
#[tokio::test]
async fn body_json_sends_the_value_instead_of_the_typed_body() {
    let server = MockServer::start().await;
    let raw = json!({ "url": "https://example.com/a.mp4", "webhook": null, "priority": 3 });
    Mock::given(method("POST"))
        .and(path("/fetch"))
        .and(body_json(raw.clone()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": "job-9" })))
        .mount(&server)
        .await;
    let typed = types::FetchRequest::new("https://example.com/ignored.mp4");
    bearer_client(&server)
        .create_fetch(typed)
        .body_json(raw)
        .send()
        .await
        .expect("the server got the raw body");
    let req = only_request(&server).await;
    assert_eq!(
        common::header(&req, "authorization"),
        Some("Bearer S3CR3T-fetchmedia-xyz")
    );
}
