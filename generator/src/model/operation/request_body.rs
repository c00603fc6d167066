//! Request bodies: the default media type, the alternatives a builder offers, form fields,
//! and the `in_request` credentials taken out of the body's type.

use serde_json::{Map, Value};

use super::context::{Ctx, Dropped, Names, text};
use super::views::OperationView;
use crate::diagnostic::{Diagnostic, join};
use crate::model::docs::{docs_of, with_fallback};
use crate::model::naming::{self, Namer};
use crate::model::schema::TypeBuilder;
use crate::model::{
    AlternativeBody, AlternativeKind, Alternatives, AuthScheme, Body, BodyKind, Docs, FormField,
    TypeKind, TypeRef,
};

type AuthFields = Vec<(usize, usize, String)>;

pub(super) fn request_body<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &OperationView<'s>,
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

pub(super) fn is_json(media: &str) -> bool {
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
