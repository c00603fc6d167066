//! What cannot be generated is left out with its place and reason (listed under "Not
//! generated" in the crate README), or, with `--strict`, fails the generation.

use std::path::PathBuf;

use generator::{Input, Options};

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

/// The spec in a folder of its own per test (tests run in parallel).
fn spec(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skips-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("openapi.yaml");
    std::fs::write(&path, SPEC).unwrap();
    path
}

#[test]
fn an_operation_that_cannot_be_generated_is_skipped_and_listed() {
    let spec = spec("listed");
    let input = Input {
        spec: &spec,
        config: None,
        name: Some("skips"),
    };
    let (output, _) = generator::generate_with(&input, None, Options::default()).unwrap();
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
    let input = Input {
        spec: &spec,
        config: None,
        name: Some("skips"),
    };
    let err = generator::generate_with(&input, None, Options { strict: true }).unwrap_err();
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
    let path = spec(test);
    std::fs::write(&path, UNENFORCED).unwrap();
    path
}

#[test]
fn keywords_a_type_cannot_enforce_are_listed_with_their_place() {
    let spec = unenforced_spec("unenforced");
    let input = Input {
        spec: &spec,
        config: None,
        name: Some("skips"),
    };
    let (output, _) = generator::generate_with(&input, None, Options::default()).unwrap();
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
    let input = Input {
        spec: &spec,
        config: None,
        name: Some("skips"),
    };
    let err = generator::generate_with(&input, None, Options { strict: true }).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("#/components/schemas/"), "{text}");
}
