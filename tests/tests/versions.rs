//! OpenAPI 3.1 and Swagger 2.0 documents are rewritten on load into the OpenAPI 3.0 shape the
//! model reads (`generator/src/load/openapi31/`, `generator/src/load/swagger2/`). The
//! fixtures `v31_basic`, `v31_webhooks_only`, `swagger2_petstore_like` and `swagger2_json` are
//! also snapshotted (`snapshots.rs`) and compiled (`fixtures_compile.rs`); this file checks what
//! the rewrites mean for the generated crates, that a 3.1 or 2.0 document gives the same crate
//! as its hand-written 3.0 equivalent, and the errors for what is not supported.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Input, Location, Output};
use integration_tests::fixture;
use serde_json::{Value, json};

fn spec_of(name: &str) -> PathBuf {
    let dir = fixture(name);
    let yaml = dir.join("openapi.yaml");
    if yaml.is_file() {
        yaml
    } else {
        dir.join("openapi.json")
    }
}

fn generate_fixture(name: &str) -> Output {
    let spec = spec_of(name);
    let config = fixture(name).join("provider.toml");
    generator::generate(&Input {
        spec: &spec,
        config: Some(&config),
        name: None,
    })
    .unwrap_or_else(|e| panic!("fixture `{name}` failed to generate: {e}"))
}

/// The loaded (rewritten) document of a fixture.
fn loaded(name: &str) -> Value {
    generator::load::load(&spec_of(name))
        .unwrap_or_else(|e| panic!("{e}"))
        .root
}

fn file<'o>(output: &'o Output, path: &str) -> &'o str {
    output
        .files
        .get(path)
        .unwrap_or_else(|| panic!("`{path}` was not generated"))
}

/// Asserts that `text` contains every line of `wanted` (each trimmed), in order.
fn assert_lines(text: &str, wanted: &[&str]) {
    let mut rest = text;
    for w in wanted {
        match rest.find(w) {
            Some(i) => rest = &rest[i + w.len()..],
            None => panic!("expected {w:?} (in this order) in:\n{text}"),
        }
    }
}

fn at<'v>(root: &'v Value, pointer: &str) -> &'v Value {
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the loaded document"))
}

/// A scratch folder under the target directory, emptied.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("versions")
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn generate_named(spec: &Path) -> Result<Output, generator::Diagnostic> {
    generator::generate(&Input {
        spec,
        config: None,
        name: Some("same"),
    })
}

// ---- OpenAPI 3.1 ----

#[test]
fn v31_basic_is_rewritten_into_3_0_keywords() {
    let root = loaded("v31_basic");
    let payment = "/components/schemas/Payment/properties";
    assert_eq!(
        at(&root, &format!("{payment}/memo")),
        &json!({"description": "Required and nullable: always sent, may be null.", "type": "string", "nullable": true})
    );
    assert_eq!(
        at(&root, &format!("{payment}/kind")),
        &json!({"description": "Always `card` for now.", "enum": ["card"]})
    );
    // `$ref` with annotation siblings keeps them beside it; with a `type` it is wrapped.
    assert_eq!(
        at(&root, &format!("{payment}/price")),
        &json!({"$ref": "#/components/schemas/Money", "description": "What the payment costs."})
    );
    assert_eq!(
        at(&root, &format!("{payment}/refund")),
        &json!({
            "allOf": [{"$ref": "#/components/schemas/Money"}],
            "description": "What was given back, if anything.",
            "type": "object",
            "nullable": true
        })
    );
    assert_eq!(
        at(&root, &format!("{payment}/payer")),
        &json!({"anyOf": [{"$ref": "#/components/schemas/Money"}], "nullable": true})
    );
    assert_eq!(
        at(&root, &format!("{payment}/reference/oneOf")),
        &json!([{"type": "integer", "format": "int64"}, {"type": "string", "maxLength": 64}])
    );
    assert_eq!(
        at(&root, "/components/schemas/Money/properties/amount"),
        &json!({"type": "integer", "format": "int64", "exclusiveMinimum": true, "example": 1250, "minimum": 0})
    );
    assert_eq!(
        at(&root, &format!("{payment}/signature/format")),
        &json!("byte")
    );
    assert_eq!(
        at(
            &root,
            "/paths/~1receipts/post/requestBody/content/multipart~1form-data/schema/properties/scan/format"
        ),
        &json!("binary")
    );
}

#[test]
fn v31_basic_generates_nullable_fields_const_enums_and_unions() {
    let output = generate_fixture("v31_basic");
    let types = file(&output, "src/types.rs");
    assert_lines(
        types,
        &[
            "pub struct Money {",
            "pub amount: i64,",
            "pub currency: String,",
            "pub struct Payment {",
            "pub id: String,",
            "/// Always `card` for now.",
            "pub kind: PaymentKind,",
            "/// What the payment costs.",
            "pub price: Money,",
            // Optional and nullable: absent, `null` or a value.
            "pub refund: Nullable<Money>,",
            // Required and nullable: always sent (no `skip_serializing_if`), may be null.
            "/// Required and nullable: always sent, may be null.\n    pub memo: Option<String>,",
            "pub reference: Nullable<PaymentReference>,",
            "pub payer: Nullable<Money>,",
            "/// Format: `byte` (base64-encoded text).",
            "pub signature: Option<String>,",
            "pub cleared: Nullable<serde_json::Value>,",
            "pub enum PaymentKind {",
            "Card,",
            "pub enum PaymentReference {",
            "Integer(i64),",
            "String(String),",
        ],
    );
    let ops = file(&output, "src/operations.rs");
    assert_lines(
        ops,
        &[
            "pub fn create_payment(&self, body: types::Payment)",
            "pub fn get_payment(&self, id: impl Into<String>)",
            "pub fn min_amount(mut self, value: f64) -> Self",
            "pub fn upload_receipt(&self, scan: FilePart)",
            "pub fn note(mut self, value: impl Into<String>) -> Self",
        ],
    );
    assert_lines(
        file(&output, "src/client.rs"),
        &["pub const DEFAULT_BASE_URL: &str = \"https://v31.example.com/api\";"],
    );
    // The exclusive bound reaches the change report's surface as 3.0 flags.
    let surface = file(&output, "api-surface.json");
    assert!(
        surface.contains(r##""exclusiveMinimum": "true""##),
        "{surface}"
    );
}

#[test]
fn v31_webhooks_only_gives_a_crate_without_operations() {
    let output = generate_fixture("v31_webhooks_only");
    assert_eq!(output.stats.operations, 0);
    let ops = file(&output, "src/operations.rs");
    assert!(!ops.contains("pub fn"), "{ops}");
    assert!(!ops.contains("use "), "no unused imports:\n{ops}");
    assert_lines(
        file(&output, "src/types.rs"),
        &[
            "pub struct Settlement {",
            "pub id: String,",
            "pub amount: f64,",
            "pub note: Nullable<String>,",
        ],
    );
    assert_lines(file(&output, "README.md"), &["0 operations"]);
}

/// A 3.1 document and its hand-written 3.0 equivalent give the same crate, byte for byte.
#[test]
fn v31_document_generates_like_its_3_0_equivalent() {
    let dir = scratch("v31_equivalent");
    let body = |schema: &str| {
        format!(
            r##"info: {{title: Same, version: 1.0.0}}
servers: [{{url: "https://same.example.com"}}]
paths:
  /things:
    get:
      operationId: list-things
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Thing"
components:
  schemas:
    Thing:
{schema}"##
        )
    };
    let v31 = body(
        r##"      type: object
      required: [name, size]
      properties:
        name: {type: [string, "null"]}
        kind: {const: box}
        size: {type: integer, exclusiveMinimum: 0, examples: [3]}
        parts: {type: array, items: {type: [integer, "null"]}}
        owner:
          $ref: "#/components/schemas/Owner"
          description: Who owns it.
    Owner:
      type: [object, "null"]
      properties:
        id: {type: string}
"##,
    );
    let v30 = body(
        r##"      type: object
      required: [name, size]
      properties:
        name: {type: string, nullable: true}
        kind: {enum: [box]}
        size: {type: integer, exclusiveMinimum: true, minimum: 0, example: 3}
        parts: {type: array, items: {type: integer, nullable: true}}
        owner:
          $ref: "#/components/schemas/Owner"
          description: Who owns it.
    Owner:
      type: object
      nullable: true
      properties:
        id: {type: string}
"##,
    );
    let a = write(&dir, "v31.yaml", &format!("openapi: 3.1.0\n{v31}"));
    let b = write(&dir, "v30.yaml", &format!("openapi: 3.0.3\n{v30}"));
    let a = generate_named(&a).unwrap_or_else(|e| panic!("{e}"));
    let b = generate_named(&b).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &a.files {
        assert_eq!(text, &b.files[path], "{path} differs");
    }
}

#[test]
fn v31_schemas_from_other_files_are_rewritten_too() {
    let dir = scratch("v31_multi_file");
    write(
        &dir,
        "schemas/thing.yaml",
        "type: object\nrequired: [name]\nproperties:\n  name: {type: [string, \"null\"]}\n  kind: {const: box}\n",
    );
    let spec = write(
        &dir,
        "openapi.yaml",
        r##"openapi: 3.1.0
info: {title: Multi, version: 1.0.0}
servers: [{url: "https://multi.example.com"}]
paths:
  /thing:
    get:
      operationId: get-thing
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema: {$ref: "schemas/thing.yaml"}
"##,
    );
    let root = generator::load::load(&spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .root;
    assert_eq!(
        at(&root, "/components/schemas/thing/properties"),
        &json!({"name": {"type": "string", "nullable": true}, "kind": {"enum": ["box"]}})
    );
}

#[test]
fn v31_defs_references_are_reported_as_unsupported() {
    let dir = scratch("v31_defs");
    let spec = write(
        &dir,
        "openapi.yaml",
        r##"openapi: 3.1.0
info: {title: Defs, version: 1.0.0}
components:
  schemas:
    List:
      $defs:
        Item: {type: string}
      type: array
      items: {$ref: "#/$defs/Item"}
"##,
    );
    let d = generate_named(&spec).expect_err("`$defs` references are not supported");
    assert_eq!(d.file, spec);
    assert_eq!(
        d.location,
        Location::Pointer("/components/schemas/List/items/$ref".into())
    );
    let text = d.to_string();
    assert!(
        text.contains("`$ref: #/$defs/Item` refers to a JSON Schema `$defs` block")
            && text.contains("`#/components/schemas/Item`"),
        "{text}"
    );
}

// ---- Swagger 2.0 ----

#[test]
fn swagger2_petstore_like_is_converted_to_3_0() {
    let root = loaded("swagger2_petstore_like");
    assert_eq!(root["openapi"], json!("3.0.3"));
    assert!(root.get("swagger").is_none() && root.get("definitions").is_none());
    assert_eq!(
        root["servers"],
        json!([{"url": "https://pets.example.com/v2"}, {"url": "http://pets.example.com/v2"}])
    );
    assert_eq!(
        at(&root, "/components/securitySchemes"),
        &json!({
            "basicAuth": {"type": "http", "scheme": "basic", "description": "Account name and password."},
            "apiKey": {"type": "apiKey", "name": "X-Api-Key", "in": "header"}
        })
    );
    assert_eq!(
        at(&root, "/paths/~1pets/post/requestBody"),
        &json!({"$ref": "#/components/requestBodies/PetBody"})
    );
    assert_eq!(
        at(&root, "/paths/~1pets~1{petId}/put/requestBody/content"),
        &json!({
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}
        })
    );
    assert_eq!(
        at(&root, "/paths/~1pets~1{petId}~1photos/post/requestBody"),
        &json!({
            "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The photo."},
                    "caption": {"type": "string", "description": "A caption for the photo."}
                },
                "required": ["file"]
            }}},
            "required": true
        })
    );
    assert_eq!(
        at(&root, "/paths/~1pets/get/parameters/1"),
        &json!({"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true})
    );
    assert_eq!(
        at(&root, "/paths/~1pets~1{petId}/get/responses/404"),
        &json!({"$ref": "#/components/responses/NotFound"})
    );
    assert_eq!(
        at(
            &root,
            "/paths/~1pets~1{petId}~1photos~1latest/get/responses/200/content"
        ),
        &json!({
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "image/jpeg": {"schema": {"type": "string", "format": "binary"}}
        })
    );
}

#[test]
fn swagger2_petstore_like_generates_bodies_files_servers_and_auth() {
    let output = generate_fixture("swagger2_petstore_like");
    assert_eq!(output.stats.operations, 6);
    assert_lines(
        file(&output, "src/client.rs"),
        &[
            "pub const DEFAULT_BASE_URL: &str = \"https://pets.example.com/v2\";",
            "pub fn basic_auth(",
            "pub fn api_key(mut self, key: impl Into<String>) -> Self",
        ],
    );
    assert_lines(
        file(&output, "src/operations.rs"),
        &[
            "pub fn list_pets(&self)",
            "pub fn limit(mut self, value: i32) -> Self",
            "pub fn tags(mut self, value: Vec<String>) -> Self",
            "pub fn status(mut self, value: types::ListPetsStatus) -> Self",
            "pub fn add_pet(&self, body: types::NewPet)",
            "pub fn get_pet_by_id(&self, pet_id: i64)",
            "pub fn update_pet(&self, pet_id: i64, body: types::Pet)",
            "pub fn upload_photo(&self, pet_id: i64, file: FilePart)",
            "pub fn caption(mut self, value: impl Into<String>) -> Self",
            "pub fn download_photo(&self, pet_id: i64)",
            "ByteStream",
        ],
    );
    assert_lines(
        file(&output, "src/types.rs"),
        &[
            "pub struct NewPet {",
            "pub name: String,",
            "pub category: Option<Category>,",
            "pub nickname: Nullable<String>,",
            "pub struct Pet {",
            "pub id: i64,",
        ],
    );
    let auth = file(&output, "src/auth.rs");
    assert!(
        auth.contains("PETS_USER") && auth.contains("PETS_API_KEY"),
        "{auth}"
    );
}

#[test]
fn swagger2_json_input_is_converted() {
    let root = loaded("swagger2_json");
    assert_eq!(
        root["servers"],
        json!([{"url": "https://json.example.com"}])
    );
    assert_eq!(
        at(&root, "/components/securitySchemes/token"),
        &json!({"type": "apiKey", "name": "token", "in": "query"})
    );
    let output = generate_fixture("swagger2_json");
    assert_lines(
        file(&output, "src/client.rs"),
        &[
            "pub const DEFAULT_BASE_URL: &str = \"https://json.example.com\";",
            "pub fn token(mut self, key: impl Into<String>) -> Self",
        ],
    );
    assert_lines(
        file(&output, "src/operations.rs"),
        &[
            "pub fn list_notes(&self)",
            "pub fn ids(mut self, value: Vec<i64>) -> Self",
            "pub fn create_note(&self, body: types::Note)",
        ],
    );
}

/// A Swagger 2.0 document and its hand-written 3.0 equivalent give the same crate.
#[test]
fn swagger2_document_generates_like_its_3_0_equivalent() {
    let dir = scratch("swagger2_equivalent");
    let v2 = write(
        &dir,
        "v2.yaml",
        r##"swagger: "2.0"
info: {title: Same, version: 1.0.0}
host: same.example.com
basePath: /api
securityDefinitions:
  basic: {type: basic}
security: [{basic: []}]
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, type: string}
    put:
      operationId: put-thing
      parameters:
        - {name: dry_run, in: query, type: boolean}
        - {name: thing, in: body, required: true, schema: {$ref: "#/definitions/Thing"}}
      responses:
        "200":
          description: Stored.
          schema: {$ref: "#/definitions/Thing"}
definitions:
  Thing:
    type: object
    required: [name]
    properties:
      name: {type: string}
      note: {type: string, x-nullable: true}
"##,
    );
    let v3 = write(
        &dir,
        "v3.yaml",
        r##"openapi: 3.0.3
info: {title: Same, version: 1.0.0}
servers: [{url: "https://same.example.com/api"}]
security: [{basic: []}]
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    put:
      operationId: put-thing
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "200":
          description: Stored.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        note: {type: string, x-nullable: true, nullable: true}
"##,
    );
    let a = generate_named(&v2).unwrap_or_else(|e| panic!("{e}"));
    let b = generate_named(&v3).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &a.files {
        assert_eq!(text, &b.files[path], "{path} differs");
    }
}

#[test]
fn swagger2_definitions_from_other_files_are_converted_too() {
    let dir = scratch("swagger2_multi_file");
    write(
        &dir,
        "definitions.yaml",
        "Photo:\n  type: object\n  properties:\n    bytes: {type: file}\n    caption: {type: string, x-nullable: true}\n",
    );
    let spec = write(
        &dir,
        "swagger.yaml",
        r##"swagger: "2.0"
info: {title: Multi, version: 1.0.0}
host: multi.example.com
paths:
  /photo:
    get:
      operationId: get-photo
      responses:
        "200":
          description: The photo.
          schema: {$ref: "definitions.yaml#/Photo"}
"##,
    );
    let root = generator::load::load(&spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .root;
    assert_eq!(
        at(&root, "/components/schemas/Photo/properties"),
        &json!({
            "bytes": {"type": "string", "format": "binary"},
            "caption": {"type": "string", "x-nullable": true, "nullable": true}
        })
    );
    assert_eq!(
        at(
            &root,
            "/paths/~1photo/get/responses/200/content/application~1json/schema"
        ),
        &json!({"$ref": "#/components/schemas/Photo"})
    );
}

#[test]
fn swagger2_conversion_errors_point_into_the_swagger_document() {
    let dir = scratch("swagger2_error");
    let spec = write(
        &dir,
        "swagger.yaml",
        r##"swagger: "2.0"
info: {title: Bad, version: 1.0.0}
host: bad.example.com
paths:
  /things:
    post:
      parameters:
        - {name: thing, in: body}
      responses: {}
"##,
    );
    let d = generate_named(&spec).expect_err("a body parameter without a schema");
    assert_eq!(
        d.location,
        Location::Pointer("/paths/~1things/post/parameters/0".into())
    );
    assert!(d.message.contains("needs a `schema`"), "{d}");
}
