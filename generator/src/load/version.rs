//! The version gate: OpenAPI 3.0.x and 3.1.x, and Swagger 2.0. The model reads the 3.0 shape
//! only, so [`normalise`] rewrites 3.1 documents ([`super::openapi31`]) and converts Swagger 2.0
//! ones ([`super::swagger2`]) right after parsing; 3.0 documents are left untouched.

use serde_json::Value;

use super::{Spec, openapi31, swagger2};

/// The versions that load accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x: what the model reads.
    OpenApi30,
    /// OpenAPI 3.1.x: JSON Schema 2020-12 keywords are rewritten into their 3.0 forms.
    OpenApi31,
    /// Swagger 2.0: converted into an OpenAPI 3.0 document.
    Swagger2,
}

const ACCEPTED: &str = "OpenAPI 3.0.x and 3.1.x and Swagger 2.0 documents are accepted";

pub fn check(spec: &Spec) -> Result<Version, crate::Diagnostic> {
    let Some(root) = spec.root.as_object() else {
        return Err(spec.error(
            "",
            "the document is not a mapping (expected an OpenAPI object)",
        ));
    };
    if let Some(v) = root.get("swagger") {
        let v = display(v);
        return if v == "2.0" || v == "2" {
            Ok(Version::Swagger2)
        } else {
            Err(spec.error(
                "/swagger",
                format!("Swagger {v} documents are not supported; only {ACCEPTED}"),
            ))
        };
    }
    // Swagger 1.x documents say `swaggerVersion`.
    if let Some(v) = root.get("swaggerVersion") {
        let v = display(v);
        return Err(spec.error(
            "/swaggerVersion",
            format!("Swagger {v} documents are not supported; only {ACCEPTED}"),
        ));
    }
    let Some(v) = root.get("openapi") else {
        return Err(spec.error(
            "",
            "missing `openapi` version field (expected 3.0.x or 3.1.x, or `swagger: \"2.0\"`)",
        ));
    };
    let v = display(v);
    if v.starts_with("3.0.") || v == "3.0" {
        Ok(Version::OpenApi30)
    } else if v.starts_with("3.1.") || v == "3.1" {
        Ok(Version::OpenApi31)
    } else {
        Err(spec.error(
            "/openapi",
            format!("unsupported OpenAPI version `{v}`; only {ACCEPTED}"),
        ))
    }
}

/// Rewrites the document into the OpenAPI 3.0 shape the model reads.
pub fn normalise(spec: &mut Spec, version: Version) -> Result<(), crate::Diagnostic> {
    match version {
        Version::OpenApi30 => Ok(()),
        Version::OpenApi31 => openapi31::normalise(&spec.path, &mut spec.root),
        Version::Swagger2 => swagger2::convert(&spec.path, &mut spec.root),
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;

    fn spec(root: Value) -> Spec {
        Spec {
            path: PathBuf::from("spec.yaml"),
            root,
            origins: Default::default(),
            overlay: None,
        }
    }

    #[test]
    fn accepted_versions() {
        let cases = [
            (json!({"openapi": "3.0.3"}), Version::OpenApi30),
            (json!({"openapi": "3.0"}), Version::OpenApi30),
            (json!({"openapi": "3.1.0"}), Version::OpenApi31),
            (json!({"openapi": "3.1.1"}), Version::OpenApi31),
            (json!({"openapi": 3.1}), Version::OpenApi31),
            (json!({"swagger": "2.0"}), Version::Swagger2),
            (json!({"swagger": 2.0}), Version::Swagger2),
        ];
        for (root, want) in cases {
            assert_eq!(check(&spec(root.clone())).unwrap(), want, "{root}");
        }
    }

    #[test]
    fn rejected_versions_are_named() {
        let cases = [
            (json!({"openapi": "4.0.0"}), "/openapi", "`4.0.0`"),
            (json!({"openapi": "3.2.0"}), "/openapi", "`3.2.0`"),
            (json!({"openapi": "3.10.0"}), "/openapi", "`3.10.0`"),
            (json!({"swagger": "1.2"}), "/swagger", "Swagger 1.2"),
            (
                json!({"swaggerVersion": "1.2"}),
                "/swaggerVersion",
                "Swagger 1.2",
            ),
            (json!({"info": {}}), "", "missing `openapi`"),
            (json!(["openapi"]), "", "not a mapping"),
        ];
        for (root, pointer, text) in cases {
            let d = check(&spec(root.clone())).unwrap_err();
            assert_eq!(
                d.location,
                crate::Location::Pointer(pointer.into()),
                "{root}"
            );
            assert!(d.message.contains(text), "{root}: {}", d.message);
        }
    }
}
