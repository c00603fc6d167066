//! Responses: the body of a successful call, one variant per status when they differ, and
//! the typed error bodies.

use serde_json::{Map, Value};

use super::context::{Ctx, Names};
use super::request_body::{essence, is_json};
use super::views::{ContentView, OperationView};
use crate::diagnostic::{Diagnostic, join};
use crate::model::naming::{self, Namer};
use crate::model::schema::TypeBuilder;
use crate::model::{JsonLines, ResponseKind, StatusEnum, StatusMatch, StatusVariant, TypeRef};

/// The response body of an operation, per status.
type Responses = (ResponseKind, Option<StatusEnum>, Option<StatusEnum>);

/// The success response: the lowest 2xx code (then `2XX`, then a redirect, which the HTTP
/// client follows to the content). When the documented 2xx responses have different bodies,
/// also an enum with one variant per status. Then the JSON error bodies per status.
pub(super) fn response<'s>(
    ctx: &Ctx<'s, '_>,
    types: &mut TypeBuilder<'s>,
    op: &OperationView<'s>,
    names: &Names,
) -> Result<Responses, Diagnostic> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok((ResponseKind::Empty, None, None));
    };
    let errors = error_bodies(ctx, types, responses, names)?;
    let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
    codes.sort();
    let redirect = codes.is_empty() && responses.keys().any(|c| c.starts_with('3'));
    // Beside a 2xx, a documented 3xx (a `304`) is a response too.
    codes.extend(documented_3xx(responses));
    let Some(code) = codes.first() else {
        let kind = if redirect {
            ResponseKind::Binary
        } else {
            ResponseKind::Empty
        };
        return Ok((kind, None, errors));
    };
    let resp = resolved(ctx, responses, code)?;
    let hint = format!("{}Response", names.camel);
    let first = response_kind(types, &resp, &hint)?;
    let first_key = body_key(&resp);
    let mut variants = Vec::new();
    let mut variant_names = Namer::with_reserved(&["Other"]);
    for code in &codes {
        let Some(status) = status_match(code) else {
            continue;
        };
        let resp = resolved(ctx, responses, code)?;
        let variant = naming::status_variant(&status);
        // The same body as the first response: the same type, without naming a new one.
        let kind = if body_key(&resp) == first_key {
            first.clone()
        } else {
            let hint = format!("{}{variant}Response", names.camel);
            response_kind(types, &resp, &hint)?
        };
        variants.push(StatusVariant {
            name: variant_names.claim(&variant),
            status,
            kind,
            description: resp.description().map(str::to_string),
        });
    }
    let differ = variants.iter().any(|v| v.kind != first);
    let success = differ.then(|| StatusEnum {
        name: format!("{}Response", names.camel),
        variants,
    });
    Ok((first, success, errors))
}

/// The 3xx statuses the operation documents beside a 2xx: the transport hands them to the
/// decoder as responses instead of failing the call with `Error::Api` (a redirect the client
/// follows never gets there).
pub(super) fn statuses_3xx(op: &OperationView<'_>) -> Vec<u16> {
    let responses = op.get("responses").and_then(Value::as_object);
    responses
        .map(documented_3xx)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c.parse().ok())
        .collect()
}

/// The exact 3xx codes among `responses`, sorted, when there is a 2xx beside them.
fn documented_3xx(responses: &Map<String, Value>) -> Vec<&String> {
    if !responses.keys().any(|c| c.starts_with('2')) {
        return Vec::new();
    }
    let is_3xx =
        |c: &&String| c.len() == 3 && c.parse::<u16>().is_ok_and(|n| (300..400).contains(&n));
    let mut codes: Vec<&String> = responses.keys().filter(is_3xx).collect();
    codes.sort();
    codes
}

/// The `Accept` header of the operation's requests: every media type its responses declare,
/// in order, once each; `None` when they declare none.
pub(super) fn accept(
    ctx: &Ctx<'_, '_>,
    op: &OperationView<'_>,
) -> Result<Option<String>, Diagnostic> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut listed: Vec<&str> = Vec::new();
    for code in responses.keys().filter(|c| !c.starts_with("x-")) {
        let resp = resolved(ctx, responses, code)?;
        for media in resp.media_types().unwrap_or_default() {
            let media = media.trim();
            // A header value cannot carry control characters; such a type is left out.
            if !media.is_empty() && !media.chars().any(char::is_control) && !listed.contains(&media)
            {
                listed.push(media);
            }
        }
    }
    Ok((!listed.is_empty()).then(|| listed.join(", ")))
}

/// A response of the operation, by status code, its `$ref` resolved.
fn resolved<'s>(
    ctx: &Ctx<'s, '_>,
    responses: &'s Map<String, Value>,
    code: &str,
) -> Result<ContentView<'s>, Diagnostic> {
    let at = join(&join(ctx.pointer, "responses"), code);
    let Some(value) = responses.get(code) else {
        return Err(ctx.spec.error(&at, "no such response"));
    };
    let (resp, at) = ctx.spec.resolver().resolve(value, &at)?;
    Ok(ContentView::new(resp, at))
}

/// What decides a response's Rust type: its kind of content and, for JSON, the schema.
fn body_key<'s>(resp: &ContentView<'s>) -> Option<(u8, Option<&'s Value>)> {
    let media = resp.media_types().filter(|m| !m.is_empty())?;
    if let Some(json) = media.iter().find(|m| is_json(m)) {
        return Some((0, resp.schema_value(json)));
    }
    if let Some(lines) = media.iter().find(|m| json_lines(m).is_some()) {
        return Some((3, resp.schema_value(lines)));
    }
    if let Some(events) = media.iter().find(|m| is_event_stream(m)) {
        return Some((4, resp.schema_value(events)));
    }
    if media.iter().all(|m| m.starts_with("text/")) {
        return Some((1, None));
    }
    Some((2, None))
}

/// A media type of JSON values streamed one by one: `Some(true)` when RFC 7464's record
/// separator splits them (`application/json-seq`), `Some(false)` for one per line
/// (`application/x-ndjson`, `application/jsonl`, `application/x-jsonlines`).
fn json_lines(media: &str) -> Option<bool> {
    match essence(media).as_str() {
        "application/json-seq" => Some(true),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(false),
        _ => None,
    }
}

/// `text/event-stream` is read as it arrives (a [`ResponseKind::EventStream`]), never
/// buffered into a `String`: the server may never end it.
fn is_event_stream(media: &str) -> bool {
    essence(media) == "text/event-stream"
}

fn response_kind<'s>(
    types: &mut TypeBuilder<'s>,
    resp: &ContentView<'s>,
    hint: &str,
) -> Result<ResponseKind, Diagnostic> {
    let Some(media) = resp.media_types().filter(|m| !m.is_empty()) else {
        return Ok(ResponseKind::Empty);
    };
    if let Some(json) = media.iter().find(|m| is_json(m)) {
        // A body the schema allows to be `null` is an `Option`: `null` decodes as `None`.
        let ty = crate::model::schema::or_null(types.type_of(&resp.schema(json), hint)?);
        return Ok(ResponseKind::Json(ty));
    }
    for media in &media {
        let Some(record_separator) = json_lines(media) else {
            continue;
        };
        let item = resp.item_schema(media);
        let (item, _) = types.type_of(&item, &format!("{hint}Item"))?;
        return Ok(ResponseKind::JsonLines(JsonLines {
            item,
            record_separator,
        }));
    }
    if let Some(media) = media.iter().find(|m| is_event_stream(m)) {
        let data = event_data(types, resp, media, &format!("{hint}Event"))?;
        return Ok(ResponseKind::EventStream(data));
    }
    if media.iter().all(|m| m.starts_with("text/")) {
        return Ok(ResponseKind::Text);
    }
    Ok(ResponseKind::Binary)
}

/// The type of an event's `data`: OpenAPI 3.2's `itemSchema` describes the event, whose
/// `data` property (its `contentSchema` when the data is JSON text) is the type; else the
/// response's schema (its `items` for an array) describes the data. Text, or no schema: the
/// data is text.
fn event_data<'s>(
    types: &mut TypeBuilder<'s>,
    resp: &ContentView<'s>,
    media: &str,
    hint: &str,
) -> Result<TypeRef, Diagnostic> {
    let view = match resp.event_item(media) {
        Some(item) => match item
            .properties()
            .into_iter()
            .find(|(wire, _)| *wire == "data")
        {
            Some((_, data)) => match data.content_schema() {
                Some(content) => content,
                None => data,
            },
            None => return Ok(TypeRef::String),
        },
        None => resp.item_schema(media),
    };
    let described = view.has_reference() || view.is_composition() || view.declares_properties();
    let text = match view.type_name() {
        Some(kind) => kind == "string" && !described,
        None => !view.is_object() || !described,
    };
    if text {
        return Ok(TypeRef::String);
    }
    Ok(types.type_of(&view, hint)?.0)
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

/// Error responses (`4xx`/`5xx` codes and ranges, `default`) with a JSON body or none, in
/// matching order: exact codes, then ranges, then `default`.
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
        let resp = resolved(ctx, responses, code)?;
        let variant = naming::status_variant(&status);
        // A status documented without a body is a variant too (a `404` with a description
        // only): otherwise its errors would fall to the `4XX` or `default` variant, or none.
        let kind = match resp.media_types() {
            None => ResponseKind::Empty,
            Some(media) if media.is_empty() => ResponseKind::Empty,
            Some(media) if media.iter().any(|m| is_json(m)) => {
                let hint = format!("{}{variant}Error", names.camel);
                response_kind(types, &resp, &hint)?
            }
            Some(_) => continue,
        };
        variants.push(StatusVariant {
            name: variant_names.claim(&variant),
            status,
            kind,
            description: resp.description().map(str::to_string),
        });
    }
    // Without a documented body, `ApiError` says all there is (`status()`, `is_not_found()`).
    let bodies = variants.iter().any(|v| v.kind != ResponseKind::Empty);
    Ok(bodies.then(|| StatusEnum {
        name: format!("{}Error", names.camel),
        variants,
    }))
}
