//! Compares two API surfaces and says, change by change, whether it breaks a caller of the
//! generated crate.
//!
//! A caller breaks when code that compiled and worked against the old crate no longer does:
//! something it used was removed, renamed or retyped; a method gained a required argument;
//! a field of a type it builds for a request became required; a limit on what it sends got
//! tighter. Additions are compatible: enums and unions are `#[non_exhaustive]`, and response
//! types are read, not built. A new default base URL is reported but is compatible.
//!
//! The exception are the per-operation status enums (`send`'s per-status responses and the
//! typed errors of `from_error`). They are not `#[non_exhaustive]`, on purpose: a caller
//! matches them exhaustively so that the compiler points at every status to handle, and a
//! wildcard arm would hide the new one. So a variant added to either breaks that `match`,
//! and is reported as breaking; only a typed error enum appearing where there was none is an
//! addition (a new type, and `from_error` is new with it).

use std::collections::{BTreeMap, BTreeSet};

use super::surface::{
    FORMAT, FieldSurface, OperationSurface, ParamSurface, StatusesSurface, Surface, TypeSurface,
};

/// One change, in API terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub text: String,
}

fn breaking(text: String) -> Change {
    Change {
        breaking: true,
        text,
    }
}

fn compatible(text: String) -> Change {
    Change {
        breaking: false,
        text,
    }
}

pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    if old.base_url != new.base_url {
        out.push(compatible(format!(
            "base URL changed: {} → {}",
            old.base_url, new.base_url
        )));
    }
    auth(old, new, &mut out);
    operations(old, new, &mut out);
    let requests = request_types(old)
        .union(&request_types(new))
        .cloned()
        .collect();
    types(old, new, &requests, &mut out);
    out
}

fn auth(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (key, a) in &old.auth {
        match new.auth.get(key) {
            None => out.push(breaking(format!(
                "auth scheme removed: `{key}` (`ClientBuilder::{}`)",
                a.builder
            ))),
            Some(b) if a.builder != b.builder || a.credentials != b.credentials => {
                out.push(breaking(format!(
                    "auth scheme `{key}` changed: `{}({})` → `{}({})`",
                    a.builder,
                    a.credentials.join(", "),
                    b.builder,
                    b.credentials.join(", ")
                )))
            }
            Some(b) if a.sends != b.sends => out.push(compatible(format!(
                "auth scheme `{key}` now sends differently (was: {} Now: {})",
                a.sends, b.sends
            ))),
            Some(_) => {}
        }
    }
    for (key, b) in new.auth.iter().filter(|(k, _)| !old.auth.contains_key(*k)) {
        out.push(compatible(format!(
            "auth scheme added: `{key}` (`ClientBuilder::{}`)",
            b.builder
        )));
    }
}

/// `GET /media/{id}` and `GET /media/{mediaId}` are the same endpoint.
fn endpoint(request: &str) -> String {
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

fn operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    // What an older surface did not record is unknown: compare only what it knew.
    let legacy = old.format < FORMAT;
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
                operation(a, &old.operations[*r], &new.operations[*a], legacy, out);
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
        }
    }
}

/// `legacy`: `a` comes from a format-1 surface, without per-status responses and typed errors.
fn operation(
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
fn list_variants(e: &StatusesSurface) -> String {
    e.variants
        .iter()
        .map(|(status, v)| format!("{status} `{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The variants of a status enum (`what`: `response` or `error`), by status. Every change
/// breaks an exhaustive `match` (the enums are not `#[non_exhaustive]`: see the module docs).
fn variants(op: &str, what: &str, a: &StatusesSurface, b: &StatusesSurface, out: &mut Vec<Change>) {
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
fn arguments(name: &str, a: &[String], b: &[String], out: &mut Vec<Change>) -> BTreeSet<String> {
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

fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn describe_param(name: &str, p: &ParamSurface) -> String {
    format!(
        "{} {} `{name}` ({})",
        required_word(p.required),
        p.location,
        p.ty
    )
}

fn param(op: &str, name: &str, a: &ParamSurface, b: &ParamSurface, out: &mut Vec<Change>) {
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

/// Types reachable from what callers send: parameters and request bodies.
fn request_types(s: &Surface) -> BTreeSet<String> {
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
                    TypeSurface::Struct { fields, additional } => {
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
fn names_in(text: &str, s: &Surface) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| s.types.contains_key(*w))
        .map(str::to_string)
        .collect()
}

fn types(old: &Surface, new: &Surface, requests: &BTreeSet<String>, out: &mut Vec<Change>) {
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

fn kind(t: &TypeSurface) -> &'static str {
    match t {
        TypeSurface::Struct { .. } => "struct",
        TypeSurface::Enum { .. } => "enum",
        TypeSurface::Union { .. } => "union",
        TypeSurface::Alias { .. } => "alias",
        TypeSurface::Newtype { .. } => "newtype",
    }
}

fn type_change(
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
            },
            TypeSurface::Struct {
                fields: fb,
                additional: xb,
            },
        ) => {
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
                // A new required field must be filled in by callers that send this type.
                out.push(if y.required && in_requests {
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

fn field(
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
fn constraints(
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
fn tightens(key: &str, old: Option<&String>, new: Option<&String>) -> bool {
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
