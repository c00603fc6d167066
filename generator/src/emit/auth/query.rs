//! `query`: an API key in a named query parameter.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let name = scheme.param.clone().unwrap_or_default();
    quote! {
        attempt.query(#name, self.key.expose_secret());
        Ok(())
    }
}
