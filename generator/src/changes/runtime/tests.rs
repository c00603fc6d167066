//! Unit tests of the runtime surface reader.

use super::*;

#[test]
fn reads_what_a_caller_can_reach() {
    let lib = "mod error; pub mod mock; pub use error::{Error, TimeLimit}; pub use reqwest;";
    let error = r#"
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Error {
            Timeout { after: Duration, limit: TimeLimit },
            Api(Box<ApiError>),
        }
        pub enum TimeLimit { Attempt }
        pub struct Hidden;
        impl Error {
            pub fn attempts(&self) -> u32 { 0 }
            pub(crate) fn with_attempts(self, n: u32) -> Self { self }
        }
        impl From<ApiError> for Error { fn from(e: ApiError) -> Error { todo() } }
        impl Hidden { pub fn no(&self) {} }
    "#;
    let mock =
        "pub struct Mock { inner: u8 } impl Mock { pub fn new() -> Mock { Mock { inner: 0 } } }";
    let surface = of_sources([
        ("src/lib.rs", lib),
        ("src/error.rs", error),
        ("src/mock.rs", mock),
    ]);
    let keys: Vec<&str> = surface.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "Error",
            "Error: Clone",
            "Error: Debug",
            "Error: From<ApiError>",
            "Error::Api",
            "Error::Api.0",
            "Error::Timeout",
            "Error::Timeout.after",
            "Error::Timeout.limit",
            "Error::attempts",
            "TimeLimit",
            "TimeLimit::Attempt",
            "mock",
            "mock::Mock",
            "mock::Mock::new",
            "reqwest",
        ]
    );
    assert_eq!(surface["Error"], "enum #[non_exhaustive]");
    assert_eq!(surface["Error::Api.0"], "Box<ApiError>");
    assert_eq!(surface["Error::attempts"], "fn attempts(&self) -> u32");
}

#[test]
fn reads_the_methods_of_every_request_builder() {
    let lib = "mod transport; pub use transport::CallOptions;";
    let transport = r#"
        pub struct CallOptions { pub attempt_timeout: Option<Duration>, private: u8 }
        macro_rules! builder_methods {
            () => {
                pub fn with_attempt_timeout(mut self, timeout: std::time::Duration) -> Self { self }
                pub fn send_raw(self) -> $crate::transport::Pending<$crate::transport::RawResponse> { todo() }
                fn hidden(self) {}
            };
        }
    "#;
    let operations = "impl Client { pub fn get(&self) -> GetBuilder<'_> { todo() } }\npub struct GetBuilder<'a> {\n    client: &'a Client,\n}\n";
    let surface = of_sources([
        ("src/lib.rs", lib),
        ("src/transport.rs", transport),
        ("src/operations.rs", operations),
    ]);
    assert_eq!(surface["<request builders>"], "struct<'a>");
    assert_eq!(surface["CallOptions.attempt_timeout"], "Option<Duration>");
    assert!(!surface.contains_key("CallOptions.private"));
    assert_eq!(
        surface["<request builders>::with_attempt_timeout"],
        "fn with_attempt_timeout(self, timeout: std::time::Duration) -> Self"
    );
    assert_eq!(
        surface["<request builders>::send_raw"],
        "fn send_raw(self) -> crate::transport::Pending<crate::transport::RawResponse>"
    );
    assert!(!surface.contains_key("<request builders>::hidden"));
}
