//! `provider.toml`: what a spec cannot say (crate name, base URL, auth templates and their
//! parameters, credential env vars, error envelope, retry policy). See README.md for the keys.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the config came from, for diagnostics (`None`: no provider.toml).
    #[serde(skip)]
    pub path: Option<std::path::PathBuf>,
    /// Set by the caller (`--strict`): anything that would be skipped is an error instead.
    #[serde(skip)]
    pub strict: bool,
    /// Whether `[crate] name` was given as `--name` (errors then name the flag).
    #[serde(skip)]
    pub name_from_cli: bool,
    #[serde(rename = "crate", default)]
    pub krate: CrateConfig,
    #[serde(default)]
    pub client: ClientConfig,
    #[serde(default)]
    pub auth: BTreeMap<String, AuthConfig>,
    #[serde(default)]
    pub errors: ErrorsConfig,
    /// `None`: the spec's retry extension (`x-<vendor>-retries`), else the defaults.
    pub retry: Option<RetryConfig>,
    #[serde(default)]
    pub extras: ExtrasConfig,
    #[serde(default)]
    pub load: LoadConfig,
    /// `[[pagination]]`: list operations whose pages the client can walk.
    #[serde(default)]
    pub pagination: Vec<PaginationConfig>,
    /// `[[permissions]]`: what the caller's credentials must allow, per operation.
    #[serde(default)]
    pub permissions: Vec<PermissionRule>,
    /// `[webhooks]`: how the crate tells its webhooks apart and checks their signatures.
    #[serde(default)]
    pub webhooks: WebhooksConfig,
}

/// What a spec's `webhooks` cannot say: which body field names the event, and how the
/// provider signs deliveries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The top-level body field whose text names the event (`event`, `type`). Default: the
    /// payloads' `discriminator.propertyName`, when they share one.
    pub event_field: Option<String>,
    /// How far a signed timestamp may be from the receiver's clock, in seconds (default 300).
    pub tolerance_seconds: Option<u64>,
    /// The provider's signature scheme; none: the crate offers only `parse_unverified`.
    pub signature: Option<SignatureConfig>,
    /// Without a `signature`: why deliveries cannot be verified, for the README and the
    /// module's docs (default: the provider documents no scheme).
    pub unverified_reason: Option<String>,
}

/// `[webhooks.signature]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum SignatureConfig {
    /// Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
    StandardWebhooks,
    /// HMAC-SHA256 in one header.
    HmacSha256 {
        /// The header carrying the signature.
        header: String,
        /// `hex` or `base64`.
        encoding: SignatureEncoding,
        /// Text before the signature in the header (`sha256=`).
        #[serde(default)]
        prefix: String,
        /// A header with the delivery's Unix time, signed before the body.
        timestamp_header: Option<String>,
        /// Between the timestamp and the body (default `.`).
        separator: Option<String>,
        /// How the secret is written: `text` (its bytes are the key; the default), `hex`
        /// or `base64`.
        #[serde(default)]
        secret_encoding: SecretEncoding,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncoding {
    Hex,
    Base64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretEncoding {
    #[default]
    Text,
    Hex,
    Base64,
}

/// A rule naming the permission an operation needs (FastPix's tokens carry one permission:
/// read-write, read-only, data-read or system). The first rule that matches an operation
/// decides; a rule matches when each of its lists that is not empty names the operation's
/// method, tag, path (`*` matches any text) or operationId.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionRule {
    /// The permission, as the provider names it.
    pub permission: String,
    /// HTTP methods (`GET`), any case.
    #[serde(default)]
    pub methods: Vec<String>,
    /// Tags (the operation's first).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path templates as the spec writes them; `*` matches any text.
    #[serde(default)]
    pub paths: Vec<String>,
    /// operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
}

/// How a group of list operations pages (OpenAPI cannot say it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// operationIds.
    pub operations: Vec<String>,
    pub style: PageStyle,
    /// The query parameter that moves through the list (page number, item offset or cursor).
    pub param: String,
    /// The page-size query parameter, if any: a page shorter than the size is the last.
    pub size: Option<String>,
    /// JSON pointer to the array of items in a page.
    pub items: String,
    /// Cursor style: JSON pointer to the next page's cursor in a page.
    pub next: Option<String>,
    /// Number styles: where the walk starts when the call does not say (default: 1 for
    /// `page`, 0 for `offset`).
    pub first: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStyle {
    /// `param` is a page number.
    Page,
    /// `param` counts items to skip.
    Offset,
    /// `param` carries the cursor the previous page gave.
    Cursor,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// One cargo feature per tag; by default, for APIs of 500 operations or more.
    pub features_by_tag: Option<bool>,
    /// Whether the tag features are on by default; by default, for APIs of up to 2,500
    /// operations (see `model/features.rs`).
    pub tags_on_by_default: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub base_url: Option<String>,
    pub base_url_env: Option<String>,
    /// The variable `Client::from_env` reads to allow plain `http://` to some hosts (`*`, or
    /// hosts separated by commas): a test setup's opt-in.
    pub insecure_http_env: Option<String>,
}

/// The auth templates the generator knows; each lives in `emit/auth/<template>.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Basic,
    Bearer,
    Header,
    Query,
    InRequest,
    /// An API key in a cookie (`Cookie: name=<key>`), merged with the operation's cookies.
    Cookie,
    /// An HMAC-SHA256 signature of each attempt, with a timestamp and a nonce (see
    /// `model/auth/templates.rs`).
    HmacSha256,
    /// An OAuth 2.0 access token: given by the caller, or fetched and refreshed by the client
    /// (the client-credentials and refresh-token grants, or the caller's own token source).
    #[serde(rename = "oauth2")]
    OAuth2,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub template: Option<Template>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    pub header: Option<String>,
    pub prefix: Option<String>,
    pub param: Option<String>,
    #[serde(default)]
    pub credentials: Vec<InRequestCredential>,
    pub description: Option<String>,
    /// `oauth2`: the token endpoint of the client-credentials and refresh-token grants, in
    /// place of the spec's `tokenUrl` (or for a scheme whose spec names none).
    pub token_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InRequestCredential {
    pub name: String,
    pub body_field: Option<String>,
    pub query_param: Option<String>,
    #[serde(default = "yes")]
    pub secret: bool,
}

fn yes() -> bool {
    true
}

/// `[load]`: where the spec may read files from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadConfig {
    /// A folder (relative to provider.toml) that holds the spec, for a spec whose `$ref`s
    /// reach sibling folders; by default a spec reads only from its own folder.
    pub root: Option<std::path::PathBuf>,
}

/// `[extras]`: what the hand-written code in `extras/` beside the spec needs (see
/// `load/extras.rs`). Merged into the generated `Cargo.toml`, sorted by name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtrasConfig {
    /// Added to `[dependencies]`. A crate the generated code already depends on may be named
    /// only with the same requirement (it is then listed once).
    #[serde(default)]
    pub dependencies: BTreeMap<String, Dependency>,
    /// `[dev-dependencies]`, for examples and doc tests.
    #[serde(default, rename = "dev-dependencies")]
    pub dev_dependencies: BTreeMap<String, Dependency>,
}

/// A crates.io dependency: `"1.2"` or `{ version = "1.2", features = [...], default-features = false }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Dependency {
    Version(String),
    Detailed(DetailedDependency),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailedDependency {
    pub version: String,
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(rename = "default-features")]
    pub default_features: Option<bool>,
}

impl Dependency {
    /// The requirement as TOML, as provider.toml and Cargo.toml write it, in a fixed key
    /// order: `"1.2"`, or `{ version = "1.2", default-features = false, features = [..] }`.
    /// Two requirements with the same text are the same.
    pub fn to_toml(&self) -> String {
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let (version, default_features, features) = match self {
            Dependency::Version(v) => (v, None, &[][..]),
            Dependency::Detailed(d) => (&d.version, d.default_features, &d.features[..]),
        };
        if features.is_empty() && default_features.is_none() {
            return quoted(version);
        }
        let mut parts = vec![format!("version = {}", quoted(version))];
        if let Some(default) = default_features {
            parts.push(format!("default-features = {default}"));
        }
        if !features.is_empty() {
            let features: Vec<String> = features.iter().map(|f| quoted(f)).collect();
            parts.push(format!("features = [{}]", features.join(", ")));
        }
        format!("{{ {} }}", parts.join(", "))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsConfig {
    pub schema: Option<String>,
    pub message: Option<String>,
    /// JSON pointer to a longer explanation beside the message (FastPix's `/error/description`).
    pub description: Option<String>,
    pub code: Option<String>,
    pub retry_after: Option<String>,
    #[serde(default)]
    pub hints: BTreeMap<u16, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryConfig {
    pub max_attempts: u32,
    pub initial_interval_ms: u64,
    pub max_interval_ms: u64,
    pub multiplier: f64,
    pub statuses: Vec<u16>,
    pub connection_errors: bool,
    pub max_elapsed_ms: u64,
    /// A header the provider reads an idempotency key from (`Idempotency-Key`): calls that
    /// are not idempotent send one generated key, the same on every attempt, and may then
    /// be retried like idempotent ones.
    pub idempotency_header: Option<String>,
    /// operationIds of non-idempotent operations that are safe to retry all the same.
    pub safe_operations: Vec<String>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_interval_ms: 500,
            max_interval_ms: 10_000,
            multiplier: 2.0,
            statuses: vec![408, 429, 500, 502, 503, 504],
            connection_errors: true,
            max_elapsed_ms: 60_000,
            idempotency_header: None,
            safe_operations: Vec::new(),
        }
    }
}

impl Config {
    /// The file errors about a config key name: the provider.toml read, or `provider.toml`
    /// when there was none (its keys then come from the command line or the defaults).
    pub fn file(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new("provider.toml"))
    }
}

/// Reads `provider.toml` (if any); `name` overrides `[crate] name`.
pub fn load(path: Option<&Path>, name: Option<&str>) -> Result<Config, Diagnostic> {
    let mut config = match path {
        None => Config::default(),
        Some(path) => parse(path)?,
    };
    if let Some(name) = name {
        config.krate.name = Some(name.to_string());
        config.name_from_cli = true;
    }
    config.path = path.map(Path::to_path_buf);
    Ok(config)
}

fn parse(path: &Path) -> Result<Config, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::new(path, Location::File, format!("cannot read: {e}")))?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let location = match e.span() {
            Some(span) => line_of(&text, span.start),
            None => Location::File,
        };
        Diagnostic::new(path, location, e.message().to_string())
    })?;
    validate(path, &config)?;
    Ok(config)
}

fn validate(path: &Path, config: &Config) -> Result<(), Diagnostic> {
    validate_extras(path, &config.extras)?;
    validate_webhooks(path, &config.webhooks)?;
    let Some(retry) = &config.retry else {
        return validate_pointers(path, config);
    };
    if retry.max_attempts == 0 {
        let key = Location::Key("retry.max_attempts".into());
        return Err(Diagnostic::new(path, key, "must be at least 1"));
    }
    if !(retry.multiplier >= 1.0 && retry.multiplier.is_finite()) {
        let key = Location::Key("retry.multiplier".into());
        return Err(Diagnostic::new(path, key, "must be a finite number >= 1.0"));
    }
    validate_pointers(path, config)
}

/// Header names a request could carry, and a separator without a timestamp to separate.
fn validate_webhooks(path: &Path, webhooks: &WebhooksConfig) -> Result<(), Diagnostic> {
    let Some(SignatureConfig::HmacSha256 {
        header,
        timestamp_header,
        separator,
        ..
    }) = &webhooks.signature
    else {
        return Ok(());
    };
    let names = [
        ("header", Some(header)),
        ("timestamp_header", timestamp_header.as_ref()),
    ];
    for (key, name) in names {
        let Some(name) = name else { continue };
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid {
            let key = Location::Key(format!("webhooks.signature.{key}"));
            return Err(Diagnostic::new(
                path,
                key,
                format!("`{name}` is not a header name"),
            ));
        }
    }
    if separator.is_some() && timestamp_header.is_none() {
        let key = Location::Key("webhooks.signature.separator".into());
        let message =
            "a separator needs a `timestamp_header` (only the body is signed without one)";
        return Err(Diagnostic::new(path, key, message));
    }
    Ok(())
}

fn validate_pointers(path: &Path, config: &Config) -> Result<(), Diagnostic> {
    for (pointer_key, value) in [
        ("errors.message", &config.errors.message),
        ("errors.code", &config.errors.code),
        ("errors.retry_after", &config.errors.retry_after),
    ] {
        if let Some(v) = value
            && !v.is_empty()
            && !v.starts_with('/')
        {
            let msg = format!("`{v}` is not a JSON pointer (it must start with `/`)");
            return Err(Diagnostic::new(
                path,
                Location::Key(pointer_key.into()),
                msg,
            ));
        }
    }
    Ok(())
}

fn validate_extras(path: &Path, extras: &ExtrasConfig) -> Result<(), Diagnostic> {
    let tables = [
        ("dependencies", &extras.dependencies),
        ("dev-dependencies", &extras.dev_dependencies),
    ];
    for (table, deps) in tables {
        for (name, dep) in deps {
            let key = || Location::Key(format!("extras.{table}.{name}"));
            let crate_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !crate_name {
                let msg = format!("`{name}` is not a crates.io package name");
                return Err(Diagnostic::new(path, key(), msg));
            }
            let (version, features) = match dep {
                Dependency::Version(v) => (v, &[][..]),
                Dependency::Detailed(d) => (&d.version, &d.features[..]),
            };
            if version.trim().is_empty() {
                return Err(Diagnostic::new(path, key(), "needs a version requirement"));
            }
            if let Some(bad) = features.iter().find(|f| {
                f.is_empty()
                    || !f
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_/+.".contains(c))
            }) {
                let msg = format!("`{bad}` is not a feature name");
                return Err(Diagnostic::new(path, key(), msg));
            }
        }
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
pub fn line_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::Line { line, column }
}
