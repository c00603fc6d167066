//! Plain `http://` beyond loopback addresses only by the caller's explicit word
//! (`allow_insecure_http_to`, `allow_insecure_http_to_any_host`): a docker-compose service
//! named `mock` is refused as before, then reached once allowed. The name is resolved to a
//! local mock server by the caller's own `reqwest::Client`, so nothing leaves the machine.

use std::net::SocketAddr;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn entitlements_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/convert/entitlements/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "userId": "u1", "planId": "p", "planName": "Plan", "totalCredits": 10, "tier": "free"
        })))
        .mount(&server)
        .await;
    server
}

/// A client that resolves `mock` to `addr` and leaves redirects to the crate, built with the
/// `reqwest` the crate re-exports (so the versions match without a dependency of our own).
fn resolving(addr: SocketAddr) -> toolsfast::reqwest::Client {
    toolsfast::reqwest::Client::builder()
        .redirect(toolsfast::reqwest::redirect::Policy::none())
        .resolve("mock", addr)
        .build()
        .unwrap()
}

fn builder(base: &str, addr: SocketAddr) -> toolsfast::ClientBuilder {
    toolsfast::Client::builder()
        .base_url(base)
        .api_key_header("fast_prod_http")
        .http_client(resolving(addr))
        .retry_policy(toolsfast::RetryPolicy::none())
}

#[tokio::test]
async fn plain_http_to_a_named_host_is_refused_until_allowed() {
    let server = entitlements_server().await;
    let addr = *server.address();
    let base = format!("http://mock:{}", addr.port());

    let refused = builder(&base, addr).build().unwrap_err();
    assert!(
        matches!(refused, toolsfast::Error::Config { .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .to_string()
            .contains("allow_insecure_http_to(\"mock\")"),
        "{refused}"
    );

    let client = builder(&base, addr)
        .allow_insecure_http_to("mock")
        .build()
        .unwrap();
    let entitlements = client.get_convert_entitlements().send().await.unwrap();
    assert_eq!(
        entitlements.user_id,
        toolsfast::types::Nullable::Value("u1".to_string())
    );
    let any = builder(&base, addr)
        .allow_insecure_http_to_any_host()
        .build()
        .unwrap();
    any.get_convert_entitlements().send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// A per-call base URL is held to the client's allowance too.
#[tokio::test]
async fn a_per_call_base_url_needs_the_same_allowance() {
    let server = entitlements_server().await;
    let addr = *server.address();
    let client = builder(&server.uri(), addr).build().unwrap();
    let other = format!("http://mock:{}", addr.port());
    let refused = client
        .get_convert_entitlements()
        .with_base_url(&other)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(refused, toolsfast::Error::InvalidRequest { .. }),
        "{refused:?}"
    );
    let allowed = builder(&server.uri(), addr)
        .allow_insecure_http_to("mock")
        .build()
        .unwrap();
    allowed
        .get_convert_entitlements()
        .with_base_url(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
