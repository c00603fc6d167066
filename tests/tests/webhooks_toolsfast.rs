//! Tools.FAST's job webhooks (`x-webhooks` in its spec): the documented payload read into
//! `JobWebhookEvent`, unverified (its signature header is not documented where the crate
//! comes from, and the crate says so rather than guess).

use toolsfast::webhooks::{Event, WebhookError, parse_unverified};

/// The payload Tools.FAST's webhook docs show.
const SUCCEEDED: &[u8] = br#"{
  "event": "job.succeeded",
  "eventId": "019502a3-7c1e-7f8a-9b2d-4e6f8a1b3c5d",
  "jobId": "abc123",
  "jobType": "convert",
  "site": "convert.fast",
  "status": "Succeeded",
  "deliveryAttempt": 1,
  "output": {
    "fileName": "document.pdf",
    "contentType": "application/pdf",
    "fileCount": 1,
    "downloadUrl": "https://s1.convert.fast/api/convert/job/abc123/download?token=x",
    "expiresAt": "2026-02-27T10:00:00Z"
  },
  "metrics": {"inputBytes": 204800, "outputBytes": 51200, "creditCost": 1, "processingTimeMs": 1500},
  "completedAt": "2026-02-26T10:00:00Z"
}"#;

#[test]
fn the_documented_payload_is_typed() {
    let Event::JobSucceeded(job) = parse_unverified(SUCCEEDED).unwrap() else {
        panic!("not job.succeeded")
    };
    assert_eq!(job.job_id, "abc123");
    assert_eq!(job.event_id, "019502a3-7c1e-7f8a-9b2d-4e6f8a1b3c5d");
    assert_eq!(job.delivery_attempt, Some(1));
    let output = job.output.into_option().expect("an output");
    assert_eq!(output.file_name.as_deref(), Some("document.pdf"));
    assert_eq!(job.metrics.and_then(|m| m.credit_cost), Some(1));
}

#[test]
fn a_failed_job_and_an_unknown_event() {
    let failed =
        br#"{"event":"job.failed","eventId":"e2","jobId":"j2","status":"Failed","output":null}"#;
    let event = parse_unverified(failed).unwrap();
    assert_eq!(event.name(), "job.failed");
    assert!(matches!(event, Event::JobFailed(_)));
    let later = br#"{"event":"job.progress","eventId":"e3","jobId":"j3"}"#;
    assert!(matches!(
        parse_unverified(later).unwrap(),
        Event::Unknown { .. }
    ));
    let error = parse_unverified(br#"{"event":"job.failed"}"#).unwrap_err();
    assert!(matches!(error, WebhookError::Decode { .. }), "{error:?}");
}
