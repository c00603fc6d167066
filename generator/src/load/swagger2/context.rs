//! What every step of the conversion reads: the source's global sections, and the constants
//! of Swagger 2.0.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::conversions::{location, text};
use crate::diagnostic::Diagnostic;

pub(super) struct Cx<'a> {
    pub(super) file: &'a Path,
    pub(super) consumes: Vec<String>,
    pub(super) produces: Vec<String>,
    /// The global `parameters`.
    pub(super) parameters: &'a Map<String, Value>,
    /// Parameters a bundler brought in from other files (`components/parameters`, still in
    /// Swagger form).
    pub(super) component_parameters: &'a Map<String, Value>,
    /// Names of the parameters of each that are `in: body` (they become request bodies).
    pub(super) body_parameters: BTreeSet<String>,
    pub(super) body_component_parameters: BTreeSet<String>,
}

/// A body or form parameter of an operation, resolved.
pub(super) struct BodyParam<'a> {
    /// As written: a parameter or a `$ref` to a global one.
    pub(super) raw: &'a Value,
    pub(super) param: &'a Value,
    /// Whether `raw` is a `$ref` to a global parameter.
    pub(super) global: bool,
    pub(super) at: String,
}

impl BodyParam<'_> {
    pub(super) fn key(&self) -> (Option<&str>, Option<&str>) {
        (text(self.param, "name"), location(self.param))
    }
}

impl Cx<'_> {
    pub(super) fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, pointer, message)
    }
}
