//! Operations: one client method and one fluent builder per operation.

use std::collections::BTreeMap;

mod context;
mod params;
mod path_query;
mod request_body;
mod response_headers;
mod responses;
mod views;

// What the webhooks of `webhook_events` read as operations do.
pub(in crate::model) use request_body::is_json;
pub(in crate::model) use views::{ContentView, OperationView};

use context::{Ctx, Dropped, Names};
use params::{
    auth_owner, check_path_params, is_ignored_header, param_style, parameters, unsendable_name,
};
use request_body::request_body;
use response_headers::response_headers;
use responses::{accept, response, statuses_3xx};

use super::docs::{docs_of, with_fallback};
use super::naming::{self, Namer};
use super::schema::TypeBuilder;
use super::{
    AlternativeKind, AuthScheme, Docs, Operation, Param, ParamLocation, Requirement, Skip,
};
use crate::diagnostic::{Diagnostic, join};
use crate::load::{METHODS, Spec};

/// Names a client method may not take (the client's own API).
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "set_credentials",
    "credentials",
    "http_client",
];
/// Names a builder setter may not take (the builder's own API).
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_raw",
    "into_request",
    "client",
    "call_options",
    "new",
    "with_base_url",
    "with_header",
    "with_timeout",
    "with_attempt_timeout",
    "with_retry_policy",
    "with_call_timeout",
    "with_max_response_bytes",
    "pages",
    "items",
];

/// Every operation; one that cannot be generated is skipped with its reason (or, when
/// `strict`, fails the whole generation).
pub fn build_all<'s>(
    spec: &'s Spec,
    types: &mut TypeBuilder<'s>,
    auth: &[AuthScheme],
    strict: bool,
) -> Result<(Vec<Operation>, Vec<Skip>), Diagnostic> {
    let Some(paths) = spec.root.get("paths") else {
        return Ok((Vec::new(), Vec::new()));
    };
    let Some(paths) = paths.as_object() else {
        return Err(spec.error("/paths", "must be a mapping of paths"));
    };
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut methods = Namer::for_methods(CLIENT_METHODS);
    // Builders and the per-operation response and error enums share the operations module.
    let mut builders = Namer::for_module_types(naming::OPERATION_MODULE_TYPES);
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    // `x-…` keys are extensions of the Paths object, not paths.
    for (path, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let item_ptr = join("/paths", path);
        // A path item that cannot be read leaves out that path's operations, not the spec.
        let resolved = spec
            .resolver()
            .resolve(item, &item_ptr)
            .and_then(|(item, at)| match item.as_object() {
                Some(item) => Ok((item, at)),
                None => Err(spec.error(&at, "a path item must be a mapping")),
            });
        let (item, item_ptr) = match resolved {
            Ok(resolved) => resolved,
            Err(diagnostic) if !strict => {
                skipped.push(Skip {
                    what: format!("path `{path}`"),
                    pointer: item_ptr,
                    reason: diagnostic.message,
                });
                continue;
            }
            Err(diagnostic) => return Err(diagnostic),
        };
        for (method, op) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
            let pointer = join(&item_ptr, method);
            let op = OperationView::new(op);
            let id = operation_id(&op, method, path);
            if let Some(first) = ids.insert(id.clone(), pointer.clone()) {
                let msg = format!("duplicate operationId `{id}` (first used at {first})");
                return Err(spec.error(&join(&pointer, "operationId"), msg));
            }
            let names = Names {
                method: methods.claim(&naming::snake(&id)),
                builder: builders.claim(&format!("{}Builder", naming::camel(&id))),
                camel: naming::camel(&id),
            };
            let (path_only, query) = path_query::split(path).unwrap_or((path, Vec::new()));
            let ctx = Ctx {
                spec,
                auth,
                item,
                path: path_only,
                query: &query,
                pointer: &pointer,
            };
            match build_one(&ctx, types, &op, id.clone(), method, names) {
                Ok((mut operation, dropped)) => {
                    for e in [&mut operation.responses, &mut operation.error_bodies]
                        .into_iter()
                        .flatten()
                    {
                        e.name = builders.claim(&e.name);
                    }
                    if let Some(h) = &mut operation.response_headers {
                        h.name = builders.claim(&h.name);
                    }
                    let alternatives = operation
                        .body
                        .iter_mut()
                        .flat_map(|b| b.alternatives.iter_mut())
                        .flat_map(|a| a.bodies.iter_mut());
                    for alternative in alternatives {
                        if let AlternativeKind::Form { type_name, .. } = &mut alternative.kind {
                            *type_name = builders.claim(type_name);
                        }
                    }
                    // A part left out of an otherwise generated operation.
                    for part in dropped {
                        if strict {
                            return Err(part.diagnostic);
                        }
                        skipped.push(Skip {
                            what: format!(
                                "{} of operation `{id}` ({} {path})",
                                part.what,
                                method.to_ascii_uppercase()
                            ),
                            pointer: part.pointer,
                            reason: part.diagnostic.message,
                        });
                    }
                    out.push(operation)
                }
                Err(diagnostic) if !strict => skipped.push(Skip {
                    what: format!("operation `{id}` ({} {path})", method.to_ascii_uppercase()),
                    pointer: pointer.clone(),
                    reason: diagnostic.message,
                }),
                Err(diagnostic) => return Err(diagnostic),
            }
        }
    }
    Ok((out, skipped))
}

/// The operation's id; without a usable one (absent, empty, not text), one from the method
/// and the path (`get /media/{id}` → `get_media_id`): a local flaw never fails the spec.
fn operation_id(op: &OperationView<'_>, method: &str, path: &str) -> String {
    op.operation_id()
        .map_or_else(|| format!("{method} {path}"), str::to_string)
}

fn build_one<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &OperationView<'s>,
    operation_id: String,
    method: &str,
    names: Names,
) -> Result<(Operation, Vec<Dropped>), Diagnostic> {
    let security = security(ctx, op)?;
    let in_use: Vec<usize> = security.iter().flatten().map(|r| r.scheme).collect();
    let mut param_names = Namer::for_methods(BUILDER_METHODS);
    param_names.reserve("body");
    let mut params = Vec::new();
    let mut auth_query = Vec::new();
    let (views, mut dropped) = parameters(ctx, op)?;
    for param in views {
        let at = param.pointer().to_string();
        let wire = param.name().unwrap_or_default().to_string();
        let location = match param.location() {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                let msg = format!(
                    "unknown parameter location `{}`",
                    other.unwrap_or("(missing)")
                );
                return Err(ctx.spec.error(&join(&at, "in"), msg));
            }
        };
        if is_ignored_header(location, &wire) {
            continue;
        }
        if let Some(part) = unsendable_name(ctx, &param, location, &wire)? {
            dropped.push(part);
            continue;
        }
        if let Some(owner) = auth_owner(ctx.auth, &in_use, location, &wire) {
            auth_query.extend(owner.map(|(s, c)| (s, c, wire.clone())));
            continue;
        }
        let schema = param.schema();
        let hint = format!("{}{}", names.camel, naming::camel(&wire));
        let (ty, _) = types.type_of(&schema, &hint)?;
        let mut docs = docs_of(schema.value());
        docs.description = param.description().map(str::to_string).or(docs.description);
        docs.example = param.example().or(docs.example);
        let (style, note) = param_style(&param, location);
        docs.notes.extend(note);
        let where_ = param.location().unwrap_or("request");
        let docs = with_fallback(docs, || format!("The `{wire}` {where_} parameter."));
        let required = location == ParamLocation::Path || param.required();
        // A required parameter is an argument of the operation's method, not a setter.
        let name = if required {
            param_names.claim_plain(&naming::snake(&wire))
        } else {
            param_names.claim(&naming::snake(&wire))
        };
        params.push(Param {
            name,
            required,
            wire,
            location,
            ty,
            docs,
            style,
        });
    }
    path_query::apply(ctx.query, &mut params, &mut param_names);
    check_path_params(ctx, &params)?;
    // Path parameters first, in path order; the rest as declared. Required ones become method
    // arguments in this order, so it is decided here, once.
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => ctx.path.find(&format!("{{{}}}", p.wire)).unwrap_or(0),
        _ => usize::MAX,
    });
    let found = request_body(
        ctx,
        types,
        op,
        &names,
        &in_use,
        &mut param_names,
        &mut dropped,
    )?;
    let (body, auth_body) = match found {
        Some((body, auth_body)) => (Some(body), auth_body),
        None => (None, Vec::new()),
    };
    let (response, responses, error_bodies) = response(ctx, types, op, &names)?;
    let response_headers = response_headers(ctx, types, op, &names, &mut dropped)?;
    let accept = accept(ctx, op)?;
    let statuses_3xx = statuses_3xx(op);
    let operation = Operation {
        operation_id,
        method: names.method,
        builder: names.builder,
        http_method: method.to_ascii_uppercase(),
        path: ctx.path.to_string(),
        tag: op.first_tag().map(str::to_string),
        permission: None,
        feature: None,
        docs: Docs {
            summary: op.summary().map(str::to_string),
            description: op.description().map(str::to_string),
            notes: Vec::new(),
            deprecated: op.deprecated(),
            ..Docs::default()
        },
        params,
        body,
        response,
        responses,
        error_bodies,
        response_headers,
        accept,
        statuses_3xx,
        security,
        auth_query,
        auth_body,
        pointer: ctx.pointer.to_string(),
        retry_safe: op.idempotent(),
        pagination: None,
    };
    Ok((operation, dropped))
}

/// Alternatives of scheme indexes. The operation's `security` wins over the document's;
/// each scheme declared only in provider.toml is an alternative of its own.
fn security(
    ctx: &Ctx<'_, '_>,
    op: &OperationView<'_>,
) -> Result<Vec<Vec<Requirement>>, Diagnostic> {
    let (list, at) = match op.get("security") {
        Some(l) => (Some(l), join(ctx.pointer, "security")),
        None => (ctx.spec.root.get("security"), "/security".to_string()),
    };
    let mut alternatives = Vec::new();
    if let Some(list) = list {
        let Some(list) = list.as_array() else {
            return Err(ctx
                .spec
                .error(&at, "security must be a list of requirements"));
        };
        for (i, req) in list.iter().enumerate() {
            let Some(req) = req.as_object() else {
                return Err(ctx.spec.error(
                    &format!("{at}/{i}"),
                    "a security requirement must be a mapping",
                ));
            };
            let mut alt = Vec::new();
            for (key, scopes) in req {
                let Some(scheme) = ctx.auth.iter().position(|s| &s.key == key) else {
                    let msg = format!(
                        "unknown security scheme `{key}` (not in components.securitySchemes)"
                    );
                    return Err(ctx.spec.error(&join(&format!("{at}/{i}"), key), msg));
                };
                // Scopes are strings; anything else in the list says nothing a request sends.
                let scopes = scopes.as_array().map_or_else(Vec::new, |list| {
                    list.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                });
                alt.push(Requirement { scheme, scopes });
            }
            alternatives.push(alt);
        }
    }
    // Each scheme declared only in provider.toml is one more alternative: the client uses the
    // first alternative it has credentials for, one scheme per request (two schemes
    // required together would both write their header, the second over the first).
    alternatives.extend(
        (0..ctx.auth.len())
            .filter(|&i| ctx.auth[i].global)
            .map(|scheme| {
                vec![Requirement {
                    scheme,
                    scopes: Vec::new(),
                }]
            }),
    );
    // `{}` among the requirements makes authentication optional: it stays, last, so the
    // client uses credentials it has for another alternative and otherwise sends none.
    // Alone (`security: []`, or only `{}`), it means no authentication at all.
    let optional = alternatives.iter().any(Vec::is_empty);
    alternatives.retain(|a| !a.is_empty());
    if optional && !alternatives.is_empty() {
        alternatives.push(Vec::new());
    }
    Ok(alternatives)
}
