//! Which credentials an operation accepts, as the generated code lists them (`SECURITY`):
//! schemes declared only in provider.toml are alternatives, one used per request; and no
//! scheme's type shadows a prelude name where `client.rs` glob-imports `auth`.

use std::path::PathBuf;

use generator::{Input, Output};

fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("auth-alternatives-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(test: &str, spec: &str, config: &str) -> Output {
    let dir = folder(test);
    std::fs::write(dir.join("openapi.yaml"), spec).unwrap();
    std::fs::write(dir.join("provider.toml"), config).unwrap();
    let (spec, config) = (dir.join("openapi.yaml"), dir.join("provider.toml"));
    let input = Input {
        spec: &spec,
        config: Some(&config),
        name: Some("alternatives"),
    };
    generator::generate(&input).unwrap_or_else(|e| panic!("{test}: {e}"))
}

const SPEC: &str = r#"openapi: 3.0.3
info: { title: T, version: "1" }
servers: [{ url: "https://api.example.com" }]
paths:
  /ping:
    get:
      operationId: ping
      responses: { "204": { description: ok } }
"#;

/// Two schemes declared only in provider.toml: either one authorises a call (they were
/// both required, and the second's header overwrote the first's).
#[test]
fn provider_toml_schemes_are_alternatives() {
    let config = r#"[crate]
name = "alternatives"

[auth.KeyA]
template = "header"
header = "X-Key"

[auth.KeyB]
template = "bearer"
"#;
    let output = generate("provider-toml", SPEC, config);
    let operations = &output.files["src/operations.rs"];
    assert!(
        operations.contains("const SECURITY: &[&[Scheme]] = &[&[Scheme::KeyA], &[Scheme::KeyB]];"),
        "{operations}"
    );
}

/// With the spec's own requirements, they come first; an optional `{}` stays last.
#[test]
fn provider_toml_schemes_follow_the_specs_alternatives() {
    let spec = format!(
        "{SPEC}security: [{{ Spec: [] }}, {{}}]\ncomponents:\n  securitySchemes:\n    Spec: {{ type: http, scheme: basic }}\n"
    );
    let config = "[crate]\nname = \"alternatives\"\n\n[auth.Extra]\ntemplate = \"bearer\"\n";
    let output = generate("with-spec", &spec, config);
    let operations = &output.files["src/operations.rs"];
    assert!(
        operations
            .contains("const SECURITY: &[&[Scheme]] = &[&[Scheme::Spec], &[Scheme::Extra], &[]];"),
        "{operations}"
    );
}

/// A scheme named `default` (currencytick.com) is not `struct Default`, which
/// `use crate::auth::*` would bring into `client.rs` over the prelude's trait (E0404).
#[test]
fn a_scheme_named_after_a_prelude_item_does_not_shadow_it() {
    let spec = format!(
        "{SPEC}security: [{{ default: [] }}]\ncomponents:\n  securitySchemes:\n    default: {{ type: apiKey, in: query, name: key }}\n"
    );
    let output = generate("prelude", &spec, "[crate]\nname = \"alternatives\"\n");
    let auth = &output.files["src/auth.rs"];
    assert!(!auth.contains("pub struct Default "), "{auth}");
    assert!(auth.contains("pub struct Default2 "), "{auth}");
}
