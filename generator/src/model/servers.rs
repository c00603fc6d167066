//! The server the client talks to by default, and the variables of its URL.

use super::ServerVariable;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::Spec;

/// The base URL: provider.toml's `[client] base_url`, else the spec's first server URL with
/// its variables' defaults substituted, else empty (the spec names no server); also the
/// variables and the URL as the spec writes it.
pub fn base_url(
    spec: &Spec,
    config: &Config,
) -> Result<(String, Vec<ServerVariable>, Option<String>), Diagnostic> {
    Ok(match &config.client.base_url {
        Some(url) => (url.clone(), Vec::new(), None),
        None => {
            // No `servers` is valid (the default is `/`, wherever the spec was served from):
            // no default base URL, so the caller sets one (the runtime says so if not).
            let Some(url) = spec.root.pointer("/servers/0/url").and_then(|v| v.as_str()) else {
                return Ok((String::new(), Vec::new(), None));
            };
            let variables = server_variables(spec, url)?;
            let template = (!variables.is_empty()).then(|| url.trim_end_matches('/').to_string());
            (substitute(url, &variables), variables, template)
        }
    })
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
