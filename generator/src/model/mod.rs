//! Model: the typed intermediate representation of one generated crate.
//!
//! Everything emit needs is decided here: Rust names (by [`naming`] only), types for every
//! schema (inline ones named after where they appear), which credentials an operation uses,
//! and which parameters the auth templates own. Emit never looks at the spec again.

mod alias_cycles;
mod auth;
mod boxing;
mod construction;
mod defaults;
mod docs;
mod errors;
pub mod features;
mod inputs;
pub mod naming;
mod needs;
mod operation;
mod operation_model;
mod package;
mod pagination;
mod pattern_sample;
mod permissions;
mod places;
mod retry;
pub mod samples;
mod schema;
mod schema_view;
mod servers;
mod shapes;
mod type_model;
mod type_ref;
pub mod webhook_events;
pub mod webhooks;

use crate::config::{Config, RetryConfig, Template};
use crate::diagnostic::Diagnostic;
use crate::load::Spec;

pub use inputs::{Input, InputType, Place, form_inputs};
pub use needs::Needs;
pub use operation_model::*;
pub use type_model::*;
pub use type_ref::TypeRef;

/// One crate's worth of API.
#[derive(Debug, Clone)]
pub struct Api {
    pub package: String,
    pub lib: String,
    pub version: String,
    pub title: String,
    pub description: Option<String>,
    pub spec_version: String,
    pub base_url: String,
    /// The `{variables}` of the spec's first server URL, whose defaults are already
    /// substituted into `base_url`; empty when provider.toml sets the base URL.
    pub server_variables: Vec<ServerVariable>,
    /// The first server URL as the spec writes it, with its `{variables}`.
    pub server_template: Option<String>,
    pub base_url_env: Option<String>,
    /// The variable `from_env` reads for hosts allowed over plain `http://`.
    pub insecure_http_env: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub auth: Vec<AuthScheme>,
    /// The crate's cargo features, in `Cargo.toml` order.
    pub features: Vec<CargoFeature>,
    pub errors: ErrorModel,
    pub retry: RetryConfig,
    /// What could not be generated, and why (listed in the crate README).
    pub skipped: Vec<Skip>,
    /// The `webhooks` module, if the spec describes webhooks the crate can tell apart.
    pub webhooks: Option<webhooks::Webhooks>,
    /// The overlay applied to the spec before it was read (`load/overlay.rs`), if any.
    pub overlay: Option<crate::load::overlay::Applied>,
    /// What the crate needs (runtime parts, dependencies), decided last (see `needs.rs`).
    pub needs: Needs,
}

/// A cargo feature of the generated crate (see `model/features.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoFeature {
    pub name: String,
    /// On unless the user turns default features off.
    pub default: bool,
    /// One line for `Cargo.toml` and the README.
    pub docs: String,
}

/// A variable of the server URL (`https://{region}.example.com`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// Allowed values (`enum`); empty: any value.
    pub values: Vec<String>,
    pub description: Option<String>,
}

/// Something the generator left out, with the place in the spec and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub what: String,
    pub pointer: String,
    pub reason: String,
}

/// Documentation carried from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Extra lines the generator adds (formats, constraints, defaults).
    pub notes: Vec<String>,
    pub deprecated: bool,
    /// Validation keywords and `default` (keyword → JSON text), for change reports.
    pub constraints: std::collections::BTreeMap<String, String>,
    /// The schema's `format` (`uuid`, `date-time`), for sample values.
    pub format: Option<String>,
    /// An array's inline `items` schema, for sample values of its items (not part of a
    /// field's shape: see `shapes.rs`).
    pub items: Option<Box<Docs>>,
    /// The spec's example of the value (`example`, or the first of `examples`), used as a
    /// sample when it is valid for the rest of what the docs say (not part of a field's
    /// shape: see `shapes.rs`).
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The scheme's name in the spec or provider.toml.
    pub key: String,
    /// Rust name for builder methods and credential fields (`snake_case`).
    pub name: String,
    /// Rust name of the scheme's credential type (`UpperCamelCase`).
    pub type_name: String,
    pub template: Template,
    pub docs: Option<String>,
    pub credentials: Vec<Credential>,
    /// Header or query parameter name (`header`, `query`).
    pub param: Option<String>,
    pub prefix: String,
    /// Declared only in provider.toml: applies to every operation.
    pub global: bool,
    /// `oauth2`: where the client obtains tokens itself (`None` for other templates).
    pub tokens: Option<TokenEndpoints>,
}

/// Where an OAuth 2.0 scheme's client obtains tokens itself, from the spec's flows and
/// provider.toml (see `model/auth/token_endpoints.rs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenEndpoints {
    /// The client-credentials grant's token URL (`None`: the spec has no such flow).
    pub client_credentials: Option<String>,
    /// Where a refresh token is exchanged for access tokens: a flow's `refreshUrl`, else the
    /// `tokenUrl` of a flow that issues refresh tokens.
    pub refresh: Option<String>,
    /// provider.toml's environment variables for the client's id and secret.
    pub client_env: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// Rust name (`snake_case`).
    pub name: String,
    pub env: Option<String>,
    pub secret: bool,
    pub body_field: Option<String>,
    pub query_param: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorModel {
    /// The Rust type of error bodies, if the config names a schema.
    pub body: Option<TypeRef>,
    pub message: Option<String>,
    pub description: Option<String>,
    pub code: Option<String>,
    pub retry_after: Option<String>,
    pub hints: Vec<(u16, String)>,
}

/// How many aliases (or shared shapes) in a row a walk through types follows: they are
/// acyclic after `alias_cycles`, so this only bounds the walk.
pub(super) const MAX_ALIASES: usize = 16;

/// The type named `name` among `types`. The model keeps its types sorted by name (see
/// [`build`]), so this is a binary search: a scan per lookup made generating Microsoft
/// Graph's 35,110 types quadratic. A miss (or types from elsewhere, unsorted) falls back to
/// the scan.
pub fn type_named<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeDef> {
    match types.binary_search_by(|t| t.name.as_str().cmp(name)) {
        Ok(i) => Some(&types[i]),
        Err(_) => types.iter().find(|t| t.name == name),
    }
}

/// Builds the model from a loaded spec and its provider config.
pub fn build(spec: &Spec, config: &Config) -> Result<Api, Diagnostic> {
    let root = &spec.root;
    let info = root.get("info");
    let text = |key: &str| info.and_then(|i| i.get(key)).and_then(|v| v.as_str());
    let package = package::name(spec, config)?;
    let mut types = schema::TypeBuilder::new(spec);
    types.add_components()?;
    let mut auth = auth::build(spec, config)?;
    let errors = errors::error_model(spec, config, &types)?;
    let (mut operations, mut skipped) =
        operation::build_all(spec, &mut types, &auth, config.strict)?;
    skipped.extend(auth::keep_used(&mut auth, &mut operations));
    let mut hooks = webhook_events::build(spec, &config.webhooks, &mut types, &mut skipped);
    let mut webhook_roots = webhooks::roots(spec, &types);
    if let Some(hooks) = &hooks {
        webhook_roots.extend(webhook_events::payload_types(hooks));
        webhook_roots.sort();
        webhook_roots.dedup();
    }
    let components = types.component_names();
    let (mut types, unenforced) = types.finish();
    // Sorted by name (they come from a map keyed by name): `type_named` relies on it.
    types.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.extend(unenforced);
    skipped.extend(alias_cycles::break_cycles(&mut types));
    boxing::box_recursive(&mut types);
    defaults::fill(&mut types);
    errors::drop_envelope_only_errors(&mut operations, &errors);
    pagination::attach(spec, config, &mut operations, &types)?;
    permissions::assign(spec, config, &mut operations)?;
    let retry = retry::policy(spec, config)?;
    retry::mark_safe(spec, config, &retry, &mut operations)?;
    let cargo_features = features::assign(
        &mut types,
        &mut operations,
        &webhook_roots,
        hooks.is_some(),
        &errors,
        config.krate.features_by_tag,
        config.krate.tags_on_by_default,
    );
    if let Some(hooks) = &mut hooks {
        hooks.feature = cargo_features
            .iter()
            .any(|f| f.name == webhooks::FEATURE)
            .then(|| webhooks::FEATURE.to_string());
    }
    shapes::share_identical(&mut types, &components);
    construction::decide(&mut types, &operations);
    let (base_url, server_variables, server_template) = servers::base_url(spec, config)?;
    auth::resolve_token_urls(&mut auth, &base_url);
    let mut api = Api {
        lib: package.replace('-', "_"),
        version: config
            .krate
            .version
            .clone()
            .unwrap_or_else(|| "0.1.0".to_string()),
        title: text("title").unwrap_or(&package).to_string(),
        description: config
            .krate
            .description
            .clone()
            .or_else(|| text("description").map(str::to_string)),
        spec_version: text("version").unwrap_or("unversioned").to_string(),
        package,
        base_url: base_url.trim_end_matches('/').to_string(),
        server_variables,
        server_template,
        base_url_env: config.client.base_url_env.clone(),
        insecure_http_env: config.client.insecure_http_env.clone(),
        types,
        operations,
        auth,
        features: cargo_features,
        errors,
        retry,
        skipped,
        webhooks: hooks,
        overlay: spec.overlay.clone(),
        needs: Needs::default(),
    };
    api.needs = needs::decide(&api, config)?;
    // `--strict`: what would be listed under "Not generated" fails the generation instead
    // (operations already did, where they were built).
    if let (true, Some(first)) = (config.strict, api.skipped.first()) {
        let message = format!("{}: {}", first.what, first.reason);
        return Err(spec.error(&first.pointer, message));
    }
    Ok(api)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> TypeDef {
        TypeDef {
            name: name.to_string(),
            pointer: String::new(),
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Json),
            features: Vec::new(),
            same_as: None,
        }
    }

    /// Sorted types are found by search; unsorted ones (built by hand) still are, by scan.
    #[test]
    fn types_are_found_by_name_sorted_or_not() {
        let sorted: Vec<TypeDef> = ["A", "B", "From2", "Zebra"].map(named).into();
        for name in ["A", "B", "From2", "Zebra"] {
            assert_eq!(
                type_named(&sorted, name).map(|t| t.name.as_str()),
                Some(name)
            );
        }
        assert!(type_named(&sorted, "Missing").is_none());
        let unsorted: Vec<TypeDef> = ["Zebra", "A", "M"].map(named).into();
        assert_eq!(
            type_named(&unsorted, "A").map(|t| t.name.as_str()),
            Some("A")
        );
    }
}
