//! Cargo features of a generated crate, so a build compiles only what its user needs:
//!
//! - `webhooks`: the types only webhook payloads use (see [`super::webhooks`]); off by
//!   default. In GitHub's description they are three types in five.
//! - one feature per tag, for APIs of [`SPLIT_AT`] operations or more (or when
//!   `provider.toml` says `[crate] features_by_tag = true`). Up to [`ALL_ON_UNTIL`]
//!   operations they are all on by default, so nothing is missing until a user opts out with
//!   `default-features = false, features = ["repos"]`; past it they are all off, and a user
//!   names the tags they call: a whole API of that size does not build on an ordinary
//!   machine (Microsoft Graph beta's 22,361 operations took rustc past 24 GB), and nobody
//!   calls all of it. `[crate] tags_on_by_default` decides otherwise.
//!
//! A type is compiled when any feature that needs it is on; a type anything ungated needs
//! (an untagged operation, the error body) is always compiled, so every combination of
//! features builds. A document with webhooks and no operations keeps everything ungated: the
//! payload types are all it offers. Component schemas nothing refers to stay ungated too
//! (hand-written extras may use them).

use std::collections::{BTreeMap, BTreeSet};

use super::naming;
use super::{CargoFeature, ErrorModel, Operation, TypeDef, TypeRef};

/// From this many operations on, a crate gets one cargo feature per tag.
pub const SPLIT_AT: usize = 500;

/// Up to this many operations, the tag features are on by default. GitHub's 1,223 build
/// whole in about 80 s and 3.6 GB (debug, 2 cores; BENCHMARKS.md); a crate of 2,500 would
/// take twice that, near what an 8 GB machine can give rustc.
pub const ALL_ON_UNTIL: usize = 2_500;

/// Sets `Operation::feature` and `TypeDef::features`; returns the crate's features.
pub fn assign(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    webhook_roots: &[String],
    webhook_module: bool,
    errors: &ErrorModel,
    by_tag: Option<bool>,
    tags_on_by_default: Option<bool>,
) -> Vec<CargoFeature> {
    let mut features = Vec::new();
    let on = tags_on_by_default.unwrap_or(operations.len() <= ALL_ON_UNTIL);
    if by_tag.unwrap_or(operations.len() >= SPLIT_AT) {
        let tags: BTreeSet<&str> = operations.iter().filter_map(|o| o.tag.as_deref()).collect();
        let names = naming::feature_names(&tags, &[super::webhooks::FEATURE]);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for op in operations.iter_mut() {
            op.feature = op.tag.as_ref().and_then(|t| names.get(t)).cloned();
            if let Some(tag) = op.tag.as_deref().filter(|t| names.contains_key(*t)) {
                *counts.entry(tag).or_default() += 1;
            }
        }
        for (tag, name) in &names {
            let count = counts.get(tag.as_str()).copied().unwrap_or(0);
            features.push(CargoFeature {
                name: name.clone(),
                default: on,
                docs: match count {
                    1 => format!("The operation tagged `{tag}`."),
                    n => format!("The {n} operations tagged `{tag}`."),
                },
            });
        }
    }
    let edges: BTreeMap<&str, Vec<&str>> = types
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.kind
                    .type_refs()
                    .into_iter()
                    .filter_map(TypeRef::named)
                    .collect(),
            )
        })
        .collect();
    let mut needed_by = NeededBy::default();
    let need = |needed_by: &mut NeededBy, roots: Vec<&str>, by: Option<&str>| {
        for name in closure(&edges, roots.into_iter()) {
            needed_by
                .entry(name.to_string())
                .or_default()
                .insert(by.map(str::to_string));
        }
    };
    // One walk per feature over the roots of all its operations (the closure of a union is
    // the union of the closures): a walk per operation cost Graph's 22,361 operations, each
    // reaching thousands of types, most of the model's time.
    let mut roots_by: BTreeMap<Option<&str>, BTreeSet<&str>> = BTreeMap::new();
    for op in operations.iter() {
        let roots = op.type_refs().into_iter().filter_map(TypeRef::named);
        roots_by
            .entry(op.feature.as_deref())
            .or_default()
            .extend(roots);
    }
    for (feature, roots) in roots_by {
        need(&mut needed_by, roots.into_iter().collect(), feature);
    }
    need(
        &mut needed_by,
        errors.body.iter().filter_map(TypeRef::named).collect(),
        None,
    );
    let hooks = !operations.is_empty() && !webhook_roots.is_empty();
    if hooks {
        let roots = webhook_roots.iter().map(String::as_str).collect();
        need(&mut needed_by, roots, Some(super::webhooks::FEATURE));
        features.push(CargoFeature {
            name: super::webhooks::FEATURE.to_string(),
            // On when the crate can parse its webhooks (a `webhooks` module), so the module is
            // there as the rest of the crate is; off when they are only types.
            default: webhook_module,
            docs: if webhook_module {
                "The `webhooks` module and the types only webhook payloads use.".to_string()
            } else {
                "The types only webhook payloads use.".to_string()
            },
        });
    }
    // Types nothing above needs are compiled always, and so is everything they refer to
    // (an unreferenced schema may name a type only one tag uses).
    let unneeded: Vec<&str> = types
        .iter()
        .map(|t| t.name.as_str())
        .filter(|name| !needed_by.contains_key(*name))
        .collect();
    need(&mut needed_by, unneeded, None);
    for def in types.iter_mut() {
        let Some(by) = needed_by.get(&def.name) else {
            continue;
        };
        if by.contains(&None) {
            continue;
        }
        def.features = by.iter().flatten().cloned().collect();
        if def.features == [super::webhooks::FEATURE] {
            def.docs.notes.push(format!(
                "Only webhook payloads use this type: it needs the crate's `{}` feature.",
                super::webhooks::FEATURE
            ));
        }
    }
    features
}

/// Type name → what needs it: a feature, or `None` for something always compiled.
type NeededBy = BTreeMap<String, BTreeSet<Option<String>>>;

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
