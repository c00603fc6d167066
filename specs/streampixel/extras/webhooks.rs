//! Typed payloads of the webhooks Streampixel sends as a build moves through its pipeline,
//! and of the `webhook.test` event.
//!
//! Every delivery is an HTTP `POST` with a JSON body, the same envelope for every event.
//! Parse the raw body with [`parse`]:
//!
//! ```
//! use streampixel::extras::webhooks::{self, Event};
//!
//! let body = br#"{"event":"build.approved","projectId":"p1","uploadId":"u1",
//!     "fileUrl":"https://example.com/build.zip","status":"Approved","objection":null,
//!     "timestamp":"2026-05-01T12:00:00.000Z"}"#;
//! let hook = webhooks::parse(body)?;
//! match hook.event {
//!     Event::BuildApproved => println!("build {:?} of {} is live", hook.upload_id, hook.project_id),
//!     Event::BuildRejected => println!("rejected: {:?}", hook.objection),
//!     other => println!("{other}: {}", hook.status),
//! }
//! # Ok::<(), webhooks::ParseError>(())
//! ```
//!
//! Streampixel does not sign its webhooks (and does not retry them): check that `project_id`
//! is one of yours, and keep the URL secret. Unknown events and unknown fields are accepted,
//! so a new pipeline stage does not break a handler.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The kind of a webhook. Open: an event this crate does not know is kept as
/// [`Event::Unknown`] with its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Event {
    /// `build.uploaded`: a build was accepted by `upload-file` and queued; the first event.
    BuildUploaded,
    /// `build.downloading`: the build file is being downloaded for processing.
    BuildDownloading,
    /// `build.extracting`: the build file is being extracted and scanned.
    BuildExtracting,
    /// `build.saving`: the build is being saved to the repository.
    BuildSaving,
    /// `build.distributing`: the build is being distributed to the streaming servers.
    BuildDistributing,
    /// `build.approved`: the build was reviewed and approved.
    BuildApproved,
    /// `build.rejected`: the build was rejected (see [`WebhookEvent::objection`]); no event
    /// follows for that build.
    BuildRejected,
    /// `webhook.test`: sent by the dashboard's Test button or by `test-webhook`.
    WebhookTest,
    /// An event this version of the crate does not know.
    Unknown(String),
}

impl Event {
    /// Every event Streampixel documents, in pipeline order, then `webhook.test`.
    pub const KNOWN: [Event; 8] = [
        Event::BuildUploaded,
        Event::BuildDownloading,
        Event::BuildExtracting,
        Event::BuildSaving,
        Event::BuildDistributing,
        Event::BuildApproved,
        Event::BuildRejected,
        Event::WebhookTest,
    ];

    /// The event's name as sent (`build.approved`).
    pub fn as_str(&self) -> &str {
        match self {
            Event::BuildUploaded => "build.uploaded",
            Event::BuildDownloading => "build.downloading",
            Event::BuildExtracting => "build.extracting",
            Event::BuildSaving => "build.saving",
            Event::BuildDistributing => "build.distributing",
            Event::BuildApproved => "build.approved",
            Event::BuildRejected => "build.rejected",
            Event::WebhookTest => "webhook.test",
            Event::Unknown(other) => other,
        }
    }

    /// True for the `build.*` events.
    pub fn is_build(&self) -> bool {
        self.as_str().starts_with("build.")
    }

    /// True for the events after which nothing more happens to a build: approved, rejected.
    pub fn is_final(&self) -> bool {
        matches!(self, Event::BuildApproved | Event::BuildRejected)
    }
}

impl From<&str> for Event {
    fn from(name: &str) -> Self {
        Event::KNOWN
            .into_iter()
            .find(|e| e.as_str() == name)
            .unwrap_or_else(|| Event::Unknown(name.to_string()))
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Event::from(name.as_ref()))
    }
}

/// One webhook delivery: the envelope every event shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// What happened.
    pub event: Event,
    /// The project the event belongs to.
    #[serde(rename = "projectId")]
    pub project_id: String,
    /// The build; `None` for events that fire before an upload exists.
    #[serde(rename = "uploadId", default)]
    pub upload_id: Option<String>,
    /// The build's source URL; may be `None` early in the pipeline.
    #[serde(rename = "fileUrl", default)]
    pub file_url: Option<String>,
    /// The raw pipeline status of the build (`pending`, `Approved`, `Reject`, ...).
    pub status: String,
    /// Why the build was rejected; only set on `build.rejected`.
    #[serde(default)]
    pub objection: Option<String>,
    /// When the event occurred (ISO 8601, as sent).
    pub timestamp: String,
}

/// A webhook body that is not a Streampixel webhook payload.
#[derive(Debug)]
pub struct ParseError(serde_json::Error);

impl ParseError {
    /// The line and column of the problem in the body (1-based).
    pub fn position(&self) -> (usize, usize) {
        (self.0.line(), self.0.column())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a Streampixel webhook payload: {}", self.0)
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Parses the raw body of a webhook request.
pub fn parse(body: &[u8]) -> Result<WebhookEvent, ParseError> {
    serde_json::from_slice(body).map_err(ParseError)
}
