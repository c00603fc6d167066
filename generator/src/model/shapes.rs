//! One definition per shape. Specs repeat the same inline object many times (GitHub's
//! description spells out an app's permissions or a user in hundreds of places); each copy
//! keeps its own name, as an alias of one definition, so use sites read as before while the
//! compiler checks one set of derives instead of hundreds. On GitHub's description this
//! turns 1,310 of 2,957 default-build types into aliases.
//!
//! Two types share a definition when their shapes are equal once the types they refer to are
//! replaced by their own definitions: same kind, fields (names, wire names, types, docs,
//! constraints), variants and cargo feature. Only the type-level docs may differ; the alias
//! keeps its own. Component schemas are preferred as the definition (the spec's authors named
//! them), then the first name in order, so the choice is stable.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeKind, TypeRef};

pub fn share_identical(types: &mut [TypeDef], components: &BTreeSet<String>) {
    // Preference order: component schemas first, then by name.
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| (!components.contains(&types[i].name), types[i].name.clone()));
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    // Merging two types can make the types that refer to them equal: repeat until stable
    // (bounded by the nesting depth of the spec's schemas).
    loop {
        let mut first_of: BTreeMap<String, &str> = BTreeMap::new();
        let mut next: BTreeMap<String, String> = BTreeMap::new();
        for &i in &order {
            let def = &types[i];
            // An alias costs the compiler nothing; sharing it would only hide what it names.
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let key = shape(def, &canonical);
            let first = *first_of.entry(key).or_insert(def.name.as_str());
            if first != def.name {
                next.insert(def.name.clone(), first.to_string());
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

/// A text that is equal for two types exactly when they can share a definition.
fn shape(def: &TypeDef, canonical: &BTreeMap<String, String>) -> String {
    let mut kind = def.kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter_mut()
                .for_each(|f| rename(&mut f.ty, canonical));
            s.additional.iter_mut().for_each(|ty| rename(ty, canonical));
        }
        TypeKind::Union(u) => u
            .variants
            .iter_mut()
            .for_each(|v| rename(&mut v.ty, canonical)),
        TypeKind::Alias(ty) => rename(ty, canonical),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => {}
    }
    format!("{:?} {kind:?}", def.feature)
}

fn rename(ty: &mut TypeRef, canonical: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(target) = canonical.get(name) {
                name.clone_from(target);
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => rename(inner, canonical),
        _ => {}
    }
}
