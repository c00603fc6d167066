//! `Cargo.toml` of a generated crate: only the dependencies and features its spec needs.

use crate::config::Template;
use crate::model::Api;

pub fn emit(api: &Api) -> String {
    let mut features = vec!["rustls"];
    if api.uses_multipart() {
        features.push("multipart");
    }
    if api.uses_stream() {
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
        "tokio = { version = \"1.54.1\", features = [\"time\"] }".to_string(),
    ];
    if api
        .auth
        .iter()
        .any(|s| s.credentials.iter().any(|c| c.secret))
    {
        deps.push("secrecy = \"0.10.3\"".to_string());
    }
    if api.auth.iter().any(|s| s.template == Template::Basic) {
        deps.push("base64 = \"0.23.1\"".to_string());
    }
    if api.uses_multipart() {
        deps.push("mime_guess = \"2.0.5\"".to_string());
    }
    if api.uses_stream() {
        deps.push("futures-util = { version = \"0.3.34\", default-features = false }".to_string());
    }
    deps.sort();
    format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"\nrust-version = \"1.89\"\ndescription = \"{}\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n[dependencies]\n{}\n",
        api.package,
        api.version,
        description,
        deps.join("\n")
    )
}
