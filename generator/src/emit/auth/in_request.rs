//! `in_request`: credentials carried inside the request itself, as named JSON body fields on
//! requests with a JSON body and as named query parameters otherwise. Which fields an
//! operation gets is decided per operation in the model (the ones its spec declares).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let variant = super::super::tokens::ident(&scheme.type_name);
    quote! {
        for (_, index, name) in fields.query.iter().filter(|f| f.0 == Scheme::#variant) {
            request.query(name, &self.value(*index));
        }
        let body: Vec<_> = fields.body.iter().filter(|f| f.0 == Scheme::#variant).collect();
        if body.is_empty() {
            return Ok(());
        }
        if matches!(request.body, Body::Empty) {
            request.body = Body::Json(serde_json::Value::Object(serde_json::Map::new()));
        }
        if let Body::Json(serde_json::Value::Object(object)) = &mut request.body {
            for (_, index, name) in body {
                object.insert(name.to_string(), serde_json::Value::String(self.value(*index)));
            }
            // The body may now go to the call's origin only (see `redirect.rs`).
            request.body_credentials = true;
        }
        Ok(())
    }
}

/// `fn value(&self, index)`: the credential at an index, as text.
pub fn value_fn(scheme: &AuthScheme) -> TokenStream {
    let arms = scheme.credentials.iter().enumerate().map(|(i, c)| {
        let field = super::super::tokens::ident(&c.name);
        let value = if c.secret {
            quote!(self.#field.expose_secret().to_string())
        } else {
            quote!(self.#field.clone())
        };
        quote!(#i => #value,)
    });
    quote! {
        fn value(&self, index: usize) -> String {
            match index {
                #(#arms)*
                _ => String::new(),
            }
        }
    }
}
