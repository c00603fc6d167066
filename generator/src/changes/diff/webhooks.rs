//! The `webhooks` module: events a handler matches on, the payloads it reads, and how a
//! delivery is checked. `Event` is `#[non_exhaustive]` (a handler has a wildcard arm), so a
//! new event is compatible; a removed or retyped one, or a change to how events are told
//! apart or verified, breaks a handler that compiled or worked before.

use super::change::{Change, breaking, compatible};
use crate::changes::surface::WebhooksSurface;

pub fn webhooks(
    old: Option<&WebhooksSurface>,
    new: Option<&WebhooksSurface>,
    out: &mut Vec<Change>,
) {
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(_)) => {
            out.push(compatible("`webhooks` module added".to_string()));
            return;
        }
        (Some(_), None) => {
            out.push(breaking("`webhooks` module removed".to_string()));
            return;
        }
        (Some(old), Some(new)) => (old, new),
    };
    if old.event_field != new.event_field {
        out.push(breaking(format!(
            "webhook events are named by {} (was {})",
            field(&new.event_field),
            field(&old.event_field)
        )));
    }
    for (name, payload) in &old.events {
        match new.events.get(name) {
            None => out.push(breaking(format!("webhook event `{name}` removed"))),
            Some(now) if now != payload => out.push(breaking(format!(
                "webhook event `{name}` retyped: {payload} → {now}"
            ))),
            Some(_) => {}
        }
    }
    for (name, payload) in &new.events {
        if !old.events.contains_key(name) {
            out.push(compatible(format!(
                "webhook event `{name}` added: {payload}"
            )));
        }
    }
    if old.signature != new.signature {
        let words = |s: &Option<String>| s.clone().unwrap_or_else(|| "unsigned".to_string());
        out.push(breaking(format!(
            "webhook signatures: {} → {}",
            words(&old.signature),
            words(&new.signature)
        )));
    }
    if old.tolerance_seconds != new.tolerance_seconds {
        out.push(compatible(format!(
            "webhook timestamp tolerance: {} s → {} s",
            old.tolerance_seconds, new.tolerance_seconds
        )));
    }
}

fn field(field: &Option<String>) -> String {
    match field {
        Some(f) => format!("the body field `{f}`"),
        None => "nothing (one event)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn surface(events: &[(&str, &str)], signature: Option<&str>) -> WebhooksSurface {
        WebhooksSurface {
            event_field: Some("type".to_string()),
            events: events
                .iter()
                .map(|(n, p)| (n.to_string(), p.to_string()))
                .collect::<BTreeMap<_, _>>(),
            signature: signature.map(str::to_string),
            tolerance_seconds: 300,
        }
    }

    fn said(old: Option<&WebhooksSurface>, new: Option<&WebhooksSurface>) -> Vec<String> {
        let mut out = Vec::new();
        webhooks(old, new, &mut out);
        out.iter()
            .map(|c| {
                format!(
                    "{}: {}",
                    if c.breaking { "breaking" } else { "compatible" },
                    c.text
                )
            })
            .collect()
    }

    #[test]
    fn events_added_removed_and_retyped() {
        let old = surface(&[("a", "A(X)"), ("b", "B(Y)")], None);
        let new = surface(&[("a", "A(Z)"), ("c", "C(Y)")], None);
        assert_eq!(
            said(Some(&old), Some(&new)),
            [
                "breaking: webhook event `a` retyped: A(X) → A(Z)",
                "breaking: webhook event `b` removed",
                "compatible: webhook event `c` added: C(Y)",
            ]
        );
    }

    #[test]
    fn the_module_and_the_scheme() {
        let unsigned = surface(&[("a", "A(X)")], None);
        let signed = surface(&[("a", "A(X)")], Some("Standard Webhooks"));
        assert_eq!(
            said(None, Some(&unsigned)),
            ["compatible: `webhooks` module added"]
        );
        assert_eq!(
            said(Some(&unsigned), None),
            ["breaking: `webhooks` module removed"]
        );
        assert_eq!(
            said(Some(&unsigned), Some(&signed)),
            ["breaking: webhook signatures: unsigned → Standard Webhooks"]
        );
        assert!(said(Some(&signed), Some(&signed)).is_empty());
    }
}
