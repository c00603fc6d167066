//! Model: the typed intermediate representation of one generated crate.
//!
//! Everything emit needs is decided here: Rust names (by [`naming`] only), types for every
//! schema (inline ones named after where they appear), which credentials an operation uses,
//! and which parameters the auth templates own. Emit never looks at the spec again.

mod alias_cycles;
mod auth;
mod boxing;
mod features;
mod inputs;
pub mod naming;
mod needs;
mod operation;
mod package;
mod pagination;
mod retry;
mod schema;
mod shapes;
mod webhooks;

use crate::config::{Config, RetryConfig, Template};
use crate::diagnostic::Diagnostic;
use crate::load::Spec;

pub use inputs::{Input, InputType, Place, form_inputs};
pub use needs::Needs;
pub use schema::TypeRef;

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
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub auth: Vec<AuthScheme>,
    /// The crate's cargo features, in `Cargo.toml` order.
    pub features: Vec<CargoFeature>,
    pub errors: ErrorModel,
    pub retry: RetryConfig,
    /// What could not be generated, and why (listed in the crate README).
    pub skipped: Vec<Skip>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema is in the spec (for "Not generated" entries and diagnostics).
    pub pointer: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// The cargo features that compile this type: any one of them; empty: always compiled
    /// (see `model/features.rs`).
    pub features: Vec<String>,
    /// Another type of exactly the same shape: this one is emitted as an alias of it (see
    /// `model/shapes.rs`). `kind` still describes the shape, for docs and change reports.
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum, open: values the crate does not know decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    /// An integer enum, open: unknown values decode into `Unknown(i64)` (`wire` holds the
    /// number as text).
    IntEnum(Vec<EnumValue>),
    /// A boolean enum (`wire` is `true` or `false`); an unlisted value decodes into
    /// `Unknown(bool)`.
    BoolEnum(Vec<EnumValue>),
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
    /// `pub struct Name(pub ...);`, transparent on the wire: an alias that would contain
    /// itself (`Tree = BTreeMap<String, Tree>`), which Rust cannot write as a type alias
    /// (see `model/alias_cycles.rs`).
    Newtype(TypeRef),
}

impl TypeKind {
    /// The types this one holds: fields (and extra properties), variants, or the aliased type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(&s.additional)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to named properties, kept in a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set by the boxing pass when the field's type contains this struct directly.
    pub boxed: bool,
    /// `readOnly`: sent by the server only, never serialised into a request.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only; responses leave it out, so it is optional in
    /// Rust even when the schema requires it.
    pub write_only: bool,
    pub docs: Docs,
}

impl Field {
    /// Whether a value must be present when decoding (required, and not write-only).
    pub fn must_be_present(&self) -> bool {
        self.required && !self.write_only
    }

    /// `Nullable<T>` in Rust: optional and nullable, so absent, `null` and a value are three
    /// different things (a PATCH body can send `null` on purpose).
    pub fn tri_state(&self) -> bool {
        !self.must_be_present() && self.nullable
    }

    /// `Option<T>` (or `Nullable<T>`) in Rust: absent or null.
    pub fn optional(&self) -> bool {
        !self.must_be_present() || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub variant: String,
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The property whose value picks the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// The client method (`snake_case`).
    pub method: String,
    /// The fluent builder type (`UpperCamelCase`).
    pub builder: String,
    pub http_method: String,
    pub path: String,
    pub tag: Option<String>,
    /// The cargo feature (named after the tag) that compiles this operation, when the crate
    /// is split by tag (see `model/features.rs`).
    pub feature: Option<String>,
    pub docs: Docs,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The body of the lowest documented 2xx response (all of them when they agree).
    pub response: ResponseKind,
    /// When the documented 2xx responses have different bodies: one variant per status, and
    /// `send` returns this enum instead of `response`.
    pub responses: Option<StatusEnum>,
    /// JSON error bodies documented per status (exact codes, `4XX`/`5XX`, `default`).
    pub error_bodies: Option<StatusEnum>,
    /// Alternatives of scheme names (indexes into `Api::auth`); each alternative needs all of
    /// its schemes. Empty: no authentication.
    pub security: Vec<Vec<usize>>,
    /// Credentials the `in_request` templates put into this request, as (scheme, credential
    /// index, wire name).
    pub auth_query: Vec<(usize, usize, String)>,
    pub auth_body: Vec<(usize, usize, String)>,
    /// Pointer of the operation in the spec, for diagnostics and docs.
    pub pointer: String,
    /// Whether a non-idempotent operation may be retried all the same: `x-idempotent: true`
    /// in the spec or `[retry] safe_operations` in provider.toml.
    pub retry_safe: bool,
    /// How to walk the pages of a list operation (from provider.toml).
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// Every type the operation's parameters, body and responses use.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self.params.iter().map(|p| &p.ty).collect();
        match self.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json(ty)) => out.push(ty),
            Some(BodyKind::Multipart(fields) | BodyKind::UrlEncoded(fields)) => {
                out.extend(fields.iter().filter_map(|f| f.ty.as_ref()));
            }
            _ => {}
        }
        for alternative in self.body.iter().flat_map(Body::alternative_bodies) {
            if let AlternativeKind::Form { fields, .. } = &alternative.kind {
                out.extend(fields.iter().filter_map(|f| f.ty.as_ref()));
            }
        }
        let variants = self
            .responses
            .iter()
            .chain(&self.error_bodies)
            .flat_map(|e| &e.variants)
            .map(|v| &v.kind);
        for kind in std::iter::once(&self.response).chain(variants) {
            if let ResponseKind::Json(ty) = kind {
                out.push(ty);
            }
        }
        if let Some(p) = &self.pagination {
            out.push(&p.param_type);
            out.push(&p.item_type);
            out.extend(p.size.as_ref().map(|(_, ty)| ty));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: crate::config::PageStyle,
    /// The builder field (a parameter's Rust name) that moves through the list.
    pub param: String,
    pub param_type: TypeRef,
    /// The page-size parameter's Rust name and type.
    pub size: Option<(String, TypeRef)>,
    /// JSON pointer to the items in a page.
    pub items: String,
    pub item_type: TypeRef,
    /// Cursor style: JSON pointer to the next cursor.
    pub next: Option<String>,
    /// Where a walk starts by default (number styles).
    pub first: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    /// How the value is written (query parameters; others use their location's default).
    pub style: ParamStyle,
}

/// How a query parameter's value is serialised (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamStyle {
    /// `form`, exploded: arrays repeat the name (`tags=a&tags=b`).
    #[default]
    Form,
    /// `form` with `explode: false`: arrays comma-separated (`tags=a,b`).
    FormNoExplode,
    /// `spaceDelimited`: `tags=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: `tags=a|b`.
    PipeDelimited,
    /// `deepObject`: `filter[name]=x&filter[age]=3`.
    DeepObject,
}

/// A per-operation enum with one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEnum {
    /// The Rust type name (made by the naming pass).
    pub name: String,
    /// In matching order: exact codes, then ranges, then `default`.
    pub variants: Vec<StatusVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    pub status: StatusMatch,
    pub kind: ResponseKind,
    pub description: Option<String>,
}

/// Which statuses a response in the spec covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// `404`.
    Code(u16),
    /// `4XX`: the class digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// `404`, `4XX`, `default`: as the spec writes it.
    pub fn spec_text(&self) -> String {
        match self {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(d) => format!("{d}XX"),
            StatusMatch::Default => "default".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The default media type: JSON when the body offers it, else multipart, form, then the
    /// first listed.
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Docs,
    /// The body's other media types, each reachable through a builder method of its own.
    pub alternatives: Option<Alternatives>,
}

/// A request body's media types beside the default one.
///
/// Design: the builder keeps the default body exactly as before (a required JSON body stays
/// the client method's argument), and gains one method per other kind of media type that
/// *replaces* it (`.form_body(..)`, `.multipart_body(..)`, `.text_body(..)`,
/// `.binary_body(..)`); the last one set wins. This keeps every existing call
/// source-compatible and one operation one builder, at the cost that a caller sending a form
/// to an operation whose JSON body is required still passes a JSON value, which is then not
/// sent (the generated docs say so).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    /// The builder's private field holding the body an alternative method set.
    pub field: String,
    pub bodies: Vec<AlternativeBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeBody {
    /// The builder method (`form_body`).
    pub method: String,
    pub kind: AlternativeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlternativeKind {
    /// `application/x-www-form-urlencoded` or `multipart/form-data`: the fields go into a
    /// type of their own (`type_name`, in the operations module), built like a request
    /// builder: required fields in `new`, optional ones by setters.
    Form {
        media: String,
        multipart: bool,
        type_name: String,
        fields: Vec<FormField>,
    },
    /// `text/*` media types, sent from a `String`.
    Text(Vec<String>),
    /// Other media types, sent as raw bytes.
    Binary(Vec<String>),
}

impl Body {
    /// The alternative bodies (none for a body with one media type).
    pub fn alternative_bodies(&self) -> &[AlternativeBody] {
        self.alternatives.as_ref().map_or(&[], |a| &a.bodies)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// `application/json` (or `+json`) with this type.
    Json(TypeRef),
    /// `multipart/form-data`, one entry per form field.
    Multipart(Vec<FormField>),
    /// `application/x-www-form-urlencoded`, one entry per field (no files).
    UrlEncoded(Vec<FormField>),
    /// Raw bytes with this content type.
    Binary(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub name: String,
    pub wire: String,
    /// `None` for a file part (`format: binary`).
    pub ty: Option<TypeRef>,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// No body is expected (204 or no content).
    Empty,
    Json(TypeRef),
    /// A byte stream (downloads).
    Binary,
    Text,
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
    pub code: Option<String>,
    pub retry_after: Option<String>,
    pub hints: Vec<(u16, String)>,
}

/// Builds the model from a loaded spec and its provider config.
pub fn build(spec: &Spec, config: &Config) -> Result<Api, Diagnostic> {
    let root = &spec.root;
    let info = root.get("info");
    let text = |key: &str| info.and_then(|i| i.get(key)).and_then(|v| v.as_str());
    let package = package::name(spec, config)?;
    let mut types = schema::TypeBuilder::new(spec);
    types.add_components()?;
    let auth = auth::build(spec, config)?;
    let errors = error_model(spec, config, &types)?;
    let (operations, mut skipped) = operation::build_all(spec, &mut types, &auth, config.strict)?;
    let webhook_roots = webhooks::roots(spec, &types);
    let components = types.component_names();
    let mut types = types.finish();
    skipped.extend(alias_cycles::break_cycles(&mut types));
    boxing::box_recursive(&mut types);
    let mut operations = operations;
    drop_envelope_only_errors(&mut operations, &errors);
    pagination::attach(spec, config, &mut operations, &types)?;
    let retry = retry::policy(spec, config)?;
    retry::mark_safe(spec, config, &retry, &mut operations)?;
    let cargo_features = features::assign(
        &mut types,
        &mut operations,
        &webhook_roots,
        &errors,
        config.krate.features_by_tag,
    );
    shapes::share_identical(&mut types, &components);
    let (base_url, server_variables, server_template) = match &config.client.base_url {
        Some(url) => (url.clone(), Vec::new(), None),
        None => {
            let url = root
                .pointer("/servers/0/url")
                .and_then(|v| v.as_str())
                .ok_or_else(|| {
                    spec.error(
                        "/servers",
                        "no server URL: add `servers` to the spec or `[client] base_url` to provider.toml",
                    )
                })?;
            let variables = server_variables(spec, url)?;
            let template = (!variables.is_empty()).then(|| url.trim_end_matches('/').to_string());
            (substitute(url, &variables), variables, template)
        }
    };
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
        types,
        operations,
        auth,
        features: cargo_features,
        errors,
        retry,
        skipped,
        needs: Needs::default(),
    };
    api.needs = needs::decide(&api, config)?;
    Ok(api)
}

/// The `{variables}` of the first server URL, in the order the URL names them; each needs a
/// `default` in `servers[0].variables`.
fn server_variables(spec: &Spec, url: &str) -> Result<Vec<ServerVariable>, Diagnostic> {
    let declared = spec.root.pointer("/servers/0/variables");
    let mut out: Vec<ServerVariable> = Vec::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            return Err(spec.error("/servers/0/url", "unclosed `{` in the server URL"));
        };
        let name = &rest[start + 1..start + len];
        rest = &rest[start + len + 1..];
        if out.iter().any(|v| v.name == name) {
            continue;
        }
        let var = declared.and_then(|d| d.get(name));
        let pointer = crate::diagnostic::join("/servers/0/variables", name);
        let Some(default) = var.and_then(|v| v.get("default")).and_then(|d| d.as_str()) else {
            return Err(spec.error(
                &pointer,
                format!("server variable `{name}` needs a `default`"),
            ));
        };
        let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
        out.push(ServerVariable {
            name: name.to_string(),
            default: default.to_string(),
            values: var
                .and_then(|v| v.get("enum"))
                .and_then(|e| e.as_array())
                .map(|e| e.iter().filter_map(text).collect())
                .unwrap_or_default(),
            description: var.and_then(|v| v.get("description")).and_then(text),
        });
    }
    Ok(out)
}

/// The server URL with every variable replaced by its default.
fn substitute(url: &str, variables: &[ServerVariable]) -> String {
    variables.iter().fold(url.to_string(), |url, v| {
        url.replace(&format!("{{{}}}", v.name), &v.default)
    })
}

/// An operation whose documented error bodies are all the provider's envelope gains nothing
/// from its own error enum: `ApiError::error_body()` already decodes it.
fn drop_envelope_only_errors(operations: &mut [Operation], errors: &ErrorModel) {
    let Some(envelope) = &errors.body else { return };
    for op in operations {
        let only_envelope = op.error_bodies.as_ref().is_some_and(|e| {
            e.variants
                .iter()
                .all(|v| v.kind == ResponseKind::Json(envelope.clone()))
        });
        if only_envelope {
            op.error_bodies = None;
        }
    }
}

fn error_model(
    spec: &Spec,
    config: &Config,
    types: &schema::TypeBuilder<'_>,
) -> Result<ErrorModel, Diagnostic> {
    let errors = &config.errors;
    let body = match &errors.schema {
        None => None,
        Some(schema) => Some(types.component(schema).ok_or_else(|| {
            let file = config.path.as_deref().unwrap_or(&spec.path);
            let key = crate::diagnostic::Location::Key("errors.schema".into());
            Diagnostic::new(
                file,
                key,
                format!(
                    "no component schema named `{schema}` in {}",
                    spec.path.display()
                ),
            )
        })?),
    };
    Ok(ErrorModel {
        body,
        message: errors.message.clone(),
        code: errors.code.clone(),
        retry_after: errors.retry_after.clone(),
        hints: errors.hints.iter().map(|(k, v)| (*k, v.clone())).collect(),
    })
}
