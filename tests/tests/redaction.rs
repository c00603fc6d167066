//! No secret in `Debug` or `Display`: clients, builders, credentials, and the errors of
//! failed calls (API errors, transport errors, missing credentials, invalid requests).

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::*;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A port nothing listens on: connections are refused at once.
const CLOSED: &str = "http://127.0.0.1:1";

async fn server_answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(body)
                .insert_header("www-authenticate", "Basic realm=\"api\""),
        )
        .mount(&server)
        .await;
    server
}

/// A server that answers too late for a client with a short timeout.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    server
}

fn check<E: std::error::Error + 'static>(what: &str, err: &E, secrets: &[&str]) {
    assert_no_secret_in(what, &error_texts(err), secrets);
}

mod fastpix_redaction {
    use super::*;

    const ID: &str = "ID-fastpix-tokenid-777";
    const SECRET: &str = "S3CR3T-fastpix-xyz";

    fn encoded() -> String {
        base64::engine::general_purpose::STANDARD.encode(format!("{ID}:{SECRET}"))
    }

    fn secrets() -> Vec<String> {
        vec![SECRET.to_string(), ID.to_string(), encoded()]
    }

    fn builder(url: &str) -> fastpix::ClientBuilder {
        fastpix::Client::builder()
            .base_url(url)
            .basic_auth(ID, SECRET)
            .retry_policy(fastpix::RetryPolicy::none())
    }

    #[test]
    fn client_builder_and_credentials_debug() {
        let secrets = secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let builder = builder("https://api.fastpix.io/v1");
        assert_no_secret_in(
            "the builder",
            &format!("{builder:?} {builder:#?}"),
            &secrets,
        );
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert!(shown.contains("api.fastpix.io"), "{shown}");
        assert_no_secret_in("the client", &shown, &secrets);
        assert_no_secret_in(
            "an operation builder",
            &format!("{:?}", client.get_media("m1")),
            &secrets,
        );

        let auth = fastpix::BasicAuth::new(ID, SECRET);
        let shown = format!("{auth:?} {auth:#?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_secret_in("BasicAuth", &shown, &secrets);
        let credentials = fastpix::Credentials::new().with_basic_auth(auth);
        assert_no_secret_in(
            "Credentials",
            &format!("{credentials:?} {credentials:#?}"),
            &secrets,
        );
        client.set_credentials(credentials);
        assert_no_secret_in("the client", &format!("{client:?}"), &secrets);
    }

    #[tokio::test]
    async fn errors_never_show_the_secret() {
        let secrets = secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();

        let server = server_answering(
            401,
            json!({"success": false, "error": {"code": 401, "message": "Unauthorized", "description": "Invalid credentials"}}),
        )
        .await;
        let client = builder(&server.uri()).build().unwrap();
        let err = client.get_media("m1").send().await.unwrap_err();
        assert!(err.is_unauthorized());
        check("a 401", &err, &secrets);
        check("a 401 ApiError", err.api_error().unwrap(), &secrets);

        let client = builder(CLOSED).build().unwrap();
        let err = client.list_media().limit(1).send().await.unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a transport error", &err, &secrets);

        let slow = slow_server().await;
        let client = builder(&slow.uri())
            .attempt_timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        let err = client.get_media("m1").send().await.unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a timeout", &err, &secrets);

        let client = fastpix::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let err = client.get_media("m1").send().await.unwrap_err();
        assert!(matches!(err, fastpix::Error::MissingCredentials { .. }));
        check("MissingCredentials", &err, &secrets);

        let err = fastpix::Client::builder()
            .base_url(format!("http://example.com/{SECRET}"))
            .basic_auth(ID, SECRET)
            .build()
            .unwrap_err();
        assert!(matches!(err, fastpix::Error::Config { .. }));
        check("a Config error", &err, &[ID, &encoded()]);
    }
}

mod streampixel_redaction {
    use super::*;

    const KEY: &str = "S3CR3T-streampixel-xyz";
    const USER: &str = "user-42";

    fn builder(url: &str) -> streampixel::ClientBuilder {
        streampixel::Client::builder()
            .base_url(url)
            .streampixel_key(KEY, USER)
            .retry_policy(streampixel::RetryPolicy::none())
    }

    #[test]
    fn client_builder_and_credentials_debug() {
        let builder = builder("https://api.streampixel.io/pixelStripeApi");
        assert_no_secret_in("the builder", &format!("{builder:?} {builder:#?}"), &[KEY]);
        let client = builder.build().unwrap();
        assert_no_secret_in("the client", &format!("{client:?} {client:#?}"), &[KEY]);

        let key = streampixel::StreampixelKey::new(KEY, USER);
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_secret_in("StreampixelKey", &shown, &[KEY]);
        let credentials = streampixel::Credentials::new().with_streampixel_key(key);
        assert_no_secret_in(
            "Credentials",
            &format!("{credentials:?} {credentials:#?}"),
            &[KEY],
        );
        assert_no_secret_in(
            "an operation builder",
            &format!(
                "{:?}",
                client.upload_file(streampixel::types::UploadFileRequest::new(
                    "p",
                    "https://example.com/b.zip"
                ))
            ),
            &[KEY],
        );
    }

    #[tokio::test]
    async fn errors_never_show_the_key() {
        let server =
            server_answering(401, json!({"message": "Unauthorized: Invalid API Key"})).await;
        let client = builder(&server.uri()).build().unwrap();
        // The key is in the query of this request...
        let err = client.get_user_stats("proj-1").send().await.unwrap_err();
        assert!(err.is_unauthorized());
        check("a 401 (key in the query)", &err, &[KEY]);
        // ...and in the body of this one.
        let err = client
            .upload_file(streampixel::types::UploadFileRequest::new(
                "p",
                "https://example.com/b.zip",
            ))
            .send()
            .await
            .unwrap_err();
        check("a 401 (key in the body)", &err, &[KEY]);

        // A transport error on a URL whose query holds `apikey=`.
        let client = builder(CLOSED).build().unwrap();
        let err = client.get_user_stats("proj-1").send().await.unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        let shown = error_texts(&err);
        assert!(!shown.contains("apikey="), "the URL is shown: {shown}");
        check("a transport error (key in the query)", &err, &[KEY]);
        let err = client.get_projects_status().send().await.unwrap_err();
        check("a transport error (key in the query)", &err, &[KEY]);

        // A timeout on such a URL.
        let slow = slow_server().await;
        let client = builder(&slow.uri())
            .attempt_timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        let err = client.get_projects_status().send().await.unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a timeout (key in the query)", &err, &[KEY]);

        let client = streampixel::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let err = client.get_user_stats("p").send().await.unwrap_err();
        assert!(matches!(err, streampixel::Error::MissingCredentials { .. }));
        check("MissingCredentials", &err, &[KEY]);
    }
}

mod fetchmedia_redaction {
    use super::*;

    const KEY: &str = "S3CR3T-fetchmedia-xyz";

    fn base(url: &str) -> fetchmedia::ClientBuilder {
        fetchmedia::Client::builder()
            .base_url(url)
            .retry_policy(fetchmedia::RetryPolicy::none())
    }

    fn builders(url: &str) -> Vec<fetchmedia::ClientBuilder> {
        vec![
            base(url).bearer_auth(KEY),
            base(url).api_key_header(KEY),
            base(url).api_key_query(KEY),
        ]
    }

    #[test]
    fn client_builder_and_credentials_debug() {
        for builder in builders("https://api.fetchmedia.io/v1") {
            assert_no_secret_in("the builder", &format!("{builder:?} {builder:#?}"), &[KEY]);
            let client = builder.build().unwrap();
            assert_no_secret_in("the client", &format!("{client:?} {client:#?}"), &[KEY]);
            assert_no_secret_in(
                "an operation builder",
                &format!("{:?}", client.get_fetch("f")),
                &[KEY],
            );
        }
        let bearer = fetchmedia::BearerAuth::new(KEY);
        let header = fetchmedia::ApiKeyHeader::new(KEY);
        let query = fetchmedia::ApiKeyQuery::new(KEY);
        let shown = format!("{bearer:?} {header:?} {query:?} {bearer:#?} {header:#?} {query:#?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_secret_in("the credential structs", &shown, &[KEY]);
        let credentials = fetchmedia::Credentials::new()
            .with_bearer_auth(bearer)
            .with_api_key_header(header)
            .with_api_key_query(query);
        assert_no_secret_in(
            "Credentials",
            &format!("{credentials:?} {credentials:#?}"),
            &[KEY],
        );
    }

    #[tokio::test]
    async fn errors_never_show_the_key() {
        let server = server_answering(
            401,
            json!({"error": {"code": "invalid_token", "message": "Invalid or expired API key"}}),
        )
        .await;
        for builder in builders(&server.uri()) {
            let err = builder
                .build()
                .unwrap()
                .get_fetch("f")
                .send()
                .await
                .unwrap_err();
            assert!(err.is_unauthorized());
            check("a 401", &err, &[KEY]);
        }
        for builder in builders(CLOSED) {
            let err = builder
                .build()
                .unwrap()
                .list_files()
                .send()
                .await
                .unwrap_err();
            assert!(err.is_transport(), "{err:?}");
            let shown = error_texts(&err);
            assert!(!shown.contains("key="), "the URL is shown: {shown}");
            check("a transport error", &err, &[KEY]);
        }
        let slow = slow_server().await;
        let err = base(&slow.uri())
            .api_key_query(KEY)
            .attempt_timeout(Duration::from_millis(100))
            .build()
            .unwrap()
            .download_file("f")
            .send()
            .await
            .unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a timeout (key in the query)", &err, &[KEY]);

        let err = base(&server.uri())
            .build()
            .unwrap()
            .get_fetch("f")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, fetchmedia::Error::MissingCredentials { .. }));
        check("MissingCredentials", &err, &[KEY]);

        // A key that cannot be a header value: the error names the header, not the value.
        let bad = "S3CR3T-fetchmedia\nxyz";
        for builder in [
            base(&server.uri()).bearer_auth(bad),
            base(&server.uri()).api_key_header(bad),
        ] {
            let err = builder
                .build()
                .unwrap()
                .get_fetch("f")
                .send()
                .await
                .unwrap_err();
            assert!(
                matches!(err, fetchmedia::Error::InvalidRequest { .. }),
                "{err:?}"
            );
            check("InvalidRequest", &err, &["S3CR3T-fetchmedia", "xyz"]);
        }
    }
}

mod toolsfast_redaction {
    use super::*;

    const KEY: &str = "fast_prod_S3CR3T-toolsfast-xyz";

    fn builder(url: &str) -> toolsfast::ClientBuilder {
        toolsfast::Client::builder()
            .base_url(url)
            .api_key_header(KEY)
            .retry_policy(toolsfast::RetryPolicy::none())
    }

    #[test]
    fn client_builder_and_credentials_debug() {
        let builder = builder("https://api.tools.fast");
        assert_no_secret_in("the builder", &format!("{builder:?} {builder:#?}"), &[KEY]);
        let client = builder.build().unwrap();
        assert_no_secret_in("the client", &format!("{client:?} {client:#?}"), &[KEY]);
        assert_no_secret_in(
            "an operation builder",
            &format!(
                "{:?}",
                client
                    .create_conversion("png")
                    .file(toolsfast::FilePart::bytes(&b"x"[..]))
            ),
            &[KEY],
        );
        let key = toolsfast::ApiKeyHeader::new(KEY);
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_secret_in("ApiKeyHeader", &shown, &[KEY]);
        let credentials = toolsfast::Credentials::new().with_api_key_header(key);
        assert_no_secret_in(
            "Credentials",
            &format!("{credentials:?} {credentials:#?}"),
            &[KEY],
        );
    }

    #[tokio::test]
    async fn errors_never_show_the_key() {
        let server = server_answering(
            401,
            json!({"error": "api_key.invalid_or_ip_not_allowed", "detail": "Invalid key"}),
        )
        .await;
        let client = builder(&server.uri()).build().unwrap();
        let err = client.get_convert_entitlements().send().await.unwrap_err();
        assert!(err.is_unauthorized());
        check("a 401", &err, &[KEY]);

        let err = builder(CLOSED)
            .build()
            .unwrap()
            .create_conversion("png")
            .file(toolsfast::FilePart::bytes(&b"data"[..]).file_name("a.jpg"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a transport error", &err, &[KEY]);

        let slow = slow_server().await;
        let err = builder(&slow.uri())
            .attempt_timeout(Duration::from_millis(100))
            .build()
            .unwrap()
            .get_conversion_job("j")
            .send()
            .await
            .unwrap_err();
        assert!(err.is_transport(), "{err:?}");
        check("a timeout", &err, &[KEY]);

        let err = toolsfast::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap()
            .get_conversion_job("j")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, toolsfast::Error::MissingCredentials { .. }));
        check("MissingCredentials", &err, &[KEY]);

        let err = toolsfast::Client::builder()
            .base_url(server.uri())
            .api_key_header("S3CR3T-toolsfast\r\nxyz")
            .build()
            .unwrap()
            .get_conversion_job("j")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, toolsfast::Error::InvalidRequest { .. }),
            "{err:?}"
        );
        check("InvalidRequest", &err, &["S3CR3T-toolsfast", "xyz"]);
    }
}
