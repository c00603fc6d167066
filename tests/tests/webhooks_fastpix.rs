//! FastPix's webhooks: the events named in its docs and spec descriptions (added as
//! `x-webhooks` by `specs/fastpix/overlay.yaml`), each read into its typed payload after the
//! `FastPix-Signature` check (base64 HMAC-SHA256 of the raw body, keyed by the base64-decoded
//! signing secret). Signatures are computed here with the `hmac` crate, not by the crate.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fastpix::reqwest::header::{HeaderMap, HeaderValue};
use fastpix::webhooks::{Event, Secret, WebhookError, parse_unverified, verify_and_parse};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The signing secret's bytes; the dashboard shows them base64-encoded.
const KEY: &[u8] = b"fastpix webhook signing secret, 32+ bytes";

fn signed(key: &[u8], body: &[u8]) -> HeaderMap {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(body);
    let signature = STANDARD.encode(mac.finalize().into_bytes());
    let mut headers = HeaderMap::new();
    headers.insert(
        "FastPix-Signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    headers
}

fn secrets() -> [Secret; 1] {
    [Secret::new(&STANDARD.encode(KEY)).unwrap()]
}

const READY: &[u8] = br#"{
  "type": "video.media.ready",
  "id": "134b9d7b-5ed4-4193-8cfb-9ffae9cc296c",
  "workspace": {"name": "Development", "id": "ws_1"},
  "status": "ready",
  "data": {
    "id": "8a5a3e6e-4a2b-4d8e-9f3c-6b1f2a7c9d10",
    "workspaceId": "2f6b7c1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e",
    "maxResolution": "1080p",
    "metadata": {"key1": "value1"},
    "playbackIds": [{"id": "pb_1", "accessPolicy": "public"}],
    "frameRate": "30"
  },
  "attempts": []
}"#;

#[test]
fn a_signed_media_event_is_verified_and_typed() {
    let event =
        verify_and_parse(&signed(KEY, READY), READY, &secrets(), SystemTime::now()).unwrap();
    assert_eq!(event.name(), "video.media.ready");
    let Event::VideoMediaReady(ready) = event else {
        panic!("{event:?}")
    };
    assert_eq!(ready.id, "134b9d7b-5ed4-4193-8cfb-9ffae9cc296c");
    assert_eq!(ready.status.as_deref(), Some("ready"));
    assert_eq!(
        ready.workspace.and_then(|w| w.name).as_deref(),
        Some("Development")
    );
    let media = ready.data.expect("the media");
    assert_eq!(
        media.id.as_deref(),
        Some("8a5a3e6e-4a2b-4d8e-9f3c-6b1f2a7c9d10")
    );
    let playback = media.playback_ids.expect("playback ids");
    assert_eq!(playback[0].id.as_deref(), Some("pb_1"));
}

#[test]
fn a_tampered_or_unsigned_delivery_is_refused() {
    let headers = signed(KEY, READY);
    let tampered = String::from_utf8_lossy(READY).replace("1080p", "2160p");
    let error =
        verify_and_parse(&headers, tampered.as_bytes(), &secrets(), SystemTime::now()).unwrap_err();
    assert!(
        matches!(error, WebhookError::SignatureMismatch { .. }),
        "{error:?}"
    );
    let error =
        verify_and_parse(&HeaderMap::new(), READY, &secrets(), SystemTime::now()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "webhook: the `fastpix-signature` header is missing"
    );
    let other = [Secret::new(&STANDARD.encode(b"another workspace's secret")).unwrap()];
    assert!(verify_and_parse(&headers, READY, &other, SystemTime::now()).is_err());
    // A rotation: the old and the new secret together.
    let both = [other[0].clone(), secrets()[0].clone()];
    verify_and_parse(&headers, READY, &both, SystemTime::now()).unwrap();
    // The secret is base64, as the dashboard shows it.
    assert!(matches!(
        Secret::new("not base64!"),
        Err(WebhookError::InvalidSecret(_))
    ));
}

#[test]
fn live_stream_and_other_events_have_their_payloads() {
    let live = br#"{"type":"video.live_stream.created","id":"e2","data":{"streamId":"ls_1","status":"idle"}}"#;
    match parse_unverified(live).unwrap() {
        Event::VideoLiveStreamCreated(created) => {
            let stream = created.data.expect("the stream");
            assert_eq!(stream.stream_id.as_deref(), Some("ls_1"));
        }
        other => panic!("{other:?}"),
    }
    let track = br#"{"type":"video.media.track.ready","id":"e3","data":{"trackId":"t1"}}"#;
    match parse_unverified(track).unwrap() {
        Event::VideoMediaTrackReady(ready) => {
            let data = ready.data.expect("the data");
            assert_eq!(data.get("trackId").and_then(|v| v.as_str()), Some("t1"));
        }
        other => panic!("{other:?}"),
    }
    let future = br#"{"type":"video.media.teleported","id":"e4"}"#;
    assert!(matches!(
        parse_unverified(future).unwrap(),
        Event::Unknown { name, .. } if name == "video.media.teleported"
    ));
}
