//! `query`: an API key in a named query parameter.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let name = scheme.param.clone().unwrap_or_default();
    quote! {
        request.query(#name, self.key.expose_secret());
        Ok(())
    }
}

pub fn explain(scheme: &AuthScheme) -> String {
    let name = scheme.param.as_deref().unwrap_or_default();
    format!("API key in the query string: `?{name}=<key>`.")
}
