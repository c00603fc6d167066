//! `cookie`: an API key in a named cookie (`apiKey` with `in: cookie`). The operation's own
//! cookie parameters, if any, are already in the `Cookie` header when the request is signed;
//! the key is appended to them (`Cookie: theme=dark; session=<key>`), never replacing them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let name = scheme.param.clone().unwrap_or_default();
    quote! {
        let pair = format!("{}={}", #name, self.key.expose_secret());
        let value = match attempt.headers.get("cookie").and_then(|v| v.to_str().ok()) {
            Some(cookies) if !cookies.is_empty() => format!("{cookies}; {pair}"),
            _ => pair,
        };
        attempt.header("cookie", &value, true)
    }
}
