//! A small application written against all four crates the way a new user would, each task
//! against a mock of its provider: FastPix create, list, get, patch and sign; Tools.FAST
//! upload, wait and download; FetchMedia under a rate limit; Streampixel with its
//! credentials in the body and in the query.
//!
//! Bodies are built only through `new`, the `with_` setters and `Default`, never with struct
//! literals: the generated structs are `#[non_exhaustive]`, so this file keeps compiling
//! when a provider adds an optional field (see `change_compiles.rs` for the proof on a
//! fixture).

use std::time::Duration;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use base64::Engine as _;
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// A fresh RSA private key as PEM, as FastPix's create-signing-key returns it (base64).
fn private_key_base64() -> String {
    let pair = KeyPair::generate(KeySize::Rsa2048).expect("an RSA key");
    let der = pair.as_der().expect("PKCS#8 DER");
    let body = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let lines: Vec<String> = body
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    );
    base64::engine::general_purpose::STANDARD.encode(pem)
}

#[tokio::test]
async fn fastpix_create_list_get_patch_and_sign() -> Result<(), Box<dyn std::error::Error>> {
    use fastpix::types;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/on-demand"))
        .and(body_json(json!({
            "inputs": [{"type": "video", "url": "https://example.com/in.mp4"}],
            "accessPolicy": "private",
            "metadata": {"project": "app"}
        })))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"success": true, "data": {"id": "m1", "status": "created"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let media = json!({"id": "m1", "status": "ready", "title": "Launch"});
    answer(
        &server,
        "GET",
        "/on-demand",
        200,
        json!({"success": true, "data": [media]}),
    )
    .await;
    answer(
        &server,
        "GET",
        "/on-demand/m1",
        200,
        json!({"success": true, "data": media}),
    )
    .await;
    Mock::given(method("PATCH"))
        .and(path("/on-demand/m1"))
        .and(body_json(json!({"title": "Launch"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": media})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let created_key =
        json!({"success": true, "data": {"id": "k1", "privateKey": private_key_base64()}});
    answer(&server, "POST", "/iam/signing-keys", 201, created_key).await;

    let client = fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth("token-id", "secret-key")
        .build()?;
    // Every required field is named (a spec `default` on one is the author's example, not
    // a value the crate sends for the caller), and one optional field is set.
    let input = types::PullVideoInput::new("https://example.com/in.mp4");
    let body = types::CreateMediaRequest::new(
        vec![types::CreateMediaRequestInputsItem::PullVideoInput(input)],
        types::CreateMediaRequestAccessPolicy::Private,
    )
    .with_metadata([("project".to_string(), "app".to_string())].into());
    let created: types::CreateMediaSuccessResponse = client.create_media(body).send().await?;
    let id = created.data.and_then(|d| d.id).ok_or("no media id")?;

    let mut ids = Vec::new();
    let mut items = client.list_media().limit(10).items();
    while let Some(item) = items.next().await {
        ids.extend(item?.id);
    }
    assert_eq!(ids, ["m1"]);

    let fetched = client.get_media(&id).send().await?;
    assert_eq!(fetched.data.and_then(|d| d.id).as_deref(), Some("m1"));
    let patch = types::UpdatedMediaRequest::new().with_title("Launch");
    client.updated_media(&id, patch).send().await?;

    let key = client.create_signing_key().send().await?;
    let key = fastpix::extras::signing::SigningKey::from_created(&key)?;
    let url = key
        .playback_token("playback-1")
        .expires_in(Duration::from_secs(600))
        .stream_url()?;
    assert!(
        url.contains("playback-1") && url.contains("token="),
        "{url}"
    );
    Ok(())
}

#[tokio::test]
async fn toolsfast_upload_wait_and_download() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/convert",
        202,
        json!({"id": "j1", "status": "Queued"}),
    )
    .await;
    answer(
        &server,
        "GET",
        "/convert/job/j1",
        200,
        json!({"id": "j1", "status": "Succeeded"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/convert/job/j1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.7".to_vec()))
        .mount(&server)
        .await;

    let client = toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header("fast-key")
        .build()?;
    let upload = toolsfast::FilePart::bytes(b"hello".to_vec()).file_name("hello.txt");
    let wait =
        toolsfast::extras::jobs::WaitOptions::default().initial_interval(Duration::from_millis(1));
    let done = client
        .convert_and_download(client.create_conversion("pdf").file(upload), &wait, |_| {})
        .await?;
    let mut output = done.output;
    let mut bytes = Vec::new();
    while let Some(chunk) = output.next().await {
        bytes.extend_from_slice(&chunk?);
    }
    assert_eq!(bytes, b"%PDF-1.7");
    Ok(())
}

#[tokio::test]
async fn fetchmedia_waits_out_a_rate_limit() -> Result<(), Box<dyn std::error::Error>> {
    use fetchmedia::types;
    let server = MockServer::start().await;
    let limited = json!({"error": {"code": "rate_limit_exceeded", "message": "Too many requests", "retry_after": 30}});
    answer(&server, "POST", "/fetch", 429, limited).await;

    let client = fetchmedia::Client::builder()
        .base_url(server.uri())
        .bearer_auth("fm-key")
        .retry_policy(fetchmedia::RetryPolicy::none())
        .build()?;
    let body = types::FetchRequest::new("https://videos.example.com/v/1")
        .with_webhook("https://hooks.example.com/done");
    let Err(error) = client.create_fetch(body).send().await else {
        return Err("the mock answers 429".into());
    };
    // What an application needs to decide when to come back.
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(error.attempts(), 1);
    Ok(())
}

#[tokio::test]
async fn streampixel_credentials_in_the_body_and_the_query()
-> Result<(), Box<dyn std::error::Error>> {
    use streampixel::types;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/projects/upload-file"))
        .and(body_json(json!({
            "apiKey": "sp-key", "userId": "user-1",
            "projectId": "p1", "fileUrl": "https://files.example.com/build.zip"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"uploadId": "up-1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/userStats/p1"))
        .and(query_param("apikey", "sp-key"))
        .and(query_param("userId", "user-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"activeUsers": 3})))
        .expect(1)
        .mount(&server)
        .await;

    let client = streampixel::Client::builder()
        .base_url(server.uri())
        .streampixel_key("sp-key", "user-1")
        .build()?;
    let body = types::UploadFileRequest::new("p1", "https://files.example.com/build.zip");
    let uploaded = client.upload_file(body).send().await?;
    assert_eq!(uploaded.upload_id.as_deref(), Some("up-1"));
    client.get_user_stats("p1").send().await?;
    Ok(())
}
