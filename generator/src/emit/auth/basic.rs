//! `basic`: `Authorization: Basic base64(username:password)` (RFC 7617).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(_scheme: &AuthScheme) -> TokenStream {
    // Written into one buffer (no formatting machinery): this runs on every attempt.
    quote! {
        use base64::Engine as _;
        let (username, password) = (self.username.expose_secret(), self.password.expose_secret());
        let mut pair = String::with_capacity(username.len() + 1 + password.len());
        pair.push_str(username);
        pair.push(':');
        pair.push_str(password);
        let mut value = String::with_capacity(6 + pair.len().div_ceil(3) * 4);
        value.push_str("Basic ");
        base64::engine::general_purpose::STANDARD.encode_string(pair, &mut value);
        attempt.authorization(value)
    }
}
