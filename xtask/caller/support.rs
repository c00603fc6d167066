//! What a call did, as one JSON line: the crate's verdict (returned, refused before sending,
//! an error status, a body that did not decode, a transport failure, a panic, a timeout) and
//! every exchange the relay saw for it (request line, status, the mock's `sl-violations`).

use std::error::Error;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt;

use crate::api;
use crate::relay::Log;

/// What an operation's function returns: `Ok` when the call returned and its body was read.
pub type Outcome = Result<(), Box<dyn Error>>;

/// Limit for one call, over the crate's own limits (a stuck call must not stop the run).
const CALL_LIMIT: Duration = Duration::from_secs(30);

/// Longest error detail kept in a line.
const MAX_DETAIL: usize = 4000;

pub struct Recorder {
    log: Log,
    calls: usize,
}

impl Recorder {
    pub fn new(log: Log) -> Recorder {
        Recorder { log, calls: 0 }
    }

    /// How many calls were made.
    pub fn calls(&self) -> usize {
        self.calls
    }

    /// Runs one operation's call and prints its line:
    /// `{"operation","method","path","outcome","detail","exchanges":[{"request","status","violations"}]}`.
    pub async fn call(
        &mut self,
        operation: &str,
        method: &str,
        path: &str,
        call: impl Future<Output = Outcome>,
    ) {
        self.calls += 1;
        crate::relay::take(&self.log);
        let result = tokio::time::timeout(CALL_LIMIT, AssertUnwindSafe(call).catch_unwind()).await;
        let (outcome, detail) = match result {
            Err(_) => ("timeout", format!("no result in {} s", CALL_LIMIT.as_secs())),
            Ok(Err(panic)) => ("panic", panic_message(panic.as_ref())),
            Ok(Ok(Ok(()))) => ("ok", String::new()),
            Ok(Ok(Err(error))) => verdict(error.as_ref()),
        };
        let exchanges = crate::relay::take(&self.log);
        let line = serde_json::json!({
            "operation": operation,
            "method": method,
            "path": path,
            "outcome": outcome,
            "detail": capped(&detail),
            "exchanges": exchanges,
        });
        println!("{line}");
    }
}

/// The kind of failure and its message.
fn verdict(error: &(dyn Error + 'static)) -> (&'static str, String) {
    let Some(error) = error.downcast_ref::<api::Error>() else {
        // Building an argument failed (a nested value decoded from JSON).
        return ("arguments", error.to_string());
    };
    let kind = match error {
        api::Error::Config { .. }
        | api::Error::InvalidRequest { .. }
        | api::Error::MissingCredentials { .. } => "refused",
        api::Error::Api(e) => {
            return ("status", format!("{}: {}", e.status(), e.text()));
        }
        api::Error::Decode { .. } => "decode",
        _ => "transport",
    };
    (kind, error.to_string())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic without a message".to_string())
}

fn capped(text: &str) -> String {
    match text.char_indices().nth(MAX_DETAIL) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
