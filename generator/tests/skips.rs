//! What cannot be generated is left out with its place and reason (listed under "Not
//! generated" in the crate README), or, with `--strict`, fails the generation.

use std::path::{Path, PathBuf};

use generator::diagnostic::Diagnostic;
use generator::{Input, Options, Output};

const SPEC: &str = r#"
openapi: 3.0.3
info: { title: Skips, version: "1" }
servers: [{ url: "https://api.example.com" }]
paths:
  /good/{id}:
    get:
      operationId: getGood
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses: { "204": { description: ok } }
  /bad/{id}:
    get:
      operationId: getBad
      responses: { "204": { description: ok } }
"#;

/// `text` as a spec in a folder of its own per test (tests run in parallel).
fn spec_with(test: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skips-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("openapi.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn spec(test: &str) -> PathBuf {
    spec_with(test, SPEC)
}

/// Generates the crate `skips` from `spec`, with or without `--strict`.
fn generate(spec: &Path, strict: bool) -> Result<Output, Diagnostic> {
    let input = Input {
        spec,
        config: None,
        name: Some("skips"),
    };
    generator::generate_with(&input, None, Options { strict }).map(|(output, _)| output)
}

#[test]
fn an_operation_that_cannot_be_generated_is_skipped_and_listed() {
    let spec = spec("listed");
    let output = generate(&spec, false).unwrap();
    assert_eq!(output.stats.operations, 1);
    assert_eq!(output.stats.skipped, 1);
    let readme = &output.files["README.md"];
    assert!(readme.contains("## Not generated"), "{readme}");
    assert!(
        readme.contains("operation `getBad` (GET /bad/{id})"),
        "{readme}"
    );
    assert!(readme.contains("`#/paths/~1bad~1{id}/get`"), "{readme}");
    assert!(
        readme.contains("has no `in: path` parameter named `id`"),
        "{readme}"
    );
    assert!(output.files["src/operations.rs"].contains("fn get_good"));
    assert!(!output.files["src/operations.rs"].contains("fn get_bad"));
}

#[test]
fn strict_turns_a_skip_into_an_error() {
    let spec = spec("strict");
    let err = generate(&spec, true).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("#/paths/~1bad~1{id}/get/parameters"),
        "{text}"
    );
    assert!(text.contains("`{id}`"), "{text}");
}

/// A spec whose `Thing` schema uses keywords the generated type cannot enforce, and whose
/// `Loop` refers only to itself.
const UNENFORCED: &str = r##"
openapi: 3.0.3
info: { title: Unenforced, version: "1" }
servers: [{ url: "https://api.example.com" }]
paths:
  /things:
    get:
      operationId: getThing
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
components:
  schemas:
    Thing:
      type: object
      properties:
        name: { type: string, not: { enum: [""] } }
      not: { required: [forbidden] }
      if: { required: [a] }
      then: { required: [b] }
    Loop:
      oneOf: [{ $ref: "#/components/schemas/Loop" }]
"##;

fn unenforced_spec(test: &str) -> PathBuf {
    spec_with(test, UNENFORCED)
}

#[test]
fn keywords_a_type_cannot_enforce_are_listed_with_their_place() {
    let spec = unenforced_spec("unenforced");
    let output = generate(&spec, false).unwrap();
    let readme = &output.files["README.md"];
    assert!(
        readme.contains("`not`, `if`, `then` of a schema at `#/components/schemas/Thing`"),
        "{readme}"
    );
    assert!(
        readme.contains("`not` of a schema at `#/components/schemas/Thing/properties/name`"),
        "{readme}"
    );
    assert!(readme.contains("not enforced"), "{readme}");
    // Each place once, however often the schema is used.
    assert_eq!(
        readme.matches("#/components/schemas/Thing`").count(),
        1,
        "{readme}"
    );
}

#[test]
fn strict_refuses_what_the_model_leaves_out_too() {
    let spec = unenforced_spec("unenforced-strict");
    let err = generate(&spec, true).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("#/components/schemas/"), "{text}");
}
