//! Parameters: path-level and operation-level ones merged, their styles, which of them an
//! auth scheme fills in, and the names no request could carry.

use super::context::{Ctx, Dropped};
use super::views::{OperationView, ParameterView};
use crate::diagnostic::{Diagnostic, join};
use crate::model::{AuthScheme, Param, ParamLocation, ParamStyle, Style};

/// A header or cookie parameter whose name is not an HTTP token (`X Trace Id`, `Bad:Name`)
/// cannot be sent: every request carrying it would fail. An optional one is left out of the
/// operation; a required one leaves out the operation.
pub(super) fn unsendable_name(
    ctx: &Ctx<'_, '_>,
    param: &ParameterView<'_>,
    location: ParamLocation,
    wire: &str,
) -> Result<Option<Dropped>, Diagnostic> {
    let kind = match location {
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path | ParamLocation::Query => return Ok(None),
    };
    if crate::model::retry::is_token(wire) {
        return Ok(None);
    }
    let at = join(param.pointer(), "name");
    let message = format!(
        "`{}` is not a valid {kind} name (an HTTP token: letters, digits and \
         !#$%&'*+-.^_`|~), so no request can carry it",
        wire.escape_debug()
    );
    if param.required() {
        return Err(ctx.spec.error(&at, message));
    }
    Ok(Some(Dropped {
        what: format!("{kind} parameter `{}`", wire.escape_debug()),
        diagnostic: ctx.spec.error(&at, message),
        pointer: at,
    }))
}

/// OpenAPI 3: a header parameter named `Accept`, `Content-Type` or `Authorization` "SHALL be
/// ignored": the client sets those headers itself, from the documented responses, the body's
/// media type and the security schemes.
pub(super) fn is_ignored_header(location: ParamLocation, wire: &str) -> bool {
    location == ParamLocation::Header
        && ["accept", "content-type", "authorization"]
            .iter()
            .any(|name| wire.eq_ignore_ascii_case(name))
}

/// Every `{name}` in the path has a declared path parameter and every path parameter appears
/// in the path: otherwise no correct URL can be built.
pub(super) fn check_path_params(ctx: &Ctx<'_, '_>, params: &[Param]) -> Result<(), Diagnostic> {
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

/// How a parameter is written: its `style`, `explode` and `allowReserved`, or JSON text for
/// one described by a JSON `content` entry. A style its location cannot have (or an unknown
/// one) is read as the location's default, with a note for the parameter's docs: the value
/// still reaches the server in the form most servers of that location read.
pub(super) fn param_style(
    param: &ParameterView<'_>,
    location: ParamLocation,
) -> (ParamStyle, Option<String>) {
    let default = ParamStyle::default_for(location);
    if let Some(media) = param.content_media() {
        let json = super::request_body::is_json(media);
        return (ParamStyle { json, ..default }, None);
    }
    let (style, note) = match (param.style(), param.collection_format()) {
        (Some(name), _) => match style_named(name, location) {
            Some(style) => (style, None),
            None => {
                let note = format!(
                    "The spec gives style `{}`, which a {} parameter cannot have; the value is \
                     sent in the default style, `{}`.",
                    name.escape_debug(),
                    location_word(location),
                    style_name(default.style)
                );
                (default.style, Some(note))
            }
        },
        (None, Some(format)) => (collection_format(format, default.style), None),
        (None, None) => (default.style, None),
    };
    // `explode` defaults to true for `form` only.
    let explode = param.explode().unwrap_or(style == Style::Form);
    let allow_reserved = location == ParamLocation::Query && param.allow_reserved();
    let styled = ParamStyle {
        style,
        explode,
        allow_reserved,
        json: false,
    };
    (styled, note)
}

/// The styles OpenAPI defines for each location.
fn style_named(name: &str, location: ParamLocation) -> Option<Style> {
    use ParamLocation::*;
    Some(match (name, location) {
        ("simple", Path | Header) => Style::Simple,
        ("label", Path) => Style::Label,
        ("matrix", Path) => Style::Matrix,
        ("form", Query | Cookie) => Style::Form,
        ("spaceDelimited", Query) => Style::SpaceDelimited,
        ("pipeDelimited", Query) => Style::PipeDelimited,
        ("deepObject", Query) => Style::DeepObject,
        _ => return None,
    })
}

/// Swagger 2.0's `collectionFormat`s that the 2.0 conversion keeps as `x-collectionFormat`
/// (OpenAPI 3 has no style for them there); anything else is the location's default.
fn collection_format(format: &str, default: Style) -> Style {
    match format {
        "tsv" => Style::TabDelimited,
        "ssv" => Style::SpaceDelimited,
        "pipes" => Style::PipeDelimited,
        _ => default,
    }
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
        Style::Form => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::TabDelimited => "tsv",
        Style::DeepObject => "deepObject",
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Path-level parameters, overridden by operation-level ones with the same name and location,
/// and the ones left out: a parameter without a `name` names nothing a request could carry,
/// so it is left out of the operation (not the operation with it).
pub(super) fn parameters<'s>(
    ctx: &Ctx<'s, '_>,
    op: &OperationView<'s>,
) -> Result<(Vec<ParameterView<'s>>, Vec<Dropped>), Diagnostic> {
    let mut out: Vec<ParameterView<'s>> = Vec::new();
    let mut dropped = Vec::new();
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
            let param = ParameterView::new(p, at);
            if param.name().is_none() {
                let message = "a parameter needs a `name`; this one is left out";
                dropped.push(Dropped {
                    what: "a parameter without a name".to_string(),
                    diagnostic: ctx.spec.error(param.pointer(), message),
                    pointer: param.pointer().to_string(),
                });
                continue;
            }
            out.retain(|q| q.key() != param.key());
            out.push(param);
        }
    }
    Ok((out, dropped))
}

/// Which auth scheme fills this parameter in, if any: `Some(None)` for header/query
/// templates (they set it themselves), `Some(Some((scheme, credential)))` for `in_request`.
pub(super) fn auth_owner(
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
