//! Recursive types: a struct that contains itself directly (not through a `Vec` or map) needs
//! a `Box` somewhere on the cycle. Every direct reference that closes a cycle is boxed.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeKind, TypeRef};

pub fn box_recursive(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| (t.name.clone(), direct_refs(&t.kind)))
        .collect();
    for def in types.iter_mut() {
        let name = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = direct_name(&field.ty).is_some_and(|t| reaches(&edges, t, &name));
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed =
                        direct_name(&variant.ty).is_some_and(|t| reaches(&edges, t, &name));
                }
            }
            TypeKind::Enum(_)
            | TypeKind::IntEnum(_)
            | TypeKind::BoolEnum(_)
            | TypeKind::Alias(_)
            | TypeKind::Newtype(_) => {}
        }
    }
}

/// The named type a reference holds inline (containers already add indirection).
fn direct_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

fn direct_refs(kind: &TypeKind) -> BTreeSet<String> {
    let tys: Vec<&TypeRef> = match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => vec![t],
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => vec![],
    };
    tys.into_iter()
        .filter_map(direct_name)
        .map(str::to_string)
        .collect()
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone())
            && let Some(next) = edges.get(&n)
        {
            stack.extend(next.iter().cloned());
        }
    }
    false
}
