//! The README's "Server-sent events" section: how an operation's `text/event-stream`
//! response is read, what ends it, and how to resume it, with a compiled example.

use std::fmt::Write as _;

use super::examples;
use crate::model::{Api, ResponseKind};

pub fn section(out: &mut String, api: &Api) {
    let Some(op) = api
        .operations
        .iter()
        .find(|op| op.responses.is_none() && matches!(op.response, ResponseKind::EventStream(_)))
    else {
        return;
    };
    let lib = &api.lib;
    let _ = writeln!(out, "## Server-sent events\n");
    let _ = writeln!(
        out,
        "An operation that answers with `text/event-stream` returns a `{lib}::EventStream<T>`: a `Stream` of `ServerSentEvent<T>`, each delivered when its blank line arrives, with its `data` decoded (JSON as the spec's type, text as a `String`) and its `event`, `id` and `retry` fields. Comments and heartbeats are skipped; a line or an event longer than the client's `max_response_bytes` ends the stream with `Error::BodyTooLarge`, data that does not decode with `Error::Decode`, and a stream silent for longer than the attempt timeout with a timeout error. The call's own timeout does not cut a stream that keeps talking.\n\nThe stream never reconnects by itself: once an event was delivered, sending the request again could repeat effects. To resume after the last event received, send the call again with `Last-Event-ID`:\n"
    );
    let example = examples::around_call(api, op, |call| {
        format!(
            "use futures_util::StreamExt as _;\n\nlet mut events = {call}.send().await?;\nwhile let Some(event) = events.next().await {{\n    match event {{\n        Ok(event) => println!(\"{{:?}} {{:?}}: {{:?}}\", event.event, event.id, event.data),\n        Err(e) => {{\n            eprintln!(\"the stream ended: {{e}}\");\n            break;\n        }}\n    }}\n}}\nif let Some(last) = events.last_event_id() {{\n    let resumed = {call}.with_header(\"Last-Event-ID\", last).send().await?;\n    # let _ = resumed;\n}}"
        )
    });
    let _ = writeln!(out, "{example}");
}
