//! Aliases that contain themselves. A schema whose only content is another schema becomes a
//! type alias (`pub type Tags = Vec<Tag>;`), but Rust cannot expand an alias that refers back
//! to itself: `Tree: {additionalProperties: {$ref: Tree}}` would be
//! `pub type Tree = BTreeMap<String, Tree>;`, which does not compile.
//!
//! Each alias names at most one other type (through arrays and maps), so the aliases form
//! chains, and a cycle is a loop of them. On a loop:
//! - the aliases that add a container (an array or a map) become newtypes, transparent on
//!   the wire (`pub struct Tree(pub BTreeMap<String, Tree>);`): the container gives the
//!   recursion its indirection, and the JSON is the same;
//! - a loop without any container (`Loop: {oneOf: [{$ref: Loop}]}`, or `A` → `B` → `A`)
//!   describes no value at all; its aliases become free-form JSON and are listed under
//!   "Not generated" with the reason.

use std::collections::{BTreeMap, BTreeSet};

use super::{Skip, TypeDef, TypeKind, TypeRef};
use crate::chains;

/// Rewrites the aliases on loops (see the module docs); returns the entries for "Not
/// generated".
pub fn break_cycles(types: &mut [TypeDef]) -> Vec<Skip> {
    let next: BTreeMap<String, String> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => Some((t.name.clone(), ty.named()?.to_string())),
            _ => None,
        })
        .collect();
    let loops = chains::loops(&next);
    if loops.is_empty() {
        return Vec::new();
    }
    let renames: BTreeSet<&str> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Alias(TypeRef::Named(_))))
        .map(|t| t.name.as_str())
        .collect();
    // On a loop of plain renames only, no value has the type; on any other loop, the aliases
    // that add a container become newtypes.
    let mut to_json: BTreeSet<String> = BTreeSet::new();
    let mut to_newtype: BTreeSet<String> = BTreeSet::new();
    for names in loops {
        if names.iter().all(|n| renames.contains(n.as_str())) {
            to_json.extend(names);
        } else {
            to_newtype.extend(names.into_iter().filter(|n| !renames.contains(n.as_str())));
        }
    }
    let mut skipped = Vec::new();
    for def in types.iter_mut() {
        let TypeKind::Alias(ty) = &def.kind else {
            continue;
        };
        if to_json.contains(&def.name) {
            skipped.push(Skip {
                what: format!("type of schema `{}`", def.name),
                pointer: def.pointer.clone(),
                reason: "it refers only to itself (a loop of `$ref`s and single-schema \
                         compositions), so no value has this type; it is free-form JSON \
                         (`serde_json::Value`)"
                    .to_string(),
            });
            def.kind = TypeKind::Alias(TypeRef::Json);
        } else if to_newtype.contains(&def.name) {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
    skipped
}
