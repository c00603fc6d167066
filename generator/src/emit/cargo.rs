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
    // The test double's dependencies, all already in reqwest's tree.
    let mut mock = Vec::new();
    for (name, version) in MOCK_DEPENDENCIES {
        if !api.needs.dependencies.contains_key(*name) {
            text.push_str(&format!(
                "{name} = {{ version = \"{version}\", optional = true }}\n"
            ));
            mock.push(format!("\"dep:{name}\""));
        }
    }
    if !api.needs.dev_dependencies.is_empty() {
        let dev = lines(&api.needs.dev_dependencies);
        text.push_str(&format!("\n[dev-dependencies]\n{dev}\n"));
    }
    text.push_str("\n[features]\n");
    if !api.features.is_empty() {
        let defaults: Vec<String> = api
            .features
            .iter()
            .filter(|f| f.default)
            .map(|f| format!("\"{}\"", f.name))
            .collect();
        text.push_str(&format!("default = [{}]\n", defaults.join(", ")));
        for feature in &api.features {
            text.push_str(&format!("# {}\n{} = []\n", feature.docs, feature.name));
        }
    }
    text.push_str(&format!(
        "# Test doubles: `mock::Mock` answers calls from rules instead of the network.\nmock = [{}]\n",
        mock.join(", ")
    ));
    text
}

/// What `src/mock.rs` uses besides the crate's own dependencies.
const MOCK_DEPENDENCIES: &[(&str, &str)] = &[
    ("http", "1.3.1"),
    ("http-body", "1.0.1"),
    ("percent-encoding", "2.3.1"),
    ("tower-layer", "0.3.3"),
    ("tower-service", "0.3.3"),
];

/// One `name = requirement` line per dependency, sorted by name.
fn lines(deps: &BTreeMap<String, Dependency>) -> String {
    deps.iter()
        .map(|(name, dep)| format!("{name} = {}", dep.to_toml()))
        .collect::<Vec<_>>()
        .join("\n")
}
