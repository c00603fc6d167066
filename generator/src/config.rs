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
    #[serde(rename = "crate", default)]
    pub krate: CrateConfig,
    #[serde(default)]
    pub client: ClientConfig,
    #[serde(default)]
    pub auth: BTreeMap<String, AuthConfig>,
    #[serde(default)]
    pub errors: ErrorsConfig,
    #[serde(default)]
    pub retry: RetryConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub base_url: Option<String>,
    pub base_url_env: Option<String>,
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsConfig {
    pub schema: Option<String>,
    pub message: Option<String>,
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
        }
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
    let retry = &config.retry;
    if retry.max_attempts == 0 {
        let key = Location::Key("retry.max_attempts".into());
        return Err(Diagnostic::new(path, key, "must be at least 1"));
    }
    if !(retry.multiplier >= 1.0 && retry.multiplier.is_finite()) {
        let key = Location::Key("retry.multiplier".into());
        return Err(Diagnostic::new(path, key, "must be a finite number >= 1.0"));
    }
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

/// 1-based line and column of a byte offset.
pub fn line_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::Line { line, column }
}
