//! Swagger 2.0 → OpenAPI 3.0.
//!
//! The converted document keeps the source's paths, operations and names, in source order:
//!
//! - `swagger: "2.0"` → `openapi: 3.0.3`; `host` + `basePath` + `schemes` → `servers` (https
//!   first; no `host`, no servers).
//! - `definitions` → `components.schemas`; global `parameters` → `components.parameters` (body
//!   ones → `components.requestBodies`, with the global `consumes`); `responses` →
//!   `components.responses`; `securityDefinitions` → `components.securitySchemes` (`basic` →
//!   HTTP basic, `apiKey` as is, `oauth2` with its flow converted). Every `$ref` to them is
//!   rewritten (`#/definitions/X` → `#/components/schemas/X`, …).
//! - Per operation: the `in: body` parameter → `requestBody`, one media type per entry of the
//!   operation's (or global) `consumes` (default `application/json`); `in: formData` parameters
//!   → a `multipart/form-data` body (if `consumes` lists it or a parameter is a `file`) or an
//!   `application/x-www-form-urlencoded` one, whose schema is an object with one property per
//!   parameter. Path-level body and form parameters join each operation's.
//! - Other parameters and response headers: `type`, `format`, `items`, `enum`, `default` and
//!   the limits move into `schema`; `collectionFormat` → `style`/`explode` (`tsv`, which 3.0
//!   cannot express, is kept as `x-collectionFormat`).
//! - Responses: `schema` → `content`, one media type per entry of the operation's (or global)
//!   `produces` (default `application/json`; a `type: file` schema is binary content);
//!   `examples` per media type → that media type's `example`.
//! - Schemas: `type: file` → `string`/`binary`, `x-nullable: true` → `nullable: true`, a string
//!   `discriminator` → `{propertyName}`. `x-` extensions are kept everywhere.
//!
//! Errors found while converting point into the Swagger document; later errors point into the
//! converted one (`/components/schemas/X` for `/definitions/X`).

mod context;
mod conversions;
mod document;
mod operations;
mod responses;
mod schemas;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use context::Cx;
use conversions::{location, media_list};

/// Converts a Swagger 2.0 document in place.
pub fn convert(file: &Path, root: &mut Value) -> Result<(), Diagnostic> {
    let Value::Object(source) = root else {
        return Ok(());
    };
    let empty = Map::new();
    let parameters = source
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let component_parameters = source
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let body_names = |params: &Map<String, Value>| -> BTreeSet<String> {
        params
            .iter()
            .filter(|(_, p)| location(p) == Some("body"))
            .map(|(name, _)| name.clone())
            .collect()
    };
    let cx = Cx {
        file,
        consumes: media_list(source.get("consumes")).unwrap_or_default(),
        produces: media_list(source.get("produces")).unwrap_or_default(),
        parameters,
        component_parameters,
        body_parameters: body_names(parameters),
        body_component_parameters: body_names(component_parameters),
    };
    let converted = cx.document(source)?;
    *root = Value::Object(converted);
    Ok(())
}
