//! Multi-file specs: `$ref`s to other files are bundled into the main document on load
//! (`generator/src/load/bundle/`). The fixture `tests/fixtures/multi_file/` is also
//! snapshotted (`snapshots.rs`) and compiled (`fixtures_compile.rs`); this file checks the
//! bundled document itself, that the result does not depend on where the files are, and the
//! errors for references that cannot be followed.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Input, Output};
use integration_tests::fixture;
use serde_json::Value;

fn multi_file() -> PathBuf {
    fixture("multi_file")
}

fn generate(dir: &Path) -> Output {
    generator::generate(&Input {
        spec: &dir.join("openapi.yaml"),
        config: Some(&dir.join("provider.toml")),
        name: None,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn keys(root: &Value, pointer: &str) -> Vec<String> {
    root.pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
        .keys()
        .cloned()
        .collect()
}

fn all_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => all_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_refs(v, out)),
        _ => {}
    }
}

#[test]
fn multi_file_fixture_is_bundled_into_one_document() {
    let spec =
        generator::load::load(&multi_file().join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let root = &spec.root;

    // In the order the references are met; `Pet` is the main document's own slot, filled
    // with schemas/pet.yaml; chain/deeper/c.yaml's `Problem` differs from common.json's.
    assert_eq!(
        keys(root, "/components/schemas"),
        [
            "Pet", "NewPet", "Tag", "PetId", "Problem", "A", "B", "C", "Problem2", "Owner"
        ]
    );
    assert_eq!(
        keys(root, "/components/parameters"),
        ["limit", "offset", "petId"]
    );
    assert_eq!(keys(root, "/components/responses"), ["Error", "NotFound"]);

    let at = |p: &str| {
        root.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no string at {p}"))
    };
    let ok = "/responses/200/content/application~1json/schema";
    assert_eq!(
        at(&format!("/paths/~1pets/get{ok}/items/$ref")),
        "#/components/schemas/Pet"
    );
    assert_eq!(
        at(&format!("/paths/~1pets~1{{petId}}/get{ok}/$ref")),
        "#/components/schemas/Pet"
    );
    assert_eq!(
        at("/paths/~1pets/get/parameters/1/$ref"),
        "#/components/parameters/offset"
    );
    assert_eq!(
        at("/paths/~1pets~1{petId}/get/responses/404/$ref"),
        "#/components/responses/NotFound"
    );
    assert_eq!(
        at(&format!("/paths/~1chain/get{ok}/$ref")),
        "#/components/schemas/A"
    );
    assert_eq!(at("/components/schemas/A/$ref"), "#/components/schemas/B");
    assert_eq!(
        at("/components/schemas/B/properties/c/$ref"),
        "#/components/schemas/C"
    );
    assert_eq!(
        at("/components/schemas/C/properties/problem/$ref"),
        "#/components/schemas/Problem2"
    );
    assert_eq!(
        at("/components/schemas/C/properties/shared_problem/$ref"),
        "#/components/schemas/Problem"
    );
    // A reference back to the main slot from another file (common.json's Owner → pet.yaml).
    assert_eq!(
        at("/components/schemas/Owner/properties/pets/items/$ref"),
        "#/components/schemas/Pet"
    );
    assert_eq!(at("/components/schemas/Pet/description"), "A pet.");

    let mut refs = Vec::new();
    all_refs(root, &mut refs);
    assert!(refs.len() > 15, "{refs:?}");
    for r in refs {
        assert!(r.starts_with("#/components/"), "not bundled: {r}");
    }
}

/// Every place that holds brought-in content maps back to its file and the place in it, so
/// later errors there can name them (`Spec::error`); the main document's own content does not.
#[test]
fn bundled_places_map_back_to_their_files() {
    let dir = multi_file();
    let spec = generator::load::load(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let origin = |p: &str| {
        spec.origins
            .locate(p)
            .map(|(file, at)| (file.to_path_buf(), at))
    };
    let common = dir.join("schemas/common.json");
    // A main-document slot filled with a whole file.
    assert_eq!(
        origin("/components/schemas/Pet/properties/name"),
        Some((dir.join("schemas/pet.yaml"), "/properties/name".to_string()))
    );
    // Placed components, from files reached from other files.
    assert_eq!(
        origin("/components/schemas/Owner/properties/pets/items"),
        Some((
            common.clone(),
            "/components/schemas/Owner/properties/pets/items".to_string()
        ))
    );
    assert_eq!(
        origin("/components/schemas/C/properties/problem"),
        Some((
            dir.join("chain/deeper/c.yaml"),
            "/C/properties/problem".to_string()
        ))
    );
    assert_eq!(
        origin("/components/parameters/petId/schema"),
        Some((dir.join("parameters.yaml"), "/petId/schema".to_string()))
    );
    // Whole segments only, and the main document's own content stays where it is.
    assert_eq!(origin("/components/schemas/Petting"), None);
    assert_eq!(origin("/paths/~1pets/get/parameters/0"), None);
    assert_eq!(origin("/components/responses/Error"), None);
    let d = spec.error("/components/schemas/Tag/properties/label", "bad");
    assert_eq!(
        d.to_string(),
        format!(
            "{}#/components/schemas/Tag/properties/label: bad",
            common.display()
        )
    );
}

#[test]
fn multi_file_fixture_generates() {
    let output = generate(&multi_file());
    assert_eq!(output.stats.operations, 4);
    assert_eq!(output.stats.types, 10);
    let types = &output.files["src/types.rs"];
    for name in [
        "pub struct Pet ",
        "pub struct Problem ",
        "pub struct Problem2 ",
        "pub type A = B;",
    ] {
        assert!(types.contains(name), "`{name}` missing from types.rs");
    }
}

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.expect("readable entry").path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// A fresh folder under cargo's temp dir for integration tests.
fn scratch(label: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bundle")
        .join(label);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

#[test]
fn bundling_does_not_depend_on_where_the_files_are() {
    let reference = generate(&multi_file());
    let reference_doc = generator::load::load(&multi_file().join("openapi.yaml"))
        .unwrap()
        .root;
    for (label, nested) in [("copy-a", "x"), ("copy-b", "deeper/and/deeper/still")] {
        let dir = scratch(label).join(nested);
        copy_tree(&multi_file(), &dir);
        let copied = generate(&dir);
        assert!(
            copied == reference,
            "a copy in {} generates different bytes",
            dir.display()
        );
        let doc = generator::load::load(&dir.join("openapi.yaml"))
            .unwrap()
            .root;
        assert_eq!(
            doc,
            reference_doc,
            "a copy in {} bundles differently",
            dir.display()
        );
    }
    // Through a path with `.` and `..` in it.
    let dir = multi_file().join("chain/../.");
    assert!(
        generate(&dir) == reference,
        "a path with `..` generates different bytes"
    );
}

/// A minimal spec whose one response schema is `$ref: <reference>`, plus `files` beside it.
fn case(label: &str, reference: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(label);
    let spec = format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0.0\nservers:\n  - url: https://example.com\n\
         paths:\n  /things:\n    get:\n      operationId: list-things\n      responses:\n        \"200\":\n\
         \x20         description: OK\n          content:\n            application/json:\n              schema:\n\
         \x20               $ref: \"{reference}\"\n\
         components:\n  schemas:\n    Local:\n      type: object\n      properties:\n        id:\n          type: string\n"
    );
    fs::write(dir.join("openapi.yaml"), spec).unwrap();
    fs::write(
        dir.join("provider.toml"),
        "[crate]\nname = \"bundle_case\"\n",
    )
    .unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

const SCHEMA_AT: &str = "/paths/~1things/get/responses/200/content/application~1json/schema/$ref";

/// What a reference that cannot be brought in fails: not the spec, but what uses it (the
/// operation, the path, or the schema, which becomes free-form JSON). That is the one item
/// left out, and its reason is the bundling error, in the file the `$ref` is written in
/// (named relative to the spec's folder) at the place.
fn deferred(dir: &Path) -> String {
    let output = generate(dir);
    let [skip] = &output.skipped[..] else {
        panic!("one item left out: {:?}", output.skipped);
    };
    skip.reason.clone()
}

fn assert_deferred(dir: &Path, file: &str, pointer: &str, message: &str) {
    assert_eq!(deferred(dir), format!("{file}#{pointer}: {message}"));
    // `--strict` turns it into a failure, still naming the place and the reason.
    let strict = generator::generate_with(
        &Input {
            spec: &dir.join("openapi.yaml"),
            config: Some(&dir.join("provider.toml")),
            name: None,
        },
        None,
        generator::Options { strict: true },
    );
    let d = strict.expect_err("--strict fails");
    assert!(
        d.to_string()
            .contains(&format!("{file}#{pointer}: {message}")),
        "{d}"
    );
}

#[test]
fn missing_file_is_an_error_at_the_ref() {
    let dir = case("missing-file", "schemas/nope.yaml#/Thing", &[]);
    let message =
        "`$ref: schemas/nope.yaml#/Thing`: cannot read `schemas/nope.yaml`: file not found";
    assert_deferred(&dir, "openapi.yaml", SCHEMA_AT, message);
}

#[test]
fn missing_pointer_is_an_error_at_the_ref() {
    let common = "Thing:\n  type: string\n";
    let dir = case(
        "missing-pointer",
        "common.yaml#/Nope",
        &[("common.yaml", common)],
    );
    let message =
        "dangling `$ref`: `common.yaml#/Nope` does not exist (no `/Nope` in `common.yaml`)";
    assert_deferred(&dir, "openapi.yaml", SCHEMA_AT, message);
}

#[test]
fn missing_pointer_in_a_nested_file_names_that_file() {
    let thing = "type: object\nproperties:\n  part:\n    $ref: \"../parts.yaml#/components/schemas/Part\"\n";
    let parts = "components:\n  schemas:\n    Other:\n      type: string\n";
    let dir = case(
        "missing-nested",
        "./schemas/thing.yaml",
        &[("schemas/thing.yaml", thing), ("parts.yaml", parts)],
    );
    let message = "dangling `$ref`: `../parts.yaml#/components/schemas/Part` does not exist \
                   (no `/components/schemas/Part` in `parts.yaml`)";
    assert_deferred(&dir, "schemas/thing.yaml", "/properties/part/$ref", message);
}

#[test]
fn remote_ref_is_refused() {
    let dir = case("remote", "https://example.com/schemas/pet.yaml#/Pet", &[]);
    let message = "remote $ref not supported: `https://example.com/schemas/pet.yaml#/Pet` \
                   (refer to files next to the spec by relative path)";
    assert_deferred(&dir, "openapi.yaml", SCHEMA_AT, message);
}

#[test]
fn cross_file_cycle_is_an_error() {
    let a = "A:\n  $ref: b.yaml#/B\n";
    let b = "B:\n  $ref: a.yaml#/A\n";
    let dir = case("cycle", "a.yaml#/A", &[("a.yaml", a), ("b.yaml", b)]);
    let message = "`$ref` cycle across files: a.yaml#/A → b.yaml#/B → a.yaml#/A";
    assert_deferred(&dir, "b.yaml", "/B/$ref", message);
}

#[test]
fn cycle_through_inlined_path_items_is_an_error() {
    let paths = "Items:\n  $ref: \"#/More\"\nMore:\n  $ref: \"#/Items\"\n";
    let dir = case(
        "inline-cycle",
        "#/components/schemas/Local",
        &[("paths.yaml", paths)],
    );
    let spec = dir.join("openapi.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let text = text.replace(
        "paths:\n",
        "paths:\n  /more:\n    $ref: paths.yaml#/Items\n",
    );
    fs::write(&spec, text).unwrap();
    let message =
        "`$ref` cycle across files: paths.yaml#/Items → paths.yaml#/More → paths.yaml#/Items";
    assert_deferred(&dir, "paths.yaml", "/More/$ref", message);
}

#[test]
fn recursive_schemas_across_files_are_not_a_cycle() {
    let node = "Node:\n  type: object\n  properties:\n    link:\n      $ref: link.yaml#/Link\n";
    let link = "Link:\n  type: object\n  properties:\n    node:\n      $ref: node.yaml#/Node\n";
    let dir = case(
        "recursive",
        "node.yaml#/Node",
        &[("node.yaml", node), ("link.yaml", link)],
    );
    let output = generate(&dir);
    let types = &output.files["src/types.rs"];
    assert!(types.contains("pub struct Node "), "{types}");
    assert!(types.contains("pub struct Link "), "{types}");
}

#[test]
fn a_ref_to_the_main_file_by_name_is_local() {
    let thing = "type: object\nproperties:\n  local:\n    $ref: \"openapi.yaml#/components/schemas/Local\"\n";
    let dir = case("main-by-name", "thing.yaml", &[("thing.yaml", thing)]);
    let root = generator::load::load(&dir.join("openapi.yaml"))
        .unwrap()
        .root;
    assert_eq!(
        root.pointer("/components/schemas/thing/properties/local/$ref"),
        Some(&Value::String("#/components/schemas/Local".into()))
    );
    assert_eq!(keys(&root, "/components/schemas"), ["Local", "thing"]);
}

#[test]
fn identical_definitions_under_one_name_are_shared() {
    let one = "Local:\n  type: object\n  properties:\n    id:\n      type: string\n";
    let other = "Shared:\n  type: integer\n";
    let dir = case(
        "identical",
        "one.yaml#/Local",
        &[
            ("one.yaml", one),
            ("two.yaml", other),
            ("three.yaml", other),
        ],
    );
    let spec = dir.join("openapi.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let text = text.replace(
        "    Local:\n",
        "    Pair:\n      type: object\n      properties:\n        a:\n          $ref: two.yaml#/Shared\n        b:\n          $ref: three.yaml#/Shared\n    Local:\n",
    );
    fs::write(&spec, text).unwrap();
    let root = generator::load::load(&spec).unwrap().root;
    // one.yaml's `Local` equals the main document's: no `Local2`; two.yaml's and
    // three.yaml's `Shared` are the same definition.
    assert_eq!(
        keys(&root, "/components/schemas"),
        ["Pair", "Local", "Shared"]
    );
    assert_eq!(
        root.pointer(SCHEMA_AT.trim_end_matches("/$ref")),
        Some(&serde_json::json!({"$ref": "#/components/schemas/Local"}))
    );
}

#[test]
fn absolute_paths_and_non_pointer_fragments_are_refused() {
    let dir = case("absolute", "/etc/schemas/pet.yaml", &[]);
    let message = "`$ref: /etc/schemas/pet.yaml`: absolute paths are not supported; use a path relative to this file";
    assert_deferred(&dir, "openapi.yaml", SCHEMA_AT, message);

    let dir = case(
        "fragment",
        "pet.yaml#Pet",
        &[("pet.yaml", "Pet:\n  type: string\n")],
    );
    let message = "`$ref: pet.yaml#Pet`: the part after `#` must be a JSON pointer (`#/...`)";
    assert_deferred(&dir, "openapi.yaml", SCHEMA_AT, message);
}

#[test]
fn syntax_error_in_a_referenced_file_names_that_file_and_line() {
    let dir = case(
        "syntax",
        "bad.json#/Thing",
        &[("bad.json", "{\n  \"Thing\": {\n    \"type\": \n}\n")],
    );
    let reason = deferred(&dir);
    assert!(reason.starts_with("bad.json:4:"), "{reason}");
    assert!(reason.contains(": invalid JSON: "), "{reason}");
}

/// A Swagger 2.0 document is bundled before it is rewritten to OpenAPI 3.0: its own
/// `definitions` count as taken names, and a `definitions` entry that only refers to another
/// file receives that file's schema.
#[test]
fn swagger_2_documents_are_bundled_too() {
    let dir = scratch("swagger2");
    let spec = "swagger: \"2.0\"\ninfo:\n  title: S\n  version: \"1.0\"\nhost: example.com\nschemes: [https]\n\
                paths:\n  /pets:\n    get:\n      operationId: list-pets\n      produces: [application/json]\n\
                \x20     parameters:\n        - $ref: params.yaml#/limit\n      responses:\n        \"200\":\n\
                \x20         description: OK\n          schema:\n            type: array\n            items:\n\
                \x20             $ref: defs.yaml#/definitions/Pet\n\
                definitions:\n  Tag:\n    type: string\n  Pet:\n    $ref: defs.yaml#/definitions/Pet\n";
    let defs = "definitions:\n  Pet:\n    type: object\n    properties:\n      tag:\n        $ref: \"#/definitions/Tag\"\n\
                \x20 Tag:\n    type: object\n    properties:\n      label:\n        type: string\n";
    fs::write(dir.join("openapi.yaml"), spec).unwrap();
    fs::write(dir.join("defs.yaml"), defs).unwrap();
    fs::write(
        dir.join("params.yaml"),
        "limit:\n  name: limit\n  in: query\n  type: integer\n",
    )
    .unwrap();
    let root = generator::load::load(&dir.join("openapi.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
        .root;
    assert_eq!(keys(&root, "/components/schemas"), ["Tag", "Pet", "Tag2"]);
    assert_eq!(
        root.pointer("/components/schemas/Pet/properties/tag/$ref"),
        Some(&Value::String("#/components/schemas/Tag2".into()))
    );
    assert_eq!(
        root.pointer("/paths/~1pets/get/parameters/0/$ref"),
        Some(&Value::String("#/components/parameters/limit".into()))
    );
    assert_eq!(
        root.pointer("/components/parameters/limit/schema/type"),
        Some(&Value::String("integer".into()))
    );
}
