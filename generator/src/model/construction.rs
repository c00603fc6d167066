//! How a caller builds each struct ([`Build`]). Structs are `#[non_exhaustive]`, so a
//! provider adding a field breaks no caller; callers build them through methods instead:
//!
//! - a type the caller sends (reachable from an operation's parameters or bodies) has `new`
//!   with the fields that have no default, and a `with_` setter for every other field;
//! - a type the caller only receives is built in tests, to mock a response: it derives
//!   `Default` when every field has a default of its type (its fields are public, so a test
//!   sets the ones it needs), else it has `new` with its required fields.
//!
//! Received types have no setters: the fields are public, and setters for every response
//! field would be most of a large crate (GitHub's) for little use.

use std::collections::{BTreeMap, BTreeSet};

use super::{Build, MAX_ALIASES, Operation, TypeDef, TypeKind, TypeRef};

/// Sets `build` on every struct.
pub fn decide(types: &mut [TypeDef], operations: &[Operation]) {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let roots = operations.iter().flat_map(Operation::sent_type_refs);
    let sent = reachable(types, &index, roots);
    let mut defaults = Defaults {
        types,
        index: &index,
        sent: &sent,
        memo: BTreeMap::new(),
    };
    let builds: Vec<Option<Build>> = (0..types.len())
        .map(|i| match &types[i].kind {
            TypeKind::Struct(_) => Some(Build {
                sent: sent.contains(&i),
                derive_default: defaults.derives(i),
            }),
            _ => None,
        })
        .collect();
    for (def, build) in types.iter_mut().zip(builds) {
        if let (TypeKind::Struct(s), Some(build)) = (&mut def.kind, build) {
            s.build = build;
        }
    }
}

/// The types `roots` reach through fields, variants, aliases and shared shapes.
fn reachable<'a>(
    types: &[TypeDef],
    index: &BTreeMap<&str, usize>,
    roots: impl Iterator<Item = &'a TypeRef>,
) -> BTreeSet<usize> {
    let lookup = |name: &str| index.get(name).copied();
    let mut todo: Vec<usize> = roots
        .filter_map(TypeRef::named)
        .filter_map(lookup)
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(i) = todo.pop() {
        if !seen.insert(i) {
            continue;
        }
        let def = &types[i];
        let next = def.kind.type_refs().into_iter().filter_map(TypeRef::named);
        todo.extend(next.chain(def.same_as.as_deref()).filter_map(lookup));
    }
    seen
}

/// Which structs derive `Default`, memoised over the graph of types.
struct Defaults<'a> {
    types: &'a [TypeDef],
    index: &'a BTreeMap<&'a str, usize>,
    sent: &'a BTreeSet<usize>,
    /// `false` while a struct is being decided: a required field that leads back to it would
    /// make `default()` build an endless value.
    memo: BTreeMap<usize, bool>,
}

impl Defaults<'_> {
    fn derives(&mut self, i: usize) -> bool {
        if let Some(&known) = self.memo.get(&i) {
            return known;
        }
        self.memo.insert(i, false);
        let TypeKind::Struct(s) = &self.types[i].kind else {
            return false;
        };
        let derives = if self.sent.contains(&i) {
            // `Default` on a type that is sent must not skip a field it needs.
            s.fields.iter().all(|f| f.optional())
        } else {
            // A field the spec gives a default is filled by `new`, never by `Default`.
            s.fields
                .iter()
                .all(|f| f.optional() || (f.filled.is_none() && self.has_default(&f.ty, 0)))
        };
        self.memo.insert(i, derives);
        derives
    }

    /// Whether the Rust type implements `Default`. `depth` bounds the walk through aliases
    /// (acyclic after `alias_cycles`, so this only guards against a bug there).
    fn has_default(&mut self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Named(name) => {
                let Some(&i) = self.index.get(name.as_str()) else {
                    return false;
                };
                let def = &self.types[i];
                match (&def.same_as, &def.kind) {
                    _ if depth > MAX_ALIASES => false,
                    (Some(same), _) => self.has_default(&TypeRef::Named(same.clone()), depth + 1),
                    // Without `derive`, a `new` that takes nothing is `Default` too.
                    (None, TypeKind::Struct(s)) => {
                        self.derives(i) || s.constructor().next().is_none()
                    }
                    (None, TypeKind::Newtype(_)) => true,
                    (None, TypeKind::Alias(inner)) => self.has_default(&inner.clone(), depth + 1),
                    _ => false,
                }
            }
            _ => true,
        }
    }
}
