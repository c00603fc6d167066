use serde_json::json;

use super::conversions::{MULTIPART, URLENCODED};

use super::*;

fn converted(doc: Value) -> Value {
    let mut doc = doc;
    convert(Path::new("t.yaml"), &mut doc).unwrap();
    doc
}

fn at<'v>(doc: &'v Value, pointer: &str) -> &'v Value {
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in {doc:#}"))
}

#[test]
fn version_and_servers() {
    let doc = converted(json!({
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "host": "api.example.com",
        "basePath": "/v2/",
        "schemes": ["http", "https"],
        "paths": {}
    }));
    assert_eq!(
        doc,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}],
            "paths": {}
        })
    );
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["openapi", "info", "servers", "paths"]);
}

#[test]
fn servers_default_to_https_and_need_a_host() {
    let doc = converted(json!({"swagger": "2.0", "host": "h.example", "schemes": ["http"]}));
    assert_eq!(doc["servers"], json!([{"url": "http://h.example"}]));
    let doc = converted(json!({"swagger": "2.0", "host": "h.example", "basePath": "v1"}));
    assert_eq!(doc["servers"], json!([{"url": "https://h.example/v1"}]));
    let doc = converted(json!({"swagger": "2.0", "basePath": "/v1"}));
    assert!(doc.get("servers").is_none());
}

#[test]
fn definitions_and_their_references_move() {
    let doc = converted(json!({
        "swagger": "2.0",
        "definitions": {
            "Pet": {
                "type": "object",
                "discriminator": "kind",
                "properties": {
                    "owner": {"$ref": "#/definitions/Person"},
                    "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                    "photo": {"type": "file"},
                    "nick": {"type": "string", "x-nullable": true},
                    "extra": {"additionalProperties": {"$ref": "#/definitions/Tag"}}
                }
            },
            "Dog": {"allOf": [{"$ref": "#/definitions/Pet"}, {"type": "object"}]}
        }
    }));
    assert_eq!(
        at(&doc, "/components/schemas/Pet"),
        &json!({
            "type": "object",
            "discriminator": {"propertyName": "kind"},
            "properties": {
                "owner": {"$ref": "#/components/schemas/Person"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                "photo": {"type": "string", "format": "binary"},
                "nick": {"type": "string", "x-nullable": true, "nullable": true},
                "extra": {"additionalProperties": {"$ref": "#/components/schemas/Tag"}}
            }
        })
    );
    assert_eq!(
        at(&doc, "/components/schemas/Dog/allOf/0/$ref"),
        "#/components/schemas/Pet"
    );
    assert!(doc.get("definitions").is_none());
}

#[test]
fn body_parameter_becomes_request_body_with_consumes() {
    let doc = converted(json!({
        "swagger": "2.0",
        "consumes": ["application/json", "application/xml"],
        "paths": {"/pets": {"post": {
            "parameters": [
                {"name": "X-Trace", "in": "header", "type": "string"},
                {"name": "pet", "in": "body", "required": true, "description": "The pet.",
                 "schema": {"$ref": "#/definitions/Pet"}, "x-extra": 1}
            ],
            "responses": {"204": {"description": "Stored."}}
        }}}
    }));
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        at(&doc, "/paths/~1pets/post"),
        &json!({
            "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
            "requestBody": {
                "description": "The pet.",
                "content": {"application/json": pet, "application/xml": pet},
                "required": true,
                "x-extra": 1
            },
            "responses": {"204": {"description": "Stored."}}
        })
    );
}

/// `trace` is not in Swagger 2.0's list of methods, but real specs use it and load accepts
/// it: it is converted like every other operation (typed parameters, body, `produces`).
#[test]
fn every_method_load_accepts_is_converted() {
    let doc = converted(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "paths": {"/echo": {"trace": {
            "parameters": [
                {"name": "n", "in": "query", "type": "integer"},
                {"name": "msg", "in": "body", "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "Echoed.", "schema": {"type": "string"}}}
        }}}
    }));
    assert_eq!(
        at(&doc, "/paths/~1echo/trace"),
        &json!({
            "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "responses": {"200": {
                "description": "Echoed.",
                "content": {"application/json": {"schema": {"type": "string"}}}
            }}
        })
    );
}

#[test]
fn body_media_type_defaults_to_json_and_operation_consumes_wins() {
    let doc = converted(json!({
        "swagger": "2.0",
        "consumes": ["application/xml"],
        "paths": {
            "/a": {"put": {"consumes": ["application/vnd.api+json"], "parameters": [
                {"name": "b", "in": "body", "schema": {"type": "object"}}
            ], "responses": {}}}
        }
    }));
    let content = at(&doc, "/paths/~1a/put/requestBody/content");
    assert_eq!(
        content,
        &json!({"application/vnd.api+json": {"schema": {"type": "object"}}})
    );
    let doc = converted(json!({
        "swagger": "2.0",
        "paths": {"/a": {"put": {"parameters": [
            {"name": "b", "in": "body", "schema": {"type": "object"}}
        ], "responses": {}}}}
    }));
    let content = at(&doc, "/paths/~1a/put/requestBody/content");
    assert_eq!(
        content,
        &json!({"application/json": {"schema": {"type": "object"}}})
    );
}

#[test]
fn form_parameters_become_a_form_body() {
    let doc = converted(json!({
        "swagger": "2.0",
        "paths": {"/upload": {
            "parameters": [{"name": "folder", "in": "formData", "type": "string"}],
            "post": {
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": true, "description": "Bytes."},
                    {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}}
                ],
                "responses": {}
            }
        }}
    }));
    let item = at(&doc, "/paths/~1upload");
    assert!(item.get("parameters").is_none(), "{item:#}");
    assert_eq!(
        at(&doc, "/paths/~1upload/post/requestBody"),
        &json!({
            "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "folder": {"type": "string"},
                    "file": {"type": "string", "format": "binary", "description": "Bytes."},
                    "tags": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["file"]
            }}},
            "required": true
        })
    );
}

#[test]
fn form_without_files_is_urlencoded_unless_consumes_says_multipart() {
    let form = json!([{"name": "q", "in": "formData", "type": "string"}]);
    let doc = converted(json!({
        "swagger": "2.0",
        "paths": {"/a": {"post": {"parameters": form, "responses": {}}}}
    }));
    let content = at(&doc, "/paths/~1a/post/requestBody/content");
    assert!(content.get(URLENCODED).is_some(), "{content}");
    let doc = converted(json!({
        "swagger": "2.0",
        "consumes": ["multipart/form-data"],
        "paths": {"/a": {"post": {"parameters": form, "responses": {}}}}
    }));
    let content = at(&doc, "/paths/~1a/post/requestBody/content");
    assert!(content.get(MULTIPART).is_some(), "{content}");
}

#[test]
fn non_body_parameters_get_a_schema_and_a_style() {
    let doc = converted(json!({
        "swagger": "2.0",
        "paths": {"/items/{ids}": {"get": {"parameters": [
            {"name": "ids", "in": "path", "type": "array", "items": {"type": "integer", "format": "int64"}},
            {"name": "limit", "in": "query", "type": "integer", "minimum": 1, "default": 20, "x-x": true},
            {"name": "tag", "in": "query", "type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "collectionFormat": "multi"},
            {"name": "sep", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
            {"name": "tabs", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}
        ], "responses": {}}}}
    }));
    assert_eq!(
        at(&doc, "/paths/~1items~1{ids}/get/parameters"),
        &json!([
            {"name": "ids", "in": "path", "required": true,
             "schema": {"type": "array", "items": {"type": "integer", "format": "int64"}},
             "style": "simple", "explode": false},
            {"name": "limit", "in": "query", "x-x": true,
             "schema": {"type": "integer", "default": 20, "minimum": 1}},
            {"name": "tag", "in": "query",
             "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
             "style": "form", "explode": true},
            {"name": "sep", "in": "query",
             "schema": {"type": "array", "items": {"type": "string"}},
             "style": "pipeDelimited", "explode": false},
            {"name": "tabs", "in": "query",
             "schema": {"type": "array", "items": {"type": "string"}},
             "x-collectionFormat": "tsv"}
        ])
    );
}

#[test]
fn global_parameters_split_into_parameters_and_request_bodies() {
    let doc = converted(json!({
        "swagger": "2.0",
        "consumes": ["application/json"],
        "parameters": {
            "limit": {"name": "limit", "in": "query", "type": "integer"},
            "PetBody": {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}},
            "note": {"name": "note", "in": "formData", "type": "string", "required": true}
        },
        "paths": {
            "/pets": {
                "get": {"parameters": [{"$ref": "#/parameters/limit"}], "responses": {}},
                "post": {"parameters": [{"$ref": "#/parameters/PetBody"}], "responses": {}},
                "put": {"consumes": ["application/merge-patch+json"], "parameters": [{"$ref": "#/parameters/PetBody"}], "responses": {}}
            },
            "/notes": {"post": {"parameters": [{"$ref": "#/parameters/note"}], "responses": {}}}
        }
    }));
    assert_eq!(
        at(&doc, "/components/parameters"),
        &json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
    );
    assert_eq!(
        at(&doc, "/components/requestBodies"),
        &json!({"PetBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
            "required": true
        }})
    );
    assert_eq!(
        at(&doc, "/paths/~1pets/get/parameters/0"),
        &json!({"$ref": "#/components/parameters/limit"})
    );
    assert_eq!(
        at(&doc, "/paths/~1pets/post/requestBody"),
        &json!({"$ref": "#/components/requestBodies/PetBody"})
    );
    assert!(at(&doc, "/paths/~1pets/post").get("parameters").is_none());
    // Its own media types: a copy.
    assert_eq!(
        at(&doc, "/paths/~1pets/put/requestBody/content"),
        &json!({"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Pet"}}})
    );
    // A global form parameter is inlined.
    assert_eq!(
        at(
            &doc,
            "/paths/~1notes/post/requestBody/content/application~1x-www-form-urlencoded/schema/required"
        ),
        &json!(["note"])
    );
}

#[test]
fn responses_get_content_from_produces() {
    let doc = converted(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "responses": {"NotFound": {"description": "Missing.", "schema": {"$ref": "#/definitions/Error"}}},
        "paths": {"/pets/{id}": {"get": {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {
                    "description": "The pet.",
                    "schema": {"$ref": "#/definitions/Pet"},
                    "headers": {"X-Rate-Limit": {"type": "integer", "format": "int32", "description": "Calls left."}},
                    "examples": {"application/json": {"id": 1}}
                },
                "404": {"$ref": "#/responses/NotFound"},
                "default": {"description": "Error."}
            }
        }}}
    }));
    assert_eq!(
        at(&doc, "/paths/~1pets~1{id}/get/responses"),
        &json!({
            "200": {
                "description": "The pet.",
                "headers": {"X-Rate-Limit": {"description": "Calls left.", "schema": {"type": "integer", "format": "int32"}}},
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}, "example": {"id": 1}},
                    "text/csv": {"schema": {"$ref": "#/components/schemas/Pet"}}
                }
            },
            "404": {"$ref": "#/components/responses/NotFound"},
            // Without a schema, still what it produces (free-form).
            "default": {"description": "Error.", "content": {"application/json": {}, "text/csv": {}}}
        })
    );
    assert_eq!(
        at(&doc, "/components/responses/NotFound"),
        &json!({"description": "Missing.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    );
}

#[test]
fn file_responses_are_binary_content() {
    let doc = converted(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "paths": {"/f": {"get": {"responses": {"200": {"description": "Bytes.", "schema": {"type": "file"}}}}}}
    }));
    assert_eq!(
        at(&doc, "/paths/~1f/get/responses/200/content"),
        &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    );
}

#[test]
fn security_definitions_become_schemes() {
    let doc = converted(json!({
        "swagger": "2.0",
        "securityDefinitions": {
            "basic": {"type": "basic", "description": "User and password."},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env": "KEY"},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"read": "Read."}},
            "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
            "pw": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}}
        },
        "security": [{"basic": []}]
    }));
    assert_eq!(
        at(&doc, "/components/securitySchemes"),
        &json!({
            "basic": {"type": "http", "scheme": "basic", "description": "User and password."},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env": "KEY"},
            "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"read": "Read."}}}},
            "code": {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}},
            "app": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}},
            "pw": {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}}
        })
    );
    assert_eq!(doc["security"], json!([{"basic": []}]));
}

#[test]
fn extensions_and_other_keys_are_kept() {
    let doc = converted(json!({
        "swagger": "2.0",
        "x-root": {"$ref": "#/definitions/Kept"},
        "tags": [{"name": "pets"}],
        "paths": {"x-paths": 1, "/a": {"x-item": 2, "get": {"x-op": 3, "tags": ["pets"], "operationId": "a", "responses": {"x-r": 4}}}}
    }));
    assert_eq!(doc["x-root"], json!({"$ref": "#/definitions/Kept"}));
    assert_eq!(doc["tags"], json!([{"name": "pets"}]));
    assert_eq!(
        doc["paths"],
        json!({"x-paths": 1, "/a": {"x-item": 2, "get": {"x-op": 3, "tags": ["pets"], "operationId": "a", "responses": {"x-r": 4}}}})
    );
}

/// What a bundler leaves in a Swagger document that refers to other files: their targets
/// under `components`, in Swagger form, and local references to them.
#[test]
fn components_brought_in_from_other_files_are_converted_too() {
    let doc = converted(json!({
        "swagger": "2.0",
        "definitions": {"Pet": {"$ref": "#/components/schemas/Pet"}},
        "paths": {"/pets": {"post": {
            "parameters": [
                {"$ref": "#/components/parameters/Limit"},
                {"$ref": "#/components/parameters/PetBody"}
            ],
            "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
        }}},
        "components": {
            "schemas": {"Pet": {"properties": {"photo": {"type": "file"}}}},
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "type": "integer"},
                "PetBody": {"name": "pet", "in": "body", "schema": {"$ref": "#/components/schemas/Pet"}}
            },
            "responses": {"NotFound": {"description": "Missing.", "schema": {"type": "string"}}}
        }
    }));
    assert_eq!(
        doc["components"],
        json!({
            "schemas": {"Pet": {"properties": {"photo": {"type": "string", "format": "binary"}}}},
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            "requestBodies": {"PetBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
            "responses": {"NotFound": {"description": "Missing.", "content": {"application/json": {"schema": {"type": "string"}}}}}
        })
    );
    assert_eq!(
        at(&doc, "/paths/~1pets/post"),
        &json!({
            "parameters": [{"$ref": "#/components/parameters/Limit"}],
            "requestBody": {"$ref": "#/components/requestBodies/PetBody"},
            "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
        })
    );
    let mut clash = json!({
        "swagger": "2.0",
        "definitions": {"Pet": {"type": "object"}},
        "components": {"schemas": {"Pet": {"type": "string"}}}
    });
    let d = convert(Path::new("t.yaml"), &mut clash).unwrap_err();
    assert_eq!(
        d.location,
        crate::Location::Pointer("/components/schemas/Pet".into())
    );
    assert!(
        d.message.contains("two definitions are named `Pet`"),
        "{}",
        d.message
    );
}

#[test]
fn invalid_body_parameters_are_located_in_the_swagger_document() {
    let cases = [
        (
            json!([{"name": "a", "in": "body"}]),
            "/paths/~1a/post/parameters/0",
            "needs a `schema`",
        ),
        (
            json!([{"name": "a", "in": "body", "schema": {}}, {"name": "b", "in": "body", "schema": {}}]),
            "/paths/~1a/post/parameters/1",
            "only one `in: body`",
        ),
        (
            json!([{"name": "a", "in": "body", "schema": {}}, {"name": "b", "in": "formData", "type": "string"}]),
            "/paths/~1a/post/parameters/1",
            "both `in: body` and `in: formData`",
        ),
        (
            json!({"a": 1}),
            "/paths/~1a/post/parameters",
            "must be a list",
        ),
    ];
    for (params, pointer, text) in cases {
        let mut doc = json!({"swagger": "2.0", "paths": {"/a": {"post": {"parameters": params, "responses": {}}}}});
        let d = convert(Path::new("t.yaml"), &mut doc).unwrap_err();
        assert_eq!(d.location, crate::Location::Pointer(pointer.into()));
        assert!(d.message.contains(text), "{}", d.message);
    }
}
