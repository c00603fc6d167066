//! `basic`: `Authorization: Basic base64(username:password)` (RFC 7617).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(_scheme: &AuthScheme) -> TokenStream {
    quote! {
        use base64::Engine as _;
        let pair = format!("{}:{}", self.username.expose_secret(), self.password.expose_secret());
        let value = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair));
        attempt.header("authorization", &value, true)
    }
}
