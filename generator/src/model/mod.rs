//! Model: the typed intermediate representation of one generated crate.
//!
//! Everything emit needs is decided here: Rust names (by [`naming`] only), types for every
//! schema (inline ones named after where they appear), which credentials an operation uses,
//! and which parameters the auth templates own. Emit never looks at the spec again.

mod auth;
mod boxing;
pub mod naming;
mod operation;
mod pagination;
mod retry;
mod schema;

use crate::config::{Config, RetryConfig, Template};
use crate::diagnostic::Diagnostic;
use crate::load::Spec;

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
    pub base_url_env: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub auth: Vec<AuthScheme>,
    pub errors: ErrorModel,
    pub retry: RetryConfig,
    /// What could not be generated, and why (listed in the crate README).
    pub skipped: Vec<Skip>,
}

/// Something the generator left out, with the place in the spec and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub what: String,
    pub pointer: String,
    pub reason: String,
}

impl Api {
    pub fn uses_multipart(&self) -> bool {
        self.operations.iter().any(|op| {
            matches!(
                op.body,
                Some(Body {
                    kind: BodyKind::Multipart(_),
                    ..
                })
            )
        })
    }

    /// Whether any operation refers to a named type (then `operations.rs` imports `types`).
    pub fn operations_use_types(&self) -> bool {
        self.operations.iter().any(|op| {
            let params = op.params.iter().map(|p| &p.ty);
            let body: Vec<&TypeRef> = match op.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty)) => vec![ty],
                Some(BodyKind::Multipart(fields) | BodyKind::UrlEncoded(fields)) => {
                    fields.iter().filter_map(|f| f.ty.as_ref()).collect()
                }
                _ => Vec::new(),
            };
            let response = match &op.response {
                ResponseKind::Json(ty) => Some(ty),
                _ => None,
            };
            params
                .chain(body)
                .chain(response)
                .any(TypeRef::mentions_named)
        })
    }

    pub fn uses_pagination(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    pub fn uses_stream(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.response == ResponseKind::Binary)
    }
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
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum, open: values the crate does not know decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
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
    pub docs: Docs,
}

impl Field {
    /// `Option<T>` in Rust: absent or null.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
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
    pub docs: Docs,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseKind,
    /// Alternatives of scheme names (indexes into `Api::auth`); each alternative needs all of
    /// its schemes. Empty: no authentication.
    pub security: Vec<Vec<usize>>,
    /// Credentials the `in_request` templates put into this request, as (scheme, credential
    /// index, wire name).
    pub auth_query: Vec<(usize, usize, String)>,
    pub auth_body: Vec<(usize, usize, String)>,
    /// Pointer of the operation in the spec, for diagnostics and docs.
    pub pointer: String,
    /// How to walk the pages of a list operation (from provider.toml).
    pub pagination: Option<Pagination>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Docs,
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
    let package = package_name(spec, config)?;
    let mut types = schema::TypeBuilder::new(spec);
    types.add_components()?;
    let auth = auth::build(spec, config)?;
    let errors = error_model(spec, config, &types)?;
    let (operations, skipped) = operation::build_all(spec, &mut types, &auth, config.strict)?;
    let mut types = types.finish();
    boxing::box_recursive(&mut types);
    let mut operations = operations;
    pagination::attach(spec, config, &mut operations, &types)?;
    let base_url = config
        .client
        .base_url
        .clone()
        .or_else(|| {
            root.pointer("/servers/0/url")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .ok_or_else(|| {
            spec.error(
                "/servers",
                "no server URL: add `servers` to the spec or `[client] base_url` to provider.toml",
            )
        })?;
    Ok(Api {
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
        base_url_env: config.client.base_url_env.clone(),
        types,
        operations,
        auth,
        errors,
        retry: retry::policy(spec, config)?,
        skipped,
    })
}

fn package_name(spec: &Spec, config: &Config) -> Result<String, Diagnostic> {
    let Some(name) = config.krate.name.clone() else {
        let file = config.path.as_deref().unwrap_or(&spec.path);
        let key = crate::diagnostic::Location::Key("crate.name".into());
        return Err(Diagnostic::new(
            file,
            key,
            "no crate name: set `[crate] name` or pass --name",
        ));
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        let file = config.path.as_deref().unwrap_or(&spec.path);
        let key = crate::diagnostic::Location::Key("crate.name".into());
        let msg =
            format!("`{name}` is not a valid crate name (lower-case letters, digits, `-`, `_`)");
        return Err(Diagnostic::new(file, key, msg));
    }
    Ok(name)
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
