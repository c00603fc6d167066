//! What a generated crate needs, decided once from the rest of the model: which parts of the
//! runtime and of the generated code it uses, and its dependencies (the generated code's, the
//! auth templates', and provider.toml's `[extras]`, checked against each other). Emit only
//! reads [`Needs`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{AlternativeKind, Api, BodyKind, Field, Operation, ResponseKind, TypeKind};
use crate::config::{Config, Dependency, DetailedDependency, Template};
use crate::diagnostic::{Diagnostic, Location};

/// See the module docs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// Multipart bodies (the default body or an alternative one).
    pub multipart: bool,
    /// Multipart file fields (`operations.rs` imports `FilePart`; a form of text fields only
    /// would leave the import unused).
    pub file_parts: bool,
    /// Request bodies in several media types (the builder then holds a `Clone` runtime `Body`).
    pub alternative_bodies: bool,
    /// Streamed downloads (`ByteStream`).
    pub stream: bool,
    /// Streamed JSON values (`JsonLines`, built on `ByteStream`).
    pub json_lines: bool,
    /// Server-sent events (`EventStream`, built on `ByteStream`).
    pub event_stream: bool,
    pub pagination: bool,
    /// Documented response headers (`send_with_headers`; the crate exports `WithHeaders`).
    pub response_headers: bool,
    /// Typed error bodies (`operations.rs` imports `ApiError`).
    pub error_bodies: bool,
    /// Operations that refer to named types (`operations.rs` imports `types`).
    pub types_in_operations: bool,
    /// `in_request` credentials (operations pass `AuthFields`).
    pub auth_fields: bool,
    /// Credentials applied by the transport to each attempt (`authorize.rs`'s step).
    pub per_attempt_auth: bool,
    /// Secret credentials (`secrecy`).
    pub secrets: bool,
    /// Optional nullable fields (`Nullable<T>`).
    pub nullable: bool,
    /// Deprecated operations, types or fields (the crate allows its own use of them).
    pub deprecated: bool,
    /// Runtime files the auth templates in use call (under `generator/src/runtime/`).
    pub template_runtime: BTreeSet<&'static str>,
    /// A `webhooks` module (`webhook_signature.rs` in the runtime).
    pub webhooks: bool,
    /// Its deliveries are signed: the verification half of that file, and HMAC's crates.
    pub webhook_signature: bool,
    /// OAuth 2.0 schemes (`oauth2.rs` and `bearer_tokens.rs`, and the transport's step that
    /// obtains tokens before an attempt).
    pub oauth2: bool,
    /// `[dependencies]`, by crate name.
    pub dependencies: BTreeMap<String, Dependency>,
    /// `[dev-dependencies]`: provider.toml's `[extras]`, and tokio's runtime for the README's
    /// examples that run unless the extras name their own tokio.
    pub dev_dependencies: BTreeMap<String, Dependency>,
}

/// Decides [`Needs`] for a finished model; an `[extras]` dependency that contradicts one the
/// generated code needs is an error located in provider.toml.
/// A dependency with its features (and, if said, whether its default ones are on).
fn detailed(v: &str, default_features: Option<bool>, features: &[&str]) -> Dependency {
    Dependency::Detailed(DetailedDependency {
        version: v.to_string(),
        features: features.iter().map(|f| f.to_string()).collect(),
        default_features,
    })
}

/// The tokio the crates depend on (and test with).
const TOKIO: &str = "1.54.1";

pub fn decide(api: &Api, config: &Config) -> Result<Needs, Diagnostic> {
    let ops = &api.operations;
    let mut needs = Needs {
        multipart: ops.iter().any(uses_multipart),
        file_parts: ops.iter().any(uses_file_parts),
        alternative_bodies: ops
            .iter()
            .any(|op| op.body.as_ref().is_some_and(|b| b.alternatives.is_some())),
        stream: ops
            .iter()
            .any(|op| uses(op, |k| *k == ResponseKind::Binary)),
        json_lines: ops
            .iter()
            .any(|op| uses(op, |k| matches!(k, ResponseKind::JsonLines(_)))),
        event_stream: ops
            .iter()
            .any(|op| uses(op, |k| matches!(k, ResponseKind::EventStream(_)))),
        pagination: ops.iter().any(|op| op.pagination.is_some()),
        error_bodies: ops.iter().any(|op| op.error_bodies.is_some()),
        response_headers: ops.iter().any(|op| op.response_headers.is_some()),
        types_in_operations: ops
            .iter()
            .any(|op| op.type_refs().into_iter().any(|ty| ty.named().is_some())),
        auth_fields: api.auth.iter().any(|s| s.in_request()),
        per_attempt_auth: api.auth.iter().any(|s| !s.in_request()),
        secrets: api
            .auth
            .iter()
            .any(|s| s.credentials.iter().any(|c| c.secret)),
        nullable: api.types.iter().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(Field::tri_state),
            _ => false,
        }),
        deprecated: ops.iter().any(|op| op.docs.deprecated)
            || api.types.iter().any(|def| {
                def.docs.deprecated
                    || matches!(&def.kind, TypeKind::Struct(s)
                        if s.fields.iter().any(|f| f.docs.deprecated))
            }),
        template_runtime: api
            .auth
            .iter()
            .flat_map(|s| s.template.info().runtime)
            .copied()
            .collect(),
        webhooks: api.webhooks.is_some(),
        webhook_signature: api.webhooks.as_ref().is_some_and(|w| w.signature.is_some()),
        oauth2: api.auth.iter().any(|s| s.template == Template::OAuth2),
        ..Needs::default()
    };
    needs.dependencies = generated_dependencies(api, &needs);
    let file = config.file();
    let extras = &config.extras;
    add_extras(
        &mut needs.dependencies,
        &extras.dependencies,
        (file, "dependencies"),
    )?;
    add_extras(
        &mut needs.dev_dependencies,
        &extras.dev_dependencies,
        (file, "dev-dependencies"),
    )?;
    // The README's test-double example runs (`#[tokio::main]`), so `cargo test` of the crate
    // alone, with the `mock` feature, needs a runtime and its macros; a provider that declares
    // its own tokio for its examples keeps it.
    if !ops.is_empty() {
        needs
            .dev_dependencies
            .entry("tokio".to_string())
            .or_insert_with(|| detailed(TOKIO, None, &["macros", "rt-multi-thread"]));
    }
    Ok(needs)
}

fn uses_multipart(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| {
        matches!(b.kind, BodyKind::Multipart(_))
            || b.alternative_bodies().iter().any(|a| {
                matches!(
                    a.kind,
                    AlternativeKind::Form {
                        multipart: true,
                        ..
                    }
                )
            })
    })
}

fn uses_file_parts(op: &Operation) -> bool {
    let files = |fields: &[super::FormField]| fields.iter().any(|f| f.ty.is_none());
    op.body.as_ref().is_some_and(|b| {
        matches!(&b.kind, BodyKind::Multipart(fields) if files(fields))
            || b.alternative_bodies().iter().any(|a| {
                matches!(
                    &a.kind,
                    AlternativeKind::Form {
                        multipart: true,
                        fields,
                        ..
                    } if files(fields)
                )
            })
    })
}

/// Whether a success response of `op` is of a kind `is` accepts.
fn uses(op: &Operation, is: impl Fn(&ResponseKind) -> bool) -> bool {
    is(&op.response)
        || op
            .responses
            .iter()
            .flat_map(|e| &e.variants)
            .any(|v| is(&v.kind))
}

/// The crates the generated code uses, with the features it needs of them.
fn generated_dependencies(api: &Api, needs: &Needs) -> BTreeMap<String, Dependency> {
    let version = |v: &str| Dependency::Version(v.to_string());
    // Compressed responses are decoded (and `Accept-Encoding` sent) by reqwest itself; the
    // body cap applies to the decoded bytes.
    let mut reqwest = vec!["brotli", "deflate", "gzip", "rustls", "zstd"];
    if needs.multipart {
        reqwest.push("multipart");
    }
    // Downloads read the body as a stream; uploads send files as streams.
    if needs.stream || needs.json_lines || needs.event_stream || needs.multipart {
        reqwest.push("stream");
    }
    // `fs` reads upload files, `sync` is the token cache's lock.
    let tokio: Vec<&str> = [
        needs.multipart.then_some("fs"),
        needs.oauth2.then_some("sync"),
        Some("time"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut deps = BTreeMap::from([
        ("bytes".to_string(), version("1")),
        (
            "reqwest".to_string(),
            detailed("0.13.5", Some(false), &reqwest),
        ),
        ("serde".to_string(), detailed("1.0.228", None, &["derive"])),
        ("serde_json".to_string(), version("1.0.145")),
        ("thiserror".to_string(), version("2.0.21")),
        ("tracing".to_string(), version("0.1.41")),
        ("tokio".to_string(), detailed(TOKIO, None, &tokio)),
    ]);
    if needs.multipart {
        deps.insert("tokio-util".into(), detailed("0.7.16", None, &["io"]));
        deps.insert("mime_guess".into(), version("2.0.5"));
    }
    if needs.secrets {
        deps.insert("secrecy".into(), version("0.10.3"));
    }
    // What the auth templates in use need (see `auth/templates.rs`).
    for (name, v) in api.auth.iter().flat_map(|s| s.template.info().dependencies) {
        deps.insert(name.to_string(), version(v));
    }
    // A page's items that do not decode name the JSON path of the one that failed (a 2xx
    // body's path is found by `response::path_at`, without a decoder per type).
    if needs.pagination {
        deps.insert("serde_path_to_error".into(), version("0.1.20"));
    }
    if needs.webhook_signature {
        for (name, v) in [("base64", "0.23.1"), ("hmac", "0.12.1"), ("sha2", "0.10.9")] {
            deps.insert(name.into(), version(v));
        }
    }
    if needs.stream || needs.json_lines || needs.event_stream || needs.multipart || needs.pagination
    {
        deps.insert("futures-util".into(), detailed("0.3.34", Some(false), &[]));
    }
    deps
}

/// Adds provider.toml's `[extras]` dependencies. One the generated code already depends on
/// may be named only with the same requirement (it is then listed once).
fn add_extras(
    deps: &mut BTreeMap<String, Dependency>,
    extras: &BTreeMap<String, Dependency>,
    (file, table): (&Path, &str),
) -> Result<(), Diagnostic> {
    for (name, dep) in extras {
        match deps.get(name) {
            Some(existing) if existing.to_toml() == dep.to_toml() => {}
            Some(existing) => {
                let key = Location::Key(format!("extras.{table}.{name}"));
                let message = format!(
                    "the generated crate already depends on `{name} = {}`; declare it exactly \
                     so or leave it out",
                    existing.to_toml()
                );
                return Err(Diagnostic::new(file, key, message));
            }
            None => {
                deps.insert(name.clone(), dep.clone());
            }
        }
    }
    Ok(())
}
