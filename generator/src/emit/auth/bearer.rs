//! `bearer`: `Authorization: Bearer <token>` (RFC 6750). OAuth2 and OpenID Connect schemes
//! use it too, with a token the caller obtains.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(_scheme: &AuthScheme) -> TokenStream {
    quote! {
        let value = format!("Bearer {}", self.token.expose_secret());
        attempt.header("authorization", &value, true)
    }
}
