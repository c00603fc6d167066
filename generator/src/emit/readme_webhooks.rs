//! The README's "Webhooks" section: the events the crate reads, how a delivery is checked
//! (or why it cannot be), and a compiled example.

use std::fmt::Write as _;

use super::examples::doctest;
use crate::model::Api;
use crate::model::webhooks::{Signature, Webhooks};

pub fn section(out: &mut String, api: &Api) {
    let Some(hooks) = &api.webhooks else {
        return;
    };
    let lib = &api.lib;
    let _ = writeln!(out, "## Webhooks\n");
    let told = match &hooks.event_field {
        Some(field) => format!(
            "told apart by the body's `{field}` field; an event this version does not know is `Event::Unknown`, with its name and raw body"
        ),
        None => "every delivery is this one event".to_string(),
    };
    let _ = writeln!(
        out,
        "`{lib}::webhooks` reads the deliveries the API sends to your endpoint into one `Event` enum ({told}):\n"
    );
    let _ = writeln!(out, "| event | payload |\n|---|---|");
    for event in &hooks.events {
        let payload = event.payload.named().unwrap_or("JSON");
        let _ = writeln!(out, "| `{}` | `{payload}` |", event.name);
    }
    out.push('\n');
    let _ = writeln!(out, "{}\n", checking(hooks));
    let _ = writeln!(out, "{}", doctest(lib, false, &example(lib, hooks)));
}

fn checking(hooks: &Webhooks) -> String {
    let tolerance = hooks.tolerance_seconds;
    match &hooks.signature {
        Some(Signature::StandardWebhooks) => format!(
            "Deliveries are signed as [Standard Webhooks](https://www.standardwebhooks.com/) says (`webhook-id`, `webhook-timestamp`, `webhook-signature`). `verify_and_parse` checks the signature against the raw body before reading it, refuses a timestamp more than {tolerance} s from now (a replay), compares in constant time, and accepts any of several secrets (hold the old and the new one during a rotation). Its errors say which check failed and never show a secret. `parse_unverified` reads a body without those checks, as its name says: for tests, or a body already verified."
        ),
        Some(Signature::Hmac {
            header,
            timestamp_header,
            ..
        }) => {
            let signed = match timestamp_header {
                Some(stamp) => format!(
                    "the `{stamp}` header and the body; a timestamp more than {tolerance} s from now is refused (a replay)"
                ),
                None => "the body alone (no timestamp is signed, so a delivery can be replayed: make handling an event twice harmless)".to_string(),
            };
            format!(
                "Deliveries carry an HMAC-SHA256 signature in `{header}` over {signed}. `verify_and_parse` checks it against the raw body before reading it, compares in constant time, and accepts any of several secrets (hold the old and the new one during a rotation). Its errors say which check failed and never show a secret. `parse_unverified` reads a body without the check, as its name says."
            )
        }
        None => format!(
            "{} So the crate cannot check who sent a delivery: `parse_unverified` reads the body and says so in its name. Treat what it returns as untrusted (look objects up through the API before acting on them) and keep the endpoint's URL secret.",
            unverified(hooks)
        ),
    }
}

/// Why deliveries cannot be verified, as a sentence.
pub fn unverified(hooks: &Webhooks) -> String {
    match &hooks.unverified_reason {
        Some(reason) => format!("{}.", reason.trim().trim_end_matches('.')),
        None => "The provider documents no signature scheme for its webhooks.".to_string(),
    }
}

fn example(lib: &str, hooks: &Webhooks) -> String {
    let first = &hooks.events[0];
    let setup = format!(
        "# let headers = {lib}::reqwest::header::HeaderMap::new();\n# let body: Vec<u8> = Vec::new();\n"
    );
    let call = match hooks.signature {
        Some(_) => {
            "// `headers` and `body`: the delivery as your server received it (the body's raw bytes).\nlet secrets = [webhooks::Secret::new(&std::env::var(\"WEBHOOK_SECRET\")?)?];\nlet event = webhooks::verify_and_parse(&headers, &body, &secrets, std::time::SystemTime::now())?;\n"
        }
        None => {
            "# let _ = &headers;\n// `body`: the delivery's raw bytes, as your server received them.\nlet event = webhooks::parse_unverified(&body)?;\n"
        }
    };
    format!(
        "use {lib}::webhooks::{{self, Event}};\n{setup}{call}match event {{\n    Event::{variant}(payload) => println!(\"{name}: {{payload:?}}\"),\n    Event::Unknown {{ name, .. }} => println!(\"an event this crate does not know: {{name}}\"),\n    other => println!(\"{{}}\", other.name()),\n}}",
        variant = first.variant,
        name = first.name,
    )
}
