//! The crate's `webhooks` module: each webhook the spec describes (3.1 `webhooks`, 3.0
//! `x-webhooks`, an operation's `callbacks`) is an event whose JSON body is a type, told apart
//! by the text of one body field (provider.toml's `[webhooks] event_field`, or the payloads'
//! shared `discriminator.propertyName`), and checked by the signature scheme provider.toml
//! names.
//!
//! An event's name is the single value its payload allows in that field (`enum` of one,
//! `const`), else the webhook's key. A webhook without a JSON body, or whose name another
//! already has, is left out and listed; so is the whole module when several events have no
//! field to tell them apart.

use serde_json::Value;

use super::naming::{self, Namer};
use super::operation::{ContentView, OperationView, is_json};
use super::schema::TypeBuilder;
use super::schema_view::SchemaView;
use super::webhooks::{KeyEncoding, Signature, WebhookEvent, Webhooks};
use super::{Docs, Skip};
use crate::config::{SecretEncoding, SignatureConfig, SignatureEncoding, WebhooksConfig};
use crate::diagnostic::{Diagnostic, join};
use crate::load::Spec;

/// Seconds a signed timestamp may be from the receiver's clock unless provider.toml says.
const TOLERANCE_SECONDS: u64 = 300;

const METHODS: [&str; 8] = [
    "post", "put", "patch", "get", "delete", "head", "options", "trace",
];

/// A webhook as the spec writes it: its key, where it is, and its operation.
struct Hook<'s> {
    /// Where the map of webhooks (or the operation's callbacks) is.
    container: String,
    key: String,
    pointer: String,
    operation: &'s Value,
}

/// The events, or `None` when the spec describes no webhook (or none that can be typed, or
/// they cannot be told apart, which `skipped` then says).
pub fn build<'s>(
    spec: &'s Spec,
    config: &WebhooksConfig,
    types: &mut TypeBuilder<'s>,
    skipped: &mut Vec<Skip>,
) -> Option<Webhooks> {
    let hooks = hooks(spec);
    if hooks.is_empty() {
        return None;
    }
    // A flaw local to one webhook (a dangling `$ref`, a schema too deep) leaves that webhook
    // out, listed with its reason; it never fails the spec.
    let left_out = |hook: &Hook<'_>, reason: String| Skip {
        what: format!("webhook `{}`", hook.key),
        pointer: hook.pointer.clone(),
        reason,
    };
    let mut payloads = Vec::new();
    for hook in &hooks {
        match payload(spec, hook) {
            Ok(Some(schema)) => payloads.push((hook, schema)),
            Ok(None) => skipped.push(left_out(hook, "it has no JSON request body to type".into())),
            Err(diagnostic) => skipped.push(left_out(hook, diagnostic.message)),
        }
    }
    let field = match &config.event_field {
        Some(field) => Some(field.clone()),
        None => shared_discriminator(spec, &payloads).unwrap_or(None),
    };
    if field.is_none() && payloads.len() > 1 {
        skipped.push(Skip {
            what: "the `webhooks` module".to_string(),
            pointer: hooks[0].container.clone(),
            reason: format!(
                "{} webhooks and no body field that names the event: set `[webhooks] \
                 event_field` in provider.toml",
                payloads.len()
            ),
        });
        return None;
    }
    let mut events: Vec<WebhookEvent> = Vec::new();
    for (hook, schema) in payloads {
        let pinned = match &field {
            Some(field) => pinned_value(spec, &schema, field),
            None => Ok(None),
        };
        let name = match pinned {
            Ok(pinned) => pinned.unwrap_or_else(|| hook.key.clone()),
            Err(diagnostic) => {
                skipped.push(left_out(hook, diagnostic.message));
                continue;
            }
        };
        if events.iter().any(|e| e.name == name) {
            skipped.push(Skip {
                what: format!("webhook `{}`", hook.key),
                pointer: hook.pointer.clone(),
                reason: format!("another webhook is already the event `{name}`"),
            });
            continue;
        }
        let hint = format!("{}Webhook", naming::camel(&hook.key));
        let payload = match types.type_of(&schema, &hint) {
            Ok((payload, _)) => payload,
            Err(diagnostic) => {
                skipped.push(left_out(hook, diagnostic.message));
                continue;
            }
        };
        events.push(WebhookEvent {
            name,
            variant: String::new(),
            payload,
            docs: docs(hook.operation),
            key: hook.key.clone(),
        });
    }
    if events.is_empty() {
        return None;
    }
    events.sort_by(|a, b| a.name.cmp(&b.name));
    let mut variants = Namer::with_reserved(&["Unknown"]);
    for event in &mut events {
        let wanted = naming::camel(&event.name);
        event.variant = variants.claim(if wanted.is_empty() { "Event" } else { &wanted });
    }
    Some(Webhooks {
        event_field: field,
        events,
        signature: config.signature.as_ref().map(signature),
        tolerance_seconds: config.tolerance_seconds.unwrap_or(TOLERANCE_SECONDS),
        unverified_reason: config.unverified_reason.clone(),
        feature: None,
    })
}

/// Every webhook, callback included, in the order of the document's maps.
fn hooks(spec: &Spec) -> Vec<Hook<'_>> {
    let mut out = Vec::new();
    for key in ["webhooks", "x-webhooks"] {
        let Some(map) = spec.root.get(key).and_then(Value::as_object) else {
            continue;
        };
        for (name, item) in map {
            let container = format!("/{key}");
            operations_of(&mut out, name, item, (&container, &join(&container, name)));
        }
    }
    let paths = spec.root.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let at = join("/paths", path);
        for method in METHODS {
            let callbacks = item.get(method).and_then(|op| op.get("callbacks"));
            let Some(callbacks) = callbacks.and_then(Value::as_object) else {
                continue;
            };
            let at = join(&join(&at, method), "callbacks");
            for (name, expressions) in callbacks {
                let Some(expressions) = expressions.as_object() else {
                    continue;
                };
                for (expression, item) in expressions {
                    let here = join(&join(&at, name), expression);
                    operations_of(&mut out, name, item, (&at, &here));
                }
            }
        }
    }
    out
}

/// The operations of one path item: the webhook's key stays its own with one operation, and
/// gets the method after it with several.
fn operations_of<'s>(
    out: &mut Vec<Hook<'s>>,
    key: &str,
    item: &'s Value,
    (container, at): (&str, &str),
) {
    let ops: Vec<(&str, &Value)> = METHODS
        .iter()
        .filter_map(|m| item.get(*m).map(|op| (*m, op)))
        .collect();
    let several = ops.len() > 1;
    for (method, operation) in ops {
        out.push(Hook {
            container: container.to_string(),
            key: if several {
                format!("{key}-{method}")
            } else {
                key.to_string()
            },
            pointer: join(at, method),
            operation,
        });
    }
}

/// The JSON schema of a webhook's body, read as an operation's request body is.
fn payload<'s>(spec: &'s Spec, hook: &Hook<'s>) -> Result<Option<SchemaView<'s>>, Diagnostic> {
    let Some(body) = OperationView::new(hook.operation).get("requestBody") else {
        return Ok(None);
    };
    let (body, at) = spec
        .resolver()
        .resolve(body, &join(&hook.pointer, "requestBody"))?;
    let body = ContentView::new(body, at);
    let json = body
        .media_types()
        .unwrap_or_default()
        .into_iter()
        .find(|m| is_json(m));
    Ok(json
        .filter(|media| body.schema_value(media).is_some())
        .map(|media| body.schema(media)))
}

/// The discriminator property every payload names, if they all name the same one.
fn shared_discriminator(
    spec: &Spec,
    payloads: &[(&Hook<'_>, SchemaView<'_>)],
) -> Result<Option<String>, Diagnostic> {
    let mut shared: Option<String> = None;
    for (_, schema) in payloads {
        let (value, at) = spec.resolver().resolve(schema.value(), schema.pointer())?;
        let (property, _) = SchemaView::new(value, at).discriminator();
        match (&shared, property) {
            (_, None) => return Ok(None),
            (None, Some(p)) => shared = Some(p),
            (Some(s), Some(p)) if *s == p => {}
            (Some(_), Some(_)) => return Ok(None),
        }
    }
    Ok(shared)
}

/// The one text the payload allows in `field` (`enum: [x]` or `const: x`), if so.
fn pinned_value(
    spec: &Spec,
    schema: &SchemaView<'_>,
    field: &str,
) -> Result<Option<String>, Diagnostic> {
    let (value, at) = spec.resolver().resolve(schema.value(), schema.pointer())?;
    let view = SchemaView::new(value, at);
    let Some((_, property)) = view
        .properties()
        .into_iter()
        .find(|(wire, _)| *wire == field)
    else {
        return Ok(None);
    };
    let (property, _) = spec
        .resolver()
        .resolve(property.value(), property.pointer())?;
    let only = match (
        property.get("const"),
        property.get("enum").and_then(Value::as_array),
    ) {
        (Some(Value::String(text)), _) => Some(text.clone()),
        (_, Some(values)) if values.len() == 1 => values[0].as_str().map(str::to_string),
        _ => None,
    };
    Ok(only)
}

fn docs(operation: &Value) -> Docs {
    let operation = OperationView::new(operation);
    Docs {
        summary: operation.summary().map(str::to_string),
        description: operation.description().map(str::to_string),
        deprecated: operation.deprecated(),
        ..Docs::default()
    }
}

fn signature(config: &SignatureConfig) -> Signature {
    match config {
        SignatureConfig::StandardWebhooks => Signature::StandardWebhooks,
        SignatureConfig::HmacSha256 {
            header,
            encoding,
            prefix,
            timestamp_header,
            separator,
            secret_encoding,
        } => Signature::Hmac {
            header: header.to_ascii_lowercase(),
            prefix: prefix.clone(),
            hex: *encoding == SignatureEncoding::Hex,
            timestamp_header: timestamp_header.as_ref().map(|h| h.to_ascii_lowercase()),
            separator: separator.clone().unwrap_or_else(|| ".".to_string()),
            secret: match secret_encoding {
                SecretEncoding::Text => KeyEncoding::Text,
                SecretEncoding::Hex => KeyEncoding::Hex,
                SecretEncoding::Base64 => KeyEncoding::Base64,
            },
        },
    }
}

/// The payload types, for the feature that gates them.
pub fn payload_types(webhooks: &Webhooks) -> Vec<String> {
    webhooks
        .events
        .iter()
        .filter_map(|e| e.payload.named().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn spec(root: Value) -> Spec {
        Spec {
            path: "openapi.yaml".into(),
            root,
            origins: Default::default(),
            overlay: None,
        }
    }

    fn hook(schema: Value) -> Value {
        json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}})
    }

    fn events(root: Value, config: &WebhooksConfig) -> (Option<Webhooks>, Vec<Skip>) {
        let spec = spec(root);
        let mut types = TypeBuilder::new(&spec);
        let mut skipped = Vec::new();
        let hooks = build(&spec, config, &mut types, &mut skipped);
        (hooks, skipped)
    }

    fn names(hooks: &Option<Webhooks>) -> Vec<(&str, &str)> {
        let events = hooks
            .as_ref()
            .map(|h| h.events.as_slice())
            .unwrap_or_default();
        events
            .iter()
            .map(|e| (e.name.as_str(), e.variant.as_str()))
            .collect()
    }

    /// A webhook whose payload cannot be typed (here: nested past the limit) is left out and
    /// listed; the others are still generated. It used to fail the whole spec.
    #[test]
    fn a_webhook_that_cannot_be_typed_is_left_out_not_fatal() {
        let mut deep = json!({"type": "string"});
        for _ in 0..70 {
            deep = json!({"type": "object", "properties": {"inner": deep}});
        }
        let root = json!({"webhooks": {
            "a.done": hook(json!({"type": "object", "properties": {"type": {"type": "string"}}})),
            "b.deep": hook(deep),
        }});
        let config = WebhooksConfig {
            event_field: Some("type".into()),
            ..WebhooksConfig::default()
        };
        let (hooks, skipped) = events(root, &config);
        assert_eq!(names(&hooks), [("a.done", "ADone")]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].what, "webhook `b.deep`");
        assert_eq!(skipped[0].pointer, "/webhooks/b.deep/post");
        assert!(
            skipped[0].reason.contains("nests too deeply"),
            "{:?}",
            skipped[0]
        );
    }

    /// Names come from a pinned value of the shared discriminator, else from the key;
    /// variants are unique and never `Unknown`.
    #[test]
    fn names_from_the_discriminator_or_the_key() {
        let payload = |kind: Value| {
            json!({"type": "object", "discriminator": {"propertyName": "kind"},
                   "properties": {"kind": kind}})
        };
        let root = json!({"x-webhooks": {
            "first": hook(payload(json!({"type": "string", "enum": ["job.done"]}))),
            "second": hook(payload(json!({"type": "string", "const": "unknown"}))),
            "third": hook(payload(json!({"type": "string"}))),
        }});
        let (hooks, skipped) = events(root, &WebhooksConfig::default());
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(hooks.as_ref().unwrap().event_field.as_deref(), Some("kind"));
        assert_eq!(
            names(&hooks),
            [
                ("job.done", "JobDone"),
                ("third", "Third"),
                ("unknown", "Unknown2")
            ]
        );
    }

    /// Several webhooks and nothing to tell them apart: no module, and the README says what to
    /// set; two webhooks with one name keep the first.
    #[test]
    fn untold_apart_or_same_name() {
        let plain = json!({"type": "object"});
        let root = json!({"webhooks": {"a": hook(plain.clone()), "b": hook(plain.clone())}});
        let (hooks, skipped) = events(root, &WebhooksConfig::default());
        assert!(hooks.is_none());
        assert_eq!(skipped[0].pointer, "/webhooks");
        assert!(skipped[0].reason.contains("event_field"), "{skipped:?}");

        let pinned = json!({"type": "object", "properties": {"t": {"const": "same"}}});
        let root = json!({"webhooks": {"a": hook(pinned.clone()), "b": hook(pinned)}});
        let config = WebhooksConfig {
            event_field: Some("t".into()),
            ..WebhooksConfig::default()
        };
        let (hooks, skipped) = events(root, &config);
        assert_eq!(names(&hooks), [("same", "Same")]);
        assert_eq!(skipped[0].what, "webhook `b`");
    }
}
