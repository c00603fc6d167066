//! The documented response headers: one struct per operation (`<Operation>Headers`) and the
//! builder's `send_with_headers`, which returns it beside the decoded body.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{doc, docs, ident, rust_type};
use crate::model::{Operation, ResponseHeaders};

/// `pub struct <Operation>Headers { .. }` and its parser.
pub(super) fn headers_struct(op: &Operation, h: &ResponseHeaders) -> TokenStream {
    let name = ident(&h.name);
    let intro = doc(&format!(
        "The response headers [`Client::{}`] documents, parsed: each is `None` when the server left it out or sent a value its schema does not allow (every header as received is in [`WithHeaders::raw_headers`](crate::WithHeaders::raw_headers)). Returned by [`{}::send_with_headers`].",
        op.method, op.builder
    ));
    let fields = h.headers.iter().map(|header| {
        let field = ident(&header.name);
        let ty = rust_type(&header.ty, &quote!(types::));
        let mut d = header.docs.clone();
        let what = format!("The `{}` header.", header.wire);
        d.description = Some(match d.description.take() {
            Some(text) if !text.trim().is_empty() => format!("`{}`: {}", header.wire, text.trim()),
            _ => what,
        });
        let d = docs(&d);
        quote!(#d pub #field: Option<#ty>,)
    });
    let parsed = h.headers.iter().map(|header| {
        let field = ident(&header.name);
        let wire = &header.wire;
        quote!(#field: transport::header_as(headers, #wire),)
    });
    quote! {
        #intro
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            fn parse(headers: &reqwest::header::HeaderMap) -> Self {
                Self { #(#parsed)* }
            }
        }
    }
}

/// The builder's `send_with_headers`: `send`, with the documented headers parsed.
pub(super) fn send_with_headers(
    h: &ResponseHeaders,
    output: &TokenStream,
    decoder: &TokenStream,
) -> TokenStream {
    let name = ident(&h.name);
    let listed = h
        .headers
        .iter()
        .map(|header| format!("`{}`", header.wire))
        .collect::<Vec<_>>()
        .join(", ");
    let d = doc(&format!(
        "Sends the request, like [`send`](Self::send), and returns the body with the response headers the spec documents ({listed}) parsed into [`{}`], the status, and every header as received.",
        h.name
    ));
    quote! {
        #d
        pub fn send_with_headers(self) -> Pending<transport::WithHeaders<#output, #name>> {
            let core = std::sync::Arc::clone(&self.client.core);
            transport::call(core, self.into_request(Self::OPERATION), |response| {
                transport::with_headers(response, #name::parse, #decoder)
            })
        }
    }
}
