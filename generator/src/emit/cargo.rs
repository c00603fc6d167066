//! `Cargo.toml` of a generated crate: the dependencies and features the model decided it
//! needs (see `model/needs.rs`).

use std::collections::BTreeMap;

use crate::config::Dependency;
use crate::model::Api;

pub fn emit(api: &Api) -> String {
    let description = api
        .description
        .as_deref()
        .and_then(|d| d.lines().next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(api.title.as_str())
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let mut text = format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"\nrust-version = \"1.89\"\ndescription = \"{}\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n[dependencies]\n{}\n",
        api.package,
        api.version,
        description,
        lines(&api.needs.dependencies)
    );
    if !api.needs.dev_dependencies.is_empty() {
        let dev = lines(&api.needs.dev_dependencies);
        text.push_str(&format!("\n[dev-dependencies]\n{dev}\n"));
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
    text
}

/// One `name = requirement` line per dependency, sorted by name.
fn lines(deps: &BTreeMap<String, Dependency>) -> String {
    deps.iter()
        .map(|(name, dep)| format!("{name} = {}", dep.to_toml()))
        .collect::<Vec<_>>()
        .join("\n")
}
