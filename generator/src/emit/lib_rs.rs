//! `src/lib.rs`: crate docs, modules and the public surface.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::model::Api;

/// Runtime modules of auth templates that callers use by name.
const PUBLIC_RUNTIME_MODULES: &[&str] = &["oauth2"];

pub fn emit(api: &Api, extras: &crate::load::extras::Extras) -> TokenStream {
    // The README is the crate's documentation: what a user reads on the repository is what
    // rustdoc shows, and its examples are doctests (see `emit/examples.rs`).
    let crate_doc = quote!(#![doc = include_str!("../README.md")]);
    let schemes = api.auth.iter().map(|s| ident(&s.type_name));
    let multipart = api.needs.multipart.then(|| {
        quote!(
            mod multipart;
            pub use multipart::{ChunkStream, FilePart};
        )
    });
    let pagination = api.needs.pagination.then(|| {
        quote!(
            mod pagination;
            pub use pagination::{Items, Pages};
        )
    });
    // The runtime files the auth templates in use call (`signing.rs` → `mod signing;`);
    // `oauth2` is public: callers build token sources and read token errors from it.
    let template_modules = api.needs.template_runtime.iter().map(|file| {
        let name = file.trim_end_matches(".rs");
        let module = ident(name);
        if PUBLIC_RUNTIME_MODULES.contains(&name) {
            quote!(pub mod #module;)
        } else {
            quote!(mod #module;)
        }
    });
    let nullable = api.needs.nullable.then(|| {
        quote!(
            mod nullable;
        )
    });
    let download =
        (api.needs.stream || api.needs.json_lines || api.needs.event_stream).then(|| {
            quote!(
                mod download;
                pub use download::ByteStream;
            )
        });
    let with_headers = api.needs.response_headers.then(|| {
        quote!(
            pub use transport::WithHeaders;
        )
    });
    let lines = api.needs.json_lines.then(|| {
        quote!(
            mod lines;
            pub use lines::JsonLines;
        )
    });
    let sse = api.needs.event_stream.then(|| {
        quote!(
            mod sse;
            pub use sse::{EventStream, ServerSentEvent};
        )
    });
    // Structs behind cargo features that are all off would leave it unused.
    let object_decoders = super::object_decode::any(api).then(|| {
        quote!(
            #[allow(dead_code)]
            mod de;
        )
    });
    let webhooks = api.webhooks.as_ref().map(|hooks| {
        let gate = hooks
            .feature
            .as_ref()
            .map(|feature| quote!(#[cfg(feature = #feature)]));
        quote!(
            #gate
            pub mod webhooks;
            #gate
            // One crate uses one signature scheme of the two.
            #[allow(dead_code)]
            mod webhook_signature;
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
    // Deprecated types and fields are still used by this crate's own code (derives, other
    // types, operations); only callers should see the warnings.
    let server_use = api.server_template.is_some().then(|| {
        quote!(
            pub use client::{SERVER_URL_TEMPLATE, SERVER_VARIABLES};
        )
    });
    let deprecated_allow = api.needs.deprecated.then(|| quote!(#![allow(deprecated)]));
    // A build with every tag feature off has no operation to use the request machinery.
    let tags: Vec<&str> = api
        .features
        .iter()
        .filter(|f| f.name != crate::model::webhooks::FEATURE)
        .map(|f| f.name.as_str())
        .collect();
    let no_operations_allow = (!tags.is_empty())
        .then(|| quote!(#![cfg_attr(not(any(#(feature = #tags),*)), allow(dead_code))]));
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #deprecated_allow
        #no_operations_allow
        // Doc text comes from the spec as written.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        #auth_allow
        mod auth;
        mod authorize;
        mod call;
        mod client;
        mod error;
        mod error_text;
        mod error_format;
        pub mod operations;
        mod params;
        mod redirect;
        mod request;
        mod response;
        mod retry;
        mod transport;
        pub mod types;
        /// Test doubles: a client that answers from rules instead of the network (the
        /// `mock` feature; see the README's "Testing without a network").
        #[cfg(feature = "mock")]
        pub mod mock;
        #[cfg(feature = "mock")]
        mod mock_failures;
        #multipart
        #download
        #lines
        #sse
        #pagination
        #(#template_modules)*
        #nullable
        #object_decoders
        #webhooks
        #extras

        pub use auth::{Credentials, #(#schemes),*};
        pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
        #server_use
        pub use error::{ApiError, Error, TimeLimit};
        #with_headers
        pub use transport::{
            CallOptions, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_MAX_RESPONSE_BYTES, Pending, RawResponse, RetryPolicy,
        };
        #[allow(deprecated)]
        pub use transport::DEFAULT_TIMEOUT;
        /// The `reqwest` this crate is built on: build the client you pass to
        /// [`ClientBuilder::http_client`] with it, and the versions always match.
        pub use reqwest;
        /// The `serde_json` of this crate's free-form values (`serde_json::Value`) and
        /// `json!` bodies, at the version the crate uses.
        pub use serde_json;
    }
}
