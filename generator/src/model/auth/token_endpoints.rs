//! Where an OAuth 2.0 scheme's client obtains tokens itself: the client-credentials grant's
//! `tokenUrl`, and the endpoint that exchanges refresh tokens, read from the scheme's
//! `flows` (OpenAPI 3.0–3.2) and completed by provider.toml's `token_url`. A URL relative to
//! the API's server (which OpenAPI allows) is resolved once the base URL is known.

use serde_json::Value;

use super::super::{AuthScheme, TokenEndpoints};
use crate::config::AuthConfig;

/// The flows that issue refresh tokens (the implicit flow never does).
const REFRESHING_FLOWS: [&str; 4] = [
    "authorizationCode",
    "deviceAuthorization",
    "password",
    "clientCredentials",
];

/// The endpoints of an `oauth2` or `openIdConnect` scheme (`scheme`), over which
/// provider.toml's `token_url` wins.
pub fn read(scheme: &Value, extra: &AuthConfig) -> TokenEndpoints {
    let flow_url = |flow: &str, key: &str| {
        scheme
            .pointer(&format!("/flows/{flow}/{key}"))
            .and_then(Value::as_str)
            .filter(|url| !url.trim().is_empty())
            .map(str::to_string)
    };
    let refresh = REFRESHING_FLOWS
        .iter()
        .find_map(|flow| flow_url(flow, "refreshUrl").or_else(|| flow_url(flow, "tokenUrl")));
    let mut endpoints = TokenEndpoints {
        client_credentials: flow_url("clientCredentials", "tokenUrl"),
        refresh,
        client_env: None,
    };
    if let Some(url) = &extra.token_url {
        endpoints.client_credentials = Some(url.clone());
        endpoints.refresh = Some(url.clone());
    }
    endpoints
}

/// Resolves token URLs relative to the API's base URL (`/oauth/token` against
/// `https://api.example.com/v1` is `https://api.example.com/oauth/token`); one that cannot be
/// resolved (no absolute base URL) is dropped: the caller then names the endpoint itself
/// through its own token source.
pub fn resolve(auth: &mut [AuthScheme], base_url: &str) {
    for tokens in auth.iter_mut().filter_map(|s| s.tokens.as_mut()) {
        for url in [&mut tokens.client_credentials, &mut tokens.refresh] {
            *url = url.take().and_then(|u| absolute(&u, base_url));
        }
    }
}

fn absolute(url: &str, base_url: &str) -> Option<String> {
    let scheme = |text: &str| text.starts_with("https://") || text.starts_with("http://");
    if scheme(url) {
        return Some(url.to_string());
    }
    if !scheme(base_url) {
        return None;
    }
    let authority_start = base_url.find("://")? + 3;
    let origin_end = base_url[authority_start..]
        .find('/')
        .map_or(base_url.len(), |i| authority_start + i);
    Some(match url.strip_prefix('/') {
        Some(path) => format!("{}/{path}", &base_url[..origin_end]),
        None => format!("{}/{url}", base_url.trim_end_matches('/')),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flows_give_the_grants_their_endpoints() {
        let scheme = json!({"type": "oauth2", "flows": {
            "authorizationCode": {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token", "refreshUrl": "https://a/refresh", "scopes": {}},
            "clientCredentials": {"tokenUrl": "https://a/cc", "scopes": {}}
        }});
        let endpoints = read(&scheme, &AuthConfig::default());
        assert_eq!(
            endpoints.client_credentials.as_deref(),
            Some("https://a/cc")
        );
        assert_eq!(endpoints.refresh.as_deref(), Some("https://a/refresh"));

        let implicit = json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}});
        assert_eq!(
            read(&implicit, &AuthConfig::default()),
            TokenEndpoints::default()
        );

        let config = AuthConfig {
            token_url: Some("https://b/token".into()),
            ..AuthConfig::default()
        };
        let endpoints = read(&implicit, &config);
        assert_eq!(
            endpoints.client_credentials.as_deref(),
            Some("https://b/token")
        );
        assert_eq!(endpoints.refresh.as_deref(), Some("https://b/token"));
    }

    #[test]
    fn relative_token_urls_resolve_against_the_server() {
        let base = "https://api.example.com/v1";
        assert_eq!(
            absolute("/oauth/token", base).as_deref(),
            Some("https://api.example.com/oauth/token")
        );
        assert_eq!(
            absolute("oauth/token", base).as_deref(),
            Some("https://api.example.com/v1/oauth/token")
        );
        assert_eq!(absolute("https://x/t", "").as_deref(), Some("https://x/t"));
        assert_eq!(absolute("/t", ""), None);
        assert_eq!(absolute("/t", "{server}/v1"), None);
    }
}
