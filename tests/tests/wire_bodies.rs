//! Response bodies on the wire: content codings decoded under the body cap, trailing data
//! refused, and per-call headers that replace the operation's own.

mod common;

use std::io::Write as _;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{header, only_request};

fn client(server: &MockServer) -> toolsfast::Client {
    toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header("fast_prod_bodies")
        .retry_policy(toolsfast::RetryPolicy::none())
        .build()
        .unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// HTTP's `deflate` is the zlib format (RFC 9110, 8.4.1.2).
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        w.write_all(data).unwrap();
    }
    out
}

/// A content coding's encoder.
type Encode = fn(&[u8]) -> Vec<u8>;

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/convert/job/j-1"))
        .respond_with(response)
        .mount(server)
        .await;
}

fn encoded(coding: &str, body: Vec<u8>) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-encoding", coding)
        .insert_header("content-type", "application/json")
        .set_body_bytes(body)
}

/// gzip, br, deflate and zstd bodies decode into the typed response, and every request
/// says it accepts them.
#[tokio::test]
async fn compressed_responses_are_decoded() {
    let job = serde_json::to_vec(&json!({"id": "j-1", "status": "Queued"})).unwrap();
    let codings: [(&str, Encode); 4] = [
        ("gzip", gzip),
        ("br", brotli),
        ("deflate", deflate),
        ("zstd", zstd),
    ];
    for (coding, encode) in codings {
        let server = MockServer::start().await;
        answer(&server, encoded(coding, encode(&job))).await;
        let got = client(&server).get_conversion_job("j-1").send().await;
        let got = got.unwrap_or_else(|e| panic!("{coding}: {e}"));
        assert_eq!(got.id, "j-1", "{coding}");
        let request = only_request(&server).await;
        let accepted = header(&request, "accept-encoding").unwrap_or_default();
        for coding in ["gzip", "br", "deflate", "zstd"] {
            assert!(accepted.contains(coding), "accept-encoding: {accepted}");
        }
    }
}

/// The cap applies to the decoded bytes: a small gzip body that inflates past it is
/// `BodyTooLarge`, and reading stops there (the 8 MiB are never held).
#[tokio::test]
async fn a_body_that_inflates_past_the_cap_is_too_large() {
    let zeros = vec![b' '; 8 * 1024 * 1024];
    let bomb = gzip(&zeros);
    assert!(bomb.len() < 64 * 1024, "{} bytes compressed", bomb.len());
    let server = MockServer::start().await;
    answer(&server, encoded("gzip", bomb)).await;
    let err = client(&server)
        .get_conversion_job("j-1")
        .with_max_response_bytes(1024 * 1024)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, toolsfast::Error::BodyTooLarge { limit: 1048576, .. }),
        "{err}"
    );
}

/// A JSON body followed by anything but whitespace is a decode error that says so, not
/// the first value with the rest dropped.
#[tokio::test]
async fn trailing_data_after_the_json_value_is_an_error() {
    for body in [
        r#"{"id":"j-1","status":"Queued"}{"id":"j-2","status":"Queued"}"#,
        "{\"id\":\"j-1\",\"status\":\"Queued\"}\n{\"id\":\"j-2\",\"status\":\"Queued\"}\n",
        r#"{"id":"j-1","status":"Queued"} x"#,
    ] {
        let server = MockServer::start().await;
        answer(
            &server,
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        let err = client(&server)
            .get_conversion_job("j-1")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, toolsfast::Error::Decode { .. }),
            "{body:?}: {err}"
        );
        assert!(err.to_string().contains("trailing"), "{err}");
    }
    // Whitespace after the value is fine.
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_raw(
            "{\"id\":\"j-1\",\"status\":\"Queued\"}\r\n \n",
            "application/json",
        ),
    )
    .await;
    let job = client(&server).get_conversion_job("j-1").send().await;
    assert_eq!(job.unwrap().id, "j-1");
}

/// Every value of header `name` the request carried, in order.
fn all_values<'r>(request: &'r wiremock::Request, name: &str) -> Vec<&'r str> {
    let values = request.headers.get_all(name).iter();
    values.map(|v| v.to_str().unwrap()).collect()
}

async fn job_server() -> MockServer {
    let server = MockServer::start().await;
    let job = json!({"id": "j-1", "status": "Queued"});
    answer(&server, ResponseTemplate::new(200).set_body_json(job)).await;
    server
}

/// A per-call header replaces the operation's header of the same name: content
/// negotiation is the caller's to choose.
#[tokio::test]
async fn a_per_call_header_replaces_the_default() {
    let server = job_server().await;
    client(&server)
        .get_conversion_job("j-1")
        .with_header("Accept", "application/vnd.job+json")
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(all_values(&request, "accept"), ["application/vnd.job+json"]);
}

/// Several per-call values of one name are all sent.
#[tokio::test]
async fn per_call_headers_of_one_name_are_all_sent() {
    let server = job_server().await;
    client(&server)
        .get_conversion_job("j-1")
        .with_header("x-tag", "a")
        .with_header("x-tag", "b")
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(all_values(&request, "x-tag"), ["a", "b"]);
}
