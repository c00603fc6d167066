//! The retry policy: provider.toml's `[retry]`, else the spec's vendor extension
//! (`x-<vendor>-retries`, the shape SDK generators use: `backoff.initialInterval`,
//! `maxInterval`, `exponent`/`multiplier`, `maxElapsedTime`, `statusCodes`,
//! `retryConnectionErrors`), else the defaults.

use serde_json::Value;

use crate::config::{Config, RetryConfig};
use crate::diagnostic::{Diagnostic, Location, join};
use crate::load::Spec;

pub fn policy(spec: &Spec, config: &Config) -> Result<RetryConfig, Diagnostic> {
    if let Some(retry) = &config.retry {
        return Ok(retry.clone());
    }
    let Some(root) = spec.root.as_object() else {
        return Ok(RetryConfig::default());
    };
    let extension = root
        .iter()
        .find(|(k, _)| k.starts_with("x-") && k.ends_with("-retries"));
    match extension {
        Some((key, value)) => from_extension(spec, value, &join("", key)),
        None => Ok(RetryConfig::default()),
    }
}

fn from_extension(spec: &Spec, value: &Value, pointer: &str) -> Result<RetryConfig, Diagnostic> {
    let mut retry = RetryConfig::default();
    let Some(obj) = value.as_object() else {
        return Err(spec.error(pointer, "a retry extension must be a mapping"));
    };
    let number = |v: Option<&Value>, at: &str| -> Result<Option<f64>, Diagnostic> {
        match v {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map(Some)
                .ok_or_else(|| spec.error(at, "must be a non-negative number")),
        }
    };
    let backoff = obj.get("backoff");
    let field = |k: &str| backoff.and_then(|b| b.get(k));
    let at = |k: &str| join(&join(pointer, "backoff"), k);
    if let Some(ms) = number(field("initialInterval"), &at("initialInterval"))? {
        retry.initial_interval_ms = ms as u64;
    }
    if let Some(ms) = number(field("maxInterval"), &at("maxInterval"))? {
        retry.max_interval_ms = ms as u64;
    }
    if let Some(ms) = number(field("maxElapsedTime"), &at("maxElapsedTime"))? {
        retry.max_elapsed_ms = ms as u64;
    }
    let growth = field("multiplier")
        .map(|_| "multiplier")
        .or(field("exponent").map(|_| "exponent"));
    if let Some(key) = growth
        && let Some(m) = number(field(key), &at(key))?
    {
        if m < 1.0 {
            return Err(spec.error(&at(key), "must be at least 1"));
        }
        retry.multiplier = m;
    }
    if let Some(n) = number(obj.get("maxAttempts"), &join(pointer, "maxAttempts"))? {
        retry.max_attempts = (n as u32).max(1);
    }
    if let Some(flag) = obj.get("retryConnectionErrors") {
        retry.connection_errors = flag.as_bool().ok_or_else(|| {
            spec.error(
                &join(pointer, "retryConnectionErrors"),
                "must be true or false",
            )
        })?;
    }
    if let Some(codes) = obj.get("statusCodes") {
        retry.statuses = statuses(spec, codes, &join(pointer, "statusCodes"))?;
    }
    Ok(retry)
}

/// `[408, 429, "5XX"]` → every status listed, ranges expanded.
fn statuses(spec: &Spec, codes: &Value, pointer: &str) -> Result<Vec<u16>, Diagnostic> {
    let Some(list) = codes.as_array() else {
        return Err(spec.error(pointer, "must be a list of status codes"));
    };
    let mut out = Vec::new();
    for (i, code) in list.iter().enumerate() {
        let text = match code {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.trim().to_ascii_uppercase(),
            _ => String::new(),
        };
        match (
            text.parse::<u16>(),
            text.strip_suffix("XX").and_then(|d| d.parse::<u16>().ok()),
        ) {
            (Ok(status), _) if (100..600).contains(&status) => out.push(status),
            (_, Some(class)) if (1..6).contains(&class) => {
                out.extend(class * 100..class * 100 + 100)
            }
            _ => {
                return Err(spec.error(
                    &format!("{pointer}/{i}"),
                    format!("`{code}` is not a status code"),
                ));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Marks the operations `[retry] safe_operations` names as safe to retry, and checks the
/// idempotency header is a header name.
pub fn mark_safe(
    spec: &Spec,
    config: &Config,
    retry: &RetryConfig,
    operations: &mut [super::Operation],
) -> Result<(), Diagnostic> {
    let file = config.path.as_deref().unwrap_or(&spec.path);
    let error = |key: &str, message: String| {
        Diagnostic::new(file, Location::Key(format!("retry.{key}")), message)
    };
    if let Some(name) = &retry.idempotency_header
        && !is_token(name)
    {
        return Err(error(
            "idempotency_header",
            format!("`{name}` is not an HTTP header name"),
        ));
    }
    for id in &retry.safe_operations {
        let Some(op) = operations.iter_mut().find(|op| &op.operation_id == id) else {
            return Err(error(
                "safe_operations",
                format!("no operation `{id}` in the spec"),
            ));
        };
        op.retry_safe = true;
    }
    Ok(())
}

/// An HTTP token (RFC 9110): what a header name may be.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
