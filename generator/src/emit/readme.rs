//! `README.md` of a generated crate: what it is, how to authenticate, every operation with
//! a short example.

use std::fmt::Write as _;

use super::examples;
use super::markdown;
use super::tokens::doc_lines;
use crate::model::{Api, Operation, ResponseKind, StatusEnum, StatusMatch};

/// The crate's cargo features, if it has any.
fn features(out: &mut String, api: &Api) {
    if api.features.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Cargo features\n\nEach feature compiles a part of the crate; a build compiles only what its features ask for."
    );
    let tags = || {
        api.features
            .iter()
            .filter(|f| f.name != crate::model::webhooks::FEATURE)
    };
    if let Some(first) = tags().find(|f| f.default) {
        let _ = writeln!(
            out,
            "To build less, turn the defaults off and name what you use: `{} = {{ path = \"generated/{}\", default-features = false, features = [\"{}\"] }}`.",
            api.package, api.package, first.name
        );
    } else if let Some(first) = tags().next() {
        let count = api.operations.len();
        let why = if count > crate::model::features::ALL_ON_UNTIL {
            format!(
                "this API's {count} operations are more than a build of the whole crate can hold on an ordinary machine"
            )
        } else {
            "as the generator's `provider.toml` asks".to_string()
        };
        let _ = writeln!(
            out,
            "Every tag is off by default ({why}): name the ones you call, `{} = {{ path = \"generated/{}\", features = [\"{}\"] }}`. Each example below compiles with its tag's feature.",
            api.package, api.package, first.name
        );
    }
    let _ = writeln!(
        out,
        "\n| feature | default | what it compiles |\n|---|---|---|"
    );
    for f in &api.features {
        let on = if f.default { "on" } else { "off" };
        let _ = writeln!(out, "| `{}` | {on} | {} |", f.name, f.docs);
    }
    let _ = writeln!(out);
}

pub fn emit(api: &Api, extras: &crate::load::extras::Extras) -> String {
    let mut out = String::new();
    let lib = &api.lib;
    let _ = writeln!(out, "# {}\n", api.package);
    if let Some(d) = &api.description {
        let _ = writeln!(out, "{}\n", spec_text(d));
    }
    let _ = writeln!(
        out,
        "A Rust client for **{}** (API version `{}`), generated from its OpenAPI description by `cargo xtask regenerate`. Async, on `reqwest` with rustls; {} operations; {}.\n",
        api.title,
        api.spec_version,
        api.operations.len(),
        if api.base_url.is_empty() {
            "no default base URL: the spec names no server, so set one with `Client::builder().base_url(\"https://…\")` (the client refuses to build without it)".to_string()
        } else {
            format!("default base URL `{}`", api.base_url)
        }
    );
    overlay(&mut out, api);
    let _ = writeln!(
        out,
        "## Install\n\n```toml\n[dependencies]\n{} = {{ path = \"generated/{}\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n{}```\n",
        api.package,
        api.package,
        // The download and pagination examples read streams with `StreamExt`.
        if api.needs.stream
            || api.needs.pagination
            || api.needs.event_stream
            || api.needs.json_lines
        {
            "futures-util = \"0.3\"\n"
        } else {
            ""
        }
    );
    features(&mut out, api);
    authentication(&mut out, api);
    super::readme_client::section(&mut out, api);
    super::readme_events::section(&mut out, api);
    super::readme_webhooks::section(&mut out, api);
    provider_extras(&mut out, api, extras);
    let _ = writeln!(out, "## Errors\n");
    let _ = writeln!(
        out,
        "Every call returns `Result<_, {lib}::Error>`. A status outside 2xx is `Error::Api`, which keeps the status, headers and raw body and reads the provider's error fields (`message()`, `code()`, `retry_after()`); `is_unauthorized()`, `is_forbidden()`, `is_rate_limited()`, `is_timeout()`, `is_connect()`, `status()` and `attempts()` (how many requests the call sent) work on any error, as do `is_retryable()` (trying again later may succeed) and `may_have_been_applied()` (the server may already have acted on the request: check it before sending a call that is not idempotent again). Messages say each cause once; a body that is not the provider's error format shows as a short excerpt, and a response that does not decode names the JSON path of the field that failed.\n\n{example}",
        example = first_call_example(api, |call| format!(
            "match {call}.send().await {{\n    Ok(response) => println!(\"{{response:?}}\"),\n    Err(e) if e.is_unauthorized() => eprintln!(\"check the credentials: {{e}}\"),\n    Err(e) if e.is_rate_limited() => eprintln!(\"slow down; retry after {{:?}}\", e.retry_after()),\n    Err(e) => eprintln!(\"{{e}}\"),\n}}"
        ),)
    );
    let _ = writeln!(
        out,
        "Secrets never appear in `Debug` or `Display` output, error messages included.\n"
    );
    if !api.errors.hints.is_empty() {
        let _ = writeln!(
            out,
            "What the provider's errors usually mean (also in `ApiError::hint()` and in error messages):\n"
        );
        for (status, hint) in &api.errors.hints {
            let _ = writeln!(out, "- **{status}**: {}", hint.trim());
        }
        out.push('\n');
    }
    behaviour(&mut out, api);
    super::readme_mock::section(&mut out, api);
    let _ = writeln!(out, "## Operations\n");
    let _ = writeln!(out, "| Method | Request | Summary |\n|---|---|---|");
    for op in &api.operations {
        let summary = spec_line(op.docs.summary.as_deref().unwrap_or("")).replace('|', "\\|");
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | `{} {}` | {} |",
            op.method,
            op.method.replace("r#", ""),
            op.http_method,
            op.path,
            summary
        );
    }
    out.push('\n');
    for op in &api.operations {
        operation(&mut out, api, op);
    }
    not_generated(&mut out, api);
    out
}

/// The fixes an overlay made to the spec before generation, so that a reader comparing the
/// crate with the provider's document knows why they differ.
fn overlay(out: &mut String, api: &Api) {
    let Some(overlay) = &api.overlay else {
        return;
    };
    let _ = writeln!(
        out,
        "**Fixes to the spec.** The provider's document is used as published, with `{}` (an OpenAPI Overlay 1.0 document beside it) applied first:\n",
        overlay.file
    );
    for (description, count) in &overlay.actions {
        let places = if *count == 1 { "place" } else { "places" };
        let _ = writeln!(out, "- {} ({count} {places})", spec_line(description));
    }
    out.push('\n');
}

/// What the generator left out, with where and why, so nothing is lost silently.
fn not_generated(out: &mut String, api: &Api) {
    if api.skipped.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Not generated\n");
    let _ = writeln!(
        out,
        "The generator could not express these parts of the spec and left them out (`--strict` makes this an error):\n"
    );
    for skip in &api.skipped {
        let _ = writeln!(
            out,
            "- {} at `#{}`: {}",
            skip.what, skip.pointer, skip.reason
        );
    }
    out.push('\n');
}

/// [`examples::around_call`] for the first operation; nothing without operations.
fn first_call_example(api: &Api, code: impl Fn(&str) -> String) -> String {
    match api.operations.first() {
        Some(op) => examples::around_call(api, op, code),
        None => String::new(),
    }
}

/// Text from the spec, made safe as rustdoc (the README is the crate's documentation): no
/// code block it holds is compiled, bare URLs are links, bidi controls are named.
fn spec_text(text: &str) -> String {
    let lines = markdown::neutralise(doc_lines(text));
    let lines: Vec<String> = lines.iter().map(|l| markdown::without_bidi(l)).collect();
    lines.join("\n")
}

/// [`spec_text`] on one line (a heading, a table cell).
fn spec_line(text: &str) -> String {
    spec_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rule for calls that are not idempotent.
fn side_effects(api: &Api) -> String {
    let mut text = String::from(
        "**Side effects are never repeated.** `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE` are retried as above. A `POST` or `PATCH` is tried again only when it provably was not carried out: no connection could be made, or the server answered 429 or 503 with a `Retry-After` header. After a 5xx, a timeout or a connection lost mid-request the error is returned, since the server may have acted on it.",
    );
    if let Some(header) = &api.retry.idempotency_header {
        text.push_str(&format!(
            " This API takes idempotency keys: every such call sends `{header}` with a generated key, the same on every attempt, so it is retried like a `GET`."
        ));
    }
    let safe: Vec<String> = api
        .operations
        .iter()
        .filter(|op| {
            op.retry_safe
                && !matches!(
                    op.http_method.as_str(),
                    "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "TRACE"
                )
        })
        .map(|op| format!("`{}`", op.method))
        .collect();
    if !safe.is_empty() {
        text.push_str(&format!(
            " These are marked safe to retry all the same: {}.",
            safe.join(", ")
        ));
    }
    text
}

/// Retries, timeouts, per-call options, uploads, downloads, pagination.
fn behaviour(out: &mut String, api: &Api) {
    let r = &api.retry;
    let _ = writeln!(out, "## Retries and timeouts\n");
    let _ = writeln!(
        out,
        "Failed calls are retried with exponential backoff and jitter: up to {} attempts, starting at {} ms, ×{} each time, at most {} ms apart and {} ms in all, on connection errors{} and on statuses {:?} (never on a 4xx other than 408 and 429). `Retry-After` is honoured up to 60 s.\n\n{}\n\n**Limits.** Connecting may take 10 s, each attempt 60 s (to the last byte of a body read into memory; a download must get its headers in that time, then never wait that long for its next chunk), a whole call 180 s with its retries (when the time left cannot hold another wait, the call ends naming the call timeout); a response body read into memory may be at most 64 MiB (`Error::BodyTooLarge`), while downloads are streamed and not capped. A limit that runs out is `Error::Timeout`, which names the limit and its length (`is_timeout()`). Set them with `ClientBuilder::connect_timeout`, `attempt_timeout`, `call_timeout` and `max_response_bytes`, the retry policy with `ClientBuilder::retry_policy`, and per call:\n",
        r.max_attempts,
        r.initial_interval_ms,
        r.multiplier,
        r.max_interval_ms,
        r.max_elapsed_ms,
        if r.connection_errors {
            ""
        } else {
            " (disabled)"
        },
        r.statuses,
        side_effects(api)
    );
    let lib = &api.lib;
    let _ = writeln!(
        out,
        "{}",
        first_call_example(api, |call| format!(
            "let response = {}\n    .with_attempt_timeout(std::time::Duration::from_secs(10))\n    .with_retry_policy({lib}::RetryPolicy::none())\n    .with_header(\"x-request-id\", \"42\")\n    .send()\n    .await?;",
            call.replacen("client.", "client\n    .", 1)
        ))
    );
    let _ = writeln!(
        out,
        "Each call is a `tracing` span (operation, method, path template, status, attempts, elapsed time); credentials never appear in traces.\n"
    );
    if api.needs.multipart {
        let _ = writeln!(
            out,
            "## Uploads\n\nFile fields take a `FilePart`: `FilePart::bytes(data)`, `FilePart::path(\"video.mp4\")` (read from disk while it is sent, never whole in memory) or `FilePart::stream(make, length)`. The file is sent again in full on every retry.\n"
        );
    }
    if api.needs.stream {
        let _ = writeln!(
            out,
            "## Downloads\n\nBinary responses come back as a `ByteStream` of chunks (`futures_util::StreamExt::next`), or whole with `.collect().await` for small files. The body is not capped by `max_response_bytes` (it is never held whole unless you collect it); the attempt timeout bounds the wait for each chunk.\n"
        );
        let download = api
            .operations
            .iter()
            .find(|op| op.responses.is_none() && op.response == crate::model::ResponseKind::Binary);
        if let Some(op) = download {
            let example = examples::around_call(api, op, |call| {
                format!(
                    "use futures_util::StreamExt;\n\nlet mut download = {call}.send().await?;\nlet mut received = 0;\nwhile let Some(chunk) = download.next().await {{\n    received += chunk?.len(); // write each chunk where it goes\n}}\nprintln!(\"{{received}} bytes\");"
                )
            });
            let _ = writeln!(out, "{example}");
        }
    }
    let paged: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.pagination.is_some())
        .collect();
    if let Some(op) = paged.first() {
        let list: Vec<String> = paged.iter().map(|op| format!("`{}`", op.method)).collect();
        let example = examples::around_call(api, op, |call| {
            format!(
                "use futures_util::StreamExt;\n\nlet mut items = {call}.items();\nwhile let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}"
            )
        });
        let _ = writeln!(
            out,
            "## Pagination\n\n{} have `.pages()` and `.items()`: streams that fetch page after page and stop at the last page, or if the server repeats a page or cursor.\n\n{example}",
            list.join(", "),
        );
    }
}

fn authentication(out: &mut String, api: &Api) {
    let lib = &api.lib;
    let _ = writeln!(out, "## Authentication\n");
    if api.auth.is_empty() {
        let _ = writeln!(
            out,
            "This API needs no credentials.\n\n{}",
            examples::doctest(
                lib,
                false,
                &format!("let client = {lib}::Client::builder().build()?;")
            )
        );
        return;
    }
    if api.auth.len() > 1 {
        let _ = writeln!(
            out,
            "This API accepts {} schemes; configure any of them (each operation uses the first one it accepts that the client has).\n",
            api.auth.len()
        );
    }
    for s in &api.auth {
        let _ = writeln!(out, "### `{}`\n\n{}\n", s.key, s.explain());
        if let Some(docs) = &s.docs {
            let _ = writeln!(out, "{}\n", spec_text(docs));
        }
        let vars = s.env_vars();
        if !vars.is_empty() {
            let _ = writeln!(
                out,
                "Environment variables for `Client::from_env()`: {}.\n",
                vars.join(", ")
            );
        }
        let code = format!(
            "let client = {lib}::Client::builder()\n    {}\n    .build()?;",
            examples::credentials_call(s)
        );
        let _ = writeln!(out, "{}", examples::doctest(lib, false, &code));
        super::readme_oauth2::scheme_section(out, api, s);
    }
    if let Some(var) = &api.base_url_env {
        let _ = writeln!(
            out,
            "`Client::from_env()` also reads `{var}` to override the base URL.\n"
        );
    }
    let _ = writeln!(
        out,
        "Plain `http://` is refused except to loopback addresses; a test setup that needs it elsewhere (a docker-compose service, `host.docker.internal`) says so with `.allow_insecure_http_to(\"mock\")` or `.allow_insecure_http_to_any_host()` on the builder{}.\n",
        api.insecure_http_env
            .as_ref()
            .map(|var| format!(
                ", or with `{var}` (`*` or hosts separated by commas) for `Client::from_env()`"
            ))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "Credentials can be replaced on a live client with `client.set_credentials(...)`; the next request uses them.\n"
    );
}

fn operation(out: &mut String, api: &Api, op: &Operation) {
    let _ = writeln!(out, "### `{}`\n", op.method.replace("r#", ""));
    let _ = writeln!(
        out,
        "`{} {}`{}\n",
        op.http_method,
        op.path,
        op.docs
            .summary
            .as_deref()
            .map(|s| format!(": {}", spec_line(s)))
            .unwrap_or_default()
    );
    if let Some(permission) = &op.permission {
        let _ = writeln!(
            out,
            "Needs credentials with the `{}` permission.\n",
            spec_line(permission).replace('`', "'")
        );
    }
    let _ = writeln!(out, "{}", examples::operation(api, op));
    if let Some(e) = &op.responses {
        let mut list = statuses(e);
        if !e.variants.iter().any(|v| v.status == StatusMatch::Range(2)) {
            list.push("other 2xx `Other { status, body }`".to_string());
        }
        let _ = writeln!(
            out,
            "Returns `{}`, by status: {}.\n",
            e.name,
            list.join(", ")
        );
    }
    if let Some(e) = &op.error_bodies {
        let _ = writeln!(
            out,
            "Typed errors (`{}::from_error(&error)`), by status: {}.\n",
            e.name,
            statuses(e).join(", ")
        );
    }
    if let Some(h) = &op.response_headers {
        let listed: Vec<String> = h
            .headers
            .iter()
            .map(|header| format!("`{}` ({})", header.wire, header.ty.caller_text()))
            .collect();
        let _ = writeln!(
            out,
            "Response headers (`.send_with_headers()`, parsed into `{}`): {}.\n",
            h.name,
            listed.join(", ")
        );
    }
}

/// `` `200` `Ok(Video)` ``, one per variant, in matching order.
fn statuses(e: &StatusEnum) -> Vec<String> {
    e.variants
        .iter()
        .map(|v| {
            let ty = match &v.kind {
                ResponseKind::Empty => String::new(),
                ResponseKind::Json(ty) => format!("({})", ty.caller_text()),
                ResponseKind::Binary => "(ByteStream)".to_string(),
                ResponseKind::JsonLines(l) => format!("(JsonLines<{}>)", l.item.caller_text()),
                ResponseKind::EventStream(d) => format!("(EventStream<{}>)", d.caller_text()),
                ResponseKind::Text => "(String)".to_string(),
            };
            format!("`{}` `{}{ty}`", v.status.spec_text(), v.name)
        })
        .collect()
}

/// The hand-written modules and examples merged into the crate, each with the first
/// paragraph of its docs.
fn provider_extras(out: &mut String, api: &Api, extras: &crate::load::extras::Extras) {
    if extras.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Provider extras\n\nCode no spec describes, written by hand beside the spec and shipped in this crate:\n"
    );
    let line = |summary: &Option<String>| {
        summary
            .as_deref()
            .map(|s| format!(": {}", s.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default()
    };
    for module in &extras.modules {
        let _ = writeln!(
            out,
            "- `{}::extras::{}`{}",
            api.lib,
            module.name,
            line(&module.summary)
        );
    }
    // The modules' own first examples: hand-written code from the repository, compiled as
    // doctests of the crate docs like the rest of the README.
    for module in &extras.modules {
        if let Some(example) = &module.example {
            let _ = writeln!(
                out,
                "\nUsing `{}::extras::{}`:\n\n{example}",
                api.lib, module.name
            );
        }
    }
    if !extras.examples.is_empty() {
        let _ = writeln!(out, "\nExamples, to run from the workspace:\n");
        for example in &extras.examples {
            let _ = writeln!(
                out,
                "- `cargo run -p {} --example {}`{}",
                api.package,
                example.name,
                line(&example.summary)
            );
        }
    }
    let _ = writeln!(out);
}
