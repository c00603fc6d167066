//! Streampixel on the wire: no auth header; the key and user ID travel in the JSON body of
//! POSTs (`apiKey`, `userId`) and in the query of GETs (`apikey`, `userId`).

mod common;

use common::*;
use serde_json::json;
use streampixel::types;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "S3CR3T-streampixel-xyz";
const USER: &str = "user-42";

fn client(server: &MockServer) -> streampixel::Client {
    streampixel::Client::builder()
        .base_url(server.uri())
        .streampixel_key(KEY, USER)
        .retry_policy(streampixel::RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// No `Authorization` (or any other auth-looking) header, and the key in no header at all.
fn assert_no_auth_header(req: &Request) {
    for name in [
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "apikey",
        "api-key",
    ] {
        assert!(!has_header(req, name), "unexpected header `{name}`");
    }
    for (name, value) in &req.headers {
        assert!(
            !contains(value.as_bytes(), KEY.as_bytes()),
            "the key is in header `{name}`"
        );
    }
}

/// A POST: the key is in the body's `apiKey` field, once, and nowhere else.
fn assert_key_only_in_body_field(req: &Request) {
    assert_no_auth_header(req);
    assert_eq!(req.url.query(), None, "a POST carries no query");
    assert!(!contains(req.url.as_str().as_bytes(), KEY.as_bytes()));
    assert_eq!(
        count(&req.body, KEY.as_bytes()),
        1,
        "the key appears once in the body"
    );
    let mut body: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON body");
    let object = body.as_object_mut().expect("a JSON object");
    assert_eq!(object.remove("apiKey"), Some(json!(KEY)));
    let rest = serde_json::to_vec(&body).unwrap();
    assert!(
        !contains(&rest, KEY.as_bytes()),
        "the key is in another field"
    );
}

/// A GET: the key is the `apikey` query parameter, once, and nowhere else.
fn assert_key_only_in_query_param(req: &Request) {
    assert_no_auth_header(req);
    assert!(req.body.is_empty(), "a GET has no body");
    assert!(!contains(req.url.path().as_bytes(), KEY.as_bytes()));
    let with_key: Vec<_> = query_pairs(req)
        .into_iter()
        .filter(|(k, v)| k.contains(KEY) || v.contains(KEY))
        .collect();
    assert_eq!(with_key, [("apikey".to_string(), KEY.to_string())]);
}

#[tokio::test]
async fn upload_file_puts_key_and_user_in_the_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/projects/upload-file"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "File uploaded successfully",
            "uploadId": "up-1"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .upload_file(
            types::UploadFileRequest::new("proj-1", "https://files.example.com/build.zip")
                .with_auto_release(false),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.upload_id.as_deref(), Some("up-1"));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/projects/upload-file");
    assert_eq!(
        common::header(&req, "content-type"),
        Some("application/json")
    );
    assert_eq!(
        common::header(&req, "user-agent"),
        Some(common::user_agent("streampixel").as_str())
    );
    let sent: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({
            "apiKey": KEY,
            "userId": USER,
            "projectId": "proj-1",
            "fileUrl": "https://files.example.com/build.zip",
            "autoRelease": false
        })
    );
    assert_key_only_in_body_field(&req);
}

#[tokio::test]
async fn distribute_file_and_test_webhook_put_credentials_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/projects/distribute-file"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message": "ok"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/projects/test-webhook"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "message": "delivered", "statusCode": 200
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let distributed = client
        .distribute_file(types::DistributeFileRequest::new("proj-1", "up-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(distributed.message.as_deref(), Some("ok"));
    let tested = client
        .test_webhook(types::TestWebhookRequest::new("proj-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(tested.status_code, Some(200));

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    let bodies: Vec<serde_json::Value> = all
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies[0],
        json!({"apiKey": KEY, "userId": USER, "projectId": "proj-1", "uploadId": "up-1"})
    );
    assert_eq!(
        bodies[1],
        json!({"apiKey": KEY, "userId": USER, "projectId": "proj-1"})
    );
    for req in &all {
        assert_key_only_in_body_field(req);
    }
}

#[tokio::test]
async fn projects_status_puts_apikey_and_user_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/projects-status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalProjects": 1,
            "projects": [{"_id": "proj-1", "name": "Demo", "status": true, "subscriptionStatus": "active"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let status = client(&server).get_projects_status().send().await.unwrap();
    assert_eq!(status.total_projects, Some(1));
    assert_eq!(
        status.projects.unwrap()[0].id.as_deref(),
        Some("proj-1"),
        "`_id` decodes"
    );

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/projects/projects-status");
    assert_eq!(
        sorted_query(&req),
        pairs(&[("apikey", KEY), ("userId", USER)])
    );
    assert!(!has_header(&req, "content-type"));
    assert_key_only_in_query_param(&req);
}

#[tokio::test]
async fn user_stats_puts_apikey_and_user_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/userStats/proj-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"liveUser": 3, "queueUser": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let stats = client(&server)
        .get_user_stats("proj-1")
        .send()
        .await
        .unwrap();
    assert_eq!((stats.live_user, stats.queue_user), (Some(3), Some(1)));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/projects/userStats/proj-1");
    assert_eq!(
        sorted_query(&req),
        pairs(&[("apikey", KEY), ("userId", USER)])
    );
    assert_key_only_in_query_param(&req);
}

#[tokio::test]
async fn live_stats_sends_only_the_user_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/liveStats/proj-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"liveUser": 0, "queueUser": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .get_live_stats("proj-1")
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/projects/liveStats/proj-1");
    assert_eq!(
        query_pairs(&req),
        [("userId".to_string(), USER.to_string())]
    );
    assert!(req.body.is_empty());
    assert_no_auth_header(&req);
    assert_secrets_absent(&req, &[KEY], None);
}

#[tokio::test]
async fn query_credentials_with_special_characters_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;

    let key = "k+e y&apikey=x/ü%";
    let user = "u&userId=evil";
    let client = streampixel::Client::builder()
        .base_url(server.uri())
        .streampixel_key(key, user)
        .build()
        .unwrap();
    client.get_user_stats("p 1/2").send().await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/projects/userStats/p%201%2F2");
    assert_eq!(
        sorted_query(&req),
        pairs(&[("apikey", key), ("userId", user)])
    );
}

#[tokio::test]
async fn unauthorized_decodes_into_the_typed_error() {
    let server = MockServer::start().await;
    let body = r#"{"message":"Unauthorized: Invalid API Key"}"#;
    Mock::given(method("POST"))
        .and(path("/projects/upload-file"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .upload_file(types::UploadFileRequest::new(
            "proj-1",
            "https://files.example.com/build.zip",
        ))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));

    let api = err.api_error().expect("an API error");
    assert_eq!(api.operation(), "uploadFile");
    assert_eq!(api.message(), Some("Unauthorized: Invalid API Key"));
    assert_eq!(api.code(), None, "Streampixel errors carry no code");
    assert_eq!(
        api.hint(),
        Some(
            "Check STREAMPIXEL_API_KEY and STREAMPIXEL_USER_ID: requesting a new key invalidates the old one immediately, and userId must belong to the key's owner."
        )
    );
    let error_body: Option<types::ErrorResponse> = api.error_body();
    assert_eq!(
        error_body.map(|e| e.message),
        Some("Unauthorized: Invalid API Key".to_string())
    );
    assert_eq!(api.text(), body);
    assert_eq!(api.body(), body.as_bytes());
    let shown = err.to_string();
    assert!(shown.contains("Unauthorized: Invalid API Key"), "{shown}");
    assert_no_secret_in("the error", &format!("{shown} {err:?}"), &[KEY]);
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("Internal Server Error"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_projects_status()
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.text(), "Internal Server Error");
    assert_eq!(api.json(), None);
    assert_eq!(api.message(), None);
    assert_eq!(api.error_body(), None);
}

#[tokio::test]
async fn a_429_is_not_retried_by_default() {
    // Streampixel's limit window is two minutes: the default policy leaves 429 alone.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(json!({"message": "Too many requests"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = streampixel::Client::builder()
        .base_url(server.uri())
        .streampixel_key(KEY, USER)
        .build()
        .unwrap();
    let err = client
        .distribute_file(types::DistributeFileRequest::new("p", "u"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(
        err.api_error().unwrap().message(),
        Some("Too many requests")
    );
    assert!(
        err.api_error()
            .unwrap()
            .hint()
            .unwrap()
            .contains("2 minutes")
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let client = streampixel::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let err = client.get_projects_status().send().await.unwrap_err();
    assert!(
        matches!(err, streampixel::Error::MissingCredentials { .. }),
        "{err:?}"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn set_credentials_switches_key_and_user() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;

    let client = client(&server);
    client.get_projects_status().send().await.unwrap();
    client.set_credentials(
        streampixel::Credentials::new()
            .with_streampixel_key(streampixel::StreampixelKey::new("k2", "u2")),
    );
    client.get_projects_status().send().await.unwrap();

    let all = requests(&server).await;
    assert_eq!(
        sorted_query(&all[0]),
        pairs(&[("apikey", KEY), ("userId", USER)])
    );
    assert_eq!(
        sorted_query(&all[1]),
        pairs(&[("apikey", "k2"), ("userId", "u2")])
    );
    assert_secrets_absent(&all[1], &[KEY, USER], None);
}
