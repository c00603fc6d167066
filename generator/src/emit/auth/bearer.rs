//! `bearer`: `Authorization: Bearer <token>` (RFC 6750). OAuth2 and OpenID Connect schemes
//! use it too, with a token the caller obtains.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(_scheme: &AuthScheme) -> TokenStream {
    quote! {
        let token = self.token.expose_secret();
        let mut value = String::with_capacity(7 + token.len());
        value.push_str("Bearer ");
        value.push_str(token);
        attempt.authorization(value)
    }
}
