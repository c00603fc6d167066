//! Fixes to a vendored spec kept apart from it: `overlay.yaml` beside the spec (OpenAPI
//! Overlay 1.0) is applied before the generator reads the spec, shown in the README and the
//! API surface, and fails with a located error when a fix no longer applies.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Input, Location};

const SPEC: &str = r#"
openapi: 3.0.3
info: { title: Overlay fixture, version: 1.0.0 }
servers: [{ url: "https://api.example.com" }]
paths:
  /inputs:
    post:
      operationId: add-input
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Input' }
      responses: { "204": { description: added } }
  /legacy:
    get:
      operationId: legacy
      responses: { "204": { description: ok } }
components:
  schemas:
    Input:
      type: object
      required: [type, url]
      properties:
        type: { type: string }
        url: { type: string }
"#;

const OVERLAY: &str = r#"
overlay: 1.0.0
info: { title: Fixes, version: 1.0.0 }
actions:
  - target: $.components.schemas.Input.properties.type
    description: "`Input.type` is the tag `video`"
    update: { enum: [video] }
  - target: $.paths['/legacy']
    description: "`/legacy` is gone"
    remove: true
"#;

fn provider(name: &str, overlay: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("overlay")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("openapi.yaml"), SPEC).unwrap();
    fs::write(dir.join("overlay.yaml"), overlay).unwrap();
    dir
}

fn generate(dir: &Path) -> Result<generator::Output, generator::Diagnostic> {
    generator::generate(&Input {
        spec: &dir.join("openapi.yaml"),
        config: None,
        name: Some("overlaid"),
    })
}

#[test]
fn the_overlay_is_applied_before_the_spec_is_read_and_said_in_the_readme() {
    let output = generate(&provider("applied", OVERLAY)).unwrap();
    let types = &output.files["src/types.rs"];
    // The tag is an enum of one value now: `new` fills it in and takes only the URL.
    assert!(types.contains("pub enum InputType"), "{types}");
    assert!(
        types.contains("pub fn new(url: impl Into<String>) -> Self"),
        "{types}"
    );
    let operations = &output.files["src/operations.rs"];
    assert!(operations.contains("pub fn add_input("));
    assert!(
        !operations.contains("pub fn legacy("),
        "removed by the overlay"
    );
    let readme = &output.files["README.md"];
    assert!(
        readme.contains("with `overlay.yaml` (an OpenAPI Overlay 1.0 document beside it) applied first:\n\n- `Input.type` is the tag `video` (1 place)\n- `/legacy` is gone (1 place)"),
        "{readme}"
    );
    let surface = &output.files["api-surface.json"];
    assert!(
        surface.contains("\"overlay.yaml: `Input.type` is the tag `video`\""),
        "{surface}"
    );
}

#[test]
fn a_fix_that_no_longer_applies_fails_at_its_target() {
    let stale = OVERLAY.replace("schemas.Input.properties", "schemas.Upload.properties");
    let dir = provider("stale", &stale);
    let error = generate(&dir).unwrap_err();
    assert_eq!(error.file, dir.join("overlay.yaml"));
    assert_eq!(
        error.location,
        Location::Pointer("/actions/0/target".into())
    );
    assert!(error.message.contains("selects nothing"), "{error}");
}
