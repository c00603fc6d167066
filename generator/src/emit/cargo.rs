//! `Cargo.toml` of a generated crate: only the dependencies and features its spec needs.

use std::path::Path;

use crate::config::{Config, Dependency};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::Api;

/// `config` gives the `[extras]` dependencies, merged in sorted by name.
pub fn emit(api: &Api, config: &Config) -> Result<String, Diagnostic> {
    let mut features = vec!["rustls"];
    if api.uses_multipart() {
        features.push("multipart");
    }
    // Downloads read the body as a stream; uploads send files as streams.
    if api.uses_stream() || api.uses_multipart() {
        features.push("stream");
    }
    let features = features
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let description = api
        .description
        .as_deref()
        .and_then(|d| d.lines().next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(api.title.as_str())
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let mut deps = vec![
        "bytes = \"1\"".to_string(),
        format!(
            "reqwest = {{ version = \"0.13.5\", default-features = false, features = [{features}] }}"
        ),
        "serde = { version = \"1.0.228\", features = [\"derive\"] }".to_string(),
        "serde_json = \"1.0.145\"".to_string(),
        "thiserror = \"2.0.21\"".to_string(),
        "tracing = \"0.1.41\"".to_string(),
    ];
    if api.uses_multipart() {
        deps.push("tokio = { version = \"1.54.1\", features = [\"fs\", \"time\"] }".to_string());
        deps.push("tokio-util = { version = \"0.7.16\", features = [\"io\"] }".to_string());
    } else {
        deps.push("tokio = { version = \"1.54.1\", features = [\"time\"] }".to_string());
    }
    if api
        .auth
        .iter()
        .any(|s| s.credentials.iter().any(|c| c.secret))
    {
        deps.push("secrecy = \"0.10.3\"".to_string());
    }
    // What the auth templates in use need (see `model/auth/templates.rs`).
    for line in api.auth.iter().flat_map(|s| s.template.info().dependencies) {
        if !deps.iter().any(|d| d == line) {
            deps.push(line.to_string());
        }
    }
    if api.uses_multipart() {
        deps.push("mime_guess = \"2.0.5\"".to_string());
    }
    if api.uses_stream() || api.uses_multipart() || api.uses_pagination() {
        deps.push("futures-util = { version = \"0.3.34\", default-features = false }".to_string());
    }
    let file = config.path.as_deref().unwrap_or(Path::new("provider.toml"));
    let extras = &config.extras;
    let deps = merge(deps, &extras.dependencies, (file, "dependencies"))?;
    let mut text = format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"\nrust-version = \"1.89\"\ndescription = \"{}\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n[dependencies]\n{}\n",
        api.package,
        api.version,
        description,
        deps.join("\n")
    );
    if !extras.dev_dependencies.is_empty() {
        let dev = merge(
            Vec::new(),
            &extras.dev_dependencies,
            (file, "dev-dependencies"),
        )?;
        text.push_str(&format!("\n[dev-dependencies]\n{}\n", dev.join("\n")));
    }
    if !api.features.is_empty() {
        let defaults: Vec<String> = api
            .features
            .iter()
            .filter(|f| f.default)
            .map(|f| format!("\"{}\"", f.name))
            .collect();
        text.push_str(&format!(
            "\n[features]\ndefault = [{}]\n",
            defaults.join(", ")
        ));
        for feature in &api.features {
            text.push_str(&format!("# {}\n{} = []\n", feature.docs, feature.name));
        }
    }
    Ok(text)
}

/// The generated dependency lines plus the `[extras]` ones, sorted. An extra dependency the
/// generated code already has must be declared exactly as generated (it is then listed once):
/// the generator does not guess how two requirements combine.
fn merge(
    mut deps: Vec<String>,
    extras: &std::collections::BTreeMap<String, Dependency>,
    (file, table): (&Path, &str),
) -> Result<Vec<String>, Diagnostic> {
    for (name, dep) in extras {
        let line = format!("{name} = {}", dep.to_toml());
        let prefix = format!("{name} = ");
        match deps.iter().find(|l| l.starts_with(&prefix)) {
            Some(existing) if *existing == line => {}
            Some(existing) => {
                let key = Location::Key(format!("extras.{table}.{name}"));
                let message = format!(
                    "the generated crate already depends on `{existing}`; declare it exactly so or leave it out"
                );
                return Err(Diagnostic::new(file, key, message));
            }
            None => deps.push(line),
        }
    }
    deps.sort();
    Ok(deps)
}
