//! Server-sent events (`text/event-stream`), read as they arrive, as the HTML standard's
//! event-stream parser does: lines end with CRLF, LF or CR (a chunk may end between the two
//! of a CRLF), `:` lines are comments (heartbeats), `data` lines are joined with line feeds,
//! `event`, `id` and `retry` are kept, a blank line ends an event, and an event without data
//! is not one. An event still open when the stream ends is dropped, as the standard says.
//!
//! The stream never reconnects on its own: once an event was delivered, sending the request
//! again could repeat effects, so a caller that wants to resume sends the call again with
//! `.with_header("Last-Event-ID", id)`, `id` from [`EventStream::last_event_id`].

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;
use futures_util::Stream;

use crate::download::ByteStream;
use crate::error::Error;

/// One event of a [`EventStream`]: its `data` decoded, and the fields that came with it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServerSentEvent<T> {
    /// The `event` field: the event's type (`None`: the default, `message`).
    pub event: Option<String>,
    /// The last `id` the stream set, at this event: what to send as `Last-Event-ID` to
    /// resume after it.
    pub id: Option<String>,
    /// A `retry` field sent with this event: how long the server asks a client to wait
    /// before reconnecting.
    pub retry: Option<Duration>,
    /// The event's data (its `data` lines joined by line feeds), decoded.
    pub data: T,
}

impl<T> ServerSentEvent<T> {
    /// An event with `data` and no other field (for tests and test doubles).
    pub fn new(data: T) -> Self {
        ServerSentEvent {
            event: None,
            id: None,
            retry: None,
            data,
        }
    }
}

/// A `text/event-stream` response: a `Stream` of [`ServerSentEvent`]s, each delivered when
/// its blank line arrives. A line (or an event's data) longer than the client's response cap
/// ends the stream with [`Error::BodyTooLarge`]; data that does not decode ends it with
/// [`Error::Decode`] (the events before it were delivered); a stream silent for longer than
/// the client's idle limit ends with [`Error::Timeout`].
pub struct EventStream<T> {
    operation: &'static str,
    status: reqwest::StatusCode,
    attempts: u32,
    bytes: ByteStream,
    /// The line being read (no line end in it yet).
    line: BytesMut,
    /// The last chunk ended with `\r`: a `\n` starting the next one belongs to it.
    after_cr: bool,
    /// The first line may start with a byte order mark.
    first: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    retry: Option<Duration>,
    last_event_id: Option<String>,
    ready: VecDeque<Result<ServerSentEvent<T>, Error>>,
    max_line: u64,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    done: bool,
}

impl<T> EventStream<T> {
    /// `decode` turns an event's data into `T` (`serde_json::from_str`, or the text itself).
    pub(crate) fn new(
        operation: &'static str,
        response: crate::response::Response,
        decode: fn(&str) -> Result<T, serde_json::Error>,
    ) -> Self {
        let (status, max_line) = (response.status(), response.max_body());
        EventStream {
            operation,
            status,
            attempts: response.attempts(),
            bytes: ByteStream::new(operation, response),
            line: BytesMut::new(),
            after_cr: false,
            first: true,
            data: String::new(),
            has_data: false,
            event: None,
            retry: None,
            last_event_id: None,
            ready: VecDeque::new(),
            max_line,
            decode,
            done: false,
        }
    }

    /// The last event id the server set (the `id` field), to resume the stream after the
    /// last event received: send the call again with `.with_header("Last-Event-ID", id)`.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// Splits `chunk` into lines and reads each whole one.
    fn take(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if self.after_cr {
            self.after_cr = false;
            if let [b'\n', tail @ ..] = rest {
                rest = tail;
            }
        }
        while let Some(at) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&rest[..at]);
            let line = std::mem::take(&mut self.line);
            self.read_line(&line);
            if self.done {
                return;
            }
            let cr = rest[at] == b'\r';
            rest = &rest[at + 1..];
            if cr {
                match rest {
                    [b'\n', tail @ ..] => rest = tail,
                    [] => self.after_cr = true,
                    _ => {}
                }
            }
        }
        self.line.extend_from_slice(rest);
        if self.line.len() as u64 > self.max_line {
            self.fail_too_long();
        }
    }

    fn read_line(&mut self, line: &[u8]) {
        let mut line = String::from_utf8_lossy(line);
        if std::mem::take(&mut self.first)
            && let Some(rest) = line.strip_prefix('\u{feff}')
        {
            line = rest.to_string().into();
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
                if self.data.len() as u64 > self.max_line {
                    self.fail_too_long();
                }
            }
            "id" if !value.contains('\0') => self.last_event_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far, if it has data.
    fn dispatch(&mut self) {
        let event = self.event.take();
        let retry = self.retry.take();
        if !std::mem::take(&mut self.has_data) {
            self.data.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        let decoded = match (self.decode)(&data) {
            Ok(data) => Ok(ServerSentEvent {
                event,
                id: self.last_event_id.clone(),
                retry,
                data,
            }),
            Err(error) => {
                self.done = true;
                Err(Error::Decode {
                    operation: self.operation,
                    status: self.status,
                    path: ".".to_string(),
                    body: data,
                    error,
                    attempts: self.attempts,
                })
            }
        };
        self.ready.push_back(decoded);
    }

    fn fail_too_long(&mut self) {
        self.done = true;
        self.ready.push_back(Err(Error::BodyTooLarge {
            operation: self.operation,
            status: self.status,
            limit: self.max_line,
            attempts: self.attempts,
        }));
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<ServerSentEvent<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(event));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.take(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                // An event without its blank line is dropped, as the standard says.
                Poll::Ready(None) => this.done = true,
            }
        }
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("last_event_id", &self.last_event_id)
            .finish_non_exhaustive()
    }
}

// Nothing here is pinned in place: the events are plain values, the byte stream is boxed.
impl<T> Unpin for EventStream<T> {}

/// An event's data decoded from JSON.
#[allow(dead_code)] // A crate whose event streams all carry text does not use it.
pub(crate) fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// An event's data as text, for an event stream whose data is not JSON.
#[allow(dead_code)] // A crate whose event streams all carry JSON does not use it.
pub(crate) fn text(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_string())
}
