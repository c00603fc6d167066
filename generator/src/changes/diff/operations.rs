//! Changes to operations: their requests, arguments, parameters, bodies and responses, and
//! operations renamed at the same endpoint.

use std::collections::{BTreeMap, BTreeSet};

use super::change::*;
use super::types::constraints;
use crate::changes::surface::{OperationSurface, ParamSurface, StatusesSurface, Surface};

/// `GET /media/{id}` and `GET /media/{mediaId}` are the same endpoint.
pub(super) fn endpoint(request: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in request.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    // What an older surface did not record is unknown: compare only what it knew.
    let legacy = old.format < 3;
    // Response headers are recorded from format 4 on.
    let headers_known = old.format >= 4;
    let removed: Vec<&String> = old
        .operations
        .keys()
        .filter(|k| !new.operations.contains_key(*k))
        .collect();
    let added: Vec<&String> = new
        .operations
        .keys()
        .filter(|k| !old.operations.contains_key(*k))
        .collect();
    let mut renamed_to: BTreeMap<&String, &String> = BTreeMap::new();
    for r in &removed {
        let at = endpoint(&old.operations[*r].request);
        if let Some(a) = added.iter().find(|a| {
            endpoint(&new.operations[**a].request) == at && !renamed_to.values().any(|v| v == *a)
        }) {
            renamed_to.insert(r, a);
        }
    }
    for r in &removed {
        match renamed_to.get(r) {
            Some(a) => {
                out.push(breaking(format!(
                    "operation renamed: `{r}` → `{a}` ({})",
                    new.operations[*a].request
                )));
                let (x, y) = (&old.operations[*r], &new.operations[*a]);
                operation(a, x, y, legacy, out);
                if headers_known {
                    headers(a, x, y, out);
                }
            }
            None => out.push(breaking(format!(
                "operation removed: `{r}` ({})",
                old.operations[*r].request
            ))),
        }
    }
    for a in added
        .iter()
        .filter(|a| !renamed_to.values().any(|v| v == *a))
    {
        out.push(compatible(format!(
            "operation added: `{a}` ({})",
            new.operations[*a].request
        )));
    }
    for (name, a) in &old.operations {
        if let Some(b) = new.operations.get(name) {
            operation(name, a, b, legacy, out);
            if headers_known {
                headers(name, a, b, out);
            }
            permission(name, a, b, out);
        }
    }
}

/// The permission an operation needs: the provider's rule, said so that a caller can check
/// its credentials; the call itself is unchanged.
fn permission(name: &str, a: &OperationSurface, b: &OperationSurface, out: &mut Vec<Change>) {
    // A permission named where none was is new information, not a change to report.
    if a.permission.is_some() && a.permission != b.permission {
        let text = |p: &Option<String>| {
            p.as_deref()
                .map_or("none named".to_string(), |p| format!("`{p}`"))
        };
        out.push(compatible(format!(
            "operation `{name}` needs permission {} (was {})",
            text(&b.permission),
            text(&a.permission)
        )));
    }
}

/// The documented response headers: a field of `<Operation>Headers` each (a struct callers
/// do not build), so one added is compatible, one removed or retyped is breaking.
fn headers(name: &str, a: &OperationSurface, b: &OperationSurface, out: &mut Vec<Change>) {
    for (wire, ty) in &a.headers {
        match b.headers.get(wire) {
            None => out.push(breaking(format!(
                "response header `{wire}` of `{name}` no longer documented (`send_with_headers` drops it)"
            ))),
            Some(t) if t != ty => out.push(breaking(format!(
                "response header `{wire}` of `{name}` retyped: {ty} → {t}"
            ))),
            Some(_) => {}
        }
    }
    for (wire, ty) in b
        .headers
        .iter()
        .filter(|(w, _)| !a.headers.contains_key(*w))
    {
        out.push(compatible(format!(
            "response header documented for `{name}`: `{wire}` ({ty}), parsed by `send_with_headers`"
        )));
    }
}

/// `legacy`: `a` comes from a format-1 surface, without per-status responses and typed errors.
pub(super) fn operation(
    name: &str,
    a: &OperationSurface,
    b: &OperationSurface,
    legacy: bool,
    out: &mut Vec<Change>,
) {
    if a.request != b.request {
        out.push(compatible(format!(
            "`{name}` now sends `{}` (was `{}`)",
            b.request, a.request
        )));
    }
    let renamed = arguments(name, &a.arguments, &b.arguments, out);
    for (p, pa) in &a.params {
        match b.params.get(p) {
            None if renamed.contains(p) => {}
            None => out.push(breaking(format!(
                "parameter removed from `{name}`: {}",
                describe_param(p, pa)
            ))),
            Some(pb) => param(name, p, pa, pb, out),
        }
    }
    for (p, pb) in b
        .params
        .iter()
        .filter(|(p, _)| !a.params.contains_key(*p) && !renamed.contains(*p))
    {
        let text = format!("parameter added to `{name}`: {}", describe_param(p, pb));
        out.push(if pb.required {
            breaking(text)
        } else {
            compatible(text)
        });
    }
    match (&a.body, &b.body) {
        (None, Some(body)) => {
            let text = format!(
                "request body added to `{name}`: {} ({})",
                body.ty,
                required_word(body.required)
            );
            out.push(if body.required {
                breaking(text)
            } else {
                compatible(text)
            });
        }
        (Some(body), None) => out.push(breaking(format!(
            "request body removed from `{name}`: {}",
            body.ty
        ))),
        (Some(x), Some(y)) if x.ty != y.ty => out.push(breaking(format!(
            "request body of `{name}` retyped: {} → {}",
            x.ty, y.ty
        ))),
        (Some(x), Some(y)) if x.required != y.required => out.push(breaking(format!(
            "request body of `{name}` became {}",
            required_word(y.required)
        ))),
        _ => {}
    }
    match (a.paginated, b.paginated) {
        (false, true) => out.push(compatible(format!(
            "`{name}` can now be walked with `pages()`/`items()`"
        ))),
        (true, false) => out.push(breaking(format!("`{name}` lost `pages()`/`items()`"))),
        _ => {}
    }
    if legacy {
        let b_response = b.format_1_response();
        if a.response != b_response {
            out.push(breaking(format!(
                "response of `{name}` retyped: {} → {b_response}",
                a.response
            )));
        }
        return;
    }
    if a.response != b.response {
        out.push(breaking(format!(
            "response of `{name}` retyped: {} → {}",
            a.response, b.response
        )));
    }
    // A per-status enum that appeared or went away is the retyped response above.
    if let (Some(x), Some(y)) = (&a.responses, &b.responses) {
        variants(name, "response", x, y, out);
    }
    match (&a.errors, &b.errors) {
        (None, Some(y)) => out.push(compatible(format!(
            "typed errors added to `{name}`: `{}` ({})",
            y.name,
            list_variants(y)
        ))),
        (Some(x), None) => out.push(breaking(format!(
            "typed errors removed from `{name}`: `{}` ({})",
            x.name,
            list_variants(x)
        ))),
        (Some(x), Some(y)) => {
            if x.name != y.name {
                out.push(breaking(format!(
                    "typed errors of `{name}` renamed: `{}` → `{}`",
                    x.name, y.name
                )));
            }
            variants(name, "error", x, y, out);
        }
        (None, None) => {}
    }
}

/// `404 NotFound(Problem), default Default(Problem)`.
pub(super) fn list_variants(e: &StatusesSurface) -> String {
    e.variants
        .iter()
        .map(|(status, v)| format!("{status} `{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The variants of a status enum (`what`: `response` or `error`), by status. Every change
/// breaks an exhaustive `match` (the enums are not `#[non_exhaustive]`: see the module docs).
pub(super) fn variants(
    op: &str,
    what: &str,
    a: &StatusesSurface,
    b: &StatusesSurface,
    out: &mut Vec<Change>,
) {
    let (x, y) = (&a.name, &b.name);
    for (status, v) in &a.variants {
        match b.variants.get(status) {
            None => out.push(breaking(format!(
                "{what} status {status} removed from `{op}`: `{x}::{v}`"
            ))),
            Some(w) if w != v => out.push(breaking(format!(
                "{what} status {status} of `{op}` retyped: `{x}::{v}` → `{y}::{w}`"
            ))),
            Some(_) => {}
        }
    }
    for (status, w) in b
        .variants
        .iter()
        .filter(|(s, _)| !a.variants.contains_key(*s))
    {
        out.push(breaking(format!(
            "{what} status {status} added to `{op}`: `{y}::{w}` (a new variant of a `match`ed enum)"
        )));
    }
}

/// Compares the method's arguments, where position is what counts: the same types in the
/// same order still compile, so arguments that only changed name are a compatible rename,
/// but an argument that moved (`get(org, item)` → `get(item, org)`) breaks callers, silently
/// when the types agree. Returns the names of renamed arguments (old and new), whose removal
/// and addition are then not reported again.
pub(super) fn arguments(
    name: &str,
    a: &[String],
    b: &[String],
    out: &mut Vec<Change>,
) -> BTreeSet<String> {
    let mut renamed = BTreeSet::new();
    if a == b {
        return renamed;
    }
    let split = |arg: &String| -> (String, String) {
        match arg.split_once(": ") {
            Some((n, t)) => (n.to_string(), t.to_string()),
            None => (arg.clone(), String::new()),
        }
    };
    let old: Vec<_> = a.iter().map(split).collect();
    let new: Vec<_> = b.iter().map(split).collect();
    let moved = old
        .iter()
        .enumerate()
        .any(|(i, (n, _))| new.iter().position(|(m, _)| m == n).is_some_and(|j| j != i));
    let list = |args: &[String]| format!("({})", args.join(", "));
    if moved {
        out.push(breaking(format!(
            "arguments of `{name}` reordered: {} → {}",
            list(a),
            list(b)
        )));
        return renamed;
    }
    let same_shape = old.len() == new.len() && old.iter().zip(&new).all(|(x, y)| x.1 == y.1);
    if same_shape {
        for (x, y) in old.iter().zip(&new).filter(|(x, y)| x.0 != y.0) {
            renamed.insert(x.0.clone());
            renamed.insert(y.0.clone());
        }
        out.push(compatible(format!(
            "arguments of `{name}` renamed: {} → {}",
            list(a),
            list(b)
        )));
    }
    // Other changes (an argument added, removed or retyped) are reported per parameter.
    renamed
}

pub(super) fn describe_param(name: &str, p: &ParamSurface) -> String {
    format!(
        "{} {} `{name}` ({})",
        required_word(p.required),
        p.location,
        p.ty
    )
}

pub(super) fn param(
    op: &str,
    name: &str,
    a: &ParamSurface,
    b: &ParamSurface,
    out: &mut Vec<Change>,
) {
    if a.ty != b.ty {
        out.push(breaking(format!(
            "parameter `{name}` of `{op}` retyped: {} → {}",
            a.ty, b.ty
        )));
    }
    if a.required != b.required {
        // Required parameters are method arguments, optional ones setters: either way the
        // call changes.
        out.push(breaking(format!(
            "parameter `{name}` of `{op}` became {}",
            required_word(b.required)
        )));
    }
    if a.location != b.location || a.wire != b.wire {
        out.push(compatible(format!(
            "parameter `{name}` of `{op}` is now sent as {} `{}` (was {} `{}`)",
            b.location, b.wire, a.location, a.wire
        )));
    }
    constraints(
        &format!("parameter `{name}` of `{op}`"),
        &a.constraints,
        &b.constraints,
        true,
        out,
    );
}
