//! How the model reads a parameter's style: what a location cannot have is read as its
//! default (with a note, not a failed operation), `content` makes JSON text, and
//! `allowReserved` counts in a query only. The bytes each style writes are `params.rs`'s.

use std::path::PathBuf;

fn spec(test: &str, params: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("param-styles-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!(
        "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\nservers: [{{ url: \"https://api.example.com\" }}]\n\
         paths:\n  /items/{{id}}:\n    get:\n      operationId: get-item\n      parameters:\n{params}      \
         responses: {{ \"204\": {{ description: ok }} }}\n"
    );
    let path = dir.join("openapi.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn operations(test: &str, params: &str) -> String {
    let path = spec(test, params);
    let input = generator::Input {
        spec: &path,
        config: None,
        name: Some("styles"),
    };
    let output = generator::generate(&input).unwrap_or_else(|e| panic!("{test}: {e}"));
    assert_eq!(
        output.stats.operations, 1,
        "{test}: the operation is generated"
    );
    output.files["src/operations.rs"].clone()
}

const ID: &str = "        - { name: id, in: path, required: true, schema: { type: string } }\n";

#[test]
fn a_style_the_location_cannot_have_is_its_default_with_a_note() {
    let params = format!(
        "{ID}        - {{ name: X-Ids, in: header, style: form, schema: {{ type: array, items: {{ type: string }} }} }}\n\
         \x20       - {{ name: q, in: query, style: matrix, schema: {{ type: string }} }}\n"
    );
    let ops = operations("default", &params);
    assert!(ops.contains("request.header_value(\"X-Ids\""), "{ops}");
    assert!(ops.contains("request.query_value(\"q\""), "{ops}");
    assert!(
        ops.contains("The spec gives style `form`, which a header parameter cannot have"),
        "{ops}"
    );
    assert!(ops.contains("sent in the default style, `form`"), "{ops}");
}

#[test]
fn content_parameters_are_json_and_allow_reserved_counts_in_queries() {
    let params = format!(
        "{ID}        - name: filter\n          in: query\n          content:\n            application/json:\n              schema: {{ type: object, properties: {{ a: {{ type: integer }} }} }}\n\
         \x20       - {{ name: next, in: query, allowReserved: true, schema: {{ type: string }} }}\n\
         \x20       - {{ name: X-Next, in: header, allowReserved: true, schema: {{ type: string }} }}\n"
    );
    let ops = operations("content", &params);
    assert!(ops.contains("transport::Styled::FORM.json()"), "{ops}");
    assert!(ops.contains("transport::Styled::FORM.reserved()"), "{ops}");
    assert!(ops.contains("request.header_value(\"X-Next\""), "{ops}");
}

#[test]
fn path_styles_reach_the_path() {
    let params = "        - { name: id, in: path, required: true, style: matrix, explode: true, schema: { type: array, items: { type: string } } }\n";
    let ops = operations("path", params);
    let flat: String = ops.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(r#"[ "/items/", &transport::path_param( "id", &self.id, transport::Styled::MATRIX_EXPLODED, ), ] .concat()"#),
        "{ops}"
    );
}

/// OpenAPI 3: "If `in` is `header` and the `name` field is `Accept`, `Content-Type` or
/// `Authorization`, the parameter definition SHALL be ignored": the client sets those from the
/// responses, the body and the security schemes. Sent as parameters, a required
/// `Content-Type: <Content-Type>` crashed Prism and misstated the body (found by
/// `cargo xtask conformance` on zuora.com and vtex.local).
#[test]
fn header_parameters_the_client_sets_itself_are_ignored() {
    let params = format!(
        "{ID}        - {{ name: Accept, in: header, required: true, schema: {{ type: string }} }}\n\
         \x20       - {{ name: content-type, in: header, required: true, schema: {{ type: string }} }}\n\
         \x20       - {{ name: AUTHORIZATION, in: header, schema: {{ type: string }} }}\n\
         \x20       - {{ name: X-Trace, in: header, schema: {{ type: string }} }}\n"
    );
    let ops = operations("ignored-headers", &params);
    assert!(
        ops.contains("pub fn get_item(&self, id: impl Into<String>)"),
        "{ops}"
    );
    for name in ["\"Accept\"", "\"content-type\"", "\"AUTHORIZATION\""] {
        assert!(!ops.contains(name), "{name} is not a parameter: {ops}");
    }
    assert!(ops.contains("request.header_value(\"X-Trace\""), "{ops}");
}
