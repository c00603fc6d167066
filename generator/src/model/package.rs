//! The crate's name: `[crate] name` or `--name`, checked so that callers can `use` it.

use std::path::Path;

use super::naming;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::load::Spec;

/// The package name, or a located error (naming `--name` when it came from the flag).
pub fn name(spec: &Spec, config: &Config) -> Result<String, Diagnostic> {
    let fail = |message: String| {
        if config.name_from_cli {
            return Diagnostic::new(Path::new("--name"), Location::File, message);
        }
        let file = config.path.as_deref().unwrap_or(&spec.path);
        Diagnostic::new(file, Location::Key("crate.name".into()), message)
    };
    let Some(name) = config.krate.name.clone() else {
        return Err(fail(
            "no crate name: set `[crate] name` or pass --name".to_string(),
        ));
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        return Err(fail(format!(
            "`{name}` is not a valid crate name (lower-case letters, digits, `-`, `_`)"
        )));
    }
    if name.len() > MAX_CRATE_NAME {
        return Err(fail(format!(
            "`{name}` is longer than {MAX_CRATE_NAME} characters, the most crates.io allows"
        )));
    }
    let lib = name.replace('-', "_");
    if naming::is_keyword(&lib) || RESERVED_CRATE_NAMES.contains(&lib.as_str()) {
        return Err(fail(format!(
            "`{name}` cannot be a crate name: callers could not `use` it (it is a Rust keyword or names a crate every program has)"
        )));
    }
    Ok(name)
}

/// The longest crate name crates.io takes.
const MAX_CRATE_NAME: usize = 64;

/// Crate names that would shadow a crate every program has, or one the generated crate
/// depends on by that name.
const RESERVED_CRATE_NAMES: &[&str] = &[
    "alloc",
    "base64",
    "bytes",
    "core",
    "futures_util",
    "mime_guess",
    "proc_macro",
    "reqwest",
    "secrecy",
    "serde",
    "serde_json",
    "std",
    "test",
    "thiserror",
    "tokio",
    "tokio_util",
    "tracing",
];
