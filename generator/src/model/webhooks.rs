//! Types that only webhook payloads use go behind the generated crate's `webhooks` cargo
//! feature. Webhooks (OpenAPI 3.1 `webhooks`, or the `x-webhooks` extension GitHub uses)
//! describe requests the API sends to its users; a client that never receives them should
//! not compile their types: in GitHub's description they are three types in five.
//!
//! Only types the operations cannot reach are gated, so the default build always compiles.
//! A document with webhooks and no operations keeps everything ungated: the payload types are
//! all it offers. Component schemas nothing refers to stay ungated too (hand-written extras
//! may use them).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::schema::{COMPONENTS, TypeBuilder, unescape};
use super::{ErrorModel, Operation, TypeDef, TypeKind, TypeRef};
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

/// Marks the types only `webhook_roots` reach with [`FEATURE`].
pub fn gate_webhook_types(
    types: &mut [TypeDef],
    operations: &[Operation],
    webhook_roots: &[String],
    errors: &ErrorModel,
) {
    if operations.is_empty() || webhook_roots.is_empty() {
        return;
    }
    let edges: BTreeMap<&str, Vec<&str>> = types
        .iter()
        .map(|t| (t.name.as_str(), refs_of(&t.kind)))
        .collect();
    let used = operations
        .iter()
        .flat_map(Operation::type_refs)
        .chain(&errors.body)
        .flat_map(named);
    let needed = closure(&edges, used);
    let hooks = closure(&edges, webhook_roots.iter().map(String::as_str));
    let gated: BTreeSet<String> = hooks
        .difference(&needed)
        .map(|name| name.to_string())
        .collect();
    for def in types.iter_mut().filter(|d| gated.contains(&d.name)) {
        def.feature = Some(FEATURE.to_string());
        def.docs.notes.push(format!(
            "Only webhook payloads use this type: it needs the crate's `{FEATURE}` feature."
        ));
    }
}

/// The names `start` reaches through `edges`, `start` included.
fn closure<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    start: impl Iterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = start.collect();
    while let Some(name) = todo.pop() {
        // Keys of `edges` outlive the borrow of `start`; look the name up to keep them.
        let Some((&key, next)) = edges.get_key_value(name) else {
            continue;
        };
        if seen.insert(key) {
            todo.extend(next.iter().copied());
        }
    }
    seen
}

fn refs_of(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(&s.additional)
            .flat_map(named)
            .collect(),
        TypeKind::Union(u) => u.variants.iter().flat_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => Vec::new(),
    }
}

/// The named type inside a reference, through arrays and maps.
fn named(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(n) => vec![n.as_str()],
        TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner),
        _ => Vec::new(),
    }
}
