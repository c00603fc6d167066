//! Operations: one client method and one fluent builder per operation.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::naming::{self, Namer};
use super::schema::{TypeBuilder, docs_of, with_fallback};
use super::{
    AlternativeBody, AlternativeKind, Alternatives, AuthScheme, Body, BodyKind, Docs, FormField,
    Operation, Param, ParamLocation, ParamStyle, ResponseKind, Skip, StatusEnum, StatusMatch,
    StatusVariant, TypeKind, TypeRef,
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
    "into_request",
    "client",
    "call_options",
    "new",
    "with_base_url",
    "with_header",
    "with_timeout",
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
    let mut builders = Namer::with_reserved(naming::OPERATION_MODULE_TYPES);
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for (path, item) in paths {
        let item_ptr = join("/paths", path);
        let (item, item_ptr) = spec.resolver().resolve(item, &item_ptr)?;
        let Some(item) = item.as_object() else {
            return Err(spec.error(&item_ptr, "a path item must be a mapping"));
        };
        for (method, op) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
            let pointer = join(&item_ptr, method);
            let id = operation_id(spec, op, &pointer, method, path)?;
            if let Some(first) = ids.insert(id.clone(), pointer.clone()) {
                let msg = format!("duplicate operationId `{id}` (first used at {first})");
                return Err(spec.error(&join(&pointer, "operationId"), msg));
            }
            let names = Names {
                method: methods.claim(&naming::snake(&id)),
                builder: builders.claim(&format!("{}Builder", naming::camel(&id))),
                camel: naming::camel(&id),
            };
            let ctx = Ctx {
                spec,
                auth,
                item,
                path,
                pointer: &pointer,
            };
            match build_one(&ctx, types, op, id.clone(), method, names) {
                Ok((mut operation, dropped)) => {
                    for e in [&mut operation.responses, &mut operation.error_bodies]
                        .into_iter()
                        .flatten()
                    {
                        e.name = builders.claim(&e.name);
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

/// A part of an operation left out while the rest of it is generated.
struct Dropped {
    /// What it is (`request body \`text/csv\``, `header parameter \`X Id\``).
    what: String,
    pointer: String,
    diagnostic: Diagnostic,
}

struct Names {
    method: String,
    builder: String,
    camel: String,
}

struct Ctx<'s, 'a> {
    spec: &'s Spec,
    auth: &'a [AuthScheme],
    item: &'s Map<String, Value>,
    path: &'s str,
    pointer: &'a str,
}

fn operation_id(
    spec: &Spec,
    op: &Value,
    pointer: &str,
    method: &str,
    path: &str,
) -> Result<String, Diagnostic> {
    match op.get("operationId") {
        Some(Value::String(id)) if !id.trim().is_empty() => Ok(id.clone()),
        Some(Value::String(_)) | Some(_) => Err(spec.error(
            &join(pointer, "operationId"),
            "operationId must be a non-empty string",
        )),
        // No operationId: derive one from the method and the path (`get /media/{id}` → `get_media_id`).
        None => Ok(format!("{method} {path}")),
    }
}

fn build_one<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &'s Value,
    operation_id: String,
    method: &str,
    names: Names,
) -> Result<(Operation, Vec<Dropped>), Diagnostic> {
    let security = security(ctx, op)?;
    let in_use: Vec<usize> = security.iter().flatten().copied().collect();
    let mut param_names = Namer::for_methods(BUILDER_METHODS);
    param_names.reserve("body");
    let mut params = Vec::new();
    let mut auth_query = Vec::new();
    let mut dropped = Vec::new();
    for (param, at) in parameters(ctx, op)? {
        let wire = text(param, "name").unwrap_or_default().to_string();
        let location = match text(param, "in") {
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
        if let Some(part) = unsendable_name(ctx, param, &at, location, &wire)? {
            dropped.push(part);
            continue;
        }
        if let Some(owner) = auth_owner(ctx.auth, &in_use, location, &wire) {
            auth_query.extend(owner.map(|(s, c)| (s, c, wire.clone())));
            continue;
        }
        let schema = param.get("schema").unwrap_or(&Value::Null);
        let hint = format!("{}{}", names.camel, naming::camel(&wire));
        let (ty, _) = types.type_of(schema, &join(&at, "schema"), &hint)?;
        let mut docs = docs_of(schema);
        docs.description = text(param, "description")
            .map(str::to_string)
            .or(docs.description);
        let style = param_style(ctx, param, &at, location)?;
        let where_ = text(param, "in").unwrap_or("request");
        let docs = with_fallback(docs, || format!("The `{wire}` {where_} parameter."));
        let required = location == ParamLocation::Path
            || param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
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
    let operation = Operation {
        operation_id,
        method: names.method,
        builder: names.builder,
        http_method: method.to_ascii_uppercase(),
        path: ctx.path.to_string(),
        tag: op
            .pointer("/tags/0")
            .and_then(Value::as_str)
            .map(str::to_string),
        feature: None,
        docs: Docs {
            summary: text(op, "summary").map(str::to_string),
            description: text(op, "description").map(str::to_string),
            notes: Vec::new(),
            deprecated: op
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ..Docs::default()
        },
        params,
        body,
        response,
        responses,
        error_bodies,
        security,
        auth_query,
        auth_body,
        pointer: ctx.pointer.to_string(),
        retry_safe: op.get("x-idempotent").and_then(Value::as_bool) == Some(true),
        pagination: None,
    };
    Ok((operation, dropped))
}

/// A header or cookie parameter whose name is not an HTTP token (`X Trace Id`, `Bad:Name`)
/// cannot be sent: every request carrying it would fail. An optional one is left out of the
/// operation; a required one leaves out the operation.
fn unsendable_name(
    ctx: &Ctx<'_, '_>,
    param: &Value,
    at: &str,
    location: ParamLocation,
    wire: &str,
) -> Result<Option<Dropped>, Diagnostic> {
    let kind = match location {
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path | ParamLocation::Query => return Ok(None),
    };
    if super::retry::is_token(wire) {
        return Ok(None);
    }
    let at = join(at, "name");
    let message = format!(
        "`{}` is not a valid {kind} name (an HTTP token: letters, digits and \
         !#$%&'*+-.^_`|~), so no request can carry it",
        wire.escape_debug()
    );
    if param.get("required").and_then(Value::as_bool) == Some(true) {
        return Err(ctx.spec.error(&at, message));
    }
    Ok(Some(Dropped {
        what: format!("{kind} parameter `{}`", wire.escape_debug()),
        diagnostic: ctx.spec.error(&at, message),
        pointer: at,
    }))
}

/// Every `{name}` in the path has a declared path parameter and every path parameter appears
/// in the path: otherwise no correct URL can be built.
fn check_path_params(ctx: &Ctx<'_, '_>, params: &[Param]) -> Result<(), Diagnostic> {
    let placeholders: Vec<&str> = ctx
        .path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    for name in &placeholders {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire == *name)
        {
            let msg = format!(
                "`{{{name}}}` in path `{}` has no `in: path` parameter named `{name}`",
                ctx.path
            );
            return Err(ctx.spec.error(&join(ctx.pointer, "parameters"), msg));
        }
    }
    for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
        if !placeholders.contains(&p.wire.as_str()) {
            let msg = format!(
                "path parameter `{}` does not appear in path `{}`",
                p.wire, ctx.path
            );
            return Err(ctx.spec.error(&join(ctx.pointer, "parameters"), msg));
        }
    }
    Ok(())
}

/// A query parameter's `style` and `explode` (other locations keep their default style).
fn param_style(
    ctx: &Ctx<'_, '_>,
    param: &Value,
    at: &str,
    location: ParamLocation,
) -> Result<ParamStyle, Diagnostic> {
    if location != ParamLocation::Query {
        return Ok(ParamStyle::Form);
    }
    let style = text(param, "style").unwrap_or("form");
    // `explode` defaults to true for `form` only.
    let explode = param
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    Ok(match (style, explode) {
        ("form", true) => ParamStyle::Form,
        ("form", false) => ParamStyle::FormNoExplode,
        // Exploded, the delimited styles repeat the name, as `form` does.
        ("spaceDelimited" | "pipeDelimited", true) => ParamStyle::Form,
        ("spaceDelimited", false) => ParamStyle::SpaceDelimited,
        ("pipeDelimited", false) => ParamStyle::PipeDelimited,
        ("deepObject", _) => ParamStyle::DeepObject,
        (other, _) => {
            let msg = format!(
                "style `{other}` is not supported for a query parameter (form, spaceDelimited, pipeDelimited, deepObject)"
            );
            return Err(ctx.spec.error(&join(at, "style"), msg));
        }
    })
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Path-level parameters, overridden by operation-level ones with the same name and location.
fn parameters<'s>(
    ctx: &Ctx<'s, '_>,
    op: &'s Value,
) -> Result<Vec<(&'s Value, String)>, Diagnostic> {
    let mut out: Vec<(&'s Value, String)> = Vec::new();
    let item_ptr = ctx
        .pointer
        .rsplit_once('/')
        .map_or("", |(p, _)| p)
        .to_string();
    let sources = [
        (ctx.item.get("parameters"), join(&item_ptr, "parameters")),
        (op.get("parameters"), join(ctx.pointer, "parameters")),
    ];
    for (list, list_ptr) in sources {
        let Some(list) = list else { continue };
        let Some(list) = list.as_array() else {
            return Err(ctx.spec.error(&list_ptr, "parameters must be a list"));
        };
        for (i, p) in list.iter().enumerate() {
            let (p, at) = ctx.spec.resolver().resolve(p, &format!("{list_ptr}/{i}"))?;
            if text(p, "name").is_none() {
                return Err(ctx.spec.error(&at, "a parameter needs a `name`"));
            }
            let key = (text(p, "name"), text(p, "in"));
            out.retain(|(q, _)| (text(q, "name"), text(q, "in")) != key);
            out.push((p, at));
        }
    }
    Ok(out)
}

/// Which auth scheme fills this parameter in, if any: `Some(None)` for header/query
/// templates (they set it themselves), `Some(Some((scheme, credential)))` for `in_request`.
fn auth_owner(
    auth: &[AuthScheme],
    in_use: &[usize],
    location: ParamLocation,
    wire: &str,
) -> Option<Option<(usize, usize)>> {
    for &i in in_use {
        let scheme = &auth[i];
        if location == ParamLocation::Query
            && let Some(c) = scheme.query_credential(wire)
        {
            return Some(Some((i, c)));
        }
        if scheme.owns(location, wire) {
            return Some(None);
        }
    }
    None
}

/// Alternatives of scheme indexes. The operation's `security` wins over the document's;
/// schemes declared only in provider.toml join every alternative.
fn security(ctx: &Ctx<'_, '_>, op: &Value) -> Result<Vec<Vec<usize>>, Diagnostic> {
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
            for key in req.keys() {
                let Some(idx) = ctx.auth.iter().position(|s| &s.key == key) else {
                    let msg = format!(
                        "unknown security scheme `{key}` (not in components.securitySchemes)"
                    );
                    return Err(ctx.spec.error(&join(&format!("{at}/{i}"), key), msg));
                };
                alt.push(idx);
            }
            alternatives.push(alt);
        }
    }
    let globals: Vec<usize> = (0..ctx.auth.len())
        .filter(|&i| ctx.auth[i].global)
        .collect();
    if !globals.is_empty() {
        if alternatives.is_empty() {
            alternatives.push(Vec::new());
        }
        for alt in &mut alternatives {
            alt.extend(globals.iter().copied());
        }
    }
    alternatives.retain(|a| !a.is_empty());
    Ok(alternatives)
}

type AuthFields = Vec<(usize, usize, String)>;

fn request_body<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &'s Value,
    names: &Names,
    in_use: &[usize],
    param_names: &mut Namer,
    dropped: &mut Vec<Dropped>,
) -> Result<Option<(Body, AuthFields)>, Diagnostic> {
    let Some(body) = op.get("requestBody") else {
        return Ok(None);
    };
    let (body, at) = ctx
        .spec
        .resolver()
        .resolve(body, &join(ctx.pointer, "requestBody"))?;
    let required = body
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let docs = Docs {
        description: text(body, "description").map(str::to_string),
        ..Docs::default()
    };
    let Some(content) = body.get("content").and_then(Value::as_object) else {
        return Err(ctx.spec.error(&at, "a request body needs `content`"));
    };
    let content_ptr = join(&at, "content");
    let schema_at = |media: &str| join(&join(&content_ptr, media), "schema");
    static NULL: Value = Value::Null;
    let schema_of = |media: &str| {
        content
            .get(media)
            .and_then(|m| m.get("schema"))
            .unwrap_or(&NULL)
    };
    // The default media type, as ever: JSON, then multipart, then form, then the first listed.
    let primary = content
        .keys()
        .find(|m| is_json(m))
        .or_else(|| content.keys().find(|m| is_multipart(m)))
        .or_else(|| content.keys().find(|m| is_urlencoded(m)))
        .or_else(|| content.keys().next());
    let Some(primary) = primary else {
        return Err(ctx
            .spec
            .error(&content_ptr, "a request body needs at least one media type"));
    };
    let (kind, auth_body) = if is_json(primary) {
        let hint = format!("{}Request", names.camel);
        let (ty, _) = types.type_of(schema_of(primary), &schema_at(primary), &hint)?;
        let auth_body = take_auth_fields(types, &ty, ctx.auth, in_use);
        (BodyKind::Json(ty), auth_body)
    } else if is_multipart(primary) {
        let at = schema_at(primary);
        let fields = form_fields(ctx, types, schema_of(primary), &at, names, param_names)?;
        (BodyKind::Multipart(fields), Vec::new())
    } else if is_urlencoded(primary) {
        let at = schema_at(primary);
        let fields = form_fields(ctx, types, schema_of(primary), &at, names, param_names)?;
        no_file_fields(ctx, &fields, &at)?;
        (BodyKind::UrlEncoded(fields), Vec::new())
    } else {
        (BodyKind::Binary(primary.clone()), Vec::new())
    };
    let alternatives = alternatives(
        ctx,
        types,
        content,
        primary,
        &content_ptr,
        names,
        param_names,
        dropped,
    );
    Ok(Some((
        Body {
            kind,
            required,
            docs,
            alternatives,
        },
        auth_body,
    )))
}

/// The body's media types beside `primary`, one builder method per kind (see
/// [`super::Alternatives`]): the first form and the first multipart type, all `text/*` types,
/// all other types as bytes. A further JSON type is not offered (the default one is JSON
/// already). A form type whose schema cannot be generated is left out and reported in
/// `dropped`, so the rest of the operation still is.
#[allow(clippy::too_many_arguments)]
fn alternatives<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    content: &'s Map<String, Value>,
    primary: &str,
    content_ptr: &str,
    names: &Names,
    param_names: &mut Namer,
    dropped: &mut Vec<Dropped>,
) -> Option<Alternatives> {
    use naming::AlternativeBodyKind as K;
    let mut forms: Vec<(K, &String)> = Vec::new();
    let mut texts = Vec::new();
    let mut binaries = Vec::new();
    for media in content.keys().filter(|m| m.as_str() != primary) {
        let kind = if is_json(media) {
            continue;
        } else if is_multipart(media) {
            K::Multipart
        } else if is_urlencoded(media) {
            K::Form
        } else if media.starts_with("text/") {
            texts.push(media.clone());
            continue;
        } else {
            binaries.push(media.clone());
            continue;
        };
        let taken = |k: K| match k {
            K::Multipart => is_multipart(primary),
            _ => is_urlencoded(primary),
        };
        if !taken(kind) && !forms.iter().any(|(k, _)| *k == kind) {
            forms.push((kind, media));
        }
    }
    // Form first, then multipart, text and bytes: the same order in every builder.
    forms.sort_by_key(|(k, _)| *k == K::Multipart);
    let mut bodies = Vec::new();
    for (kind, media) in forms {
        let at = join(&join(content_ptr, media), "schema");
        let schema = content
            .get(media.as_str())
            .and_then(|m| m.get("schema"))
            .unwrap_or(&Value::Null);
        // The fields live in a type of their own, so they do not compete with the
        // builder's setters for names.
        let mut field_names = Namer::for_methods(naming::ALTERNATIVE_BODY_TYPE_METHODS);
        let fields =
            form_fields(ctx, types, schema, &at, names, &mut field_names).and_then(|fields| {
                if kind == K::Form {
                    no_file_fields(ctx, &fields, &at)?;
                }
                Ok(fields)
            });
        match fields {
            Ok(fields) => bodies.push(AlternativeBody {
                method: param_names.claim(naming::alternative_body_method(kind)),
                kind: AlternativeKind::Form {
                    media: media.clone(),
                    multipart: kind == K::Multipart,
                    type_name: naming::alternative_body_type(&names.camel, kind),
                    fields,
                },
            }),
            Err(diagnostic) => dropped.push(Dropped {
                what: format!("request body `{media}`"),
                pointer: join(content_ptr, media),
                diagnostic,
            }),
        }
    }
    if !texts.is_empty() {
        bodies.push(AlternativeBody {
            method: param_names.claim(naming::alternative_body_method(K::Text)),
            kind: AlternativeKind::Text(texts),
        });
    }
    if !binaries.is_empty() {
        bodies.push(AlternativeBody {
            method: param_names.claim(naming::alternative_body_method(K::Binary)),
            kind: AlternativeKind::Binary(binaries),
        });
    }
    (!bodies.is_empty()).then(|| Alternatives {
        field: param_names.claim(naming::ALTERNATIVE_BODY_FIELD),
        bodies,
    })
}

fn is_multipart(media: &str) -> bool {
    media.starts_with("multipart/form-data")
}

fn is_urlencoded(media: &str) -> bool {
    media.starts_with("application/x-www-form-urlencoded")
}

/// A urlencoded form cannot carry a file.
fn no_file_fields(ctx: &Ctx<'_, '_>, fields: &[FormField], at: &str) -> Result<(), Diagnostic> {
    match fields.iter().find(|f| f.ty.is_none()) {
        Some(file) => {
            let msg = format!(
                "field `{}` is a file, which a urlencoded form cannot carry",
                file.wire
            );
            Err(ctx.spec.error(at, msg))
        }
        None => Ok(()),
    }
}

fn is_json(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base == "application/json" || base.ends_with("+json") || base == "*/*"
}

/// Removes the body fields an `in_request` scheme fills in from the body type, and returns
/// them as (scheme, credential, wire name).
fn take_auth_fields(
    types: &mut TypeBuilder<'_>,
    ty: &TypeRef,
    auth: &[AuthScheme],
    in_use: &[usize],
) -> AuthFields {
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &i in in_use.iter().filter(|&&i| auth[i].in_request()) {
        for (c, cred) in auth[i].credentials.iter().enumerate() {
            let Some(field) = &cred.body_field else {
                continue;
            };
            if types.remove_field(name, field) {
                out.push((i, c, field.clone()));
            }
        }
    }
    out
}

fn form_fields<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    schema: &'s Value,
    at: &str,
    names: &Names,
    param_names: &mut Namer,
) -> Result<Vec<FormField>, Diagnostic> {
    let (schema, at) = ctx.spec.resolver().resolve(schema, at)?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Err(ctx.spec.error(
            &at,
            "a multipart body needs an object schema with `properties`",
        ));
    };
    let mut out = Vec::new();
    for (wire, prop) in props {
        let prop_at = join(&join(&at, "properties"), wire);
        let (prop, prop_at) = ctx.spec.resolver().resolve(prop, &prop_at)?;
        let is_file = text(prop, "format") == Some("binary");
        let ty = if is_file {
            None
        } else {
            let hint = format!("{}{}", names.camel, naming::camel(wire));
            Some(types.type_of(prop, &prop_at, &hint)?.0)
        };
        out.push(FormField {
            name: param_names.claim(&naming::snake(wire)),
            wire: wire.clone(),
            ty,
            required: required.contains(&wire.as_str()),
            docs: with_fallback(docs_of(prop), || format!("The `{wire}` form field.")),
        });
    }
    Ok(out)
}

/// The response body of an operation, per status.
type Responses = (ResponseKind, Option<StatusEnum>, Option<StatusEnum>);

/// The success response: the lowest 2xx code (then `2XX`, then a redirect, which the HTTP
/// client follows to the content). When the documented 2xx responses have different bodies,
/// also an enum with one variant per status. Then the JSON error bodies per status.
fn response<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &'s Value,
    names: &Names,
) -> Result<Responses, Diagnostic> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok((ResponseKind::Empty, None, None));
    };
    let errors = error_bodies(ctx, types, responses, names)?;
    let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
    codes.sort();
    let redirect = codes.is_empty() && responses.keys().any(|c| c.starts_with('3'));
    let Some(code) = codes.first() else {
        let kind = if redirect {
            ResponseKind::Binary
        } else {
            ResponseKind::Empty
        };
        return Ok((kind, None, errors));
    };
    let at = join(&join(ctx.pointer, "responses"), code);
    let (resp, at) = ctx.spec.resolver().resolve(&responses[*code], &at)?;
    let hint = format!("{}Response", names.camel);
    let first = response_kind(types, resp, &at, &hint)?;
    let first_key = body_key(resp);
    let mut variants = Vec::new();
    let mut variant_names = Namer::with_reserved(&["Other"]);
    for code in &codes {
        let Some(status) = status_match(code) else {
            continue;
        };
        let at = join(&join(ctx.pointer, "responses"), code);
        let (resp, at) = ctx.spec.resolver().resolve(&responses[*code], &at)?;
        let variant = naming::status_variant(&status);
        // The same body as the first response: the same type, without naming a new one.
        let kind = if body_key(resp) == first_key {
            first.clone()
        } else {
            let hint = format!("{}{variant}Response", names.camel);
            response_kind(types, resp, &at, &hint)?
        };
        variants.push(StatusVariant {
            name: variant_names.claim(&variant),
            status,
            kind,
            description: text(resp, "description").map(str::to_string),
        });
    }
    let differ = variants.iter().any(|v| v.kind != first);
    let success = differ.then(|| StatusEnum {
        name: format!("{}Response", names.camel),
        variants,
    });
    Ok((first, success, errors))
}

/// What decides a response's Rust type: its kind of content and, for JSON, the schema.
fn body_key(resp: &Value) -> Option<(u8, Option<&Value>)> {
    let content = resp
        .get("content")
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty())?;
    if let Some(media) = content.keys().find(|m| is_json(m)) {
        return Some((0, content[media].get("schema")));
    }
    if content
        .keys()
        .all(|m| m.starts_with("text/") && !is_event_stream(m))
    {
        return Some((1, None));
    }
    Some((2, None))
}

/// `text/event-stream` is read as it arrives (a [`ResponseKind::Binary`] stream), never
/// buffered into a `String`: the server may never end it.
fn is_event_stream(media: &str) -> bool {
    media.split(';').next().unwrap_or("").trim() == "text/event-stream"
}

fn response_kind<'s>(
    types: &mut TypeBuilder<'s>,
    resp: &'s Value,
    at: &str,
    hint: &str,
) -> Result<ResponseKind, Diagnostic> {
    let Some(content) = resp
        .get("content")
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty())
    else {
        return Ok(ResponseKind::Empty);
    };
    let content_ptr = join(at, "content");
    if let Some(media) = content.keys().find(|m| is_json(m)) {
        let schema = content[media].get("schema").unwrap_or(&Value::Null);
        let (ty, _) = types.type_of(schema, &join(&join(&content_ptr, media), "schema"), hint)?;
        return Ok(ResponseKind::Json(ty));
    }
    if content
        .keys()
        .all(|m| m.starts_with("text/") && !is_event_stream(m))
    {
        return Ok(ResponseKind::Text);
    }
    Ok(ResponseKind::Binary)
}

/// `404`, `4XX`, `default`; `None` for anything else.
fn status_match(code: &str) -> Option<StatusMatch> {
    if code == "default" {
        return Some(StatusMatch::Default);
    }
    let bytes = code.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return None;
    }
    let class = u16::from(bytes[0] - b'0');
    if code[1..].eq_ignore_ascii_case("XX") {
        return Some(StatusMatch::Range(class));
    }
    code.parse().ok().map(StatusMatch::Code)
}

/// Error responses (`4xx`/`5xx` codes and ranges, `default`) with a JSON body, in matching
/// order: exact codes, then ranges, then `default`.
fn error_bodies<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    responses: &'s Map<String, Value>,
    names: &Names,
) -> Result<Option<StatusEnum>, Diagnostic> {
    let mut statuses: Vec<(StatusMatch, &String)> = responses
        .keys()
        .filter_map(|code| Some((status_match(code)?, code)))
        .filter(|(status, _)| match status {
            StatusMatch::Code(c) => *c >= 400,
            StatusMatch::Range(d) => *d >= 4,
            StatusMatch::Default => true,
        })
        .collect();
    statuses.sort();
    let mut variants = Vec::new();
    let mut variant_names = Namer::default();
    for (status, code) in statuses {
        let at = join(&join(ctx.pointer, "responses"), code);
        let (resp, at) = ctx.spec.resolver().resolve(&responses[code], &at)?;
        let json = resp
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|c| c.keys().any(|m| is_json(m)));
        if !json {
            continue;
        }
        let variant = naming::status_variant(&status);
        let hint = format!("{}{variant}Error", names.camel);
        let kind = response_kind(types, resp, &at, &hint)?;
        variants.push(StatusVariant {
            name: variant_names.claim(&variant),
            status,
            kind,
            description: text(resp, "description").map(str::to_string),
        });
    }
    Ok((!variants.is_empty()).then(|| StatusEnum {
        name: format!("{}Error", names.camel),
        variants,
    }))
}

impl TypeBuilder<'_> {
    /// Removes a field (by wire name) from a struct type; true if it was there.
    pub fn remove_field(&mut self, type_name: &str, wire: &str) -> bool {
        let Some(def) = self.def_mut(type_name) else {
            return false;
        };
        let TypeKind::Struct(s) = &mut def.kind else {
            return false;
        };
        let before = s.fields.len();
        s.fields.retain(|f| f.wire != wire);
        s.fields.len() != before
    }
}
