//! Pagination against wiremock: walks every page, stops at a short or empty page, and stops
//! when the server repeats itself.

mod common;

use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::requests;

fn media(ids: &[&str]) -> serde_json::Value {
    let data: Vec<_> = ids.iter().map(|id| json!({ "id": id })).collect();
    json!({ "success": true, "data": data })
}

async fn page(server: &MockServer, offset: &str, body: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path("/on-demand"))
        .and(query_param("offset", offset))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

fn fastpix(server: &MockServer) -> fastpix::Client {
    fastpix::Client::builder()
        .base_url(server.uri())
        .basic_auth("id", "secret")
        .retry_policy(fastpix::RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn fastpix_items_walk_every_page_until_a_short_one() {
    let server = MockServer::start().await;
    page(&server, "1", media(&["a", "b"])).await;
    page(&server, "2", media(&["c", "d"])).await;
    page(&server, "3", media(&["e"])).await;
    let client = fastpix(&server);
    let items: Vec<_> = client.list_media().limit(2).items().collect().await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|m| m.unwrap().id.unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let offsets: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(offsets, ["1", "2", "3"]);
}

#[tokio::test]
async fn fastpix_pages_start_where_the_call_says_and_end_on_an_empty_page() {
    let server = MockServer::start().await;
    page(&server, "3", media(&["x"])).await;
    page(&server, "4", media(&[])).await;
    let client = fastpix(&server);
    // No page size: only an empty page ends the walk.
    let pages: Vec<_> = client.list_media().offset(3).pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_does_not_loop_forever() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/on-demand"))
        .respond_with(ResponseTemplate::new(200).set_body_json(media(&["same", "page"])))
        .mount(&server)
        .await;
    let client = fastpix(&server);
    let items: Vec<_> = client.list_media().items().collect().await;
    assert_eq!(items.len(), 2, "the repeated page is not read again");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_walk_after_being_reported() {
    let server = MockServer::start().await;
    page(&server, "1", media(&["a", "b"])).await;
    Mock::given(method("GET"))
        .and(path("/on-demand"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"success": false})))
        .mount(&server)
        .await;
    let client = fastpix(&server);
    let items: Vec<_> = client.list_media().limit(2).items().collect().await;
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    assert_eq!(
        items[2].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(500)
    );
}

#[tokio::test]
async fn fetchmedia_offsets_count_items() {
    let server = MockServer::start().await;
    for (offset, ids) in [
        ("0", vec!["f1", "f2"]),
        ("2", vec!["f3", "f4"]),
        ("4", vec![]),
    ] {
        let data: Vec<_> = ids.iter().map(|id| json!({ "id": id })).collect();
        Mock::given(method("GET"))
            .and(path("/files"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": data })))
            .mount(&server)
            .await;
    }
    let client = fetchmedia::Client::builder()
        .base_url(server.uri())
        .bearer_auth("sk_test")
        .build()
        .unwrap();
    let files: Vec<_> = client.list_files().limit(2).items().collect().await;
    let ids: Vec<String> = files
        .into_iter()
        .map(|f| f.unwrap().id.unwrap_or_default())
        .collect();
    assert_eq!(ids, ["f1", "f2", "f3", "f4"]);
    assert_eq!(requests(&server).await.len(), 3);
}
