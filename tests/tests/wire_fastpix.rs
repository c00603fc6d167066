//! FastPix on the wire: HTTP Basic auth, JSON bodies, query parameters, typed errors and
//! retries, checked against a wiremock server on 127.0.0.1.

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::*;
use fastpix::types;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "fp-tokenid-ABC123";
const SECRET: &str = "S3CR3T-fastpix-xyz";

fn expected_authorization() -> String {
    let pair = format!("{ID}:{SECRET}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair.as_bytes())
    )
}

fn client(server: &MockServer) -> fastpix::Client {
    fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .retry_policy(fastpix::RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// The credential as it may legitimately appear (in `Authorization` only), and the raw
/// parts, which must appear nowhere.
fn secrets() -> Vec<String> {
    let encoded = expected_authorization()
        .trim_start_matches("Basic ")
        .to_string();
    vec![SECRET.to_string(), ID.to_string(), encoded]
}

fn assert_only_authorization_carries_credentials(req: &wiremock::Request) {
    assert_eq!(
        common::header(req, "authorization"),
        Some(expected_authorization().as_str())
    );
    let secrets = secrets();
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    assert_secrets_absent(req, &secrets, Some("authorization"));
}

#[tokio::test]
async fn get_media_sends_basic_auth_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/on-demand/m1"))
        .and(header("authorization", expected_authorization().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"id": "m1", "title": "Clip", "status": "Ready"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let media = client(&server).get_media("m1").send().await.unwrap();
    let data = media.data.expect("data");
    assert_eq!(media.success, Some(true));
    assert_eq!(data.id.as_deref(), Some("m1"));
    assert_eq!(data.title.as_deref(), Some("Clip"));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/on-demand/m1");
    assert_eq!(req.url.query(), None);
    assert!(req.body.is_empty(), "a GET has no body");
    assert!(!has_header(&req, "content-type"));
    let expected = common::user_agent("fastpix");
    assert_eq!(common::header(&req, "user-agent"), Some(expected.as_str()));
    assert_eq!(
        expected_authorization(),
        "Basic ZnAtdG9rZW5pZC1BQkMxMjM6UzNDUjNULWZhc3RwaXgteHl6"
    );
    assert_only_authorization_carries_credentials(&req);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;

    client(&server).get_media("a/b c?d").send().await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/on-demand/a%2Fb%20c%3Fd");
    assert_eq!(req.url.query(), None);
}

#[tokio::test]
async fn create_media_sends_the_json_body_exactly() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "inputs": [{"type": "video", "url": "https://example.com/in.mp4"}],
        "metadata": {"project": "wire-test"},
        "title": "Wire test",
        "accessPolicy": "private",
        "sourceAccess": true,
        "maxResolution": "720p"
    });
    Mock::given(method("POST"))
        .and(path("/on-demand"))
        .and(header("authorization", expected_authorization().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "success": true,
            "data": {"id": "new-media", "status": "Created", "trial": false}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let input = types::PullVideoInput::new("https://example.com/in.mp4");
    let body = types::CreateMediaRequest::new(
        vec![types::CreateMediaRequestInputsItem::PullVideoInput(input)],
        types::CreateMediaRequestAccessPolicy::Private,
    )
    .with_metadata([("project".to_string(), "wire-test".to_string())].into())
    .with_title("Wire test")
    .with_source_access(true)
    .with_max_resolution(types::CreateMediaRequestMaxResolution::V720p);
    let created = client(&server).create_media(body).send().await.unwrap();
    let data = created.data.expect("data");
    assert_eq!(data.id.as_deref(), Some("new-media"));
    assert_eq!(data.trial, Some(false));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/on-demand");
    assert_eq!(req.url.query(), None);
    assert_eq!(
        common::header(&req, "content-type"),
        Some("application/json")
    );
    let sent: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON body");
    assert_eq!(sent, expected_body);
    assert_only_authorization_carries_credentials(&req);
}

#[tokio::test]
async fn list_media_sends_query_parameters_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/on-demand"))
        .and(query_param("limit", "5"))
        .and(query_param("offset", "2"))
        .and(query_param("orderBy", "asc"))
        .and(header("authorization", expected_authorization().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": [{"id": "m1"}, {"id": "m2"}],
            "pagination": {"totalRecords": 7, "currentOffset": 2, "offsetCount": 2}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .list_media()
        .limit(5)
        .offset(2)
        .order_by(types::SortOrder::Asc)
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = page
        .data
        .expect("data")
        .into_iter()
        .map(|m| m.id.unwrap_or_default())
        .collect();
    assert_eq!(ids, ["m1", "m2"]);
    assert_eq!(page.pagination.expect("pagination").total_records, Some(7));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/on-demand");
    assert_eq!(req.url.query(), Some("limit=5&offset=2&orderBy=asc"));
    assert!(req.body.is_empty());
    assert_only_authorization_carries_credentials(&req);
}

#[tokio::test]
async fn unset_optional_query_parameters_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/on-demand"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;

    client(&server).list_media().send().await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.query(), None);
}

#[tokio::test]
async fn unauthorized_decodes_into_the_typed_error() {
    let server = MockServer::start().await;
    let body = r#"{"success":false,"error":{"code":401,"message":"Unauthorized","description":"Invalid credentials"}}"#;
    Mock::given(method("GET"))
        .and(path("/on-demand/m1"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_media("m1").send().await.unwrap_err();
    assert!(err.is_unauthorized());
    assert!(!err.is_forbidden() && !err.is_rate_limited() && !err.is_transport());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.retry_after(), None);

    let api = err.api_error().expect("an API error");
    assert_eq!(api.operation(), "get-media");
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.message(), Some("Unauthorized"));
    assert_eq!(api.code().as_deref(), Some("401"));
    assert_eq!(
        api.hint(),
        Some(
            "FastPix rejected the Access Token ID / Secret Key pair: it is wrong, revoked or disabled. Check FASTPIX_ACCESS_TOKEN_ID and FASTPIX_SECRET_KEY."
        )
    );
    assert_eq!(api.text(), body);
    assert_eq!(api.body(), body.as_bytes());
    // A received type derives `Default`: a test builds the expected value field by field.
    let mut detail = types::DefaultErrorError::default();
    detail.code = Some(401);
    detail.message = Some("Unauthorized".into());
    detail.description = Some("Invalid credentials".into());
    let mut expected = types::DefaultError::default();
    expected.success = Some(false);
    expected.error = Some(detail);
    assert_eq!(api.error_body(), Some(expected));
    let shown = err.to_string();
    assert!(shown.contains("get-media"), "{shown}");
    assert!(shown.contains("Unauthorized"), "{shown}");
    assert!(
        shown.contains("FASTPIX_SECRET_KEY"),
        "the hint is shown: {shown}"
    );
    assert_no_secret_in("the error", &format!("{shown} {err:?}"), &[SECRET]);
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    let body = "<html><body>502 Bad Gateway</body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(body, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_media("m1").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    let api = err.api_error().expect("an API error");
    assert_eq!(api.text(), body);
    assert_eq!(api.json(), None);
    assert_eq!(api.message(), None);
    assert_eq!(api.code(), None);
    assert_eq!(api.hint(), None);
    assert_eq!(api.error_body(), None);
    assert_eq!(
        api.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html")
    );
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let err = client.get_media("m1").send().await.unwrap_err();
    assert!(
        matches!(err, fastpix::Error::MissingCredentials { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("basic_auth"), "{err}");
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_503_is_retried_and_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/on-demand/m1"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/on-demand/m1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "data": {"id": "m1"}
        })))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .retry_policy(fastpix::RetryPolicy {
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
    let media = client.get_media("m1").send().await.unwrap();
    assert_eq!(media.data.and_then(|d| d.id).as_deref(), Some("m1"));

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_eq!(req.url.path(), "/on-demand/m1");
        assert_only_authorization_carries_credentials(req);
    }
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .expect(2)
        .mount(&server)
        .await;

    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .retry_policy(fastpix::RetryPolicy {
            max_attempts: 2,
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(5),
            multiplier: 1.0,
            statuses: vec![500],
            connection_errors: false,
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let err = client.get_media("m1").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.api_error().unwrap().text(), "boom");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn set_credentials_switches_the_pair_between_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;

    let client = client(&server);
    client.get_media("m1").send().await.unwrap();
    client.set_credentials(
        fastpix::Credentials::new().with_basic_auth(fastpix::BasicAuth::new("id2", "secret2")),
    );
    client.get_media("m1").send().await.unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    assert_eq!(
        common::header(&all[0], "authorization"),
        Some(expected_authorization().as_str())
    );
    let second = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("id2:secret2")
    );
    assert_eq!(
        common::header(&all[1], "authorization"),
        Some(second.as_str())
    );
    assert_secrets_absent(&all[1], &[SECRET, ID], None);
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let err = fastpix::Client::builder()
        .base_url("http://example.com/v1")
        .basic_auth(ID, SECRET)
        .build()
        .unwrap_err();
    assert!(matches!(err, fastpix::Error::Config { .. }), "{err:?}");
    for ok in [
        "http://127.0.0.1:9/v1",
        "http://localhost:9",
        "http://[::1]:9",
    ] {
        fastpix::Client::builder()
            .base_url(ok)
            .build()
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/on-demand/m1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;

    let client = fastpix::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .basic_auth(ID, SECRET)
        .retry_policy(fastpix::RetryPolicy::none())
        .build()
        .unwrap();
    client.get_media("m1").send().await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/v1/on-demand/m1");
}
