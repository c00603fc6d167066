//! `bearer`: `Authorization: Bearer <token>` (RFC 6750), a token the caller gives. OAuth 2.0
//! and OpenID Connect schemes have their own template (`oauth2.rs`), which also fetches tokens.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(_scheme: &AuthScheme) -> TokenStream {
    quote! {
        attempt.bearer(self.token.expose_secret())
    }
}
