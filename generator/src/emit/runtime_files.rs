//! The hand-written runtime (`src/runtime/`), copied into each crate. Lines between
//! `// runtime:if FEATURE` and `// runtime:end` are kept only when the crate needs FEATURE,
//! so a crate without uploads does not depend on reqwest's multipart support.

use crate::model::Api;

const ERROR: &str = include_str!("../runtime/error.rs");
const ERROR_TEXT: &str = include_str!("../runtime/error_text.rs");
const TRANSPORT: &str = include_str!("../runtime/transport.rs");
const CALL: &str = include_str!("../runtime/call.rs");
const REQUEST: &str = include_str!("../runtime/request.rs");
const PARAMS: &str = include_str!("../runtime/params.rs");
const REDIRECT: &str = include_str!("../runtime/redirect.rs");
const RESPONSE: &str = include_str!("../runtime/response.rs");
const RETRY: &str = include_str!("../runtime/retry.rs");
const MULTIPART: &str = include_str!("../runtime/multipart.rs");
const DOWNLOAD: &str = include_str!("../runtime/download.rs");
const LINES: &str = include_str!("../runtime/lines.rs");
const SSE: &str = include_str!("../runtime/sse.rs");
const PAGINATION: &str = include_str!("../runtime/pagination.rs");
const AUTHORIZE: &str = include_str!("../runtime/authorize.rs");
const NULLABLE: &str = include_str!("../runtime/nullable.rs");
const SIGNING: &str = include_str!("../runtime/signing.rs");
const MOCK: &str = include_str!("../runtime/mock.rs");
const MOCK_FAILURES: &str = include_str!("../runtime/mock_failures.rs");
const DE: &str = include_str!("../runtime/de.rs");
const WEBHOOK_SIGNATURE: &str = include_str!("../runtime/webhook_signature.rs");
const OAUTH2: &str = include_str!("../runtime/oauth2.rs");
const BEARER_TOKENS: &str = include_str!("../runtime/bearer_tokens.rs");

pub fn files(api: &Api) -> Vec<(String, String)> {
    let multipart = api.needs.multipart;
    let alternative_bodies = api.needs.alternative_bodies;
    let webhook_signature = api.needs.webhook_signature;
    let oauth2 = api.needs.oauth2;
    let keep = |feature: &str| match feature {
        "multipart" => multipart,
        "alternative_bodies" => alternative_bodies,
        "webhook_signature" => webhook_signature,
        "oauth2" => oauth2,
        _ => false,
    };
    let mut out = vec![
        ("src/error.rs".to_string(), select(ERROR, &keep)),
        ("src/error_text.rs".to_string(), ERROR_TEXT.to_string()),
        ("src/transport.rs".to_string(), select(TRANSPORT, &keep)),
        ("src/call.rs".to_string(), CALL.to_string()),
        ("src/request.rs".to_string(), select(REQUEST, &keep)),
        ("src/params.rs".to_string(), PARAMS.to_string()),
        ("src/redirect.rs".to_string(), select(REDIRECT, &keep)),
        ("src/response.rs".to_string(), RESPONSE.to_string()),
        ("src/retry.rs".to_string(), select(RETRY, &keep)),
        ("src/authorize.rs".to_string(), select(AUTHORIZE, &keep)),
        // Compiled only with the crate's `mock` feature.
        ("src/mock.rs".to_string(), MOCK.to_string()),
        (
            "src/mock_failures.rs".to_string(),
            MOCK_FAILURES.to_string(),
        ),
    ];
    // Runtime parts of the auth templates in use (see `model/auth/templates.rs`).
    for &file in &api.needs.template_runtime {
        let text = match file {
            "signing.rs" => SIGNING,
            "oauth2.rs" => OAUTH2,
            "bearer_tokens.rs" => BEARER_TOKENS,
            _ => continue,
        };
        out.push((format!("src/{file}"), text.to_string()));
    }
    if multipart {
        out.push(("src/multipart.rs".to_string(), MULTIPART.to_string()));
    }
    if api.needs.stream || api.needs.json_lines || api.needs.event_stream {
        out.push(("src/download.rs".to_string(), DOWNLOAD.to_string()));
    }
    if api.needs.json_lines {
        out.push(("src/lines.rs".to_string(), LINES.to_string()));
    }
    if api.needs.event_stream {
        out.push(("src/sse.rs".to_string(), SSE.to_string()));
    }
    if api.needs.nullable {
        out.push(("src/nullable.rs".to_string(), NULLABLE.to_string()));
    }
    if api.needs.pagination {
        out.push(("src/pagination.rs".to_string(), PAGINATION.to_string()));
    }
    if api.needs.webhooks {
        let text = select(WEBHOOK_SIGNATURE, &keep);
        out.push(("src/webhook_signature.rs".to_string(), text));
    }
    if super::object_decode::any(api) {
        out.push(("src/de.rs".to_string(), DE.to_string()));
    }
    out
}

/// Drops the marked regions whose feature is off, and the marker lines themselves.
fn select(text: &str, keep: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    // After a dropped region, a blank line that would follow another is dropped too
    // (rustfmt allows one blank line between items).
    let mut dropped = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(feature) = trimmed.strip_prefix("// runtime:if ") {
            skipping = !keep(feature.trim());
            dropped |= skipping;
            continue;
        }
        if dropped && !skipping && trimmed.is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        if !skipping && !trimmed.is_empty() && !trimmed.ends_with("// runtime:end") {
            dropped = false;
        }
        // rustfmt may pull the end marker onto the region's last line (`} // runtime:end`).
        if let Some(code) = trimmed.strip_suffix("// runtime:end") {
            if !skipping && !code.trim().is_empty() {
                out.push_str(
                    line.trim_end()
                        .trim_end_matches("// runtime:end")
                        .trim_end(),
                );
                out.push('\n');
            }
            skipping = false;
            continue;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::select;

    #[test]
    fn regions_follow_features() {
        let text = "a\n// runtime:if multipart\nb\n// runtime:end\nc\n";
        assert_eq!(select(text, &|_| true), "a\nb\nc\n");
        assert_eq!(select(text, &|_| false), "a\nc\n");
        let spaced = "a\n\n// runtime:if x\nb\n// runtime:end\n\nc\n";
        assert_eq!(select(spaced, &|_| false), "a\n\nc\n");
        assert_eq!(select(spaced, &|_| true), "a\n\nb\n\nc\n");
        let pulled = "a\n    // runtime:if multipart\n    x => {\n    } // runtime:end\nc\n";
        assert_eq!(select(pulled, &|_| true), "a\n    x => {\n    }\nc\n");
        assert_eq!(select(pulled, &|_| false), "a\nc\n");
    }
}
