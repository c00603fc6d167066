//! Redirects, followed here rather than by reqwest: reqwest strips only `Authorization` and
//! cookies when a redirect leaves the host, so an API key in another header, the query or
//! the body would reach a storage or CDN host.
//!
//! The rule: credentials belong to the origin the call was configured for (its base URL).
//! Hops on that origin carry them; once a hop leaves it, no later hop of that attempt
//! carries any credential, even one that comes back (`A → B → A`), since B chose where
//! the request goes next.

// Every generated crate carries this file whole.
#![allow(dead_code)]

use bytes::Bytes;
use reqwest::header::{
    CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, LOCATION, USER_AGENT,
};
use reqwest::{Method, Url};

use crate::authorize::Attempt;
use crate::error::Error;
use crate::request::Body;
use crate::transport::{Call, Core, url_for};

/// Redirects followed for one attempt.
const MAX_REDIRECTS: usize = 10;

/// What a hop sends: which method and body, and whether credentials go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hop {
    /// 307/308 (and the first request): the method and body as they were; else a `GET`.
    repeat: bool,
    /// Still on the call's origin: credentials and per-call headers go too.
    on_origin: bool,
}

impl Core {
    /// One request and its response: over the network, or from the test double's rules.
    async fn exchange(
        &self,
        call: &Call<'_>,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.mock {
            return mock.answer(call.request, request).await;
        }
        let _ = call;
        self.http.execute(request).await
    }

    /// Sends one attempt and follows its redirects.
    pub(crate) async fn send(&self, call: &Call<'_>) -> Result<reqwest::Response, Error> {
        let operation = call.request.operation;
        let transport = |error: reqwest::Error| Error::Transport {
            operation,
            attempts: 1,
            error: error.without_url(),
        };
        // Requests went out: the error says how many (the transport adds the attempts).
        let refused = |message: String, requests: u32| Error::Redirect {
            operation,
            message,
            requests,
            attempts: 1,
        };
        let origin = call.base_url.origin();
        let mut url = url_for(&call.base_url, call.request);
        let mut hop = Hop {
            repeat: true,
            on_origin: true,
        };
        for sent in 1..=MAX_REDIRECTS as u32 + 1 {
            let invalid = |message: String| refused(message, sent);
            let request = self.build(call, url.clone(), hop).await?;
            let response = self.exchange(call, request).await.map_err(transport)?;
            let status = response.status();
            let location = response.headers().get(LOCATION);
            let (true, Some(location)) = (status.is_redirection(), location) else {
                // runtime:if oauth2
                call.off_origin
                    .store(!hop.on_origin, std::sync::atomic::Ordering::Relaxed);
                // runtime:end
                return Ok(response);
            };
            let location = location.to_str().map_err(|_| {
                invalid("the server redirected to a location that is not text".to_string())
            })?;
            let next = url.join(location).map_err(|e| {
                invalid(format!("the server redirected to an invalid location: {e}"))
            })?;
            if url.scheme() == "https" && next.scheme() != "https" {
                return Err(invalid(
                    "refusing a redirect from https to a plain-text URL".to_string(),
                ));
            }
            hop = Hop {
                repeat: matches!(status.as_u16(), 307 | 308),
                on_origin: hop.on_origin && next.origin() == origin,
            };
            if hop.repeat && !hop.on_origin && call.request.body_credentials {
                return Err(invalid(format!(
                    "refusing a {} redirect to another origin: it would re-send the request body, which carries credentials",
                    status.as_u16()
                )));
            }
            url = next;
        }
        let message = format!("more than {MAX_REDIRECTS} redirects");
        Err(refused(message, MAX_REDIRECTS as u32 + 1))
    }

    /// The request of one hop. On the call's origin: every header of the operation, the
    /// call's own headers (replacing the operation's of the same name), the idempotency key,
    /// and the credentials the authorisation step applies to this hop. Off it: the headers
    /// the operation set that are not credentials (the caller did not replace), no cookie,
    /// and no credential.
    async fn build(&self, call: &Call<'_>, url: Url, hop: Hop) -> Result<reqwest::Request, Error> {
        let request = call.request;
        let operation = request.operation;
        let invalid = |message: &str| Error::InvalidRequest {
            operation,
            message: message.to_string(),
        };
        let method = if hop.repeat {
            request.method.clone()
        } else {
            Method::GET
        };
        let body = if hop.repeat {
            &request.body
        } else {
            &Body::Empty
        };
        // The operation's headers go on every hop (`Accept`, header parameters), but for
        // credentials and cookies once the hop has left the call's origin.
        // Room for what is added below (user agent, idempotency key, content type,
        // credentials), so that the map does not grow on the way.
        let mut headers = HeaderMap::with_capacity(request.headers.len() + 4);
        for (name, value) in &request.headers {
            if hop.on_origin || !(value.is_sensitive() || name == COOKIE) {
                headers.append(name.clone(), value.clone());
            }
        }
        headers.append(USER_AGENT, self.user_agent.clone());
        if let (true, Some((name, value))) = (hop.repeat, &call.idempotency) {
            headers.append(name.clone(), value.clone());
        }
        // The body as bytes, once: the authorisation step may sign it. A multipart body is
        // a stream, built below.
        let (content_type, bytes) = match body {
            Body::Empty => (None, Some(Bytes::new())),
            Body::Json(value) => (
                Some("application/json"),
                Some(Bytes::from(serde_json::to_vec(value).unwrap_or_default())),
            ),
            Body::Bytes { data, content_type } => (Some(content_type.as_str()), Some(data.clone())),
            Body::Form(fields) => (
                Some("application/x-www-form-urlencoded"),
                Some(Bytes::from(crate::request::form_urlencoded(fields))),
            ),
            // runtime:if multipart
            Body::Multipart(_) => (None, None),
            // runtime:end
        };
        if let Some(content_type) = content_type {
            let value = HeaderValue::from_str(content_type)
                .map_err(|_| invalid("the body's media type is not a valid header value"))?;
            headers.append(CONTENT_TYPE, value);
        }
        let mut url = url;
        // A per-call header replaces the operation's header of the same name (`Accept`
        // included), on every hop; several per-call values of one name are all sent. It may
        // carry a credential, so it goes to the call's origin only: off it, neither it nor
        // the header it replaced is sent.
        let mut replaced = Vec::new();
        for (name, value) in &call.options.headers {
            let name = HeaderName::from_bytes(name.as_bytes());
            let value = HeaderValue::from_str(value);
            let (Ok(name), Ok(value)) = (name, value) else {
                return Err(invalid(
                    "an extra header is not a valid header name or value",
                ));
            };
            if !replaced.contains(&name) {
                headers.remove(&name);
                replaced.push(name.clone());
            }
            if hop.on_origin {
                headers.append(name, value);
            }
        }
        if hop.on_origin
            && let Some(auth) = &request.auth
        {
            auth.authorize(&mut Attempt {
                operation,
                method: &method,
                url: &mut url,
                headers: &mut headers,
                body: bytes.as_deref(),
            })?;
        }
        // runtime:if multipart
        if let (None, Body::Multipart(parts)) = (&bytes, body) {
            let form = crate::multipart::form(operation, parts).await?;
            let builder = self.http.request(method, url).headers(headers);
            return built(operation, builder.multipart(form));
        }
        // runtime:end
        let bytes = bytes.filter(|_| !matches!(body, Body::Empty));
        if !url.username().is_empty() || url.password().is_some() || !url.has_host() {
            // reqwest's builder turns a URL's userinfo into an `Authorization` header, and
            // refuses a URL without a host.
            let builder = self.http.request(method, url).headers(headers);
            return built(
                operation,
                match bytes {
                    Some(bytes) => builder.body(bytes),
                    None => builder,
                },
            );
        }
        // The request as the builder would make it, without its copy of every header.
        let mut outgoing = reqwest::Request::new(method, url);
        *outgoing.headers_mut() = headers;
        *outgoing.body_mut() = bytes.map(reqwest::Body::from);
        Ok(outgoing)
    }
}

/// The request a builder made, or why it could not (a URL reqwest refuses).
fn built(
    operation: &'static str,
    builder: reqwest::RequestBuilder,
) -> Result<reqwest::Request, Error> {
    builder.build().map_err(|e| Error::InvalidRequest {
        operation,
        message: e.without_url().to_string(),
    })
}
