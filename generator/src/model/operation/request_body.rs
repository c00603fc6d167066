//! Request bodies: the default media type, the alternatives a builder offers, form fields,
//! and the `in_request` credentials taken out of the body's type.

use super::context::{Ctx, Dropped, Names};
use super::views::{ContentView, OperationView};
use crate::diagnostic::{Diagnostic, join};
use crate::model::docs::{docs_of, with_fallback};
use crate::model::naming::{self, Namer};
use crate::model::schema::TypeBuilder;
use crate::model::schema_view::SchemaView;
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
    let body = ContentView::new(body, at);
    let required = body.required();
    let docs = Docs {
        description: body.description().map(str::to_string),
        ..Docs::default()
    };
    // A body that names no media type carries nothing a request could send: it is left out
    // (and listed), the operation is not.
    let Some(media) = body.media_types() else {
        dropped.push(Dropped {
            what: "request body".to_string(),
            pointer: body.pointer().to_string(),
            diagnostic: ctx
                .spec
                .error(body.pointer(), "a request body needs `content`"),
        });
        return Ok(None);
    };
    // The default media type, as ever: JSON, then multipart, then form, then the first listed.
    let primary = media
        .iter()
        .find(|m| is_json(m))
        .or_else(|| media.iter().find(|m| is_multipart(m)))
        .or_else(|| media.iter().find(|m| is_urlencoded(m)))
        .or_else(|| media.first())
        .copied();
    let Some(primary) = primary else {
        dropped.push(Dropped {
            what: "request body".to_string(),
            pointer: body.content_pointer(),
            diagnostic: ctx.spec.error(
                &body.content_pointer(),
                "a request body needs at least one media type",
            ),
        });
        return Ok(None);
    };
    let (kind, auth_body) = if is_json(primary) {
        let hint = format!("{}Request", names.camel);
        let (ty, _) = types.type_of(&body.schema(primary), &hint)?;
        let auth_body = take_auth_fields(types, &ty, ctx.auth, in_use);
        (BodyKind::Json(ty), auth_body)
    } else if is_multipart(primary) {
        let fields = form_fields(ctx, types, &body.schema(primary), names, param_names)?;
        (BodyKind::Multipart(fields), Vec::new())
    } else if is_urlencoded(primary) {
        let schema = body.schema(primary);
        let fields = form_fields(ctx, types, &schema, names, param_names)?;
        no_file_fields(ctx, &fields, schema.pointer())?;
        (BodyKind::UrlEncoded(fields), Vec::new())
    } else {
        (BodyKind::Binary(primary.to_string()), Vec::new())
    };
    let alternatives = alternatives(ctx, types, &body, primary, names, param_names, dropped);
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
    body: &ContentView<'s>,
    primary: &str,
    names: &Names,
    param_names: &mut Namer,
    dropped: &mut Vec<Dropped>,
) -> Option<Alternatives> {
    use naming::AlternativeBodyKind as K;
    let mut forms: Vec<(K, &str)> = Vec::new();
    let mut texts = Vec::new();
    let mut binaries = Vec::new();
    let media_types = body.media_types().unwrap_or_default();
    for media in media_types.into_iter().filter(|m| *m != primary) {
        let kind = if is_json(media) {
            continue;
        } else if is_multipart(media) {
            K::Multipart
        } else if is_urlencoded(media) {
            K::Form
        } else if media.starts_with("text/") {
            texts.push(media.to_string());
            continue;
        } else {
            binaries.push(media.to_string());
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
        let schema = body.schema(media);
        // The fields live in a type of their own, so they do not compete with the
        // builder's setters for names.
        let mut field_names = Namer::for_methods(naming::ALTERNATIVE_BODY_TYPE_METHODS);
        let fields = form_fields(ctx, types, &schema, names, &mut field_names).and_then(|fields| {
            if kind == K::Form {
                no_file_fields(ctx, &fields, schema.pointer())?;
            }
            Ok(fields)
        });
        match fields {
            Ok(fields) => bodies.push(AlternativeBody {
                method: param_names.claim(naming::alternative_body_method(kind)),
                kind: AlternativeKind::Form {
                    media: media.to_string(),
                    multipart: kind == K::Multipart,
                    type_name: naming::alternative_body_type(&names.camel, kind),
                    fields,
                },
            }),
            Err(diagnostic) => dropped.push(Dropped {
                what: format!("request body `{media}`"),
                pointer: join(&body.content_pointer(), media),
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
    // Last, on every JSON operation: any value in place of the typed body.
    if is_json(primary) {
        bodies.push(AlternativeBody {
            method: param_names.claim(naming::alternative_body_method(K::Json)),
            kind: AlternativeKind::Json,
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

/// A JSON media type: `application/json` or any `+json` suffix, whatever its parameters
/// (`; charset=utf-8`) and case; `*/*` is read as JSON too.
pub(in crate::model) fn is_json(media: &str) -> bool {
    let base = essence(media);
    base == "application/json" || base.ends_with("+json") || base == "*/*"
}

/// A media type without its parameters, in lower case (`Text/Plain; charset=utf-8` →
/// `text/plain`), as media types compare.
pub(super) fn essence(media: &str) -> String {
    let base = media.split(';').next().unwrap_or("");
    base.trim().to_ascii_lowercase()
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
    schema: &SchemaView<'s>,
    names: &Names,
    param_names: &mut Namer,
) -> Result<Vec<FormField>, Diagnostic> {
    let (schema, at) = ctx
        .spec
        .resolver()
        .resolve(schema.value(), schema.pointer())?;
    let schema = SchemaView::new(schema, at);
    // Declared, or gathered from what it `allOf`s.
    let Some((properties, required)) = types.object_properties(&schema)? else {
        return Err(ctx.spec.error(
            schema.pointer(),
            "a multipart body needs an object schema with `properties`",
        ));
    };
    let mut out = Vec::new();
    for (wire, prop) in &properties {
        let wire = wire.as_str();
        let (prop, prop_at) = ctx.spec.resolver().resolve(prop.value(), prop.pointer())?;
        let prop = SchemaView::new(prop, prop_at);
        let ty = if prop.format() == Some("binary") {
            None
        } else {
            let hint = format!("{}{}", names.camel, naming::camel(wire));
            Some(types.type_of(&prop, &hint)?.0)
        };
        out.push(FormField {
            name: param_names.claim(&naming::snake(wire)),
            wire: wire.to_string(),
            ty,
            required: required.iter().any(|r| r == wire),
            docs: with_fallback(docs_of(prop.value()), || {
                format!("The `{wire}` form field.")
            }),
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

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_media_types_whatever_their_suffix_parameters_and_case() {
        for media in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "application/vnd.api+JSON;version=2",
        ] {
            assert!(is_json(media), "{media}");
        }
        for media in [
            "application/x-ndjson",
            "application/jsonl",
            "text/json-ish",
            "application/xml",
        ] {
            assert!(!is_json(media), "{media}");
        }
    }
}
