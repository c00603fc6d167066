//! Streamed JSON values: `application/x-ndjson` and `application/jsonl` (one value per line)
//! and `application/json-seq` (RFC 7464: each value after a record separator), decoded one
//! by one as they arrive, never buffered whole.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf as _, BytesMut};
use futures_util::Stream;
use serde::de::DeserializeOwned;

use crate::download::ByteStream;
use crate::error::Error;

/// RFC 7464's record separator.
const RS: u8 = 0x1e;

/// A response of JSON values, each decoded as `T` as soon as it is whole. A line longer than
/// the client's response cap (`max_response_bytes`) ends the stream with
/// [`Error::BodyTooLarge`]; a value that does not decode ends it with [`Error::Decode`]
/// (the values before it were delivered). Blank lines are skipped.
pub struct JsonLines<T> {
    operation: &'static str,
    status: reqwest::StatusCode,
    /// The requests sent for the call: errors while streaming say it.
    attempts: u32,
    bytes: ByteStream,
    /// Bytes of the value being read (no separator in them yet).
    partial: BytesMut,
    /// Whole values not handed out yet.
    ready: VecDeque<BytesMut>,
    max_line: u64,
    separator: u8,
    done: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> JsonLines<T> {
    /// `record_separator`: values split by RFC 7464's `RS` (`json-seq`), not by line feeds.
    pub(crate) fn new(
        operation: &'static str,
        response: crate::response::Response,
        record_separator: bool,
    ) -> Self {
        let (status, max_line) = (response.status(), response.max_body());
        JsonLines {
            operation,
            status,
            attempts: response.attempts(),
            bytes: ByteStream::new(operation, response),
            partial: BytesMut::new(),
            ready: VecDeque::new(),
            max_line,
            separator: if record_separator { RS } else { b'\n' },
            done: false,
            item: PhantomData,
        }
    }

    /// Splits `chunk` into whole values (queued) and the start of the next one.
    fn take(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        while let Some(at) = rest.iter().position(|&b| b == self.separator) {
            self.partial.extend_from_slice(&rest[..at]);
            let value = std::mem::take(&mut self.partial);
            self.ready.push_back(value);
            rest = &rest[at + 1..];
        }
        self.partial.extend_from_slice(rest);
    }

    fn too_long(&mut self) -> Error {
        self.done = true;
        Error::BodyTooLarge {
            operation: self.operation,
            status: self.status,
            limit: self.max_line,
            attempts: self.attempts,
        }
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    /// The next whole value that is not blank, decoded.
    fn next_value(&mut self) -> Option<Result<T, Error>> {
        while let Some(mut value) = self.ready.pop_front() {
            if value.len() as u64 > self.max_line {
                return Some(Err(self.too_long()));
            }
            // json-seq values end with a line feed; any value may end with `\r`.
            let start = value.iter().position(|b| !b.is_ascii_whitespace());
            let Some(start) = start else { continue };
            value.advance(start);
            return Some(self.decode(&value));
        }
        None
    }

    fn decode(&mut self, text: &[u8]) -> Result<T, Error> {
        serde_json::from_slice(text).map_err(|error| {
            self.done = true;
            Error::Decode {
                operation: self.operation,
                status: self.status,
                path: ".".to_string(),
                body: String::from_utf8_lossy(text).into_owned(),
                error,
                attempts: self.attempts,
            }
        })
    }
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            // The values that are whole first, then the one still arriving.
            if let Some(value) = this.next_value() {
                return Poll::Ready(Some(value));
            }
            if this.partial.len() as u64 > this.max_line {
                return Poll::Ready(Some(Err(this.too_long())));
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.take(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    // The last value may lack its separator.
                    let last = std::mem::take(&mut this.partial);
                    this.ready.push_back(last);
                    let value = this.next_value();
                    this.done = true;
                    return Poll::Ready(value);
                }
            }
        }
    }
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
