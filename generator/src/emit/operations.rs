//! `src/operations.rs`: one client method and one fluent request builder per operation.
//!
//! Style: `client.get_media(id).send().await`. Required parameters are method arguments, so
//! a call cannot forget one; optional parameters are builder setters, so a provider adding
//! one does not break callers.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, doc_attrs, docs, gated, ident, rust_type};
use super::{Artefact, Items};
use crate::model::{
    AlternativeBody, AlternativeKind, Api, Body, BodyKind, Input, InputType, Operation,
    ParamLocation, ParamStyle, Place, ResponseKind, StatusEnum, StatusMatch, TypeRef, form_inputs,
};

pub fn emit(api: &Api) -> Artefact<'_> {
    let download = api.needs.stream.then(|| {
        quote!(
            use crate::download::ByteStream;
        )
    });
    let multipart = api.needs.multipart.then(|| {
        quote!(
            use crate::multipart::{FilePart, FormValue};
        )
    });
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
            use crate::transport::{self, CallOptions, Pending, Request, RetryPolicy};
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

/// The Rust type of an input as the builder stores it.
fn input_type(i: &Input<'_>) -> TokenStream {
    match i.ty {
        InputType::Value(ty) => rust_type(ty, &quote!(types::)),
        InputType::File => quote!(FilePart),
        InputType::Text => quote!(String),
        InputType::Bytes => quote!(bytes::Bytes),
    }
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
    let operation_id = &op.operation_id;
    let paging = op.pagination.as_ref().map(|p| paging(op, p, &output));
    let response_enum = op.responses.as_ref().map(|e| response_enum(op, e));
    let error_enum = op.error_bodies.as_ref().map(|e| error_enum(api, op, e));
    quote! {
        #response_enum
        #error_enum
        #(#alt_types)*

        impl Client {
            #method_doc
            #too_many
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #builder { client: self, #(#inits,)* #alt_init call_options: CallOptions::default() }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder<'a> {
            client: &'a Client,
            call_options: CallOptions,
            #(#fields)*
            #alt_field
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #(#alt_setters)*

            /// Sends this call to another base URL (`https://`, or `http://` on loopback).
            pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
                self.call_options.base_url = Some(url.into());
                self
            }

            /// Adds a header to this call.
            pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.call_options.headers.push((name.into(), value.into()));
                self
            }

            /// Limits each attempt of this call, sending to last byte.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call_options.timeout = Some(timeout);
                self
            }

            /// Limits this whole call, retries included.
            pub fn with_call_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call_options.call_timeout = Some(timeout);
                self
            }

            /// Caps the response body this call reads into memory, in bytes.
            pub fn with_max_response_bytes(mut self, bytes: u64) -> Self {
                self.call_options.max_response_bytes = Some(bytes);
                self
            }

            /// Retries this call with another policy (e.g. [`RetryPolicy::none`]).
            pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.call_options.retry = Some(retry);
                self
            }

            /// Sends the request; await the result.
            pub fn send(self) -> Pending<'a, #output> {
                const OPERATION: &str = #operation_id;
                let core = &self.client.core;
                transport::call(core, self.into_request(OPERATION), #decoder)
            }

            /// The request as it will be sent, with this call's options.
            fn into_request(self, operation: &'static str) -> Result<(Request, CallOptions), Error> {
                #send
            }

            #paging
        }
    }
}

/// Reads `response` as `kind`: an expression of type `Result<T, Error>`.
fn decode(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Empty => quote!(transport::empty(OPERATION, response).await),
        ResponseKind::Json(_) => quote!(transport::json(OPERATION, response).await),
        ResponseKind::Text => quote!(transport::text(OPERATION, response).await),
        ResponseKind::Binary => quote!(Ok(ByteStream::new(OPERATION, response))),
    }
}

/// The closure [`transport::call`] reads a 2xx response with: a shared helper where one
/// type fits every status, else a match on the status.
fn decoder(op: &Operation) -> TokenStream {
    match (&op.responses, &op.response) {
        (Some(e), _) => {
            let by_status = decode_by_status(e);
            quote!(|response| async move { #by_status })
        }
        (None, ResponseKind::Empty) => quote!(|response| transport::empty(OPERATION, response)),
        (None, ResponseKind::Json(_)) => quote!(|response| transport::json(OPERATION, response)),
        (None, ResponseKind::Text) => quote!(|response| transport::text(OPERATION, response)),
        (None, ResponseKind::Binary) => {
            quote!(|response| std::future::ready(Ok(ByteStream::new(OPERATION, response))))
        }
    }
}

/// Picks the success variant by status: exact codes, then `2XX`, else `Other`.
fn decode_by_status(e: &StatusEnum) -> TokenStream {
    let name = ident(&e.name);
    let mut arms = Vec::new();
    let mut fallback = None;
    for v in &e.variants {
        let variant = ident(&v.name);
        let decoded = decode(&v.kind);
        let value = match v.kind {
            ResponseKind::Empty => quote!(#decoded.map(|()| #name::#variant)),
            ResponseKind::Binary => {
                quote!(Ok(#name::#variant(ByteStream::new(OPERATION, response))))
            }
            _ => quote!(#decoded.map(#name::#variant)),
        };
        match v.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                arms.push(quote!(#code => #value,))
            }
            _ => fallback = fallback.or(Some(value)),
        }
    }
    let fallback = fallback.unwrap_or_else(|| {
        quote!(transport::bytes(OPERATION, response).await.map(|body| #name::Other { status, body }))
    });
    if arms.is_empty() {
        return quote! {
            let status = response.status();
            #fallback
        };
    }
    quote! {
        let status = response.status();
        match status.as_u16() {
            #(#arms)*
            _ => #fallback,
        }
    }
}

/// The enum of an operation's success responses, one variant per status.
fn response_enum(op: &Operation, e: &StatusEnum) -> TokenStream {
    let name = ident(&e.name);
    let doc_line = doc(&format!(
        "What [`Client::{}`] returns: its documented 2xx responses have different bodies, so there is one variant per status.",
        op.method
    ));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let d = doc(&variant_doc(&v.status, v.description.as_deref(), &v.kind));
        match &v.kind {
            ResponseKind::Empty => quote!(#d #variant,),
            kind => {
                let ty = kind_type(kind);
                quote!(#d #variant(#ty),)
            }
        }
    });
    let other = (!e.variants.iter().any(|v| v.status == StatusMatch::Range(2))).then(|| {
        quote! {
            /// A 2xx status the spec does not document, with the body as received.
            Other {
                /// The response status.
                status: reqwest::StatusCode,
                /// The body, unread by the client.
                body: bytes::Bytes,
            },
        }
    });
    let streams = e.variants.iter().any(|v| v.kind == ResponseKind::Binary);
    let derive = if streams {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc_line
        #derive
        pub enum #name {
            #(#variants)*
            #other
        }
    }
}

fn variant_doc(status: &StatusMatch, description: Option<&str>, kind: &ResponseKind) -> String {
    let what = match status {
        StatusMatch::Code(_) => format!("`{}`", status.spec_text()),
        StatusMatch::Range(_) => format!(
            "Any `{}` status without a variant of its own",
            status.spec_text()
        ),
        StatusMatch::Default => "Any other error status (`default`)".to_string(),
    };
    let body = match kind {
        ResponseKind::Empty => " (no body)",
        ResponseKind::Binary => " (the body as a stream)",
        _ => "",
    };
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{what}{body}: {d}"),
        None => format!("{what}{body}."),
    }
}

/// The enum of an operation's documented JSON error bodies, with `from_api_error`.
fn error_enum(api: &Api, op: &Operation, e: &StatusEnum) -> TokenStream {
    let name = ident(&e.name);
    let lib = &api.lib;
    let first = &e.variants[0].name;
    let n = &e.name;
    let mut example = vec![
        "```".to_string(),
        format!("# fn handle(error: &{lib}::Error) {{"),
        format!("use {lib}::operations::{n};"),
        String::new(),
        format!("match {n}::from_error(error) {{"),
        format!("    Some({n}::{first}(body)) => eprintln!(\"{{body:?}}\"),"),
    ];
    if e.variants.len() > 1 {
        example.push("    Some(other) => eprintln!(\"{other:?}\"),".to_string());
    }
    example.extend([
        "    None => eprintln!(\"{error}\"),".to_string(),
        "}".to_string(),
        "# }".to_string(),
        "```".to_string(),
    ]);
    // Written as is: `doc` would trim the indentation and fence the code as text.
    let example = doc_attrs(example);
    let intro = doc(&format!(
        "The error bodies [`Client::{}`] documents, by status. Pick one out of an error with [`from_error`](Self::from_error) (or [`from_api_error`](Self::from_api_error)): the exact status first, then its range (`4XX`), then `default`.",
        op.method
    ));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let d = doc(&variant_doc(&v.status, v.description.as_deref(), &v.kind));
        let ty = kind_type(&v.kind);
        quote!(#d #variant(#ty),)
    });
    let mut arms = Vec::new();
    let mut default = quote!(None);
    for v in &e.variants {
        let variant = ident(&v.name);
        let value = quote!(error.decode().map(Self::#variant));
        match v.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                arms.push(quote!(#code => #value,))
            }
            StatusMatch::Range(class) => {
                let class = proc_macro2::Literal::u16_unsuffixed(class);
                arms.push(quote!(_ if status / 100 == #class => #value,))
            }
            StatusMatch::Default => default = value,
        }
    }
    let pick = if arms.is_empty() {
        default
    } else {
        quote! {
            let status = error.status().as_u16();
            match status {
                #(#arms)*
                _ => #default,
            }
        }
    };
    quote! {
        #intro
        #[doc = ""]
        #example
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The documented body for this error's status, decoded; `None` when the status is
            /// not documented or the body does not match its type.
            pub fn from_api_error(error: &ApiError) -> Option<Self> {
                #pick
            }

            /// [`from_api_error`](Self::from_api_error) for any [`Error`]: `None` unless the
            /// server answered with an error status.
            pub fn from_error(error: &Error) -> Option<Self> {
                error.api_error().and_then(Self::from_api_error)
            }
        }
    }
}

/// `pages()` and `items()` for a list operation.
fn paging(op: &Operation, p: &crate::model::Pagination, page_type: &TokenStream) -> TokenStream {
    use crate::config::PageStyle;
    let operation_id = &op.operation_id;
    let param = ident(&p.param);
    let items_pointer = &p.items;
    let item_type = rust_type(&p.item_type, &quote!(types::));
    // Positions are `i64`; an `i32` parameter converts.
    let widen = |ty: &TypeRef| (ty == &TypeRef::I32).then(|| quote!(.map(i64::from)));
    let size = match &p.size {
        Some((size, ty)) => {
            let widen = widen(ty);
            let size = ident(size);
            quote!(self.#size #widen)
        }
        None => quote!(None),
    };
    let widen_param = widen(&p.param_type);
    let first = p.first;
    let to_param = match p.param_type {
        TypeRef::I32 => quote!(i32::try_from(n).unwrap_or(i32::MAX)),
        _ => quote!(n),
    };
    let (advance, start, step, what) = match p.style {
        PageStyle::Page => (
            quote!(pagination::Advance::Page),
            quote!(pagination::Position::Number(self.#param #widen_param .unwrap_or(#first))),
            quote!(if let pagination::Position::Number(n) = position { call.#param = Some(#to_param); }),
            format!("page number `{}`", p.param),
        ),
        PageStyle::Offset => (
            quote!(pagination::Advance::Offset),
            quote!(pagination::Position::Number(self.#param #widen_param .unwrap_or(#first))),
            quote!(if let pagination::Position::Number(n) = position { call.#param = Some(#to_param); }),
            format!("offset `{}`", p.param),
        ),
        PageStyle::Cursor => {
            let next = p.next.clone().unwrap_or_default();
            (
                quote!(pagination::Advance::Cursor(#next)),
                quote!(pagination::Position::Cursor(self.#param.clone())),
                quote!(if let pagination::Position::Cursor(Some(c)) = position { call.#param = Some(c); }),
                format!("cursor `{}`", p.param),
            )
        }
    };
    let pages_doc = doc(&format!(
        "Every page, from this call's {what} on, until a page is empty{}, the list ends, or the server repeats a page or cursor. Each page is one request, with this call's retries and options.",
        if p.size.is_some() {
            " or shorter than the page size"
        } else {
            ""
        }
    ));
    let items_doc = doc(&format!(
        "Every item (`{items_pointer}` of each page) across [`pages`](Self::pages)."
    ));
    quote! {
        #pages_doc
        pub fn pages(self) -> pagination::Pages<'a, #page_type> {
            let walk = pagination::Walk {
                operation: #operation_id,
                advance: #advance,
                items: #items_pointer,
                size: #size,
            };
            let start = #start;
            pagination::pages(walk, start, move |position| {
                let mut call = self.clone();
                #step
                call.send()
            })
        }

        #items_doc
        pub fn items(self) -> pagination::Items<'a, #item_type> {
            let walk = pagination::Walk {
                operation: #operation_id,
                advance: #advance,
                items: #items_pointer,
                size: #size,
            };
            pagination::items(walk, self.pages())
        }
    }
}

/// What a struct holding `inputs` needs: the arguments of its constructor (the required
/// inputs), the field initialisers, and the field declarations (optional inputs as `Option`).
struct StructParts {
    args: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    fields: Vec<TokenStream>,
}

fn struct_parts(inputs: &[Input<'_>]) -> StructParts {
    let args = inputs
        .iter()
        .filter(|i| i.required)
        .map(|i| {
            let n = ident(i.name);
            let ty = arg_type(i);
            quote!(#n: #ty)
        })
        .collect();
    let inits = inputs
        .iter()
        .map(|i| {
            let n = ident(i.name);
            match (i.required, i.ty.into_string()) {
                (true, true) => quote!(#n: #n.into()),
                (true, false) => quote!(#n),
                (false, _) => quote!(#n: None),
            }
        })
        .collect();
    let fields = inputs
        .iter()
        .map(|i| {
            let n = ident(i.name);
            let ty = input_type(i);
            if i.required {
                quote!(#n: #ty,)
            } else {
                quote!(#n: Option<#ty>,)
            }
        })
        .collect();
    StructParts {
        args,
        inits,
        fields,
    }
}

fn arg_type(i: &Input<'_>) -> TokenStream {
    let ty = input_type(i);
    if i.ty.into_string() {
        quote!(impl Into<String>)
    } else {
        quote!(#ty)
    }
}

fn setter(i: &Input<'_>) -> TokenStream {
    let n = ident(i.name);
    let ty = arg_type(i);
    let d = docs(&i.docs);
    let value = if i.ty.into_string() {
        quote!(value.into())
    } else {
        quote!(value)
    };
    quote! {
        #d
        pub fn #n(mut self, value: #ty) -> Self {
            self.#n = Some(#value);
            self
        }
    }
}

/// What an alternative body replaces, for its method's docs.
fn replaces(op: &Operation, body: &Body) -> String {
    let default = match &body.kind {
        BodyKind::Json(_) => "JSON body".to_string(),
        BodyKind::Multipart(_) => "`multipart/form-data` fields".to_string(),
        BodyKind::UrlEncoded(_) => "form fields".to_string(),
        BodyKind::Binary(ct) => format!("`{ct}` body"),
    };
    let given = match &body.kind {
        BodyKind::Json(_) | BodyKind::Binary(_) if body.required => format!(
            "the `body` argument of [`Client::{}`] is then not sent",
            op.method
        ),
        BodyKind::Json(_) | BodyKind::Binary(_) => {
            "a body set with [`body`](Self::body) is then not sent".to_string()
        }
        BodyKind::Multipart(_) | BodyKind::UrlEncoded(_) => format!(
            "the form fields given to [`Client::{}`] or set on this builder are then not sent",
            op.method
        ),
    };
    format!(
        "This replaces the default {default}: {given}. Of the other body methods, the last one called wins."
    )
}

/// The media types an alternative method may send, and whether the caller picks one (when
/// the spec lists several, or a wildcard such as `image/*`).
fn media_choice(media: &[String]) -> (String, bool) {
    let listed: Vec<String> = media.iter().map(|m| format!("`{m}`")).collect();
    let pick = media.len() != 1 || media.iter().any(|m| m.contains('*'));
    (listed.join(", "), pick)
}

/// The builder method that sends the body in one other media type.
fn alternative_setter(
    op: &Operation,
    body: &Body,
    field: &str,
    alternative: &AlternativeBody,
) -> TokenStream {
    let field = ident(field);
    let method = ident(&alternative.method);
    let description = body.docs.description.as_deref().map(str::trim);
    let described = |intro: String, extra: &[String]| {
        let mut lines = vec![intro];
        lines.extend(description.map(str::to_string));
        lines.extend(extra.iter().cloned());
        lines.push(replaces(op, body));
        lines.join("\n\n")
    };
    match &alternative.kind {
        AlternativeKind::Form {
            media, type_name, ..
        } => {
            let ty = ident(type_name);
            let d = doc(&described(
                format!("Sends the request body as `{media}`, built with [`{type_name}::new`]."),
                &[],
            ));
            quote! {
                #d
                pub fn #method(mut self, form: #ty) -> Self {
                    self.#field = Some(form.into_body());
                    self
                }
            }
        }
        AlternativeKind::Text(media) | AlternativeKind::Binary(media) => {
            let text = matches!(alternative.kind, AlternativeKind::Text(_));
            let (listed, pick) = media_choice(media);
            let (arg, arg_ty, data) = if text {
                (
                    quote!(text),
                    quote!(impl Into<String>),
                    quote!(bytes::Bytes::from(text.into())),
                )
            } else {
                (
                    quote!(data),
                    quote!(impl Into<bytes::Bytes>),
                    quote!(data.into()),
                )
            };
            let what = if text { "text" } else { "bytes" };
            let (intro, extra, content_type_arg, content_type) = if pick {
                (
                    format!(
                        "Sends the request body as {what}, with the content type `content_type`."
                    ),
                    vec![format!("The API accepts {listed}.")],
                    quote!(, content_type: impl Into<String>),
                    quote!(content_type.into()),
                )
            } else {
                let ct = &media[0];
                (
                    format!("Sends the request body as {listed} {what}."),
                    Vec::new(),
                    quote!(),
                    quote!(#ct.to_string()),
                )
            };
            let d = doc(&described(intro, &extra));
            quote! {
                #d
                pub fn #method(mut self, #arg: #arg_ty #content_type_arg) -> Self {
                    self.#field = Some(transport::Body::Bytes { data: #data, content_type: #content_type });
                    self
                }
            }
        }
    }
}

/// The type holding a form-shaped alternative body's fields: required ones in `new`,
/// optional ones by setters, as a request builder takes parameters.
fn alternative_type(op: &Operation, alternative: &AlternativeBody) -> Option<TokenStream> {
    let AlternativeKind::Form {
        media,
        multipart,
        type_name,
        fields,
    } = &alternative.kind
    else {
        return None;
    };
    let name = ident(type_name);
    let inputs = form_inputs(fields, *multipart);
    let required: Vec<&Input<'_>> = inputs.iter().filter(|i| i.required).collect();
    let StructParts {
        args,
        inits,
        fields: struct_fields,
    } = struct_parts(&inputs);
    let setters = inputs.iter().filter(|i| !i.required).map(setter);
    let steps: Vec<TokenStream> = inputs.iter().filter_map(input_step).collect();
    let into_body = match (inputs.is_empty(), *multipart) {
        (true, true) => quote!(transport::Body::Multipart(Vec::new())),
        (true, false) => quote!(transport::Body::Form(Vec::new())),
        (false, true) => {
            let form = multipart_form(&inputs.iter().collect::<Vec<_>>(), &steps);
            quote! {
                #form
                transport::Body::Multipart(form)
            }
        }
        (false, false) => quote! {
            let mut fields = Vec::new();
            #(#steps)*
            transport::Body::Form(fields)
        },
    };
    let struct_doc = doc(&format!(
        "The `{media}` request body of [`Client::{}`]: pass it to [`{}::{}`]. Required fields are the arguments of [`new`](Self::new), optional ones are set by its methods.",
        op.method, op.builder, alternative.method
    ));
    let mut new_doc = vec!["A body with its required fields".to_string()];
    if required.is_empty() {
        new_doc[0].push_str(" (none).");
    } else {
        new_doc[0].push(':');
        for i in &required {
            let about = i
                .docs
                .description
                .as_deref()
                .or(i.docs.summary.as_deref())
                .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
            new_doc.push(match about {
                Some(about) => format!("- `{}`: {about}", i.name),
                None => format!("- `{}`", i.name),
            });
        }
    }
    let new_doc = doc(&new_doc.join("\n"));
    // With no required field every field is optional, and `new()` is `default()`.
    let default = required.is_empty().then(|| quote!(Default,));
    let too_many = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #struct_doc
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#struct_fields)*
        }

        impl #name {
            #new_doc
            #too_many
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* }
            }

            #(#setters)*

            /// The fields as a request body.
            fn into_body(self) -> transport::Body {
                #into_body
            }
        }
    })
}

/// A text media type, sent from a `String` (`text/plain`, `text/csv`, ...).
fn is_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
}

fn output_type(op: &Operation) -> TokenStream {
    if let Some(e) = &op.responses {
        let name = ident(&e.name);
        return quote!(#name);
    }
    kind_type(&op.response)
}

fn kind_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Json(ty) => rust_type(ty, &quote!(types::)),
        ResponseKind::Binary => quote!(ByteStream),
        ResponseKind::Text => quote!(String),
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut d = docs(&op.docs);
    let line = super::markdown::without_bidi(&format!(
        " `{} {}` (operation `{}`).",
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

/// The format string and arguments that build the path.
fn path_expr(op: &Operation, inputs: &[Input<'_>]) -> TokenStream {
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let wire = &rest[start + 1..start + len];
        let input = inputs
            .iter()
            .find(|i| i.place == Place::Param(ParamLocation::Path, wire));
        match input {
            Some(i) => {
                fmt.push_str("{}");
                let n = ident(i.name);
                args.push(quote!(transport::path_segment(&self.#n)));
            }
            None => fmt.push_str(&format!("{{{{{wire}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        quote!(#fmt.to_string())
    } else {
        quote!(format!(#fmt, #(#args),*))
    }
}

/// The statement that puts one input into the request (or, for a form field, into `form`
/// or `fields`), inside `if let Some(value)` when it is optional; `None` for a path
/// parameter (the path has it).
fn input_step(i: &Input<'_>) -> Option<TokenStream> {
    let n = ident(i.name);
    let value = if i.required {
        quote!(&self.#n)
    } else {
        quote!(value)
    };
    let step = match &i.place {
        Place::Param(ParamLocation::Path, _) => return None,
        Place::Param(ParamLocation::Query, wire) => match i.style {
            ParamStyle::Form => quote!(request.query_value(#wire, #value);),
            ParamStyle::FormNoExplode => {
                quote!(request.query_styled(#wire, #value, transport::QueryStyle::FormNoExplode);)
            }
            ParamStyle::SpaceDelimited => {
                quote!(request.query_styled(#wire, #value, transport::QueryStyle::SpaceDelimited);)
            }
            ParamStyle::PipeDelimited => {
                quote!(request.query_styled(#wire, #value, transport::QueryStyle::PipeDelimited);)
            }
            ParamStyle::DeepObject => {
                quote!(request.query_styled(#wire, #value, transport::QueryStyle::DeepObject);)
            }
        },
        Place::Param(ParamLocation::Header, wire) => {
            quote!(request.header_value(#wire, #value)?;)
        }
        Place::Param(ParamLocation::Cookie, wire) => {
            quote!(cookies.push(format!("{}={}", #wire, transport::texts(#value).join(",")));)
        }
        Place::FormText(_) | Place::FormFile(_) => {
            let part = form_part(i, &value);
            quote!(form.push(#part);)
        }
        Place::UrlEncoded(wire) => {
            quote!(for text in transport::texts(#value) { fields.push((#wire.to_string(), text)); })
        }
        Place::JsonBody => quote!(request.json(#value)?;),
        Place::BinaryBody(ct) if is_text(ct) => {
            quote!(request.body = transport::Body::Bytes { data: bytes::Bytes::from(Clone::clone(#value)), content_type: #ct.to_string() };)
        }
        Place::BinaryBody(ct) => {
            quote!(request.body = transport::Body::Bytes { data: Clone::clone(#value), content_type: #ct.to_string() };)
        }
    };
    Some(if i.required {
        step
    } else {
        quote!(if let Some(value) = &self.#n { #step })
    })
}

/// One multipart part, `(name, FormValue)`, from `value`.
fn form_part(i: &Input, value: &TokenStream) -> TokenStream {
    match &i.place {
        Place::FormFile(wire) => quote!((#wire.to_string(), FormValue::File(Clone::clone(#value)))),
        Place::FormText(wire) => {
            quote!((#wire.to_string(), FormValue::Text(transport::texts(#value).join(","))))
        }
        // Not a multipart part.
        _ => quote!(),
    }
}

/// `let form = ...;` for the multipart inputs: a `vec![..]` when every part is required
/// (pushing each right after `Vec::new()` trips clippy's `vec_init_then_push`), else pushes.
fn multipart_form(inputs: &[&Input<'_>], steps: &[TokenStream]) -> TokenStream {
    if inputs.iter().all(|i| i.required) {
        let parts = inputs.iter().map(|i| {
            let n = ident(i.name);
            form_part(i, &quote!(&self.#n))
        });
        quote!(let form = vec![#(#parts),*];)
    } else {
        quote! {
            let mut form = Vec::new();
            #(#steps)*
        }
    }
}

fn send_body(api: &Api, op: &Operation, inputs: &[Input<'_>]) -> TokenStream {
    let http_method = ident(&op.http_method);
    let path = path_expr(op, inputs);
    let template = &op.path;
    let mut steps = Vec::new();
    let mut body = Vec::new();
    let mut form = Vec::new();
    let mut form_inputs = Vec::new();
    let mut urlencoded = Vec::new();
    let mut cookies = Vec::new();
    for i in inputs {
        let Some(wrapped) = input_step(i) else {
            continue;
        };
        match &i.place {
            Place::FormText(_) | Place::FormFile(_) => {
                form_inputs.push(i);
                form.push(wrapped)
            }
            Place::UrlEncoded(_) => urlencoded.push(wrapped),
            Place::Param(ParamLocation::Cookie, _) => cookies.push(wrapped),
            Place::JsonBody | Place::BinaryBody(_) => body.push(wrapped),
            Place::Param(..) => steps.push(wrapped),
        }
    }
    let urlencoded = (!urlencoded.is_empty()).then(|| {
        quote! {
            let mut fields = Vec::new();
            #(#urlencoded)*
            request.body = transport::Body::Form(fields);
        }
    });
    let form = (!form.is_empty()).then(|| {
        let form = multipart_form(&form_inputs, &form);
        quote! {
            #form
            request.body = transport::Body::Multipart(form);
        }
    });
    // A body set through an alternative media type replaces the default one.
    let body = match op.body.as_ref().and_then(|b| b.alternatives.as_ref()) {
        None => quote!(#(#body)* #form #urlencoded),
        Some(alternatives) => {
            let field = ident(&alternatives.field);
            quote! {
                match self.#field {
                    Some(body) => request.body = body,
                    None => {
                        #(#body)*
                        #form
                        #urlencoded
                    }
                }
            }
        }
    };
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                request.header("cookie", &cookies.join("; "), false)?;
            }
        }
    });
    // Marked in the spec or provider.toml: retried like an idempotent method.
    let retry_safe = op.retry_safe.then(|| quote!(request.retry_safe = true;));
    let security = op.security.iter().map(|alt| {
        let schemes = alt.iter().map(|&i| ident(&api.auth[i].type_name));
        quote!(&[#(Scheme::#schemes),*])
    });
    let fields_arg = api.needs.auth_fields.then(|| {
        let q = op.auth_query.iter().map(|(s, c, w)| {
            let s = ident(&api.auth[*s].type_name);
            quote!((Scheme::#s, #c, #w))
        });
        let b = op.auth_body.iter().map(|(s, c, w)| {
            let s = ident(&api.auth[*s].type_name);
            quote!((Scheme::#s, #c, #w))
        });
        quote!(, &AuthFields { query: &[#(#q),*], body: &[#(#b),*] })
    });
    quote! {
        const SECURITY: &[&[Scheme]] = &[#(#security),*];
        let mut request = Request::new(operation, Method::#http_method, #template, #path);
        #retry_safe
        #(#steps)*
        #body
        #cookies
        self.client.credentials().authorize(&mut request, SECURITY #fields_arg)?;
        Ok((request, self.call_options))
    }
}
