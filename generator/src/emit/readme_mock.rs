//! The README's "Testing without a network" section: the `mock` feature's test double, with
//! an example that runs as a doctest (a mocked 429, then a typed 200 the client's own retry
//! reaches), written for an operation of this crate.

use std::fmt::Write;

use super::examples;
use crate::model::{Api, Operation, ResponseKind, TypeKind, TypeRef, type_named};

pub fn section(out: &mut String, api: &Api) {
    if api.operations.is_empty() {
        return;
    }
    let lib = &api.lib;
    let _ = writeln!(out, "## Testing without a network\n");
    let _ = writeln!(
        out,
        "With the `mock` feature (in your `[dev-dependencies]`: `{pkg} = {{ version = \"…\", features = [\"mock\"] }}`), `Client::builder().mock(&mock)` answers every call from rules instead of a server. A rule names an operation by its request builder (`mock.on::<{lib}::operations::…Builder>()`), may look at the request as it would be sent (`when(|request| …)` with `path_param`, `query`, `header`, `json`), and answers in order: a typed value (`output`), a status with headers and a body (`Respond::status`, `Respond::json`, `.header(…)`), or a failed connection (`Respond::connection_refused()`, `.connection_reset()`, `Respond::no_answer()`). Everything else runs as with a server (credentials, retries, redirects, pagination, error reading, decoding), so a mocked failure the retry policy covers, then a 200, goes through the real retry code. `rule.calls()` counts the requests a rule answered; a call no rule answers panics, failing the test; `mock.assert_all_used()` checks that every answer was taken. For code that handles errors, `ApiError::from_response` builds the error a server's answer would cause (`Error::from` wraps it).\n",
        pkg = api.package,
    );
    // A `GET` reads most plainly; any other method will do.
    let gets = api.operations.iter().filter(|op| op.http_method == "GET");
    let found = gets.chain(&api.operations).find_map(|op| mockable(api, op));
    let Some((op, output)) = found else {
        return;
    };
    let Some((failure, what)) = first_failure(api, op) else {
        return;
    };
    let examples::Call { setup, call, .. } = examples::call(api, op, examples::README);
    let setup: String = setup.lines().map(|l| format!("# {l}\n")).collect();
    let types = if setup.contains("types::") || call.contains("types::") {
        format!("# use {lib}::types;\n")
    } else {
        String::new()
    };
    if !failure.contains("429") {
        let _ = writeln!(
            out,
            "This crate's retry policy does not retry a 429 (see \"Retries and timeouts\"): a mocked 429 comes back as `Error::Api` at once, so the example fails with {what} instead.\n"
        );
    }
    let credentials = examples::credentials(api);
    let builder = &op.builder;
    let _ = writeln!(
        out,
        "```rust\n# #[cfg(feature = \"mock\")]\n# #[tokio::main]\n# async fn main() -> Result<(), Box<dyn std::error::Error>> {{\nuse {lib}::mock::{{Mock, Respond}};\n{types}\nlet mock = Mock::new();\nlet rule = mock\n    .on::<{lib}::operations::{builder}>()\n    .respond({failure})\n    .output({lib}::types::{output}::default());\nlet client = {lib}::Client::builder(){credentials}\n    .mock(&mock)\n    .build()?;\n{setup}let response = {call}.send().await?;\nassert_eq!(response, {lib}::types::{output}::default());\nassert_eq!(rule.calls(), 2); // {what}, then the retry\n# Ok(())\n# }}\n# #[cfg(not(feature = \"mock\"))]\n# fn main() {{}}\n```\n"
    );
}

/// `op` and its output type, if the example can mock it: a typed JSON body that derives
/// `Default`, an operation every build has, and credentials the example's client holds.
fn mockable<'a>(api: &'a Api, op: &'a Operation) -> Option<(&'a Operation, &'a str)> {
    let (None, ResponseKind::Json(TypeRef::Named(name))) = (&op.responses, &op.response) else {
        return None;
    };
    let def = type_named(&api.types, name)?;
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let built = op.feature.as_ref().is_none_or(|f| {
        api.features
            .iter()
            .any(|feature| feature.name == *f && feature.default)
    });
    let authorised = op.security.is_empty()
        || op
            .security
            .iter()
            .any(|alt| alt.len() == 1 && alt[0].scheme == 0);
    (s.build.derive_default && built && authorised).then_some((op, def.name.as_str()))
}

/// A first answer the crate's retry policy tries again for `op`, and what it is: a 429 (or
/// a 503) with `Retry-After`, another status the policy lists, or a refused connection.
fn first_failure(api: &Api, op: &Operation) -> Option<(String, String)> {
    let retry = &api.retry;
    if retry.max_attempts < 2 {
        return None;
    }
    let idempotent = op.retry_safe
        || matches!(
            op.http_method.as_str(),
            "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE"
        );
    // A 429 or 503 with `Retry-After` is retried whatever the method; others only when the
    // request may be repeated.
    let status = [429, 503]
        .into_iter()
        .find(|s| retry.statuses.contains(s))
        .or_else(|| retry.statuses.first().copied().filter(|_| idempotent));
    match status {
        Some(status) => Some((
            format!("Respond::status({status}).header(\"retry-after\", \"0\")"),
            format!("the {status}"),
        )),
        None if retry.connection_errors => Some((
            "Respond::connection_refused()".to_string(),
            "the refused connection".to_string(),
        )),
        None => None,
    }
}
