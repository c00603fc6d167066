//! Changes to types: fields, enum values, union variants, aliases, and the constraints on
//! what callers send.

use std::collections::{BTreeMap, BTreeSet};

use super::change::*;
use crate::changes::surface::{FieldSurface, Surface, TypeSurface};

/// Types reachable from what callers send: parameters and request bodies.
pub(super) fn request_types(s: &Surface) -> BTreeSet<String> {
    let mut roots: Vec<String> = Vec::new();
    for op in s.operations.values() {
        roots.extend(op.params.values().map(|p| p.ty.clone()));
        roots.extend(op.body.iter().map(|b| b.ty.clone()));
    }
    let mut seen = BTreeSet::new();
    while let Some(text) = roots.pop() {
        for name in names_in(&text, s) {
            if seen.insert(name.clone()) {
                match &s.types[&name] {
                    TypeSurface::Struct {
                        fields, additional, ..
                    } => {
                        roots.extend(fields.values().map(|f| f.ty.clone()));
                        roots.extend(additional.iter().cloned());
                    }
                    TypeSurface::Union { variants } => roots.extend(variants.values().cloned()),
                    TypeSurface::Alias { ty } | TypeSurface::Newtype { ty } => {
                        roots.push(ty.clone())
                    }
                    TypeSurface::Enum { .. } => {}
                }
            }
        }
    }
    seen
}

/// The named types a type text mentions.
pub(super) fn names_in(text: &str, s: &Surface) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| s.types.contains_key(*w))
        .map(str::to_string)
        .collect()
}

pub(super) fn types(
    old: &Surface,
    new: &Surface,
    requests: &BTreeSet<String>,
    out: &mut Vec<Change>,
) {
    // A surface before format 3 records no `build`: its structs were built with literals.
    let literals = old
        .types
        .values()
        .any(|t| matches!(t, TypeSurface::Struct { build: None, .. }));
    if literals {
        out.push(breaking(
            "structs are `#[non_exhaustive]`: build them with `new` and the `with_` setters \
             (or `Default`), not with struct literals"
                .to_string(),
        ));
    }
    for (name, a) in &old.types {
        match new.types.get(name) {
            None => out.push(breaking(format!("type removed: `{name}`"))),
            Some(b) => type_change(name, a, b, requests.contains(name), out),
        }
    }
    for name in new.types.keys().filter(|k| !old.types.contains_key(*k)) {
        out.push(compatible(format!("type added: `{name}`")));
    }
}

pub(super) fn kind(t: &TypeSurface) -> &'static str {
    match t {
        TypeSurface::Struct { .. } => "struct",
        TypeSurface::Enum { .. } => "enum",
        TypeSurface::Union { .. } => "union",
        TypeSurface::Alias { .. } => "alias",
        TypeSurface::Newtype { .. } => "newtype",
    }
}

pub(super) fn type_change(
    name: &str,
    a: &TypeSurface,
    b: &TypeSurface,
    in_requests: bool,
    out: &mut Vec<Change>,
) {
    match (a, b) {
        (
            TypeSurface::Struct {
                fields: fa,
                additional: xa,
                build: ba,
            },
            TypeSurface::Struct {
                fields: fb,
                additional: xb,
                build: bb,
            },
        ) => {
            if let (Some(ba), Some(bb)) = (ba, bb) {
                super::construction::build_change(name, ba, bb, out);
            }
            for (f, x) in fa {
                match fb.get(f) {
                    None => out.push(breaking(format!("field removed: `{name}.{f}` ({})", x.ty))),
                    Some(y) => field(name, f, x, y, in_requests, out),
                }
            }
            for (f, y) in fb.iter().filter(|(f, _)| !fa.contains_key(*f)) {
                let text = format!(
                    "field added: `{name}.{f}` ({}, {})",
                    y.ty,
                    required_word(y.required)
                );
                // A new required field must be filled in by callers that send this type. Since
                // structs are built through methods (`build`), the change of `new` says it.
                let literal = ba.is_none() || bb.is_none();
                out.push(if y.required && in_requests && literal {
                    breaking(text)
                } else {
                    compatible(text)
                });
            }
            if xa != xb {
                let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".to_string());
                out.push(breaking(format!(
                    "additional properties of `{name}` changed: {} → {}",
                    show(xa),
                    show(xb)
                )));
            }
        }
        (TypeSurface::Enum { values: va }, TypeSurface::Enum { values: vb }) => {
            for v in va.iter().filter(|v| !vb.contains(v)) {
                out.push(breaking(format!("enum value removed: `{name}` \"{v}\"")));
            }
            for v in vb.iter().filter(|v| !va.contains(v)) {
                out.push(compatible(format!("enum value added: `{name}` \"{v}\"")));
            }
        }
        (TypeSurface::Union { variants: va }, TypeSurface::Union { variants: vb }) => {
            for (v, t) in va {
                match vb.get(v) {
                    None => out.push(breaking(format!("variant removed: `{name}::{v}` ({t})"))),
                    Some(u) if u != t => out.push(breaking(format!(
                        "variant `{name}::{v}` retyped: {t} → {u}"
                    ))),
                    Some(_) => {}
                }
            }
            for (v, t) in vb.iter().filter(|(v, _)| !va.contains_key(*v)) {
                out.push(compatible(format!("variant added: `{name}::{v}` ({t})")));
            }
        }
        (TypeSurface::Alias { ty: x }, TypeSurface::Alias { ty: y })
        | (TypeSurface::Newtype { ty: x }, TypeSurface::Newtype { ty: y })
            if x != y =>
        {
            out.push(breaking(format!("type `{name}` retyped: {x} → {y}")))
        }
        (TypeSurface::Alias { .. }, TypeSurface::Alias { .. })
        | (TypeSurface::Newtype { .. }, TypeSurface::Newtype { .. }) => {}
        _ => out.push(breaking(format!(
            "type `{name}` changed kind: {} → {}",
            kind(a),
            kind(b)
        ))),
    }
}

pub(super) fn field(
    ty: &str,
    f: &str,
    a: &FieldSurface,
    b: &FieldSurface,
    in_requests: bool,
    out: &mut Vec<Change>,
) {
    // A nullable field is `Option<T>` when required and `Nullable<T>` when optional: a change
    // of `required` alone rewraps it.
    let inner = |t: &str| {
        ["Option<", "Nullable<"]
            .iter()
            .find_map(|w| t.strip_prefix(w).and_then(|t| t.strip_suffix('>')))
            .map(str::to_string)
    };
    let rewrapped = a.ty != b.ty && inner(&a.ty).is_some() && inner(&a.ty) == inner(&b.ty);
    if a.required != b.required && (a.ty == b.ty || rewrapped) {
        let mut text = format!("field `{ty}.{f}` became {}", required_word(b.required));
        if rewrapped {
            text.push_str(&format!(" ({} → {})", a.ty, b.ty));
        }
        // Same Rust type: only senders notice.
        out.push(if rewrapped || (b.required && in_requests) {
            breaking(text)
        } else {
            compatible(text)
        });
    } else if a.ty != b.ty {
        out.push(breaking(format!(
            "field `{ty}.{f}` retyped: {} → {}",
            a.ty, b.ty
        )));
    }
    if a.wire != b.wire {
        out.push(compatible(format!(
            "field `{ty}.{f}` is now sent as `{}` (was `{}`)",
            b.wire, a.wire
        )));
    }
    constraints(
        &format!("field `{ty}.{f}`"),
        &a.constraints,
        &b.constraints,
        in_requests,
        out,
    );
}

/// Limits and defaults. A tighter limit on something callers send breaks them; a looser one,
/// a new default, or any change on response-only data does not.
pub(super) fn constraints(
    what: &str,
    a: &BTreeMap<String, String>,
    b: &BTreeMap<String, String>,
    sent: bool,
    out: &mut Vec<Change>,
) {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (x, y) = (a.get(key), b.get(key));
        if x == y {
            continue;
        }
        let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "none".to_string());
        let text = format!("{what}: `{key}` {} → {}", show(x), show(y));
        let tighter = key != "default" && tightens(key, x, y);
        out.push(if tighter && sent {
            breaking(text)
        } else {
            compatible(text)
        });
    }
}

/// Whether a limit keyword's change accepts fewer values than before.
pub(super) fn tightens(key: &str, old: Option<&String>, new: Option<&String>) -> bool {
    // OpenAPI 3.0's `exclusiveMinimum`/`exclusiveMaximum` are flags: turning one on excludes
    // the bound, turning it off admits it.
    let flag = |v: Option<&String>| v.and_then(|s| s.parse::<bool>().ok());
    if let (Some(x), Some(y)) = (flag(old), flag(new)) {
        return !x && y;
    }
    let number = |v: Option<&String>| v.and_then(|s| s.parse::<f64>().ok());
    match (number(old), number(new)) {
        (Some(x), Some(y)) => match key {
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" => y > x,
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" => y < x,
            _ => true,
        },
        // A limit appeared: tighter; a limit went away: looser.
        (None, Some(_)) => true,
        (Some(_), None) => false,
        // `pattern` and other non-numeric limits: any change may reject old values.
        (None, None) => new.is_some(),
    }
}
