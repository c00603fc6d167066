//! `oauth2`: an OAuth 2.0 (or OpenID Connect) access token sent as `Authorization: Bearer`.
//! The credential type holds a token the caller gives (`new`, as `bearer` does) or a token
//! cache over a source: the client-credentials grant and the refresh-token grant at the
//! spec's endpoints, or the caller's own. Fetching, caching and the retry after a 401 are
//! runtime code (`oauth2.rs`, `bearer_tokens.rs`); this file writes the constructors.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{doc, ident};
use crate::model::AuthScheme;

/// The credential type of an `oauth2` scheme.
pub fn credential_type(scheme: &AuthScheme, type_doc: TokenStream) -> TokenStream {
    let name = ident(&scheme.type_name);
    let label = &scheme.type_name;
    let tokens = scheme.tokens.clone().unwrap_or_default();
    let token_url = tokens.client_credentials.as_ref().map(|url| {
        quote! {
            /// The token endpoint of the client-credentials grant, from the spec.
            pub const TOKEN_URL: &'static str = #url;
        }
    });
    let refresh_url = tokens.refresh.as_ref().map(|url| {
        quote! {
            /// The endpoint that exchanges refresh tokens for access tokens, from the spec.
            pub const REFRESH_URL: &'static str = #url;
        }
    });
    let client_credentials = tokens.client_credentials.is_some().then(|| {
        quote! {
            /// Access tokens from the client-credentials grant at
            /// [`TOKEN_URL`](Self::TOKEN_URL): fetched when a call first needs one, with the
            /// scopes its operation requires, kept until shortly before they expire, fetched
            /// once however many calls wait, and replaced once when the server refuses one.
            /// For another endpoint, the secret in the request body or an `audience`, give
            /// a [`ClientCredentials`](crate::oauth2::ClientCredentials) to
            /// [`from_source`](Self::from_source).
            pub fn client_credentials(
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
            ) -> Self {
                Self::from_source(crate::oauth2::ClientCredentials::new(
                    Self::TOKEN_URL,
                    client_id,
                    client_secret,
                ))
            }
        }
    });
    let refresh_token = tokens.refresh.is_some().then(|| {
        quote! {
            /// Access tokens for a refresh token the caller obtained (through an
            /// authorization-code or device flow), exchanged at
            /// [`REFRESH_URL`](Self::REFRESH_URL) when a call needs one; `store` is read
            /// before each exchange and given the new refresh token when the server rotates
            /// it. `client_secret`: `None` for a public client.
            pub fn refresh_token(
                client_id: impl Into<String>,
                client_secret: Option<String>,
                store: std::sync::Arc<dyn crate::oauth2::RefreshTokenStore>,
            ) -> Self {
                Self::from_source(crate::oauth2::RefreshToken::new(
                    Self::REFRESH_URL,
                    client_id,
                    client_secret,
                    store,
                ))
            }
        }
    });
    let from_env = from_env(scheme);
    quote! {
        #type_doc
        #[derive(Clone)]
        pub struct #name {
            token: crate::bearer_tokens::BearerToken,
        }

        impl #name {
            #token_url
            #refresh_url

            /// An access token the caller obtained and keeps fresh (replace it on a live
            /// client with [`Client::set_credentials`](crate::Client::set_credentials)).
            pub fn new(token: impl Into<String>) -> Self {
                #name {
                    token: crate::bearer_tokens::BearerToken::Given(SecretString::from(token.into())),
                }
            }

            #client_credentials
            #refresh_token

            /// Access tokens from `source`, for a flow this crate does not run itself
            /// (authorization code, device code, a token from elsewhere); see
            /// [`token_fn`](crate::oauth2::token_fn) for a function. Tokens are cached and
            /// refreshed as with the grants above.
            pub fn from_source(source: impl crate::oauth2::TokenSource + 'static) -> Self {
                let cache = crate::oauth2::TokenCache::new(std::sync::Arc::new(source));
                #name {
                    token: crate::bearer_tokens::BearerToken::Fetched(std::sync::Arc::new(cache)),
                }
            }

            #from_env

            fn apply(
                &self,
                attempt: &mut Attempt<'_>,
                leases: &crate::bearer_tokens::Leases,
            ) -> Result<(), Error> {
                crate::bearer_tokens::authorize(attempt, &self.token, leases)
            }

            /// Asks the transport for a token with `scopes` before each attempt, when
            /// tokens are fetched.
            fn lease(
                &self,
                scopes: &'static [&'static str],
                leases: &mut crate::bearer_tokens::Leases,
            ) {
                leases.want(&self.token, scopes);
            }
        }

        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label).field("token", &self.token).finish()
            }
        }
    }
}

/// `from_env()`: the token's variable, else the client's id and secret for the
/// client-credentials grant; `None` when provider.toml names neither.
fn from_env(scheme: &AuthScheme) -> TokenStream {
    let token_var = scheme.credentials.first().and_then(|c| c.env.as_ref());
    let client = scheme
        .tokens
        .as_ref()
        .filter(|t| t.client_credentials.is_some())
        .and_then(|t| t.client_env.as_ref());
    let mut read = Vec::new();
    let mut said = Vec::new();
    if let Some(var) = token_var {
        read.push(quote!(if let Some(token) = var(#var) {
            return Some(Self::new(token));
        }));
        said.push(format!("an access token from `{var}`"));
    }
    if let Some((id, secret)) = client {
        read.push(
            quote!(if let (Some(id), Some(secret)) = (var(#id), var(#secret)) {
                return Some(Self::client_credentials(id, secret));
            }),
        );
        said.push(format!(
            "the client-credentials grant with `{id}` and `{secret}`"
        ));
    }
    if read.is_empty() {
        return quote! {
            /// `None`: provider.toml names no environment variables for this scheme.
            pub fn from_env() -> Option<Self> {
                None
            }
        };
    }
    let d = doc(&format!(
        "Reads {}; `None` unless set and not empty.",
        said.join(", else ")
    ));
    quote! {
        #d
        pub fn from_env() -> Option<Self> {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
            #(#read)*
            None
        }
    }
}
