//! Every auth template, described once: the credentials it takes, the provider.toml option
//! that names where they go, the sentence that explains it, what the generated crate needs
//! for it (dependencies, runtime files), and when it is applied. Adding a template means an
//! entry here, one file in `emit/auth/` (the code that applies it) and, if it needs one, a
//! runtime file.

use super::super::{AuthScheme, ParamLocation};
use crate::config::Template;

/// When a template's credentials are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// By the transport, before every attempt and every redirect hop that stays on the
    /// call's origin: what depends on the moment (a timestamp, a refreshed token) is
    /// computed for the request that goes out.
    PerAttempt,
    /// When the request is built: the credentials are part of its body or query
    /// (`in_request`), which every attempt then carries.
    InRequest,
}

/// What a template is (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct TemplateInfo {
    /// The name in provider.toml (`template = "…"`).
    pub name: &'static str,
    /// The credentials it takes, in order; `None`: provider.toml lists them (`credentials`).
    pub slots: Option<&'static [&'static str]>,
    /// The provider.toml key naming the header, parameter or cookie the credential goes in,
    /// when the template needs one (`header`, `param`), and where that is: a parameter of
    /// the spec with that name and place is the scheme's, not the caller's.
    pub location_key: Option<(&'static str, ParamLocation)>,
    /// Crates the applying code uses, as (name, version requirement).
    pub dependencies: &'static [(&'static str, &'static str)],
    /// Runtime files (under `generator/src/runtime/`) the applying code calls.
    pub runtime: &'static [&'static str],
    pub applied: Applied,
}

const BASE64: (&str, &str) = ("base64", "0.23.1");
const HEADER: Option<(&str, ParamLocation)> = Some(("header", ParamLocation::Header));
const QUERY: Option<(&str, ParamLocation)> = Some(("param", ParamLocation::Query));
const COOKIE: Option<(&str, ParamLocation)> = Some(("param", ParamLocation::Cookie));

impl Template {
    pub fn info(self) -> TemplateInfo {
        let info = |name, slots, location_key, applied| TemplateInfo {
            name,
            slots,
            location_key,
            dependencies: &[],
            runtime: &[],
            applied,
        };
        match self {
            Template::Basic => TemplateInfo {
                dependencies: &[BASE64],
                ..info(
                    "basic",
                    Some(&["username", "password"]),
                    None,
                    Applied::PerAttempt,
                )
            },
            Template::Bearer => info("bearer", Some(&["token"]), None, Applied::PerAttempt),
            Template::Header => info("header", Some(&["key"]), HEADER, Applied::PerAttempt),
            Template::Query => info("query", Some(&["key"]), QUERY, Applied::PerAttempt),
            Template::Cookie => info("cookie", Some(&["key"]), COOKIE, Applied::PerAttempt),
            Template::InRequest => info("in_request", None, None, Applied::InRequest),
            Template::HmacSha256 => TemplateInfo {
                dependencies: &[("hmac", "0.12.1"), ("sha2", "0.10.9")],
                runtime: &["signing.rs"],
                ..info(
                    "hmac_sha256",
                    Some(&["key_id", "secret"]),
                    HEADER,
                    Applied::PerAttempt,
                )
            },
            // `new(token)` as for `bearer`; the grants and the token cache are runtime code.
            Template::OAuth2 => TemplateInfo {
                dependencies: &[BASE64],
                runtime: &["oauth2.rs", "bearer_tokens.rs"],
                ..info("oauth2", Some(&["token"]), None, Applied::PerAttempt)
            },
        }
    }
}

impl AuthScheme {
    /// Whether the spec's parameter `wire` in `location` is the one this scheme fills in
    /// itself (the API key's header, query parameter or cookie); header names are
    /// case-insensitive.
    pub fn owns(&self, location: ParamLocation, wire: &str) -> bool {
        let Some((_, place)) = self.template.info().location_key else {
            return false;
        };
        let Some(param) = self.param.as_deref() else {
            return false;
        };
        place == location
            && match location {
                ParamLocation::Header => param.eq_ignore_ascii_case(wire),
                _ => param == wire,
            }
    }

    /// For an `in_request` scheme, the credential that travels as query parameter `wire`.
    pub fn query_credential(&self, wire: &str) -> Option<usize> {
        if self.template.info().applied != Applied::InRequest {
            return None;
        }
        self.credentials
            .iter()
            .position(|c| c.query_param.as_deref() == Some(wire))
    }

    /// Whether the scheme puts credentials into the request when it is built (see
    /// `Applied`).
    pub fn in_request(&self) -> bool {
        self.template.info().applied == Applied::InRequest
    }

    /// One sentence on what the scheme sends, for docs, the README and the API surface.
    pub fn explain(&self) -> String {
        let param = self.param.as_deref().unwrap_or_default();
        match self.template {
            Template::Basic => {
                "HTTP Basic authentication: `Authorization: Basic base64(username:password)`."
                    .to_string()
            }
            Template::Bearer => "Bearer token: `Authorization: Bearer <token>`.".to_string(),
            Template::OAuth2 => self.explain_oauth2(),
            Template::Header => {
                format!("API key in a header: `{param}: {}<key>`.", self.prefix)
            }
            Template::Query => format!("API key in the query string: `?{param}=<key>`."),
            Template::Cookie => format!("API key in a cookie: `Cookie: {param}=<key>`."),
            Template::InRequest => self.explain_in_request(),
            Template::HmacSha256 => format!(
                "HMAC-SHA256 request signature, computed for every attempt: `X-Timestamp: <unix \
                 seconds>`, `X-Nonce: <random>` and `{param}: keyId=<key_id>, signature=<hex \
                 HMAC-SHA256 with the secret of timestamp, nonce, method, path and query, and \
                 the body's SHA-256, one per line>`."
            ),
        }
    }

    fn explain_oauth2(&self) -> String {
        let mut text = "OAuth 2.0 access token: `Authorization: Bearer <token>`, given by the \
                        caller or from a token source of its own"
            .to_string();
        let tokens = self.tokens.clone().unwrap_or_default();
        let grants: Vec<String> = [
            tokens
                .client_credentials
                .map(|url| format!("the client-credentials grant at `{url}`")),
            tokens
                .refresh
                .map(|url| format!("a refresh token exchanged at `{url}`")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !grants.is_empty() {
            text.push_str(", or fetched and refreshed by the client through ");
            text.push_str(&grants.join(" or "));
        }
        text.push('.');
        text
    }

    fn explain_in_request(&self) -> String {
        let parts: Vec<String> = self
            .credentials
            .iter()
            .map(|c| {
                let body = c.body_field.as_deref().map(|b| format!("body field `{b}`"));
                let query = c
                    .query_param
                    .as_deref()
                    .map(|q| format!("query parameter `{q}`"));
                let places: Vec<String> = body.into_iter().chain(query).collect();
                format!("`{}` as {}", c.name, places.join(" or "))
            })
            .collect();
        format!(
            "Credentials inside the request (never in a header): {}. JSON requests carry them in the body, others in the query; each operation gets the ones its spec declares.",
            parts.join("; ")
        )
    }

    /// The scheme's environment variables for `from_env()`, as `` `NAME` `` (empty when
    /// provider.toml names none).
    pub fn env_vars(&self) -> Vec<String> {
        let mut vars: Vec<String> = self
            .credentials
            .iter()
            .filter_map(|c| c.env.as_ref())
            .map(|v| format!("`{v}`"))
            .collect();
        // An `oauth2` scheme's client-credentials grant, when it has one.
        let client = self
            .tokens
            .as_ref()
            .filter(|t| t.client_credentials.is_some())
            .and_then(|t| t.client_env.as_ref());
        if let Some((id, secret)) = client {
            vars.push(format!(
                "`{id}` and `{secret}` (the client-credentials grant)"
            ));
        }
        vars
    }
}
