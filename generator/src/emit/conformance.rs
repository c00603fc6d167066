//! The calls of a conformance run (`cargo xtask conformance`): one async function per
//! operation that calls it through the crate's public API with the values the model has for
//! its required inputs (the README examples' values, `examples::call`, nested deeper), and
//! reads the whole response. The harness compiles this module into a program that also
//! records what went over the wire; the program's fixed parts live in the xtask.
//!
//! The module names the generated crate `api` for the caller's other modules and `crate::support` to provide
//! `Outcome` (a `Result` whose error is any `Box<dyn Error>`) and `Recorder::call`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::config::Template;
use crate::model::{Api, Operation, Requirement, ResponseKind, TypeKind, TypeRef};

use super::examples;

/// How deep values are built as Rust expressions before the rest is decoded from JSON: deep
/// enough for real request bodies, bounded for recursive ones.
const MAX_DEPTH: usize = 8;

/// What the harness needs to build and run the calls of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calls {
    /// The crate's library name (`use <lib> as api;`).
    pub lib: String,
    /// The crate's package name, for the caller's `Cargo.toml`.
    pub package: String,
    /// Every cargo feature of the crate, all enabled so that every operation is there.
    pub features: Vec<String>,
    /// How many operations `run` calls.
    pub operations: usize,
    /// The Rust module: `pub fn client(base_url, http)` and `pub async fn run(recorder, client)`.
    pub module: String,
    /// Operations (by operationId) whose spec asks for what no request can do: what, and
    /// why (with the place). Their refusals of that kind are the spec's.
    pub unsatisfiable: BTreeMap<String, Vec<Conflict>>,
}

/// Something in the spec no request can satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// What is impossible, and where (`… (at #/paths/…)`).
    pub reason: String,
}

/// Which refusals a [`Conflict`] explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// A value no sample satisfies: any violation of the request.
    Value,
    /// The path template: a URL Prism does not match to the operation.
    Path,
    /// The security requirements: a refused credential.
    Security,
}

/// The calls of every operation of `api`.
pub fn calls(api: &Api) -> Calls {
    let mut module = format!(
        "// Written by `cargo xtask conformance` from the model of the spec.\n\
         #![allow(unused_imports, clippy::all)]\n\n\
         pub(crate) use {} as api;\n\
         use crate::support::{{Outcome, Recorder}};\nuse futures_util::StreamExt;\n\n",
        api.lib
    );
    module.push_str(&client(api));
    module.push_str(
        "\n/// Calls every operation once, in the spec's order.\npub async fn run(recorder: &mut Recorder, client: &api::Client) {\n",
    );
    for (i, op) in api.operations.iter().enumerate() {
        let _ = writeln!(
            module,
            "    recorder.call({:?}, {:?}, {:?}, op_{i}(client)).await;",
            op.operation_id,
            op.http_method.to_uppercase(),
            op.path
        );
    }
    module.push_str("}\n");
    let mut unsatisfiable = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        let (code, values) = operation(api, op, i);
        module.push_str(&code);
        let place = format!("#{}", op.pointer);
        let conflicts: Vec<Conflict> = values
            .into_iter()
            .map(|v| (ConflictKind::Value, v))
            .chain(spec_conflicts(api, op))
            .map(|(kind, what)| Conflict {
                kind,
                reason: format!("{what} (at {place})"),
            })
            .collect();
        if !conflicts.is_empty() {
            unsatisfiable.insert(op.operation_id.clone(), conflicts);
        }
    }
    Calls {
        lib: api.lib.clone(),
        package: api.package.clone(),
        features: api.features.iter().map(|f| f.name.clone()).collect(),
        operations: api.operations.len(),
        module,
        unsatisfiable,
    }
}

/// `client(base_url, http)`: a client with a credential for every scheme (the mock checks
/// that credentials are present, not what they are) and no retries, so that one call is one
/// request unless the server redirects.
fn client(api: &Api) -> String {
    let mut out = String::from(
        "/// A client of the mock at `base_url` with every scheme's credentials set.\n\
         pub fn client(base_url: &str, http: reqwest::Client) -> Result<api::Client, api::Error> {\n\
         \x20   api::Client::builder()\n        .base_url(base_url)\n        .http_client(http)\n\
         \x20       .retry_policy(api::RetryPolicy::none())\n",
    );
    for scheme in &api.auth {
        let args: Vec<String> = scheme
            .credentials
            .iter()
            .map(|c| format!("{:?}", format!("conformance-{}", c.name.replace('_', "-"))))
            .collect();
        let _ = writeln!(out, "        .{}({})", scheme.name, args.join(", "));
    }
    out.push_str("        .build()\n}\n");
    out
}

/// What in the spec makes a correct call of `op` impossible, beside its values: a path
/// template with a `#` or `?` (a URL's path cannot carry either: servers differ on what it
/// means), or security whose every alternative combines schemes that set the same header.
fn spec_conflicts(api: &Api, op: &Operation) -> Vec<(ConflictKind, String)> {
    let mut out = Vec::new();
    // The spec's own path key (the model moves a `?query` part of it to query parameters).
    let key = op.pointer.split('/').nth(2).unwrap_or(&op.path);
    if let Some(c) = key.chars().find(|c| matches!(c, '#' | '?')) {
        out.push((
            ConflictKind::Path,
            format!(
                "the path template `{}` holds `{c}`, which no URL path carries",
                key.replace("~1", "/").replace("~0", "~")
            ),
        ));
    }
    for p in op.params.iter().filter(|p| p.required && !p.style.json) {
        if let TypeRef::Array(item) = &p.ty
            && is_object(api, item)
        {
            out.push((
                ConflictKind::Value,
                format!(
                    "`{}`: an array of objects in a parameter, which OpenAPI's styles do not serialise",
                    p.wire
                ),
            ));
        }
    }
    // The header each scheme sets, and the form of its value: two bearer tokens (OAuth2
    // flows of one requirement) are one token, but a password and an API key in
    // `Authorization` cannot both be sent.
    let header = |i: usize| {
        let scheme = api.auth.get(i)?;
        match scheme.template {
            Template::Basic => Some(("authorization".to_string(), "basic".to_string())),
            Template::Bearer | Template::OAuth2 => {
                Some(("authorization".to_string(), "bearer".to_string()))
            }
            Template::Header => scheme
                .param
                .as_ref()
                .map(|p| (p.to_ascii_lowercase(), format!("key {}", scheme.key))),
            _ => None,
        }
    };
    let clashes = |alternative: &Vec<Requirement>| {
        let headers: Vec<(String, String)> = alternative
            .iter()
            .filter_map(|r| header(r.scheme))
            .collect();
        headers
            .iter()
            .enumerate()
            .find(|(n, (h, form))| headers[..*n].iter().any(|(h2, f2)| h2 == h && f2 != form))
            .map(|(_, (h, _))| h.clone())
    };
    let clashing: Vec<String> = op.security.iter().filter_map(clashes).collect();
    if !op.security.is_empty() && clashing.len() == op.security.len() {
        out.push((
            ConflictKind::Security,
            format!(
                "every security requirement combines schemes that each set the `{}` header",
                clashing[0]
            ),
        ));
    }
    out
}

/// Whether `ty` is an object (a struct or a map), through aliases.
fn is_object(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..8 {
        match ty {
            TypeRef::Map(_) => return true,
            TypeRef::Named(name) => {
                match crate::model::type_named(&api.types, name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(_)) => return true,
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    false
}

/// `op_<i>(client)`: builds the arguments, calls, and reads the response to its end; and the
/// values no sample satisfies.
fn operation(api: &Api, op: &Operation, i: usize) -> (String, Vec<String>) {
    let examples::Call {
        setup,
        call,
        conflicts,
    } = examples::call(
        api,
        op,
        examples::Values {
            max_depth: MAX_DEPTH,
            runnable: true,
        },
    );
    let setup: String = setup.lines().map(|l| format!("    {l}\n")).collect();
    let read = match (&op.responses, &op.response) {
        (None, ResponseKind::Binary) => "    response.collect().await?;\n",
        (None, ResponseKind::JsonLines(_) | ResponseKind::EventStream(_)) => {
            "    let mut response = response;\n    while let Some(item) = response.next().await {\n        item?;\n    }\n"
        }
        _ => "    let _ = response;\n",
    };
    let types = if setup.contains("types::") || call.contains("types::") {
        "    use api::types;\n"
    } else {
        ""
    };
    let code = format!(
        "\n// {}: {} {}\nasync fn op_{i}(client: &api::Client) -> Outcome {{\n{types}{setup}    let response = {call}.send().await?;\n{read}    Ok(())\n}}\n",
        op.operation_id.escape_default(),
        op.http_method.to_uppercase(),
        op.path.escape_default(),
    );
    (code, conflicts)
}
