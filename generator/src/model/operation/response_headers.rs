//! The headers an operation's success responses document (`responses.<2xx>.headers`): a
//! rate-limit counter, a request id, `Location`, `ETag`. They become one struct per
//! operation, filled by `send_with_headers` from the response, each parsed per its schema.

use serde_json::Value;

use super::context::{Ctx, Dropped, Names};
use super::views::{OperationView, ParameterView};
use crate::diagnostic::{Diagnostic, join};
use crate::model::docs::docs_of;
use crate::model::naming::{self, Namer};
use crate::model::schema::TypeBuilder;
use crate::model::{Docs, ResponseHeader, ResponseHeaders};

/// The headers of every 2xx response, in status order, each name once (case-insensitive, as
/// HTTP compares them). `Content-Type` is not one: OpenAPI says to ignore it, the body's
/// media type says it. A header whose definition cannot be read is left out and listed.
pub(super) fn response_headers<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &OperationView<'s>,
    names: &Names,
    dropped: &mut Vec<Dropped>,
) -> Result<Option<ResponseHeaders>, Diagnostic> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
    codes.sort();
    let mut fields = Namer::default();
    let mut out: Vec<ResponseHeader> = Vec::new();
    for code in codes {
        let at = join(&join(ctx.pointer, "responses"), code);
        let (resp, at) = ctx.spec.resolver().resolve(&responses[code], &at)?;
        let Some(headers) = resp.get("headers").and_then(Value::as_object) else {
            continue;
        };
        for (wire, header) in headers {
            let known = out.iter().any(|h| h.wire.eq_ignore_ascii_case(wire));
            if known || wire.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = join(&join(&at, "headers"), wire);
            match header_type(ctx, types, header, &at, names, wire) {
                Ok(Some((ty, docs))) => out.push(ResponseHeader {
                    name: fields.claim(&naming::snake(wire)),
                    wire: wire.clone(),
                    ty,
                    docs,
                }),
                Ok(None) => {}
                Err(diagnostic) => dropped.push(Dropped {
                    what: format!("response header `{}`", wire.escape_debug()),
                    pointer: at,
                    diagnostic,
                }),
            }
        }
    }
    Ok((!out.is_empty()).then(|| ResponseHeaders {
        name: format!("{}Headers", names.camel),
        headers: out,
    }))
}

/// One header's type (from `schema`, or its `content` entry's: a Header object is read as
/// the Parameter object it resembles) and docs; `None` for a name no response could carry.
fn header_type<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    header: &'s Value,
    at: &str,
    names: &Names,
    wire: &str,
) -> Result<Option<(crate::model::TypeRef, Docs)>, Diagnostic> {
    if !crate::model::retry::is_token(wire) {
        return Ok(None);
    }
    let (header, at) = ctx.spec.resolver().resolve(header, at)?;
    let view = ParameterView::new(header, at);
    let schema = view.schema();
    let hint = format!("{}{}Header", names.camel, naming::camel(wire));
    let (ty, _) = types.type_of(&schema, &hint)?;
    let mut docs = docs_of(schema.value());
    if let Some(d) = view.description() {
        docs.description = Some(d.to_string());
    }
    docs.deprecated |= header.get("deprecated").and_then(Value::as_bool) == Some(true);
    Ok(Some((ty, docs)))
}
