//! The types webhooks refer to. Webhooks (OpenAPI 3.1 `webhooks`, or the `x-webhooks`
//! extension GitHub uses) describe requests the API sends to its users; the types only they
//! use go behind the crate's `webhooks` cargo feature (see [`super::features`]).

use std::collections::BTreeSet;

use serde_json::Value;

use super::TypeRef;
use super::schema::{COMPONENTS, TypeBuilder, unescape};
use crate::load::Spec;

/// The cargo feature gated types need.
pub const FEATURE: &str = "webhooks";

/// The named types the spec's webhooks refer to (component schemas only: inline webhook
/// schemas are not generated).
pub fn roots(spec: &Spec, types: &TypeBuilder<'_>) -> Vec<String> {
    let mut refs = BTreeSet::new();
    for key in ["webhooks", "x-webhooks"] {
        if let Some(hooks) = spec.root.get(key) {
            collect_refs(hooks, &mut refs);
        }
    }
    refs.iter()
        .filter_map(|r| r.strip_prefix(COMPONENTS))
        .filter_map(|key| match types.component(&unescape(key)) {
            Some(TypeRef::Named(name)) => Some(name),
            _ => None,
        })
        .collect()
}

fn collect_refs<'v>(value: &'v Value, out: &mut BTreeSet<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        out.insert(r);
                    }
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
