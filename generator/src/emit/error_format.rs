//! `src/error_format.rs`: where this provider puts message, code and retry delay in its error
//! bodies, its advice per status, and the typed error body.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::rust_type;
use crate::model::Api;

pub fn emit(api: &Api) -> TokenStream {
    let e = &api.errors;
    let opt = |v: &Option<String>| match v {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    let (message, code, retry_after) = (opt(&e.message), opt(&e.code), opt(&e.retry_after));
    let description = opt(&e.description);
    let hints = e
        .hints
        .iter()
        .map(|(status, hint)| quote!((#status, #hint)));
    let typed = e.body.as_ref().map(|ty| {
        let ty = rust_type(ty, &quote!(crate::types::));
        quote! {
            impl ApiError {
                /// The body decoded as this API's documented error type, if it matches.
                pub fn error_body(&self) -> Option<#ty> {
                    self.decode()
                }
            }
        }
    });
    let import = typed.is_some().then(|| {
        quote!(
            use crate::error::ApiError;
        )
    });
    quote! {
        //! This provider's error format.

        #import
        use crate::error::ErrorFormat;

        pub(crate) static ERROR_FORMAT: ErrorFormat = ErrorFormat {
            message: #message,
            description: #description,
            code: #code,
            retry_after: #retry_after,
            hints: &[#(#hints),*],
        };

        #typed
    }
}
