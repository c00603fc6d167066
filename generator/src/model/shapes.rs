//! One definition per shape. Specs repeat the same inline object many times (GitHub's
//! description spells out an app's permissions or a user in hundreds of places); each copy
//! keeps its own name, as an alias of one definition, so use sites read as before while the
//! compiler checks one set of derives instead of hundreds. On GitHub's description this
//! turns 1,310 of 2,957 default-build types into aliases.
//!
//! Two types share a definition when their shapes are equal once the types they refer to are
//! replaced by their own definitions: same kind, fields (names, wire names, types, docs,
//! constraints), variants and cargo features. Only the type-level docs may differ; the alias
//! keeps its own. Component schemas are preferred as the definition (the spec's authors named
//! them), then the first name in order, so the choice is stable.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeKind, TypeRef};

pub fn share_identical(types: &mut [TypeDef], components: &BTreeSet<String>) {
    // Preference order: component schemas first, then by name.
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| (!components.contains(&types[i].name), types[i].name.clone()));
    // Each type's shape once, with the names it refers to taken out: two types can share a
    // definition when their templates are equal and the names, once merged, are too.
    let mut templates: BTreeMap<String, usize> = BTreeMap::new();
    let shapes: Vec<Option<(usize, Vec<String>)>> = types
        .iter()
        .map(|def| {
            // An alias costs the compiler nothing; sharing it would only hide what it names.
            if matches!(def.kind, TypeKind::Alias(_)) {
                return None;
            }
            let (template, refs) = template(def);
            let next = templates.len();
            Some((*templates.entry(template).or_insert(next), refs))
        })
        .collect();
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    // Merging two types can make the types that refer to them equal: repeat until stable
    // (bounded by the nesting depth of the spec's schemas).
    loop {
        let mut first_of: BTreeMap<(usize, Vec<&str>), &str> = BTreeMap::new();
        let mut next: BTreeMap<String, String> = BTreeMap::new();
        for &i in &order {
            let Some((template, refs)) = &shapes[i] else {
                continue;
            };
            let merged = refs
                .iter()
                .map(|r| canonical.get(r).unwrap_or(r).as_str())
                .collect();
            let name = types[i].name.as_str();
            let first = *first_of.entry((*template, merged)).or_insert(name);
            if first != name {
                next.insert(name.to_string(), first.to_string());
            }
        }
        if next == canonical {
            break;
        }
        canonical = next;
    }
    for def in types.iter_mut() {
        def.same_as = canonical.get(&def.name).cloned();
    }
}

/// The shape of a type as text, with every named type it refers to replaced by a blank,
/// and those names in order.
fn template(def: &TypeDef) -> (String, Vec<String>) {
    let mut kind = def.kind.clone();
    let mut refs = Vec::new();
    match &mut kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|f| {
                take_names(&mut f.ty, &mut refs);
                // Sample docs of items and examples: no part of a shape (the notes say what
                // counts).
                f.docs.items = None;
                f.docs.example = None;
            });
            s.additional
                .iter_mut()
                .for_each(|ty| take_names(ty, &mut refs));
        }
        TypeKind::Union(u) => u
            .variants
            .iter_mut()
            .for_each(|v| take_names(&mut v.ty, &mut refs)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => take_names(ty, &mut refs),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => {}
    }
    (format!("{:?} {kind:?}", def.features), refs)
}

fn take_names(ty: &mut TypeRef, refs: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => refs.push(std::mem::take(name)),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            take_names(inner, refs)
        }
        _ => {}
    }
}
