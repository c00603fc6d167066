//! Making a call: the futures `send` returns. One async path shared by every operation
//! (`call_decoded` for a body read whole, `call` for the rest), so a crate does not compile an
//! async state machine per operation.

// Every generated crate carries this file whole; each uses the paths its operations need.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;

use crate::error::Error;
use crate::request::Request;
use crate::response::{Fetched, RawResponse, Response, raw};
use crate::transport::{CallOptions, Core, Pending};

/// [`call`] for `send_raw`, the same function for every operation: a closure of its own per
/// operation would compile one more async block per operation.
#[allow(dead_code)]
pub(crate) fn call_raw(
    core: std::sync::Arc<Core>,
    operation: &'static str,
    request: Result<(Request, CallOptions), Error>,
) -> Pending<RawResponse> {
    call(core, request, move |response| raw(operation, response))
}

/// A call whose 2xx body is read whole, then decoded by `decode` (`decode_json`,
/// `decode_text`, `decode_empty`): sending, retrying and reading are one async function for
/// every operation, and per response type only `decode` and a small `poll` are compiled (an
/// async block per operation was most of the call path's build time).
pub(crate) fn call_decoded<T: 'static>(
    core: std::sync::Arc<Core>,
    operation: &'static str,
    request: Result<(Request, CallOptions), Error>,
    decode: fn(&'static str, Fetched) -> Result<T, Error>,
) -> Pending<T> {
    Box::pin(Decoding {
        fetching: fetch_whole(core, request),
        operation,
        decode,
    })
}

type Fetching = Pin<Box<dyn Future<Output = Result<Fetched, Error>> + Send + 'static>>;

fn fetch_whole(
    core: std::sync::Arc<Core>,
    request: Result<(Request, CallOptions), Error>,
) -> Fetching {
    Box::pin(async move {
        let (request, options) = request?;
        let response = core.execute(&request, &options).await?;
        crate::response::fetch(response).await
    })
}

/// [`call_decoded`]'s future: the shared fetch, then the decoding of its bytes.
struct Decoding<T> {
    fetching: Fetching,
    operation: &'static str,
    decode: fn(&'static str, Fetched) -> Result<T, Error>,
}

impl<T> Future for Decoding<T> {
    type Output = Result<T, Error>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let fetched = std::task::ready!(self.fetching.as_mut().poll(cx));
        std::task::Poll::Ready(fetched.and_then(|f| (self.decode)(self.operation, f)))
    }
}

/// Executes a built request (or returns the error that kept it from being built) and reads
/// the 2xx response with `decode`.
pub(crate) fn call<T, F, Fut>(
    core: std::sync::Arc<Core>,
    request: Result<(Request, CallOptions), Error>,
    decode: F,
) -> Pending<T>
where
    F: FnOnce(Response) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, Error>> + Send + 'static,
{
    Box::pin(async move {
        let (request, options) = request?;
        let response = core.execute(&request, &options).await?;
        decode(response).await
    })
}
