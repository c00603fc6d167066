//! The version gate: OpenAPI 3.0.x only, for now.

use serde_json::Value;

use super::Spec;

pub fn check(spec: &Spec) -> Result<(), crate::Diagnostic> {
    let Some(root) = spec.root.as_object() else {
        return Err(spec.error(
            "",
            "the document is not a mapping (expected an OpenAPI object)",
        ));
    };
    if let Some(v) = root.get("swagger") {
        let v = display(v);
        return Err(spec.error(
            "/swagger",
            format!("Swagger {v} documents are not supported yet; convert to OpenAPI 3.0.x"),
        ));
    }
    let Some(v) = root.get("openapi") else {
        return Err(spec.error("", "missing `openapi` version field (expected 3.0.x)"));
    };
    let v = display(v);
    if v.starts_with("3.0.") || v == "3.0" {
        Ok(())
    } else if v.starts_with("3.1") {
        Err(spec.error(
            "/openapi",
            format!("OpenAPI {v} is not supported yet; only 3.0.x documents are accepted"),
        ))
    } else {
        Err(spec.error(
            "/openapi",
            format!("unsupported OpenAPI version `{v}`; only 3.0.x documents are accepted"),
        ))
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
