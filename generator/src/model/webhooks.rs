//! The types webhooks refer to. Webhooks (OpenAPI 3.1 `webhooks`, or the `x-webhooks`
//! extension GitHub uses) describe requests the API sends to its users; the types only they
//! use go behind the crate's `webhooks` cargo feature (see [`super::features`]).

use std::collections::BTreeSet;

use serde_json::Value;

use super::TypeRef;
use super::schema::{COMPONENTS, TypeBuilder, unescape};
use crate::load::Spec;

/// The cargo feature gated types need.
pub const FEATURE: &str = "webhooks";

/// The crate's `webhooks` module (built by [`super::webhook_events`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The top-level body field whose text names the event; `None` with a single event
    /// (every body is that event).
    pub event_field: Option<String>,
    /// Sorted by name, names unique.
    pub events: Vec<WebhookEvent>,
    /// How deliveries are signed; `None`: the provider documents no scheme.
    pub signature: Option<Signature>,
    /// How far a signed timestamp may be from the receiver's clock.
    pub tolerance_seconds: u64,
    /// Without a signature: why deliveries cannot be verified (provider.toml's words).
    pub unverified_reason: Option<String>,
    /// The cargo feature the module needs, if the crate gates webhooks.
    pub feature: Option<String>,
}

/// One event: its name on the wire, its variant and its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    pub name: String,
    /// The `Event` variant (`UpperCamelCase`).
    pub variant: String,
    pub payload: TypeRef,
    pub docs: super::Docs,
    /// The webhook's key in the spec.
    pub key: String,
}

/// A signature scheme (provider.toml's `[webhooks.signature]`), header names in lower case.
#[derive(Debug, Clone, PartialEq)]
pub enum Signature {
    StandardWebhooks,
    Hmac {
        header: String,
        prefix: String,
        /// Hex, else base64.
        hex: bool,
        timestamp_header: Option<String>,
        separator: String,
        secret: KeyEncoding,
    },
}

/// How a signing secret's text becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEncoding {
    /// The text's own bytes.
    Text,
    Hex,
    Base64,
}

/// The named types the spec's webhooks refer to (component schemas only: inline webhook
/// schemas are not generated).
pub fn roots(spec: &Spec, types: &TypeBuilder<'_>) -> Vec<String> {
    let mut refs = BTreeSet::new();
    for key in ["webhooks", "x-webhooks"] {
        if let Some(hooks) = spec.root.get(key) {
            collect_refs(hooks, &mut refs);
        }
    }
    refs.iter()
        .filter_map(|r| r.strip_prefix(COMPONENTS))
        .filter_map(|key| match types.component(&unescape(key)) {
            Some(TypeRef::Named(name)) => Some(name),
            _ => None,
        })
        .collect()
}

fn collect_refs<'v>(value: &'v Value, out: &mut BTreeSet<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        out.insert(r);
                    }
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
