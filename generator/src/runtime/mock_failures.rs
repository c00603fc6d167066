//! The failed connections a mock rule can answer with (`Respond::connection_reset`,
//! `connection_refused`): a body that breaks, and a connector whose connections all fail,
//! both as reqwest would meet them on a network.

use std::marker::PhantomData;

use bytes::Bytes;

/// A body whose connection breaks before its first byte.
pub(crate) struct Broken;

impl http_body::Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by the mock",
        ))))
    }
}

impl From<Broken> for reqwest::Body {
    fn from(body: Broken) -> reqwest::Body {
        reqwest::Body::wrap(body)
    }
}

/// A connector layer whose connections all fail at once.
#[derive(Clone, Copy)]
pub(crate) struct RefuseLayer;

#[derive(Clone, Copy)]
pub(crate) struct Refuse<S>(PhantomData<fn() -> S>);

impl<S> tower_layer::Layer<S> for RefuseLayer {
    type Service = Refuse<S>;

    fn layer(&self, _: S) -> Refuse<S> {
        Refuse(PhantomData)
    }
}

impl<S, R> tower_service::Service<R> for Refuse<S>
where
    S: tower_service::Service<R>,
    S::Error: From<std::io::Error>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = std::future::Ready<Result<S::Response, S::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: R) -> Self::Future {
        std::future::ready(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused by the mock",
        )
        .into()))
    }
}
