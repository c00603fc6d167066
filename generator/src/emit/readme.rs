//! `README.md` of a generated crate: what it is, how to authenticate, every operation with
//! a short example.

use std::fmt::Write as _;

use crate::model::{Api, BodyKind, Operation, ResponseKind, TypeRef};

pub fn emit(api: &Api) -> String {
    let mut out = String::new();
    let lib = &api.lib;
    let _ = writeln!(out, "# {}\n", api.package);
    if let Some(d) = &api.description {
        let _ = writeln!(out, "{}\n", d.trim());
    }
    let _ = writeln!(
        out,
        "A Rust client for **{}** (API version `{}`), generated from its OpenAPI description by `cargo xtask regenerate`. Async, on `reqwest` with rustls; {} operations; default base URL `{}`.\n",
        api.title,
        api.spec_version,
        api.operations.len(),
        api.base_url
    );
    let _ = writeln!(
        out,
        "## Install\n\n```toml\n[dependencies]\n{} = {{ path = \"generated/{}\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n",
        api.package, api.package
    );
    authentication(&mut out, api);
    let _ = writeln!(out, "## Errors\n");
    let _ = writeln!(
        out,
        "Every call returns `Result<_, {lib}::Error>`. A status outside 2xx is `Error::Api`, which keeps the status, headers and raw body and reads the provider's error fields (`message()`, `code()`, `retry_after()`); `is_unauthorized()`, `is_forbidden()`, `is_rate_limited()` and `status()` work on any error. Failed calls are retried with exponential backoff on statuses {:?} (up to {} attempts); change it with `ClientBuilder::retry_policy`.\n",
        api.retry.statuses, api.retry.max_attempts
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
    let _ = writeln!(out, "## Operations\n");
    let _ = writeln!(out, "| Method | Request | Summary |\n|---|---|---|");
    for op in &api.operations {
        let summary = op
            .docs
            .summary
            .as_deref()
            .unwrap_or("")
            .replace('|', "\\|")
            .replace('\n', " ");
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
        operation(&mut out, op);
    }
    out
}

fn authentication(out: &mut String, api: &Api) {
    let lib = &api.lib;
    let _ = writeln!(out, "## Authentication\n");
    if api.auth.is_empty() {
        let _ = writeln!(
            out,
            "This API needs no credentials.\n\n```rust\nlet client = {lib}::Client::builder().build()?;\n```\n"
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
        let _ = writeln!(out, "### `{}`\n\n{}\n", s.key, super::auth::explain(s));
        let vars: Vec<String> = s
            .credentials
            .iter()
            .filter_map(|c| c.env.as_ref())
            .map(|v| format!("`{v}`"))
            .collect();
        if !vars.is_empty() {
            let _ = writeln!(
                out,
                "Environment variables for `Client::from_env()`: {}.\n",
                vars.join(", ")
            );
        }
        let args: Vec<String> = s
            .credentials
            .iter()
            .map(|c| format!("\"<{}>\"", c.name))
            .collect();
        let _ = writeln!(
            out,
            "```rust\nlet client = {lib}::Client::builder()\n    .{}({})\n    .build()?;\n```\n",
            s.name,
            args.join(", ")
        );
    }
    if let Some(var) = &api.base_url_env {
        let _ = writeln!(
            out,
            "`Client::from_env()` also reads `{var}` to override the base URL.\n"
        );
    }
    let _ = writeln!(
        out,
        "Credentials can be replaced on a live client with `client.set_credentials(...)`; the next request uses them.\n"
    );
}

fn operation(out: &mut String, op: &Operation) {
    let _ = writeln!(out, "### `{}`\n", op.method.replace("r#", ""));
    let _ = writeln!(
        out,
        "`{} {}`{}\n",
        op.http_method,
        op.path,
        op.docs
            .summary
            .as_deref()
            .map(|s| format!(": {}", s.trim()))
            .unwrap_or_default()
    );
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        args.push(placeholder(&p.ty, &p.wire));
    }
    if let Some(body) = &op.body {
        match &body.kind {
            BodyKind::Json(_) if body.required => args.push("body".to_string()),
            BodyKind::Multipart(fields) => {
                for f in fields.iter().filter(|f| f.required) {
                    match &f.ty {
                        None => args.push("FilePart::bytes(std::fs::read(\"input.bin\")?).file_name(\"input.bin\")".to_string()),
                        Some(t) => args.push(placeholder(t, &f.wire)),
                    }
                }
            }
            BodyKind::Binary(_) if body.required => args.push("bytes".to_string()),
            _ => {}
        }
    }
    let bind = match &op.response {
        ResponseKind::Empty => String::new(),
        ResponseKind::Binary => "let mut stream = ".to_string(),
        _ => "let response = ".to_string(),
    };
    let _ = writeln!(
        out,
        "```rust\n{bind}client.{}({}).send().await?;\n```\n",
        op.method,
        args.join(", ")
    );
}

fn placeholder(ty: &TypeRef, wire: &str) -> String {
    match ty {
        TypeRef::String => format!("\"<{wire}>\""),
        TypeRef::I32 | TypeRef::I64 => "10".to_string(),
        TypeRef::F32 | TypeRef::F64 => "1.0".to_string(),
        TypeRef::Bool => "true".to_string(),
        _ => crate::model::naming::snake(wire),
    }
}
