//! The calls `cargo xtask conformance` makes, as the generator writes them: one function per
//! operation with values the spec allows, and what in the spec no request can satisfy, with
//! its kind and place (the harness classes those refusals as the spec's).

use std::path::PathBuf;

use generator::emit::conformance::{Calls, ConflictKind};

fn calls(test: &str, spec: &str) -> Calls {
    let dir = std::env::temp_dir().join(format!("conformance-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("openapi.yaml");
    std::fs::write(&path, spec).unwrap();
    generator::conformance_calls(&generator::Input {
        spec: &path,
        config: None,
        name: Some("calls"),
    })
    .unwrap_or_else(|e| panic!("{test}: {e}"))
}

const HEAD: &str = "openapi: 3.0.3\ninfo: { title: T, version: \"1\" }\nservers: [{ url: \"https://api.example.com\" }]\n";

#[test]
fn every_operation_is_called_with_the_samples_and_credentials_for_every_scheme() {
    let spec = format!(
        "{HEAD}security: [{{ key: [] }}]\npaths:\n  /items/{{id}}:\n    get:\n      operationId: get-item\n      parameters:\n\
         \x20       - {{ name: id, in: path, required: true, schema: {{ type: string, format: uuid }} }}\n\
         \x20       - {{ name: tags, in: query, required: true, schema: {{ type: array, items: {{ type: string, pattern: \"^[a-z]{{3}}$\" }} }} }}\n\
         \x20     responses: {{ \"200\": {{ description: ok, content: {{ application/json: {{ schema: {{ type: object }} }} }} }} }}\n\
         \x20   delete:\n      operationId: delete-item\n      parameters:\n\
         \x20       - {{ name: id, in: path, required: true, schema: {{ type: string }} }}\n\
         \x20     responses: {{ \"204\": {{ description: gone }} }}\n\
         components:\n  securitySchemes:\n    key: {{ type: apiKey, in: header, name: X-Key }}\n"
    );
    let calls = calls("samples", &spec);
    assert_eq!(calls.operations, 2);
    assert!(calls.unsatisfiable.is_empty(), "{:?}", calls.unsatisfiable);
    let m = &calls.module;
    assert!(
        m.contains("recorder.call(\"get-item\", \"GET\", \"/items/{id}\", op_0(client))"),
        "{m}"
    );
    assert!(
        m.contains("recorder.call(\"delete-item\", \"DELETE\", \"/items/{id}\", op_1(client))"),
        "{m}"
    );
    assert!(m.contains(".key(\"conformance-key\")"), "{m}");
    assert!(m.contains(".retry_policy(api::RetryPolicy::none())"), "{m}");
    // A UUID for the uuid, and one item of three lowercase letters for the required array.
    let call = m.lines().find(|l| l.contains("client.get_item(")).unwrap();
    let args: Vec<&str> = call.split('"').collect();
    assert_eq!(args[1].len(), 36, "{call}");
    assert!(call.contains("vec![String::from(\""), "{call}");
    let item = args[3];
    assert!(
        item.len() == 3 && item.bytes().all(|b| b.is_ascii_lowercase()),
        "{call}"
    );
}

#[test]
fn what_no_request_can_satisfy_is_listed_with_its_kind_and_place() {
    let spec = format!(
        "{HEAD}security: [{{ basic: [], token: [] }}]\npaths:\n  /jobs/{{id}}#mode=x:\n    delete:\n      operationId: delete-job\n      parameters:\n\
         \x20       - {{ name: id, in: path, required: true, schema: {{ type: string, format: uuid, minLength: 64 }} }}\n\
         \x20       - {{ name: Tags, in: query, required: true, schema: {{ type: array, items: {{ type: object, properties: {{ k: {{ type: string }} }} }} }} }}\n\
         \x20     responses: {{ \"204\": {{ description: gone }} }}\n\
         components:\n  securitySchemes:\n    basic: {{ type: http, scheme: basic }}\n    token: {{ type: apiKey, in: header, name: Authorization }}\n"
    );
    let calls = calls("conflicts", &spec);
    let conflicts = &calls.unsatisfiable["delete-job"];
    let kinds: Vec<ConflictKind> = conflicts.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ConflictKind::Value,
            ConflictKind::Path,
            ConflictKind::Value,
            ConflictKind::Security
        ],
        "{conflicts:?}"
    );
    let reasons: Vec<&str> = conflicts.iter().map(|c| c.reason.as_str()).collect();
    assert!(
        reasons[0].starts_with("`id`: a `uuid` is 36 characters"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("holds `#`"), "{reasons:?}");
    assert!(
        reasons[2].starts_with("`Tags`: an array of objects"),
        "{reasons:?}"
    );
    assert!(reasons[3].contains("`authorization` header"), "{reasons:?}");
    assert!(
        reasons
            .iter()
            .all(|r| r.ends_with("(at #/paths/~1jobs~1{id}#mode=x/delete)")),
        "{reasons:?}"
    );
}

/// A path key with a query (icons8.com): the model sends its parameters in the query, but no
/// URL path matches the key.
#[test]
fn a_query_in_a_path_key_is_a_path_conflict() {
    let spec = format!(
        "{HEAD}paths:\n  /icons/search?term={{term}}:\n    get:\n      operationId: search\n      parameters:\n\
         \x20       - {{ name: term, in: query, required: true, schema: {{ type: string }} }}\n\
         \x20     responses: {{ \"204\": {{ description: ok }} }}\n"
    );
    let calls = calls("query-key", &spec);
    let conflicts = &calls.unsatisfiable["search"];
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, ConflictKind::Path);
    assert!(
        conflicts[0]
            .reason
            .starts_with("the path template `/icons/search?term={term}` holds `?`"),
        "{conflicts:?}"
    );
}

#[test]
fn two_bearer_schemes_in_one_requirement_are_one_token() {
    let spec = format!(
        "{HEAD}security: [{{ a: [], b: [] }}]\npaths:\n  /x:\n    get:\n      operationId: get-x\n      responses: {{ \"204\": {{ description: ok }} }}\n\
         components:\n  securitySchemes:\n    a: {{ type: http, scheme: bearer }}\n    b: {{ type: http, scheme: bearer }}\n"
    );
    assert!(calls("bearers", &spec).unsatisfiable.is_empty());
}
