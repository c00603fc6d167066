//! What every part of an operation's building reads: the place in the spec, the auth schemes,
//! the names decided for the operation, and the parts left out while the rest is generated.

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::load::Spec;
use crate::model::AuthScheme;

/// A part of an operation left out while the rest of it is generated.
pub(super) struct Dropped {
    /// What it is (`request body \`text/csv\``, `header parameter \`X Id\``).
    pub(super) what: String,
    pub(super) pointer: String,
    pub(super) diagnostic: Diagnostic,
}

pub(super) struct Names {
    pub(super) method: String,
    pub(super) builder: String,
    pub(super) camel: String,
}

pub(super) struct Ctx<'s, 'a> {
    pub(super) spec: &'s Spec,
    pub(super) auth: &'a [AuthScheme],
    pub(super) item: &'s Map<String, Value>,
    /// The path, without a query template (see `path_query`).
    pub(super) path: &'s str,
    /// The `(key, name)` pairs of the path's query template, if it has one.
    pub(super) query: &'a [(String, String)],
    pub(super) pointer: &'a str,
}
