//! Streampixel's webhooks, generated from the `x-webhooks` of its spec (they were hand-written
//! extras): one sample per documented event, read by `webhooks::parse_unverified` (Streampixel
//! signs nothing, so there is nothing to verify).

use serde_json::{Value, json};
use streampixel::types::{BuildWebhookEvent, BuildWebhookEventEvent, Nullable};
use streampixel::webhooks::{self, Event, WebhookError};

/// A payload as Streampixel sends it, for `event` with the given pipeline `status`.
fn payload(event: &str, status: &str) -> Value {
    json!({
        "event": event,
        "projectId": "66f1c0ffee0000000000abcd",
        "uploadId": "upl_123",
        "fileUrl": "https://cdn.example.com/builds/game.zip",
        "status": status,
        "objection": null,
        "timestamp": "2026-05-01T12:34:56.789Z"
    })
}

fn parse(value: &Value) -> Event {
    webhooks::parse_unverified(value.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// The payload of any known event (they share one type).
fn body(event: Event) -> BuildWebhookEvent {
    match event {
        Event::BuildUploaded(b)
        | Event::BuildDownloading(b)
        | Event::BuildExtracting(b)
        | Event::BuildSaving(b)
        | Event::BuildDistributing(b)
        | Event::BuildApproved(b)
        | Event::BuildRejected(b)
        | Event::WebhookTest(b) => b,
        other => panic!("not a known event: {other:?}"),
    }
}

/// Whether an event is one variant.
type IsVariant = fn(&Event) -> bool;

#[test]
fn every_documented_event_is_its_own_variant() {
    let cases: [(&str, &str, IsVariant); 8] = [
        ("build.uploaded", "pending", |e| {
            matches!(e, Event::BuildUploaded(_))
        }),
        ("build.downloading", "Downloading", |e| {
            matches!(e, Event::BuildDownloading(_))
        }),
        ("build.extracting", "Extracting", |e| {
            matches!(e, Event::BuildExtracting(_))
        }),
        ("build.saving", "Saving", |e| {
            matches!(e, Event::BuildSaving(_))
        }),
        ("build.distributing", "Distribute", |e| {
            matches!(e, Event::BuildDistributing(_))
        }),
        ("build.approved", "Approved", |e| {
            matches!(e, Event::BuildApproved(_))
        }),
        ("build.rejected", "Reject", |e| {
            matches!(e, Event::BuildRejected(_))
        }),
        ("webhook.test", "test", |e| {
            matches!(e, Event::WebhookTest(_))
        }),
    ];
    for (name, status, is) in cases {
        let event = parse(&payload(name, status));
        assert!(is(&event), "{name}: {event:?}");
        assert_eq!(event.name(), name);
        let hook = body(event);
        assert_eq!(hook.event.as_str(), name);
        assert_eq!(hook.project_id, "66f1c0ffee0000000000abcd");
        assert_eq!(hook.upload_id, Nullable::Value("upl_123".to_string()));
        assert_eq!(
            hook.file_url,
            Nullable::Value("https://cdn.example.com/builds/game.zip".to_string())
        );
        assert_eq!(hook.status, status);
        assert_eq!(hook.objection, Nullable::Null);
        assert_eq!(hook.timestamp, "2026-05-01T12:34:56.789Z");
    }
}

#[test]
fn a_rejected_build_carries_the_objection() {
    let mut value = payload("build.rejected", "Reject");
    value["objection"] = json!("The build crashes on start");
    let Event::BuildRejected(hook) = parse(&value) else {
        panic!("not a rejection")
    };
    assert_eq!(hook.event, BuildWebhookEventEvent::BuildRejected);
    assert_eq!(
        hook.objection,
        Nullable::Value("The build crashes on start".to_string())
    );
}

#[test]
fn early_events_may_lack_upload_and_file() {
    // Nullable fields may be null or missing altogether.
    let sparse = json!({"event": "build.uploaded", "projectId": "p1", "status": "pending",
        "timestamp": "2026-05-01T00:00:00Z"});
    let hook = body(parse(&sparse));
    assert_eq!(hook.upload_id, Nullable::Absent);
    assert_eq!(hook.objection, Nullable::Absent);
}

#[test]
fn unknown_events_keep_their_name_and_body_and_unknown_fields_are_ignored() {
    let mut value = payload("build.archived", "Archived");
    value["region"] = json!("europe");
    let text = value.to_string();
    match webhooks::parse_unverified(text.as_bytes()).unwrap() {
        Event::Unknown { name, body } => {
            assert_eq!(name, "build.archived");
            assert_eq!(body.as_ref(), text.as_bytes());
        }
        other => panic!("{other:?}"),
    }
    let mut known = payload("build.saving", "Saving");
    known["region"] = json!("europe");
    assert!(matches!(parse(&known), Event::BuildSaving(_)));
}

#[test]
fn every_known_event_round_trips() {
    for name in ["build.uploaded", "build.approved", "webhook.test"] {
        let hook = body(parse(&payload(name, "x")));
        let back = serde_json::to_value(&hook).unwrap();
        assert_eq!(back["event"], name);
        assert_eq!(back["projectId"], "66f1c0ffee0000000000abcd");
        assert_eq!(body(parse(&back)), hook);
    }
}

#[test]
fn bodies_that_are_not_webhooks_are_errors() {
    let error = webhooks::parse_unverified(b"{\"event\": \"build.saving\"}").unwrap_err();
    match &error {
        WebhookError::Decode { event, source } => {
            assert_eq!(event, "build.saving");
            assert!(source.to_string().contains("projectId"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    let error = webhooks::parse_unverified(b"not json").unwrap_err();
    assert!(
        matches!(error, WebhookError::NoEventName { field: "event", .. }),
        "{error:?}"
    );
    assert!(webhooks::parse_unverified(b"[]").is_err());
    assert!(webhooks::parse_unverified(b"{\"event\": 1}").is_err());
}
