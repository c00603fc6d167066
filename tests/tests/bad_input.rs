//! Bad inputs give one clear, located error: the file, the place in it (line and column for
//! syntax errors, a JSON pointer for spec errors, a line for provider.toml), and what is
//! wrong. The generator is pure, so a failure also leaves `generated/` untouched; the
//! process side (exit code, stderr, an untouched output folder) is tested in
//! `generator/tests/cli.rs`.
//!
//! The inputs are under `tests/fixtures/bad_input/<case>/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use generator::{Diagnostic, Input, Location};
use integration_tests::{fixture, workspace};

fn case(name: &str) -> PathBuf {
    fixture("bad_input").join(name)
}

/// Every file under `generated/` with its bytes.
fn generated_tree() -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(path, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&workspace().join("generated"), &mut out);
    out
}

/// Generates `case` (its `openapi.yaml` and `provider.toml`) and returns the error, checking
/// that `generated/` is byte-for-byte the same afterwards.
fn generate_err(name: &str) -> (Diagnostic, PathBuf, PathBuf) {
    let dir = case(name);
    let spec = dir.join("openapi.yaml");
    let config = dir.join("provider.toml");
    let before = generated_tree();
    let result = generator::generate(&Input {
        spec: &spec,
        config: Some(&config),
        name: None,
    });
    let after = generated_tree();
    assert!(before == after, "generating `{name}` changed generated/");
    match result {
        Ok(output) => panic!(
            "`{name}` should fail to generate, but produced {} files",
            output.files.len()
        ),
        Err(diagnostic) => (diagnostic, spec, config),
    }
}

fn assert_contains(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "expected {w:?} in the message:\n{text}");
    }
}

#[test]
fn invalid_yaml_shows_line_and_column() {
    let (d, spec, _) = generate_err("invalid_yaml");
    assert_eq!(d.file, spec);
    // `responses:` on line 10 is indented under a scalar; its colon is at column 18.
    assert_eq!(
        d.location,
        Location::Line {
            line: 10,
            column: 18
        }
    );
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}:10:18: invalid YAML: ", spec.display())),
        "{text}"
    );
}

/// OpenAPI 3.0.x and 3.1.x and Swagger 2.0 are accepted (`tests/tests/versions.rs`); any
/// other version is refused by name.
#[test]
fn openapi_4_0_is_refused_by_version() {
    let (d, spec, _) = generate_err("openapi_4_0");
    assert_eq!(d.location, Location::Pointer("/openapi".into()));
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#/openapi: ", spec.display())),
        "{text}"
    );
    assert_contains(&text, &["`4.0.0`", "3.0.x", "3.1.x", "Swagger 2.0"]);
}

#[test]
fn swagger_1_2_is_refused_by_version() {
    let (d, spec, _) = generate_err("swagger_1_2");
    assert_eq!(d.location, Location::Pointer("/swaggerVersion".into()));
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#/swaggerVersion: ", spec.display())),
        "{text}"
    );
    assert_contains(&text, &["Swagger 1.2", "Swagger 2.0", "3.0.x"]);
}

#[test]
fn dangling_ref_shows_pointer_of_the_ref() {
    let (d, spec, _) = generate_err("dangling_ref");
    let pointer = "/paths/~1items/get/responses/200/content/application~1json/schema/$ref";
    assert_eq!(d.location, Location::Pointer(pointer.into()));
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#{pointer}: ", spec.display())),
        "{text}"
    );
    assert_contains(&text, &["#/components/schemas/Missing"]);
}

#[test]
fn ref_cycle_shows_pointer_and_both_ends() {
    let (d, spec, _) = generate_err("ref_cycle");
    let Location::Pointer(pointer) = &d.location else {
        panic!("expected a JSON pointer, got {:?}", d.location);
    };
    assert!(
        pointer.starts_with("/components/schemas/A")
            || pointer.starts_with("/components/schemas/B"),
        "pointer {pointer} is not in the cycle"
    );
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#/components/schemas/", spec.display())),
        "{text}"
    );
    assert_contains(&text, &["cycle", "schemas/A", "schemas/B"]);
}

#[test]
fn duplicate_operation_id_shows_both_places() {
    let (d, spec, _) = generate_err("duplicate_operation_id");
    let second = "/paths/~1things/get/operationId";
    assert_eq!(d.location, Location::Pointer(second.into()));
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#{second}: ", spec.display())),
        "{text}"
    );
    assert_contains(&text, &["`list-items`", "/paths/~1items/get"]);
}

/// A `[[permissions]]` rule that names nothing in the spec is a mistake to look at (the
/// spec changed, or a typo), not a rule to ignore.
#[test]
fn a_permission_rule_that_matches_nothing_is_located() {
    let (d, _, config) = generate_err("permission_rule_matches_nothing");
    assert_eq!(d.file, config);
    assert_eq!(d.location, Location::Key("permissions[1]".into()));
    assert!(
        d.message.contains("`read-write` matches no operation"),
        "{d}"
    );
}

#[test]
fn unknown_auth_template_names_provider_toml_line_and_known_templates() {
    let (d, _, config) = generate_err("unknown_auth_template");
    assert_eq!(d.file, config);
    // `template = "digest"` is line 5; the value starts at column 12.
    assert_eq!(
        d.location,
        Location::Line {
            line: 5,
            column: 12
        }
    );
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}:5:12: ", config.display())),
        "{text}"
    );
    assert_contains(
        &text,
        &["digest", "basic", "bearer", "header", "query", "in_request"],
    );
}

/// A token endpoint given to a scheme that fetches no tokens is an error located in
/// provider.toml, not a setting silently ignored.
#[test]
fn a_token_url_for_a_scheme_that_is_not_oauth2_is_refused() {
    let (d, _, config) = generate_err("oauth2_config_misplaced");
    assert_eq!(d.file, config);
    assert_eq!(
        d.location,
        Location::Key("auth.ApiKey.token_url".to_string())
    );
    assert_contains(
        &d.to_string(),
        &[
            "`token_url` is for `oauth2` schemes",
            "`ApiKey`",
            "`header`",
        ],
    );
}

/// A missing file fails only what needs it: here the one operation, listed with the file
/// the `$ref` is written in (schemas/item.yaml), the place, and why; `--strict` fails on it.
#[test]
fn external_ref_to_missing_file_names_the_referring_file_and_pointer() {
    let dir = case("external_ref_missing");
    let input = Input {
        spec: &dir.join("openapi.yaml"),
        config: Some(&dir.join("provider.toml")),
        name: None,
    };
    let output = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    let reason = "schemas/item.yaml#/properties/part/$ref: `$ref: ./part.yaml#/Part`: \
                  cannot read `schemas/part.yaml`: file not found";
    let reasons: Vec<&str> = output.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons.iter().all(|r| *r == reason), "{reasons:?}");
    assert!(output.files["README.md"].contains(reason));
    let strict = generator::generate_with(&input, None, generator::Options { strict: true });
    let d = strict.expect_err("--strict fails on it");
    assert!(d.to_string().contains(reason), "{d}");
}

/// A check after bundling (a `$ref` must be a string) inside a schema that
/// `schemas/media.yaml` brought in names that file and the place in it, not the place the
/// schema was bundled to (`#/components/schemas/Media/...` in the spec).
#[test]
fn error_in_bundled_schema_names_its_file_and_pointer() {
    let (d, spec, _) = generate_err("bundled_ref_not_a_string");
    let media = spec.parent().unwrap().join("schemas/media.yaml");
    assert_eq!(d.file, media);
    let pointer = "/Media/properties/owner/$ref";
    assert_eq!(d.location, Location::Pointer(pointer.into()));
    assert_eq!(
        d.to_string(),
        format!("{}#{pointer}: `$ref` must be a string", media.display())
    );
}

/// A model error (with `--strict`: otherwise the operation is skipped) in a path item that
/// `paths/media.yaml` brought in (inlined under `/paths/~1media~1{id}`) names that file and
/// the place in it.
#[test]
fn model_error_in_bundled_path_item_names_its_file_and_pointer() {
    let dir = case("bundled_model_error");
    let spec = dir.join("openapi.yaml");
    let config = dir.join("provider.toml");
    let input = Input {
        spec: &spec,
        config: Some(&config),
        name: None,
    };
    let strict = generator::Options { strict: true };
    let Err(d) = generator::generate_with(&input, None, strict) else {
        panic!("`bundled_model_error` must fail with --strict");
    };
    let media = dir.join("paths/media.yaml");
    assert_eq!(d.file, media);
    assert_eq!(d.location, Location::Pointer("/get/parameters/1".into()));
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{}#/get/parameters/1: ", media.display())),
        "{text}"
    );
    assert_contains(&text, &["needs a `name`"]);
    // Without --strict the operation is skipped and the rest generated.
    let output = generator::generate(&input).expect("generates without --strict");
    let readme = &output.files["README.md"];
    assert_contains(readme, &["get-media", "needs a `name`"]);
}

/// Every case folder has a test above (a new case without one fails here).
#[test]
fn every_bad_input_case_is_tested() {
    let mut cases: Vec<String> = fs::read_dir(fixture("bad_input"))
        .expect("tests/fixtures/bad_input/")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    assert_eq!(
        cases,
        [
            "bundled_model_error",
            "bundled_ref_not_a_string",
            "dangling_ref",
            "duplicate_operation_id",
            "external_ref_missing",
            "invalid_yaml",
            "oauth2_config_misplaced",
            "openapi_4_0",
            "permission_rule_matches_nothing",
            "ref_cycle",
            "swagger_1_2",
            "unknown_auth_template",
        ]
    );
}
