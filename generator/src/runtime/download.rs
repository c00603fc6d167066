//! Binary responses as a byte stream, never buffered whole.

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::Error;

/// A timer `limit` from now (or as far as one can be set).
fn sleep(limit: Duration) -> tokio::time::Sleep {
    match tokio::time::Instant::now().checked_add(limit) {
        Some(deadline) => tokio::time::sleep_until(deadline),
        // About thirty years: the furthest a tokio timer goes anyway.
        None => tokio::time::sleep(Duration::from_secs(86_400 * 365 * 30)),
    }
}

/// The body of a download, chunk by chunk. Not capped in size; a download fails when no
/// chunk arrives for as long as one attempt may take.
pub struct ByteStream {
    operation: &'static str,
    content_type: Option<String>,
    content_length: Option<u64>,
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
    idle_limit: Duration,
    idle: Pin<Box<tokio::time::Sleep>>,
    /// The requests sent for the call: errors while streaming say it.
    attempts: u32,
}

impl ByteStream {
    pub(crate) fn new(operation: &'static str, response: crate::response::Response) -> Self {
        let idle_limit = response.idle_limit();
        let attempts = response.attempts();
        let response = response.into_inner();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        ByteStream {
            operation,
            content_type,
            content_length: response.content_length(),
            inner: Box::pin(response.bytes_stream()),
            idle_limit,
            idle: Box::pin(sleep(idle_limit)),
            attempts,
        }
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The `Content-Length` the server sent, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the whole body into memory (for small files).
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let (operation, attempts) = (self.operation, self.attempts);
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                let deadline = tokio::time::Instant::now().checked_add(self.idle_limit);
                if let Some(deadline) = deadline {
                    self.idle.as_mut().reset(deadline);
                }
                Poll::Ready(item.map(|chunk| {
                    chunk.map_err(|error| Error::Transport {
                        operation,
                        attempts,
                        error: error.without_url(),
                    })
                }))
            }
            Poll::Pending => match self.idle.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    let after = self.idle_limit;
                    // Ends the stream: the next poll reads nothing more.
                    self.inner = Box::pin(futures_util::stream::empty());
                    Poll::Ready(Some(Err(Error::Timeout {
                        operation,
                        after,
                        limit: crate::error::TimeLimit::DownloadIdle,
                        attempts,
                    })))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}
