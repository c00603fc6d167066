//! Credentials stay with the origin a call was configured for, across a whole redirect
//! chain: every auth template of the four providers, the chains `A→B→B`, `A→B→A` and
//! `A→A→B`, and every redirect status. A is the client's base URL, B another origin.

mod common;

use std::future::Future;
use std::pin::Pin;

use base64::Engine as _;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::{assert_secrets_absent, requests};

const USER: &str = "fp-tokenid-REDIRECT";
const PASS: &str = "S3CR3T-fastpix-redirect";
const KEY: &str = "S3CR3T-key-redirect";
const SP_USER: &str = "user-redirect-77";

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    /// A → B/b1 → B/b2: the other origin redirects within itself.
    OffThenWithin,
    /// A → B/b1 → A/a2: back to the origin, chosen by B.
    OffThenBack,
    /// A → A/a1 → B/b2: a hop on the origin first.
    WithinThenOff,
}

type Outcome = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// One auth template on one operation: how to call it against a base URL, the path its
/// first request goes to, the secrets it holds, and a header that must carry the
/// credential on the origin (the control that shows the check can fail).
struct Case {
    name: &'static str,
    first_path: &'static str,
    secrets: Vec<String>,
    origin_header: Option<&'static str>,
    /// Whether the body carries credentials (then 307/308 off the origin is refused).
    body_credentials: bool,
    call: fn(String) -> Outcome,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn cases() -> Vec<Case> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASS}"));
    vec![
        Case {
            name: "fastpix basic",
            first_path: "/on-demand/m1",
            secrets: vec![USER.into(), PASS.into(), basic],
            origin_header: Some("authorization"),
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = fastpix::Client::builder()
                        .base_url(base)
                        .basic_auth(USER, PASS)
                        .retry_policy(fastpix::RetryPolicy::none())
                        .build()
                        .map_err(err)?;
                    client.get_media("m1").send().await.map(drop).map_err(err)
                })
            },
        },
        Case {
            name: "fetchmedia bearer",
            first_path: "/fetch/f1",
            secrets: vec![KEY.into()],
            origin_header: Some("authorization"),
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = fetchmedia_client(base, |b| b.bearer_auth(KEY))?;
                    client.get_fetch("f1").send().await.map(drop).map_err(err)
                })
            },
        },
        Case {
            name: "fetchmedia bearer, POST with a JSON body",
            first_path: "/fetch",
            secrets: vec![KEY.into()],
            origin_header: Some("authorization"),
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = fetchmedia_client(base, |b| b.bearer_auth(KEY))?;
                    let body =
                        fetchmedia::types::FetchRequest::new("https://media.example.com/clip.mp4");
                    client
                        .create_fetch(body)
                        .send()
                        .await
                        .map(drop)
                        .map_err(err)
                })
            },
        },
        Case {
            name: "fetchmedia X-API-KEY",
            first_path: "/fetch/f1",
            secrets: vec![KEY.into()],
            origin_header: Some("x-api-key"),
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = fetchmedia_client(base, |b| b.api_key_header(KEY))?;
                    client.get_fetch("f1").send().await.map(drop).map_err(err)
                })
            },
        },
        Case {
            name: "fetchmedia ?key=",
            first_path: "/fetch/f1",
            secrets: vec![KEY.into()],
            origin_header: None,
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = fetchmedia_client(base, |b| b.api_key_query(KEY))?;
                    client.get_fetch("f1").send().await.map(drop).map_err(err)
                })
            },
        },
        Case {
            name: "toolsfast X-Fast-Api-Key",
            first_path: "/convert/job/j1",
            secrets: vec![KEY.into()],
            origin_header: Some("x-fast-api-key"),
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = toolsfast::Client::builder()
                        .base_url(base)
                        .api_key_header(KEY)
                        .retry_policy(toolsfast::RetryPolicy::none())
                        .build()
                        .map_err(err)?;
                    client
                        .get_conversion_job("j1")
                        .send()
                        .await
                        .map(drop)
                        .map_err(err)
                })
            },
        },
        Case {
            name: "streampixel query (GET)",
            first_path: "/projects/projects-status",
            secrets: vec![KEY.into(), SP_USER.into()],
            origin_header: None,
            body_credentials: false,
            call: |base| {
                Box::pin(async move {
                    let client = streampixel_client(base)?;
                    client
                        .get_projects_status()
                        .send()
                        .await
                        .map(drop)
                        .map_err(err)
                })
            },
        },
        Case {
            name: "streampixel JSON body (POST)",
            first_path: "/projects/upload-file",
            secrets: vec![KEY.into(), SP_USER.into()],
            origin_header: None,
            body_credentials: true,
            call: |base| {
                Box::pin(async move {
                    let client = streampixel_client(base)?;
                    let body = streampixel::types::UploadFileRequest::new(
                        "proj-1",
                        "https://files.example.com/build.zip",
                    );
                    client.upload_file(body).send().await.map(drop).map_err(err)
                })
            },
        },
    ]
}

fn fetchmedia_client(
    base: String,
    auth: fn(fetchmedia::ClientBuilder) -> fetchmedia::ClientBuilder,
) -> Result<fetchmedia::Client, String> {
    auth(fetchmedia::Client::builder().base_url(base))
        .retry_policy(fetchmedia::RetryPolicy::none())
        .build()
        .map_err(err)
}

fn streampixel_client(base: String) -> Result<streampixel::Client, String> {
    streampixel::Client::builder()
        .base_url(base)
        .streampixel_key(KEY, SP_USER)
        .retry_policy(streampixel::RetryPolicy::none())
        .build()
        .map_err(err)
}

async fn redirect(server: &MockServer, from: &str, status: u16, to: String) {
    Mock::given(any())
        .and(path(from))
        .respond_with(ResponseTemplate::new(status).insert_header("location", to))
        .mount(server)
        .await;
}

async fn done(server: &MockServer, at: &str) {
    Mock::given(any())
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(server)
        .await;
}

/// Mounts the chain: redirects with `status`, then a 200 at its end.
async fn mount(chain: Chain, status: u16, case: &Case, a: &MockServer, b: &MockServer) {
    match chain {
        Chain::OffThenWithin => {
            redirect(a, case.first_path, status, format!("{}/b1", b.uri())).await;
            redirect(b, "/b1", status, format!("{}/b2", b.uri())).await;
            done(b, "/b2").await;
        }
        Chain::OffThenBack => {
            redirect(a, case.first_path, status, format!("{}/b1", b.uri())).await;
            redirect(b, "/b1", status, format!("{}/a2", a.uri())).await;
            done(a, "/a2").await;
        }
        Chain::WithinThenOff => {
            redirect(a, case.first_path, status, "/a1".to_string()).await;
            redirect(a, "/a1", status, format!("{}/b2", b.uri())).await;
            done(b, "/b2").await;
        }
    }
}

fn assert_bare(req: &Request, case: &Case, chain: Chain, status: u16) {
    let what = format!("{} on {chain:?} with {status}, at {}", case.name, req.url);
    let secrets: Vec<&str> = case.secrets.iter().map(String::as_str).collect();
    for name in ["authorization", "cookie", "x-api-key", "x-fast-api-key"] {
        assert!(
            !req.headers.contains_key(name),
            "{what}: header `{name}` was sent"
        );
    }
    let found = std::panic::catch_unwind(|| assert_secrets_absent(req, &secrets, None));
    assert!(found.is_ok(), "{what}: a credential left its origin");
}

#[tokio::test]
async fn no_credential_follows_a_call_off_its_origin() {
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    let mut checked = 0;
    for case in cases() {
        for status in STATUSES {
            for chain in [
                Chain::OffThenWithin,
                Chain::OffThenBack,
                Chain::WithinThenOff,
            ] {
                a.reset().await;
                b.reset().await;
                mount(chain, status, &case, &a, &b).await;
                let outcome = (case.call)(a.uri()).await;
                let on_a = requests(&a).await;
                let on_b = requests(&b).await;
                let repeats = matches!(status, 307 | 308);
                if case.body_credentials && repeats {
                    // The body itself is a credential: it never goes to B.
                    let e = outcome.expect_err("a body with credentials is not re-sent");
                    assert!(e.contains("refusing a"), "{}: {e}", case.name);
                    assert!(on_b.is_empty(), "{}: B got {on_b:?}", case.name);
                    continue;
                }
                // Every hop after the call left A: all of B's, and A's `/a2`.
                let off: Vec<&Request> = on_b
                    .iter()
                    .chain(on_a.iter().filter(|r| r.url.path() == "/a2"))
                    .collect();
                let expected = match chain {
                    Chain::OffThenWithin | Chain::OffThenBack => 2,
                    Chain::WithinThenOff => 1,
                };
                assert_eq!(
                    off.len(),
                    expected,
                    "{} on {chain:?} with {status}: the chain was followed",
                    case.name
                );
                for req in off {
                    assert_bare(req, &case, chain, status);
                    // Headers that carry no credential go on every hop.
                    assert!(
                        req.headers.contains_key("accept"),
                        "{} on {chain:?} with {status}: `accept` was dropped at {}",
                        case.name,
                        req.url
                    );
                    let method = req.method.as_str();
                    if repeats {
                        assert_eq!(method, on_a[0].method.as_str(), "307/308 keep the method");
                    } else {
                        assert_eq!(method, "GET", "{status} becomes a GET");
                        assert!(req.body.is_empty(), "a GET after {status} has no body");
                    }
                }
                // The control: on A, before leaving, the credential was there.
                if let (Chain::WithinThenOff, Some(header)) = (chain, case.origin_header) {
                    let hop = on_a.iter().find(|r| r.url.path() == "/a1").expect("A/a1");
                    assert!(
                        hop.headers.contains_key(header),
                        "{}: a hop on the origin keeps `{header}`",
                        case.name
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        7 * 15 + 3 * 3,
        "every case, status and chain was checked"
    );
}

/// Credentials are applied to each hop by the transport's authorisation step, so a hop that
/// stays on the origin carries them again, a query key included (the `Location` the server
/// sends has none), and a hop that leaves it carries none.
#[tokio::test]
async fn every_hop_on_the_origin_is_authorised_again() {
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    redirect(&a, "/fetch/f1", 302, "/a1".to_string()).await;
    redirect(&a, "/a1", 307, format!("{}/b2", b.uri())).await;
    done(&b, "/b2").await;
    let client = fetchmedia_client(a.uri(), |b| b.api_key_query(KEY)).unwrap();
    client.get_fetch("f1").send().await.unwrap();
    let on_a = requests(&a).await;
    let paths: Vec<&str> = on_a.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/fetch/f1", "/a1"]);
    for hop in &on_a {
        let key = hop.url.query_pairs().find(|(k, _)| k == "key");
        assert_eq!(
            key.map(|(_, v)| v.into_owned()),
            Some(KEY.to_string()),
            "{}",
            hop.url
        );
    }
    let on_b = requests(&b).await;
    assert_eq!(on_b.len(), 1);
    assert!(on_b[0].url.query().is_none(), "{}", on_b[0].url);
}

/// A redirect loop ends after ten redirects, and the error counts what went out: eleven
/// requests, in one attempt (a redirect is not retried).
#[tokio::test]
async fn a_redirect_loop_counts_the_requests_it_sent() {
    let a = MockServer::start().await;
    redirect(&a, "/fetch/f1", 302, "/fetch/f1".to_string()).await;
    let client = fetchmedia_client(a.uri(), |b| b.api_key_query(KEY)).unwrap();
    let error = client.get_fetch("f1").send().await.unwrap_err();
    assert_eq!(requests(&a).await.len(), 11);
    assert_eq!(error.attempts(), 1, "{error}");
    assert!(
        matches!(error, fetchmedia::Error::Redirect { requests: 11, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("after 11 requests"), "{error}");
}
