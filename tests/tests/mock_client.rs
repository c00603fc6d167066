//! The crates' test doubles (the `mock` feature): calls answered from rules, with no network
//! and the real runtime around them (authorisation, retries, pagination, error reading,
//! decoding).

use std::time::{Duration, Instant};

use fastpix::mock::{Mock, Respond};
use fastpix::operations::{GetMediaBuilder, ListMediaBuilder, UpdatedMediaBuilder};
use fastpix::types;
use futures_util::TryStreamExt as _;
use serde_json::json;

fn client(mock: &Mock) -> fastpix::Client {
    fastpix::Client::builder()
        .basic_auth("token-id", "secret-key")
        .retry_policy(fastpix::RetryPolicy {
            max_attempts: 3,
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(5),
            multiplier: 2.0,
            statuses: vec![429, 500, 502, 503, 504],
            connection_errors: true,
            max_elapsed: Duration::from_secs(10),
        })
        .mock(mock)
        .build()
        .unwrap()
}

fn media(id: &str) -> types::GetMediaResponse2 {
    let mut data = types::GetMediaResponse::default();
    data.id = Some(id.to_string());
    let mut response = types::GetMediaResponse2::default();
    response.success = Some(true);
    response.data = Some(data);
    response
}

#[tokio::test]
async fn a_mocked_429_then_a_typed_200_runs_the_real_retry() {
    let mock = Mock::new();
    let get = mock
        .on::<GetMediaBuilder>()
        .when(|request| request.path_param("mediaId").as_deref() == Some("m 1"))
        .respond(Respond::status(429).header("retry-after", "0"))
        .output(media("m 1"));
    let got = client(&mock).get_media("m 1").send().await.unwrap();
    assert_eq!(got, media("m 1"));
    assert_eq!(
        get.calls(),
        2,
        "the 429 was retried by the client's own policy"
    );
    mock.assert_all_used();
}

#[tokio::test]
async fn rules_see_the_request_as_sent_and_match_in_order() {
    let mock = Mock::new();
    let other = mock
        .on::<GetMediaBuilder>()
        .when(|request| request.path_param("mediaId").as_deref() == Some("other"))
        .output(media("other"));
    let authorised = mock
        .on::<UpdatedMediaBuilder>()
        .when(|request| {
            // Credentials were applied by the crate's own authorisation step.
            request.header("authorization") == Some("Basic dG9rZW4taWQ6c2VjcmV0LWtleQ==")
                && request.method() == "PATCH"
                && request.json() == Some(json!({ "title": "New title" }))
        })
        .respond(Respond::json(200, &json!({ "success": true })));
    let client = client(&mock);
    client
        .updated_media(
            "m-1",
            types::UpdatedMediaRequest::new().with_title("New title"),
        )
        .send()
        .await
        .unwrap();
    client.get_media("other").send().await.unwrap();
    assert_eq!((authorised.calls(), other.calls()), (1, 1));
    assert_eq!(mock.calls(), 2);
}

#[tokio::test]
async fn a_mocked_error_status_is_the_same_error_a_server_would_cause() {
    let mock = Mock::new();
    mock.on::<GetMediaBuilder>().respond(Respond::json(
        404,
        &json!({ "success": false, "error": { "message": "No media with that id" } }),
    ));
    let err = client(&mock).get_media("gone").send().await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(!err.may_have_been_applied());
    // The same error, built by hand for a test of the caller's own error handling.
    let built = fastpix::Error::from(fastpix::ApiError::from_response(
        "get-media",
        fastpix::reqwest::StatusCode::NOT_FOUND,
        Default::default(),
        r#"{"success":false,"error":{"message":"No media with that id"}}"#,
    ));
    assert_eq!(built.to_string(), err.to_string());
}

#[tokio::test]
async fn pagination_walks_mocked_pages_with_its_own_logic() {
    let mock = Mock::new();
    let page = |ids: &[&str], offset: i64| {
        json!({
            "success": true,
            "data": ids.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
            "pagination": { "totalRecords": 3, "currentOffset": offset, "offsetCount": 2 }
        })
    };
    let first = mock
        .on::<ListMediaBuilder>()
        .when(|request| request.query("offset").as_deref() == Some("1"))
        .respond(Respond::json(200, &page(&["a", "b"], 1)));
    let second = mock
        .on::<ListMediaBuilder>()
        .when(|request| request.query("offset").as_deref() == Some("2"))
        .respond(Respond::json(200, &page(&["c"], 2)));
    let items: Vec<_> = client(&mock)
        .list_media()
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = items.iter().map(|m| m.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!((first.calls(), second.calls()), (1, 1));
}

#[tokio::test]
async fn mocked_connection_failures_meet_the_real_retry_rules() {
    let mock = Mock::new();
    // No connection: nothing was sent, so even a PATCH is tried again.
    let refused = mock
        .on::<UpdatedMediaBuilder>()
        .respond(Respond::connection_refused())
        .respond(Respond::json(200, &json!({ "success": true })));
    let client = client(&mock);
    client
        .updated_media("m-1", types::UpdatedMediaRequest::new())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.calls(), 2);

    // A connection lost after sending: the PATCH may have been applied, and is not repeated.
    let reset = mock
        .on::<UpdatedMediaBuilder>()
        .respond(Respond::status(500).connection_reset())
        .repeatedly();
    let err = client
        .updated_media("m-1", types::UpdatedMediaRequest::new())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_transport() && err.may_have_been_applied(), "{err:?}");
    assert_eq!(reset.calls(), 1);

    // No answer: the attempt's limit ends the wait.
    mock.on::<GetMediaBuilder>().respond(Respond::no_answer());
    let started = Instant::now();
    let err = client
        .get_media("m-1")
        .with_attempt_timeout(Duration::from_millis(50))
        .with_retry_policy(fastpix::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
#[should_panic(expected = "mock: no rule answers `get-media` (GET /on-demand/m-1)")]
async fn an_unexpected_call_fails_the_test() {
    let mock = Mock::new();
    let _ = client(&mock).get_media("m-1").send().await;
}

#[tokio::test]
#[should_panic(expected = "mock rules with unused responses: `get-media` (1 left)")]
async fn responses_no_call_took_fail_the_check() {
    let mock = Mock::new();
    mock.on::<GetMediaBuilder>().output(media("m-1"));
    mock.assert_all_used();
}

/// FastPix's provider.toml names the permission each operation needs: a 401 or 403 on the call
/// says which one the credentials lack.
#[tokio::test]
async fn a_refusal_names_the_permission_the_call_needs() {
    let mock = Mock::new();
    let body = json!({ "success": false, "error": { "code": 403, "message": "Forbidden" } });
    mock.on::<GetMediaBuilder>()
        .respond(Respond::json(403, &body));
    mock.on::<fastpix::operations::ListVideoViewsBuilder>()
        .respond(Respond::json(401, &body));
    let client = client(&mock);
    let err = client.get_media("m-1").send().await.unwrap_err();
    assert_eq!(
        err.api_error().and_then(|e| e.permission()),
        Some("read-only")
    );
    assert!(
        err.to_string()
            .ends_with("This call needs credentials with the `read-only` permission"),
        "{err}"
    );
    let err = client.list_video_views().send().await.unwrap_err();
    assert!(
        err.to_string()
            .ends_with("This call needs credentials with the `data-read` permission"),
        "{err}"
    );
}

/// A matcher may ask the mock about itself (here: answer only the first call) without
/// deadlocking it.
#[tokio::test]
async fn a_matcher_may_ask_the_mock() {
    let mock = Mock::new();
    let first = mock.on::<GetMediaBuilder>().repeatedly();
    let counted = first.clone();
    let first = first
        .when(move |_| counted.calls() == 0)
        .output(media("first"));
    mock.on::<GetMediaBuilder>()
        .output(media("later"))
        .repeatedly();
    let client = client(&mock);
    let answers = [
        client.get_media("x").send().await.unwrap(),
        client.get_media("x").send().await.unwrap(),
    ];
    assert_eq!(answers, [media("first"), media("later")]);
    assert_eq!(first.calls(), 1);
}
