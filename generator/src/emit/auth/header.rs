//! `header`: an API key in a named header, with an optional prefix (none by default: the
//! bare key).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let name = scheme
        .param
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let prefix = &scheme.prefix;
    quote! {
        let value = format!("{}{}", #prefix, self.key.expose_secret());
        attempt.header(#name, &value, true)
    }
}
