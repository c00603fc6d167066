//! The README's "Configuring the client" section: base URL, the caller's own
//! `reqwest::Client` (through the crate's re-export), limits on the client and per call, raw
//! responses, and spawning calls; each with an example that compiles as a doctest.

use std::fmt::Write;

use super::examples;
use crate::model::{AlternativeKind, Api, BodyKind, Place, ResponseKind};

pub fn section(out: &mut String, api: &Api) {
    let lib = &api.lib;
    let _ = writeln!(out, "## Configuring the client\n");
    let _ = writeln!(
        out,
        "`Client::builder()` settles everything once: the base URL (`base_url`, for a staging host or a local mock), your own `reqwest::Client` (`http_client`: proxies, TLS roots, pools; build it with the `{lib}::reqwest` this crate re-exports, so the versions match, and leave redirects to the crate), the limits (`attempt_timeout` for each attempt, `call_timeout` for the whole call with its attempts and the waits between them, `connect_timeout`, `max_response_bytes`), the `retry_policy` and the `user_agent`. `{lib}::serde_json` is re-exported too, for free-form values.\n"
    );
    let credentials = examples::credentials(api);
    let code = format!(
        "let http = {lib}::reqwest::Client::builder()\n    .redirect({lib}::reqwest::redirect::Policy::none())\n    .build()?;\nlet client = {lib}::Client::builder()\n    .base_url(\"https://staging.example.com\"){credentials}\n    .http_client(http)\n    .attempt_timeout(std::time::Duration::from_secs(10))\n    .call_timeout(std::time::Duration::from_secs(30))\n    .build()?;\n# let _ = client;"
    );
    let _ = writeln!(out, "{}", examples::doctest(lib, false, &code));
    let Some(op) = api.operations.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "Every request builder takes the same options for one call, on top of the client's: `with_base_url`, `with_header` (replaces a header the call would send), `with_attempt_timeout`, `with_call_timeout`, `with_max_response_bytes` and `with_retry_policy`. `send_raw()` returns the response as the server sent it (`RawResponse`: `status`, `headers`, `body`, and `json::<T>()` for any type) when you need more than the typed result.\n"
    );
    let per_call = examples::around_call(api, op, |call| {
        format!(
            "let raw = {call}\n    .with_header(\"x-request-id\", \"example-1\")\n    .with_call_timeout(std::time::Duration::from_secs(5))\n    .send_raw()\n    .await?;\nprintln!(\"{{}}: {{}}\", raw.status, raw.text());"
        )
    });
    let _ = writeln!(out, "{per_call}");
    raw_body(out, api);
    response_headers(out, api);
    let _ = writeln!(
        out,
        "A `Client` is cheap to clone (one shared connection pool) and `Send + Sync`, and a call's future owns what it needs, so calls can be spawned:\n"
    );
    let spawned = examples::around_call(api, op, |call| {
        format!(
            "let task = tokio::spawn({call}.send());\nlet response = task.await??;\n# let _ = response;"
        )
    });
    let _ = writeln!(out, "{spawned}");
}

/// Typed response headers, for the first operation that documents some: `send_with_headers`
/// returns the body beside them, parsed.
fn response_headers(out: &mut String, api: &Api) {
    let Some((op, headers)) = api
        .operations
        .iter()
        .find_map(|op| Some((op, op.response_headers.as_ref()?)))
    else {
        return;
    };
    let Some(first) = headers.headers.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "An operation that documents response headers also has `send_with_headers()`: the same call, returning a `WithHeaders` with the typed body (`body()`, `into_body()`), the documented headers parsed into a struct (`headers()`, each `None` when absent or not of its type), every header as received (`raw_headers()`) and the status.\n"
    );
    let body = match op.response {
        ResponseKind::Binary => "let body = response.into_body(); // a ByteStream",
        _ => "let body = response.into_body();",
    };
    let example = examples::around_call(api, op, |call| {
        format!(
            "let response = {call}.send_with_headers().await?;\nprintln!(\"{} = {{:?}}\", response.headers().{});\n{body}\n# let _ = body;",
            first.wire, first.name
        )
    });
    let _ = writeln!(out, "{example}");
}

/// `body_json`, for the first JSON operation with a required body: the typed body as JSON,
/// changed where the spec is wrong, sent instead.
fn raw_body(out: &mut String, api: &Api) {
    let Some(op) = api.operations.iter().find(|op| {
        op.body.as_ref().is_some_and(|b| {
            b.required
                && matches!(b.kind, BodyKind::Json(_))
                && b.alternative_bodies()
                    .iter()
                    .any(|a| a.kind == AlternativeKind::Json)
        })
    }) else {
        return;
    };
    let inputs = op.inputs();
    let Some(body) = inputs
        .iter()
        .find(|i| i.required && i.place == Place::JsonBody)
    else {
        return;
    };
    let lib = &api.lib;
    let _ = writeln!(
        out,
        "Where the spec is wrong about a request body (a `null` it forgot to allow, a field it does not list), `body_json` sends any JSON value instead of the typed body, for that call:\n"
    );
    let name = examples::id(body.name);
    let example = examples::around_call(api, op, |call| {
        format!(
            "let mut raw = {lib}::serde_json::to_value(&{name})?;\nraw[\"unlistedField\"] = {lib}::serde_json::json!(true);\nlet response = {call}.body_json(raw).send().await?;\n# let _ = response;"
        )
    });
    let _ = writeln!(out, "{example}");
}
