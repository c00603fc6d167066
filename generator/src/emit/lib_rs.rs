//! `src/lib.rs`: crate docs, modules and the public surface.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_lines, ident};
use crate::model::Api;

pub fn emit(api: &Api, extras: &crate::extras::Extras) -> TokenStream {
    let mut text = vec![format!("# {}", api.title), String::new()];
    if let Some(d) = &api.description {
        text.extend(doc_lines(d));
        text.push(String::new());
    }
    text.push(format!(
        "A client for version `{}` of this API, generated from its OpenAPI description. See the crate's README for authentication and an example per operation.",
        api.spec_version
    ));
    let crate_doc = text.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    let schemes = api.auth.iter().map(|s| ident(&s.type_name));
    let multipart = api.uses_multipart().then(|| {
        quote!(
            mod multipart;
            pub use multipart::{ChunkStream, FilePart};
        )
    });
    let pagination = api.uses_pagination().then(|| {
        quote!(
            mod pagination;
            pub use pagination::{Items, Pages};
        )
    });
    let download = api.uses_stream().then(|| {
        quote!(
            mod download;
            pub use download::ByteStream;
        )
    });
    let extras = (!extras.modules.is_empty()).then(|| {
        quote!(
            pub mod extras;
        )
    });
    // Without operations nothing signs a request: the signing code is unused.
    let auth_allow = api
        .operations
        .is_empty()
        .then(|| quote!(#[allow(dead_code)]));
    quote! {
        #(#crate_doc)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // Doc text comes from the spec as written.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        #auth_allow
        mod auth;
        mod client;
        mod error;
        mod error_format;
        pub mod operations;
        mod request;
        mod retry;
        mod transport;
        pub mod types;
        #multipart
        #download
        #pagination
        #extras

        pub use auth::{Credentials, #(#schemes),*};
        pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
        pub use error::{ApiError, Error};
        pub use transport::{CallOptions, RetryPolicy};
    }
}
