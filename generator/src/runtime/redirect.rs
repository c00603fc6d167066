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

use reqwest::header::{COOKIE, LOCATION};
use reqwest::{Method, Url};

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
    /// Sends one attempt and follows its redirects.
    pub(crate) async fn send(&self, call: &Call<'_>) -> Result<reqwest::Response, Error> {
        let operation = call.request.operation;
        let transport = |source: reqwest::Error| Error::Transport {
            operation,
            source: source.without_url(),
        };
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        let origin = call.base_url.origin();
        let mut url = url_for(&call.base_url, call.request);
        let mut hop = Hop {
            repeat: true,
            on_origin: true,
        };
        for _ in 0..=MAX_REDIRECTS {
            let request = self.build(call, url.clone(), hop).await?;
            let response = self.http.execute(request).await.map_err(transport)?;
            let status = response.status();
            let location = response.headers().get(LOCATION);
            let (true, Some(location)) = (status.is_redirection(), location) else {
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
        Err(invalid(format!("more than {MAX_REDIRECTS} redirects")))
    }

    /// The request of one hop. On the call's origin: every header (credentials included),
    /// the call's own headers and the idempotency key. Off it: only headers the operation
    /// set that are not credentials, and no cookie.
    async fn build(&self, call: &Call<'_>, url: Url, hop: Hop) -> Result<reqwest::Request, Error> {
        let request = call.request;
        let method = if hop.repeat {
            request.method.clone()
        } else {
            Method::GET
        };
        let mut builder = self.http.request(method, url);
        if hop.repeat || hop.on_origin {
            // Appended one by one: the same headers as a cloned map, without building one.
            for (name, value) in &request.headers {
                if hop.on_origin || !(value.is_sensitive() || name == COOKIE) {
                    builder = builder.header(name.clone(), value.clone());
                }
            }
        }
        builder = builder.header(reqwest::header::USER_AGENT, self.user_agent.clone());
        if let (true, Some((name, value))) = (hop.repeat, &call.idempotency) {
            builder = builder.header(name.clone(), value.clone());
        }
        let body = if hop.repeat {
            &request.body
        } else {
            &Body::Empty
        };
        builder = match body {
            Body::Empty => builder,
            Body::Json(value) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(value).unwrap_or_default()),
            Body::Bytes { data, content_type } => builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
            Body::Form(fields) => builder
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(crate::request::form_urlencoded(fields)),
            // runtime:if multipart
            Body::Multipart(parts) => {
                builder.multipart(crate::multipart::form(request.operation, parts).await?)
            } // runtime:end
        };
        if hop.on_origin {
            for (name, value) in &call.options.headers {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes());
                let value = reqwest::header::HeaderValue::from_str(value);
                let (Ok(name), Ok(value)) = (name, value) else {
                    return Err(Error::InvalidRequest {
                        operation: request.operation,
                        message: "an extra header is not a valid header name or value".to_string(),
                    });
                };
                builder = builder.header(name, value);
            }
        }
        builder.build().map_err(|e| Error::InvalidRequest {
            operation: request.operation,
            message: e.without_url().to_string(),
        })
    }
}
