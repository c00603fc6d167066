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

/// Rewrites the aliases on loops (see the module docs); returns the entries for "Not
/// generated".
pub fn break_cycles(types: &mut [TypeDef]) -> Vec<Skip> {
    let next: BTreeMap<&str, &str> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => Some((t.name.as_str(), ty.named()?)),
            _ => None,
        })
        .collect();
    let on_loop = names_on_loops(&next);
    if on_loop.is_empty() {
        return Vec::new();
    }
    // The loops with no container: every alias on them is a plain rename.
    let renames_only: BTreeSet<String> = on_loop
        .iter()
        .filter(|name| loop_of(&next, name).iter().all(|n| is_rename(types, n)))
        .cloned()
        .collect();
    let mut skipped = Vec::new();
    for def in types.iter_mut().filter(|t| on_loop.contains(&t.name)) {
        let TypeKind::Alias(ty) = &def.kind else {
            continue;
        };
        if renames_only.contains(&def.name) {
            skipped.push(Skip {
                what: format!("type of schema `{}`", def.name),
                pointer: def.pointer.clone(),
                reason: "it refers only to itself (a loop of `$ref`s and single-schema \
                         compositions), so no value has this type; it is free-form JSON \
                         (`serde_json::Value`)"
                    .to_string(),
            });
            def.kind = TypeKind::Alias(TypeRef::Json);
        } else if !matches!(ty, TypeRef::Named(_)) {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
    skipped
}

/// The aliases that reach themselves by following `next`, in one walk over the chains.
fn names_on_loops(next: &BTreeMap<&str, &str>) -> BTreeSet<String> {
    let mut on_loop = BTreeSet::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in next.keys() {
        // The chain from `start` until it meets a name already walked (this walk's or an
        // earlier one's); meeting this walk's own path closes a loop.
        let mut path: Vec<&str> = Vec::new();
        let mut at = Some(start);
        while let Some(n) = at.filter(|n| !done.contains(n)) {
            done.insert(n);
            path.push(n);
            at = next.get(n).copied();
        }
        let closed = at.and_then(|met| path.iter().position(|&n| n == met));
        if let Some(i) = closed {
            on_loop.extend(path[i..].iter().map(|n| n.to_string()));
        }
    }
    on_loop
}

/// The aliases on the loop through `name` (which is on one).
fn loop_of<'a>(next: &BTreeMap<&'a str, &'a str>, name: &'a str) -> Vec<&'a str> {
    let mut out = vec![name];
    let mut at = next.get(name).copied();
    while let Some(n) = at.filter(|&n| n != name && out.len() <= next.len()) {
        out.push(n);
        at = next.get(n).copied();
    }
    out
}

fn is_rename(types: &[TypeDef], name: &str) -> bool {
    types
        .iter()
        .find(|t| t.name == name)
        .is_some_and(|t| matches!(t.kind, TypeKind::Alias(TypeRef::Named(_))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_on_a_loop_are_found() {
        // a → b → c → b (loop b, c), d → a (a chain into it), e → f (no loop), g → g.
        let next = BTreeMap::from([
            ("a", "b"),
            ("b", "c"),
            ("c", "b"),
            ("d", "a"),
            ("e", "f"),
            ("g", "g"),
        ]);
        let found: Vec<String> = names_on_loops(&next).into_iter().collect();
        assert_eq!(found, ["b", "c", "g"]);
        assert_eq!(loop_of(&next, "c"), ["c", "b"]);
        assert_eq!(loop_of(&next, "g"), ["g"]);
    }
}
