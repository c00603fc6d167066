//! `src/operations.rs`: one client method and one fluent request builder per operation.
//!
//! Style: `client.get_media(id).send().await`. Required parameters are method arguments, so
//! a call cannot forget one; optional parameters are builder setters, so a provider adding
//! one does not break callers.

use proc_macro2::TokenStream;
use quote::quote;

mod alternative_bodies;
mod builder_parts;
mod headers;
mod paging;
mod request;
mod responses;

use super::tokens::{doc, docs, gated, ident};
use super::{Artefact, Items};
use crate::model::{Api, Input, Operation, ResponseKind};
use alternative_bodies::{alternative_setter, alternative_type};
use builder_parts::{StructParts, setter, struct_parts};
use headers::{headers_struct, send_with_headers};
use paging::paging;
use request::send_body;
use responses::{decoder, error_enum, output_type, response_enum};

pub fn emit(api: &Api) -> Artefact<'_> {
    let download = api.needs.stream.then(|| {
        quote!(
            use crate::download::ByteStream;
        )
    });
    let lines = api.needs.json_lines.then(|| {
        quote!(
            use crate::lines::JsonLines;
        )
    });
    let sse = api.needs.event_stream.then(|| {
        quote!(
            use crate::sse::EventStream;
        )
    });
    let multipart = match (api.needs.multipart, api.needs.file_parts) {
        (true, true) => Some(quote!(
            use crate::multipart::{FilePart, FormValue};
        )),
        (true, false) => Some(quote!(
            use crate::multipart::FormValue;
        )),
        (false, _) => None,
    };
    let pagination = api.needs.pagination.then(|| {
        quote!(
            use crate::pagination;
        )
    });
    let types = api.needs.types_in_operations.then(|| {
        quote!(
            use crate::types;
        )
    });
    let fields = api.needs.auth_fields.then(|| {
        quote!(
            use crate::auth::AuthFields;
        )
    });
    let api_error = api.needs.error_bodies.then(|| {
        quote!(
            use crate::error::ApiError;
        )
    });
    // An API without operations (a document with only webhooks) needs none of them.
    let common = (!api.operations.is_empty()).then(|| {
        quote!(
            use reqwest::Method;

            use crate::Client;
            use crate::auth::Scheme;
            use crate::error::Error;
            use crate::transport::{self, CallOptions, Pending, Request};
        )
    });
    // With features by tag, a build may compile none of the operations that use an import.
    let split = api
        .operations
        .iter()
        .any(|op| op.feature.is_some())
        .then(|| quote!(#![allow(unused_imports)]));
    let head = quote! {
        //! One method on [`Client`] per operation, each returning a request builder: set
        //! optional parameters on it, then `.send().await`.
        // Response enums hold each status's body inline, as `types.rs` does, so a match
        // reads naturally; boxing large bodies would push `Box` into every caller.
        #![allow(clippy::large_enum_variant)]
        #split

        #common
        #api_error
        #types
        #download
        #lines
        #sse
        #multipart
        #pagination
        #fields
    };
    let items = Items::new(api.operations.len(), |i| {
        let op = &api.operations[i];
        gated(op.feature.as_slice(), emit_operation(api, op))
    });
    Artefact::RustItems { head, items }
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let inputs = op.inputs();
    let method = ident(&op.method);
    let builder = ident(&op.builder);
    let required: Vec<&Input<'_>> = inputs.iter().filter(|i| i.required).collect();
    let optional: Vec<&Input<'_>> = inputs.iter().filter(|i| !i.required).collect();
    let StructParts {
        args,
        inits,
        fields,
    } = struct_parts(&inputs);
    let setters = optional.iter().map(|i| setter(i));
    let alternatives = op.body.as_ref().and_then(|b| {
        let a = b.alternatives.as_ref()?;
        Some((b, a))
    });
    let (alt_field, alt_init, alt_setters, alt_types) = match alternatives {
        None => (None, None, Vec::new(), Vec::new()),
        Some((body, alternatives)) => {
            let field = ident(&alternatives.field);
            (
                Some(quote!(#field: Option<transport::Body>,)),
                Some(quote!(#field: None,)),
                alternatives
                    .bodies
                    .iter()
                    .map(|a| alternative_setter(op, body, &alternatives.field, a))
                    .collect(),
                alternatives
                    .bodies
                    .iter()
                    .filter_map(|a| alternative_type(op, a))
                    .collect(),
            )
        }
    };
    let output = output_type(op);
    let method_doc = method_docs(op);
    let too_many = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let builder_doc = doc(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call [`send`](Self::send).",
        op.method
    ));
    let send = send_body(api, op, &inputs);
    let decoder = decoder(op);
    let send_call = responses::send_call(op);
    let operation_id = &op.operation_id;
    let paging = op.pagination.as_ref().map(|p| paging(op, p, &output));
    let response_enum = op.responses.as_ref().map(|e| response_enum(op, e));
    let error_enum = op.error_bodies.as_ref().map(|e| error_enum(api, op, e));
    let headers = op.response_headers.as_ref();
    let headers_struct = headers.map(|h| headers_struct(op, h));
    let with_headers = headers.map(|h| send_with_headers(h, &output, &decoder));
    let mock = mock_operation(op, &builder, &output);
    quote! {
        #response_enum
        #error_enum
        #headers_struct
        #(#alt_types)*

        impl Client {
            #method_doc
            #too_many
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder { client: self.clone(), #(#inits,)* #alt_init call_options: CallOptions::default() }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            client: Client,
            call_options: CallOptions,
            #(#fields)*
            #alt_field
        }

        impl #builder {
            #(#setters)*
            #(#alt_setters)*

            const OPERATION: &str = #operation_id;

            /// Sends the request; await the result.
            pub fn send(self) -> Pending<#output> {
                let core = std::sync::Arc::clone(&self.client.core);
                #send_call
            }

            #with_headers

            // `with_base_url`, `with_header`, `with_attempt_timeout`, `with_call_timeout`,
            // `with_max_response_bytes`, `with_retry_policy` and `send_raw`.
            transport::builder_methods!();

            /// The request as it will be sent, with this call's options.
            fn into_request(self, operation: &'static str) -> Result<(Request, CallOptions), Error> {
                #send
            }

            #paging
        }

        #mock
    }
}

/// The builder as the test double names the operation (`mock.on::<Builder>()`), and, when
/// one body type answers every 2xx, how a typed output becomes the server's response.
fn mock_operation(
    op: &Operation,
    builder: &impl quote::ToTokens,
    output: &TokenStream,
) -> TokenStream {
    // The runtime's `mock::operation!` writes the impls (`runtime/mock.rs`).
    let typed = match (&op.responses, &op.response) {
        (None, ResponseKind::Json(_)) => quote!(, #output, json),
        (None, ResponseKind::Text) => quote!(, #output, text),
        (None, ResponseKind::Empty) => quote!(, #output, empty),
        _ => quote!(),
    };
    quote! {
        #[cfg(feature = "mock")]
        crate::mock::operation!(#builder #typed);
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut d = docs(&op.docs);
    let permission = op
        .permission
        .as_deref()
        .map(|p| {
            format!(
                " Needs credentials with the `{}` permission.",
                p.replace('`', "'")
            )
        })
        .unwrap_or_default();
    let line = super::markdown::without_bidi(&format!(
        " `{} {}` (operation `{}`).{permission}",
        op.http_method, op.path, op.operation_id
    ));
    let sep = if op.docs.summary.is_some() || op.docs.description.is_some() {
        quote!(#[doc = ""])
    } else {
        quote!()
    };
    d.extend(quote!(#sep #[doc = #line]));
    d
}
