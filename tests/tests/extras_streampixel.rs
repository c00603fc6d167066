//! Streampixel extras: typed webhook payloads, one sample per documented event.

use serde_json::{Value, json};
use streampixel::extras::webhooks::{self, Event, WebhookEvent};

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

fn parse(value: &Value) -> WebhookEvent {
    webhooks::parse(value.to_string().as_bytes()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

#[test]
fn every_documented_build_event_parses() {
    let cases = [
        ("build.uploaded", "pending", Event::BuildUploaded),
        ("build.downloading", "Downloading", Event::BuildDownloading),
        ("build.extracting", "Extracting", Event::BuildExtracting),
        ("build.saving", "Saving", Event::BuildSaving),
        ("build.distributing", "Distribute", Event::BuildDistributing),
        ("build.approved", "Approved", Event::BuildApproved),
    ];
    for (name, status, expected) in cases {
        let hook = parse(&payload(name, status));
        assert_eq!(hook.event, expected, "{name}");
        assert_eq!(hook.event.as_str(), name);
        assert_eq!(hook.event.to_string(), name);
        assert!(hook.event.is_build());
        assert_eq!(hook.project_id, "66f1c0ffee0000000000abcd");
        assert_eq!(hook.upload_id.as_deref(), Some("upl_123"));
        assert_eq!(
            hook.file_url.as_deref(),
            Some("https://cdn.example.com/builds/game.zip")
        );
        assert_eq!(hook.status, status);
        assert_eq!(hook.objection, None);
        assert_eq!(hook.timestamp, "2026-05-01T12:34:56.789Z");
        assert_eq!(hook.event.is_final(), name == "build.approved");
    }
}

#[test]
fn a_rejected_build_carries_the_objection() {
    let mut value = payload("build.rejected", "Reject");
    value["objection"] = json!("The build crashes on start");
    let hook = parse(&value);
    assert_eq!(hook.event, Event::BuildRejected);
    assert!(hook.event.is_final());
    assert_eq!(
        hook.objection.as_deref(),
        Some("The build crashes on start")
    );
}

#[test]
fn the_test_event_and_early_events_may_lack_upload_and_file() {
    let test = json!({
        "event": "webhook.test",
        "projectId": "p1",
        "uploadId": null,
        "fileUrl": null,
        "status": "test",
        "objection": null,
        "timestamp": "2026-05-01T00:00:00Z"
    });
    let hook = parse(&test);
    assert_eq!(hook.event, Event::WebhookTest);
    assert!(!hook.event.is_build());
    assert_eq!((hook.upload_id, hook.file_url), (None, None));

    // Nullable fields may also be missing altogether.
    let sparse = json!({"event": "build.uploaded", "projectId": "p1", "status": "pending",
        "timestamp": "2026-05-01T00:00:00Z"});
    let hook = parse(&sparse);
    assert_eq!(hook.event, Event::BuildUploaded);
    assert_eq!((hook.upload_id, hook.objection), (None, None));
}

#[test]
fn unknown_events_and_fields_are_kept_open() {
    let mut value = payload("build.archived", "Archived");
    value["region"] = json!("europe");
    let hook = parse(&value);
    assert_eq!(hook.event, Event::Unknown("build.archived".into()));
    assert_eq!(hook.event.as_str(), "build.archived");
    assert!(hook.event.is_build());
}

#[test]
fn every_known_event_round_trips() {
    assert_eq!(Event::KNOWN.len(), 8);
    for event in Event::KNOWN {
        assert_eq!(Event::from(event.as_str()), event);
        let hook = parse(&payload(event.as_str(), "x"));
        let back = serde_json::to_value(&hook).unwrap();
        assert_eq!(back["event"], event.as_str());
        assert_eq!(back["projectId"], "66f1c0ffee0000000000abcd");
        assert_eq!(parse(&back), hook);
    }
}

#[test]
fn bodies_that_are_not_webhooks_are_errors_with_a_position() {
    let err = webhooks::parse(b"{\"event\": \"build.saving\"}").unwrap_err();
    assert!(err.to_string().contains("projectId"), "{err}");
    let err = webhooks::parse(b"not json").unwrap_err();
    assert_eq!(err.position().0, 1);
    assert!(webhooks::parse(b"[]").is_err());
}
