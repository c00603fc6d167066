use serde_json::json;

use super::*;

/// Normalises `schema` as a component schema and as a property, returns the property.
fn property(schema: Value) -> Value {
    let mut doc = json!({
        "openapi": "3.1.0",
        "components": {"schemas": {"S": {"type": "object", "properties": {"p": schema}}}}
    });
    normalise(Path::new("t.yaml"), &mut doc).unwrap();
    doc.pointer("/components/schemas/S/properties/p")
        .unwrap()
        .clone()
}

fn error(doc: Value) -> Diagnostic {
    let mut doc = doc;
    normalise(Path::new("t.yaml"), &mut doc).unwrap_err()
}

#[test]
fn type_with_null_becomes_nullable() {
    assert_eq!(
        property(json!({"type": ["string", "null"], "format": "date-time"})),
        json!({"type": "string", "format": "date-time", "nullable": true})
    );
    assert_eq!(
        property(json!({"type": ["null", "integer"]})),
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(
        property(json!({"type": ["boolean"]})),
        json!({"type": "boolean"})
    );
}

#[test]
fn null_type_alone_is_nullable_anything() {
    assert_eq!(
        property(json!({"type": "null", "description": "Always null."})),
        json!({"description": "Always null.", "nullable": true})
    );
    assert_eq!(
        property(json!({"type": ["null"]})),
        json!({"nullable": true})
    );
}

#[test]
fn several_types_become_one_of_with_their_keywords() {
    assert_eq!(
        property(json!({
            "description": "A count or a list of names.",
            "type": ["integer", "array", "null"],
            "format": "int32",
            "minimum": 1,
            "items": {"type": ["string", "null"]},
            "maxItems": 3
        })),
        json!({
            "description": "A count or a list of names.",
            "oneOf": [
                {"type": "integer", "format": "int32", "minimum": 1},
                {"type": "array", "items": {"type": "string", "nullable": true}, "maxItems": 3}
            ],
            "nullable": true
        })
    );
}

#[test]
fn several_types_next_to_a_composition_leave_it_alone() {
    assert_eq!(
        property(
            json!({"type": ["object", "string"], "anyOf": [{"$ref": "#/components/schemas/S"}]})
        ),
        json!({"anyOf": [{"$ref": "#/components/schemas/S"}]})
    );
}

#[test]
fn null_members_of_one_of_make_it_nullable() {
    assert_eq!(
        property(json!({"oneOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]})),
        json!({"oneOf": [{"$ref": "#/components/schemas/S"}], "nullable": true})
    );
    assert_eq!(
        property(json!({"anyOf": [{"type": "null"}]})),
        json!({"nullable": true})
    );
}

#[test]
fn const_becomes_a_one_value_enum() {
    assert_eq!(
        property(json!({"type": "string", "const": "card", "description": "d"})),
        json!({"type": "string", "enum": ["card"], "description": "d"})
    );
    assert_eq!(
        property(json!({"const": 1, "enum": [1, 2]})),
        json!({"enum": [1, 2]})
    );
}

#[test]
fn numeric_exclusive_bounds_become_flags() {
    assert_eq!(
        property(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})),
        json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 1.5})
    );
    // An inclusive bound that is stricter wins alone.
    assert_eq!(
        property(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0})),
        json!({"type": "integer", "minimum": 5})
    );
    // A looser one is replaced.
    assert_eq!(
        property(json!({"type": "integer", "maximum": 10, "exclusiveMaximum": 5})),
        json!({"type": "integer", "maximum": 5, "exclusiveMaximum": true})
    );
    // 3.0-style booleans are left alone.
    assert_eq!(
        property(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})),
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
    );
}

#[test]
fn examples_list_keeps_its_first_example() {
    assert_eq!(
        property(json!({"type": "string", "examples": ["a", "b"]})),
        json!({"type": "string", "example": "a"})
    );
    assert_eq!(
        property(json!({"type": "string", "example": "x", "examples": ["a"]})),
        json!({"type": "string", "example": "x"})
    );
}

#[test]
fn content_keywords_become_formats() {
    assert_eq!(
        property(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "contentEncoding": "base64", "format": "byte"})
    );
    assert_eq!(
        property(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "contentMediaType": "image/png", "format": "binary"})
    );
    // Text content is a string.
    assert_eq!(
        property(json!({"type": "string", "contentMediaType": "text/html"})),
        json!({"type": "string", "contentMediaType": "text/html"})
    );
}

#[test]
fn ref_siblings() {
    // Annotations stay beside the `$ref`.
    assert_eq!(
        property(json!({"$ref": "#/components/schemas/S", "description": "d"})),
        json!({"$ref": "#/components/schemas/S", "description": "d"})
    );
    // Anything else wraps it.
    assert_eq!(
        property(
            json!({"$ref": "#/components/schemas/S", "description": "d", "type": ["object", "null"]})
        ),
        json!({"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "type": "object", "nullable": true})
    );
}

#[test]
fn ref_siblings_at_a_component_root_or_a_member_stay() {
    let mut doc = json!({
        "openapi": "3.1.0",
        "components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B", "minProperties": 1},
            "B": {"oneOf": [{"$ref": "#/components/schemas/A", "minProperties": 1}]}
        }}
    });
    let before = doc.clone();
    normalise(Path::new("t.yaml"), &mut doc).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn schemas_everywhere_are_rewritten() {
    let nullable = json!({"type": ["string", "null"]});
    let want = json!({"type": "string", "nullable": true});
    let mut doc = json!({
        "openapi": "3.1.0",
        "webhooks": {"hook": {"post": {"requestBody": {"content": {"application/json": {"schema": nullable}}}}}},
        "paths": {"/a": {
            "parameters": [{"name": "q", "in": "query", "schema": nullable}],
            "get": {
                "parameters": [{"name": "h", "in": "header", "content": {"text/plain": {"schema": nullable}}}],
                "responses": {"200": {
                    "headers": {"X-Rate": {"schema": nullable}},
                    "content": {"application/json": {"schema": {"type": "array", "items": nullable}}}
                }},
                "callbacks": {"cb": {"{$request.body#/url}": {"post": {"responses": {"200": {"content": {"a/b": {"schema": nullable}}}}}}}}
            }
        }},
        "components": {
            "parameters": {"P": {"schema": nullable}},
            "headers": {"H": {"schema": nullable}},
            "requestBodies": {"B": {"content": {"application/json": {"schema": {"properties": {"x": nullable}}}}}},
            "schemas": {"S": {"allOf": [{"properties": {"y": {"anyOf": [nullable]}}}]}}
        }
    });
    normalise(Path::new("t.yaml"), &mut doc).unwrap();
    for pointer in [
        "/webhooks/hook/post/requestBody/content/application~1json/schema",
        "/paths/~1a/parameters/0/schema",
        "/paths/~1a/get/parameters/0/content/text~1plain/schema",
        "/paths/~1a/get/responses/200/headers/X-Rate/schema",
        "/paths/~1a/get/responses/200/content/application~1json/schema/items",
        "/paths/~1a/get/callbacks/cb/{$request.body#~1url}/post/responses/200/content/a~1b/schema",
        "/components/parameters/P/schema",
        "/components/headers/H/schema",
        "/components/requestBodies/B/content/application~1json/schema/properties/x",
        "/components/schemas/S/allOf/0/properties/y/anyOf/0",
    ] {
        assert_eq!(doc.pointer(pointer), Some(&want), "{pointer}");
    }
}

#[test]
fn examples_and_extensions_are_not_schemas() {
    let mut doc = json!({
        "openapi": "3.1.0",
        "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
            "example": {"type": ["string", "null"]},
            "x-schema": {"type": ["string", "null"]}
        }}}}}}}
    });
    let before = doc.clone();
    normalise(Path::new("t.yaml"), &mut doc).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn defs_references_are_reported() {
    let d = error(json!({
        "openapi": "3.1.0",
        "components": {"schemas": {"S": {
            "$defs": {"Item": {"type": "string"}},
            "type": "array",
            "items": {"$ref": "#/$defs/Item"}
        }}}
    }));
    assert_eq!(
        d.location,
        crate::Location::Pointer("/components/schemas/S/items/$ref".into())
    );
    assert!(d.message.contains("`$defs`"), "{}", d.message);
    assert!(
        d.message.contains("#/components/schemas/Item"),
        "{}",
        d.message
    );
}

#[test]
fn dynamic_references_point_at_their_anchor() {
    let mut doc = json!({
        "openapi": "3.1.0",
        "components": {"schemas": {"Tree": {
            "$dynamicAnchor": "node",
            "properties": {
                "kids": {"type": "array", "items": {"$dynamicRef": "#node"}},
                "lost": {"$dynamicRef": "#nowhere"},
                "old": {"$recursiveRef": "#"}
            }
        }}}
    });
    normalise(Path::new("t.yaml"), &mut doc).unwrap();
    let props = &doc["components"]["schemas"]["Tree"]["properties"];
    assert_eq!(
        props["kids"]["items"],
        json!({"$ref": "#/components/schemas/Tree"})
    );
    // Without an anchor, left for the model: free-form JSON, listed as not enforced.
    assert_eq!(props["lost"], json!({"$dynamicRef": "#nowhere"}));
    assert_eq!(props["old"], json!({"$recursiveRef": "#"}));
}
