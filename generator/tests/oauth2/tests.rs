//! `src/runtime/oauth2.rs` against a local token endpoint: the client-credentials grant as
//! RFC 6749 spells it, tokens cached per scope set until shortly before they expire, one
//! fetch however many callers wait (single flight), a refused token replaced once, the
//! refresh-token grant rotating its store, and the endpoint's refusals as typed errors.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use secrecy::{ExposeSecret as _, SecretString};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::oauth2::{
    ClientAuth, ClientCredentials, RefreshToken, RefreshTokenStore, Token, TokenCache, TokenError,
    TokenFuture, TokenRequest, TokenSource, token_fn,
};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn token_body(token: &str, expires_in: u64) -> serde_json::Value {
    serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in})
}

fn source(server: &MockServer) -> Arc<ClientCredentials> {
    Arc::new(ClientCredentials::new(
        format!("{}/oauth/token", server.uri()),
        "my client",
        "s3cr:t",
    ))
}

/// The client authenticates with HTTP Basic over the form-encoded id and secret, asks for
/// the client-credentials grant with its scopes, and the token is used until it expires.
#[tokio::test]
async fn the_first_use_fetches_and_later_uses_reuse_the_token() {
    let server = MockServer::start().await;
    // Computed here: base64 of `my+client:s3cr%3At`.
    let basic = base64::engine::general_purpose::STANDARD.encode("my+client:s3cr%3At");
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", format!("Basic {basic}").as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=media%3Aread+media%3Awrite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("t1", 3600)))
        .expect(1)
        .mount(&server)
        .await;
    let cache = TokenCache::new(source(&server));
    let scopes = ["media:read", "media:write"];
    for _ in 0..3 {
        let token = cache.token(&scopes, &http()).await.unwrap();
        assert_eq!(token.expose_secret(), "t1");
    }
}

#[tokio::test]
async fn a_token_about_to_expire_is_fetched_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("short", 1)))
        .expect(2)
        .mount(&server)
        .await;
    let cache = TokenCache::new(source(&server));
    cache.token(&[], &http()).await.unwrap();
    // A tenth of its one-second life early: past 0.9 s it is not used.
    tokio::time::sleep(Duration::from_millis(950)).await;
    cache.token(&[], &http()).await.unwrap();
}

#[tokio::test]
async fn each_set_of_scopes_has_its_own_token() {
    let server = MockServer::start().await;
    for (scope, token) in [("read", "r"), ("admin", "a"), ("write+read", "rw")] {
        Mock::given(method("POST"))
            .and(body_string_contains(format!("scope={scope}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(token, 3600)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let cache = TokenCache::new(source(&server));
    for (scope, token) in [("read", "r"), ("admin", "a"), ("read", "r")] {
        let got = cache.token(&[scope], &http()).await.unwrap();
        assert_eq!(got.expose_secret(), token);
    }
    // One set of scopes, however an operation lists it: one token.
    for scopes in [
        &["write", "read"][..],
        &["read", "write"],
        &["read", "write", "read"],
    ] {
        let got = cache.token(scopes, &http()).await.unwrap();
        assert_eq!(got.expose_secret(), "rw");
    }
}

/// A hundred calls that find no token at once cause one request to the endpoint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_cause_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("shared", 3600))
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let cache = Arc::new(TokenCache::new(source(&server)));
    let started = std::time::Instant::now();
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.token(&["read"], &http()).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().expose_secret(), "shared");
    }
    let waited = started.elapsed();
    eprintln!("100 concurrent calls answered in {waited:?} by one token request");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // Everyone waited for the one answer, not for a hundred of them in a row.
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

/// After a 401 the refused token is dropped and the next call gets a new one; a token
/// another call already replaced is not dropped again.
#[tokio::test]
async fn a_refused_token_is_replaced_once() {
    let server = MockServer::start().await;
    let served = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&served);
    Mock::given(method("POST"))
        .respond_with(move |_: &Request| {
            let mut n = counter.lock().unwrap();
            *n += 1;
            ResponseTemplate::new(200).set_body_json(token_body(&format!("t{n}"), 3600))
        })
        .mount(&server)
        .await;
    let cache = TokenCache::new(source(&server));
    let first = cache.token(&[], &http()).await.unwrap();
    cache.refused(&[], &first).await;
    let second = cache.token(&[], &http()).await.unwrap();
    assert_eq!(second.expose_secret(), "t2");
    // A late report about the first token does not drop the second.
    cache.refused(&[], &first).await;
    assert_eq!(
        cache.token(&[], &http()).await.unwrap().expose_secret(),
        "t2"
    );
    assert_eq!(*served.lock().unwrap(), 2);
}

#[tokio::test]
async fn refusals_and_unusable_answers_are_typed_errors_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "Client authentication failed"
        })))
        .mount(&server)
        .await;
    let error = TokenCache::new(source(&server))
        .token(&[], &http())
        .await
        .unwrap_err();
    match &error {
        TokenError::Endpoint {
            status,
            error,
            description,
        } => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(error.as_deref(), Some("invalid_client"));
            assert_eq!(description.as_deref(), Some("Client authentication failed"));
        }
        other => panic!("{other:?}"),
    }
    let text = format!("{error} {error:?} {:?}", source(&server));
    assert!(!text.contains("s3cr"), "{text}");
    assert_eq!(
        error.to_string(),
        "the token endpoint answered 401 Unauthorized: invalid_client (Client authentication failed)"
    );

    for (body, why) in [
        (
            serde_json::json!({"token_type": "Bearer"}),
            "not a token response",
        ),
        (
            serde_json::json!({"access_token": "x", "token_type": "mac"}),
            "token type `mac`",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
        let error = TokenCache::new(source(&server))
            .token(&[], &http())
            .await
            .unwrap_err();
        assert!(matches!(error, TokenError::Malformed(_)), "{error:?}");
        assert!(error.to_string().contains(why), "{error}");
    }
    // Nothing listening: a transport error.
    let closed = ClientCredentials::new("http://127.0.0.1:9/t", "c", "s");
    let error = TokenCache::new(Arc::new(closed))
        .token(&[], &http())
        .await
        .unwrap_err();
    assert!(matches!(error, TokenError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn the_secret_may_go_in_the_body_instead() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("client_id=my+client"))
        .and(body_string_contains("client_secret=s3cr%3At"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("p", 60)))
        .expect(1)
        .mount(&server)
        .await;
    let source = ClientCredentials::new(format!("{}/t", server.uri()), "my client", "s3cr:t")
        .client_auth(ClientAuth::Post);
    let token = TokenCache::new(Arc::new(source))
        .token(&[], &http())
        .await
        .unwrap();
    assert_eq!(token.expose_secret(), "p");
    let received = &server.received_requests().await.unwrap()[0];
    assert!(!received.headers.contains_key("authorization"));
}

/// The caller's store for the refresh token.
#[derive(Default)]
struct Store(Mutex<Option<String>>);

impl RefreshTokenStore for Store {
    fn load(&self) -> Option<SecretString> {
        self.0.lock().unwrap().clone().map(SecretString::from)
    }
    fn save(&self, refresh_token: SecretString) {
        *self.0.lock().unwrap() = Some(refresh_token.expose_secret().to_string());
    }
}

#[tokio::test]
async fn the_refresh_token_grant_rotates_its_store() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "a1", "token_type": "bearer", "expires_in": 600, "refresh_token": "r2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(Store(Mutex::new(Some("r1".into()))));
    let grant = RefreshToken::new(
        format!("{}/t", server.uri()),
        "public-app",
        None,
        Arc::clone(&store) as Arc<dyn RefreshTokenStore>,
    );
    let token = TokenCache::new(Arc::new(grant))
        .token(&[], &http())
        .await
        .unwrap();
    assert_eq!(token.expose_secret(), "a1");
    assert_eq!(store.0.lock().unwrap().as_deref(), Some("r2"));
    // A public client sends its id in the body, and no Authorization header.
    let received = &server.received_requests().await.unwrap()[0];
    assert!(String::from_utf8_lossy(&received.body).contains("client_id=public-app"));
    assert!(!received.headers.contains_key("authorization"));

    let empty: Arc<dyn RefreshTokenStore> = Arc::new(Store::default());
    let grant = RefreshToken::new(server.uri(), "app", None, empty);
    let error = TokenCache::new(Arc::new(grant))
        .token(&[], &http())
        .await
        .unwrap_err();
    assert!(matches!(error, TokenError::NoRefreshToken));
}

/// Any flow the crate does not run plugs in as a source of its own.
#[tokio::test]
async fn a_caller_source_plugs_in() {
    struct Fixed;
    impl TokenSource for Fixed {
        fn fetch<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
            let token = format!("device-{}", request.scopes.join("+"));
            Box::pin(async move { Ok(Token::new(token, None)) })
        }
    }
    let cache = TokenCache::new(Arc::new(Fixed));
    assert_eq!(
        cache
            .token(&["a", "b"], &http())
            .await
            .unwrap()
            .expose_secret(),
        "device-a+b"
    );
    assert_eq!(
        format!("{:?}", Token::new("tok", None)),
        "Token { access_token: \"<redacted>\", expires_in: None }"
    );
}

/// A function of the scopes is a source too, and a fetch for one set of scopes does not hold
/// up a call that needs another.
#[tokio::test]
async fn a_function_is_a_source_and_scope_sets_do_not_wait_for_each_other() {
    let (release, wait) = tokio::sync::oneshot::channel::<()>();
    let wait = Arc::new(tokio::sync::Mutex::new(Some(wait)));
    let cache = Arc::new(TokenCache::new(Arc::new(token_fn(
        move |scopes: Vec<String>| {
            let wait = Arc::clone(&wait);
            async move {
                if scopes == ["slow"] {
                    let receiver = wait.lock().await.take();
                    if let Some(receiver) = receiver {
                        let _ = receiver.await;
                    }
                }
                Ok(Token::new(format!("for-{}", scopes.join("+")), None))
            }
        },
    ))));
    let slow = {
        let cache = Arc::clone(&cache);
        tokio::spawn(async move { cache.token(&["slow"], &http()).await })
    };
    tokio::task::yield_now().await;
    // While `slow`'s fetch is still waiting, another scope set is served.
    let fast = tokio::time::timeout(Duration::from_secs(5), cache.token(&["fast"], &http()))
        .await
        .expect("a fetch for another scope set held this one up")
        .unwrap();
    assert_eq!(fast.expose_secret(), "for-fast");
    assert!(!slow.is_finished());
    release.send(()).unwrap();
    assert_eq!(slow.await.unwrap().unwrap().expose_secret(), "for-slow");
}

#[test]
fn transient_token_errors_are_the_ones_worth_another_try() {
    let endpoint = |status: u16| TokenError::Endpoint {
        status: reqwest::StatusCode::from_u16(status).unwrap(),
        error: None,
        description: None,
    };
    assert!(endpoint(503).is_transient());
    assert!(endpoint(429).is_transient());
    assert!(!endpoint(400).is_transient());
    assert!(!endpoint(401).is_transient());
    assert!(!TokenError::NoRefreshToken.is_transient());
    assert!(!TokenError::Malformed("x".into()).is_transient());
}

/// The client's secret never travels in clear text: plain `http://` only to a loopback
/// address (a local endpoint, as in these tests), and nothing is sent otherwise.
#[tokio::test]
async fn credentials_go_to_https_endpoints_only() {
    for url in [
        "http://auth.example.com/token",
        "ftp://auth.example.com/token",
        "not a url",
    ] {
        let grant = ClientCredentials::new(url, "c", "s3cr:t");
        let error = TokenCache::new(Arc::new(grant))
            .token(&[], &http())
            .await
            .unwrap_err();
        assert!(
            matches!(error, TokenError::InvalidUrl(_)),
            "{url}: {error:?}"
        );
        assert!(!error.to_string().contains("s3cr"), "{error}");
    }
    let error = TokenCache::new(Arc::new(ClientCredentials::new(
        "http://auth.example.com/t",
        "c",
        "s",
    )))
    .token(&[], &http())
    .await
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the token endpoint's URL cannot be used: refusing to send credentials over `http://` to `auth.example.com`: use https://"
    );
}
