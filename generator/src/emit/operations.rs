//! `src/operations.rs`: one client method and one fluent request builder per operation.
//!
//! Style: `client.get_media(id).send().await`. Required parameters are method arguments, so
//! a call cannot forget one; optional parameters are builder setters, so a provider adding
//! one does not break callers.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, docs, ident, rust_type};
use crate::model::{Api, BodyKind, Docs, Operation, ParamLocation, ResponseKind, TypeRef};

/// One input of an operation, however it travels.
struct Input {
    name: String,
    ty: TokenStream,
    /// Accept `impl Into<String>` (and store a `String`).
    into_string: bool,
    required: bool,
    docs: Docs,
    place: Place,
}

#[derive(Clone, PartialEq)]
enum Place {
    Param(ParamLocation, String),
    FormText(String),
    FormFile(String),
    UrlEncoded(String),
    JsonBody,
    BinaryBody(String),
}

pub fn emit(api: &Api) -> TokenStream {
    let ops = api.operations.iter().map(|op| emit_operation(api, op));
    let download = api.uses_stream().then(|| {
        quote!(
            use crate::download::ByteStream;
        )
    });
    let multipart = api.uses_multipart().then(|| {
        quote!(
            use crate::multipart::{FilePart, FormValue};
        )
    });
    let pagination = api.uses_pagination().then(|| {
        quote!(
            use crate::pagination;
        )
    });
    let types = api.operations_use_types().then(|| {
        quote!(
            use crate::types;
        )
    });
    let fields = super::auth::has_fields(api).then(|| {
        quote!(
            use crate::auth::AuthFields;
        )
    });
    // An API without operations (a document with only webhooks) needs none of them.
    let common = (!api.operations.is_empty()).then(|| {
        quote!(
            use reqwest::Method;

            use crate::Client;
            use crate::auth::Scheme;
            use crate::error::Error;
            use crate::transport::{self, CallOptions, Request, RetryPolicy};
        )
    });
    quote! {
        //! One method on [`Client`] per operation, each returning a request builder: set
        //! optional parameters on it, then `.send().await`.

        #common
        #types
        #download
        #multipart
        #pagination
        #fields

        #(#ops)*
    }
}

fn inputs(op: &Operation) -> Vec<Input> {
    let mut out = Vec::new();
    // The model orders parameters (path ones first, in path order).
    for p in &op.params {
        out.push(Input {
            name: p.name.clone(),
            ty: rust_type(&p.ty, &quote!(types::)),
            into_string: p.ty == TypeRef::String,
            required: p.required,
            docs: p.docs.clone(),
            place: Place::Param(p.location, p.wire.clone()),
        });
    }
    if let Some(body) = &op.body {
        match &body.kind {
            BodyKind::Json(ty) => out.push(Input {
                name: "body".into(),
                ty: rust_type(ty, &quote!(types::)),
                into_string: false,
                required: body.required,
                docs: Docs {
                    description: body
                        .docs
                        .description
                        .clone()
                        .or(Some("The request body.".into())),
                    ..Docs::default()
                },
                place: Place::JsonBody,
            }),
            BodyKind::UrlEncoded(fields) => {
                for f in fields {
                    // The model admits no file fields here.
                    let ty =
                        f.ty.as_ref()
                            .map_or(quote!(String), |t| rust_type(t, &quote!(types::)));
                    out.push(Input {
                        name: f.name.clone(),
                        ty,
                        into_string: f.ty == Some(TypeRef::String),
                        required: f.required,
                        docs: f.docs.clone(),
                        place: Place::UrlEncoded(f.wire.clone()),
                    });
                }
            }
            BodyKind::Multipart(fields) => {
                for f in fields {
                    let (ty, place) = match &f.ty {
                        None => (quote!(FilePart), Place::FormFile(f.wire.clone())),
                        Some(t) => (
                            rust_type(t, &quote!(types::)),
                            Place::FormText(f.wire.clone()),
                        ),
                    };
                    out.push(Input {
                        name: f.name.clone(),
                        ty,
                        into_string: f.ty == Some(TypeRef::String),
                        required: f.required,
                        docs: f.docs.clone(),
                        place,
                    });
                }
            }
            BodyKind::Binary(content_type) => out.push(Input {
                name: "body".into(),
                ty: quote!(bytes::Bytes),
                into_string: false,
                required: body.required,
                docs: Docs {
                    description: Some(format!("The request body (`{content_type}`).")),
                    ..Docs::default()
                },
                place: Place::BinaryBody(content_type.clone()),
            }),
        }
    }
    out
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let inputs = inputs(op);
    let method = ident(&op.method);
    let builder = ident(&op.builder);
    let required: Vec<&Input> = inputs.iter().filter(|i| i.required).collect();
    let optional: Vec<&Input> = inputs.iter().filter(|i| !i.required).collect();
    let args = required.iter().map(|i| {
        let n = ident(&i.name);
        let ty = arg_type(i);
        quote!(#n: #ty)
    });
    let inits = inputs.iter().map(|i| {
        let n = ident(&i.name);
        match (i.required, i.into_string) {
            (true, true) => quote!(#n: #n.into()),
            (true, false) => quote!(#n),
            (false, _) => quote!(#n: None),
        }
    });
    let fields = inputs.iter().map(|i| {
        let n = ident(&i.name);
        let ty = &i.ty;
        if i.required {
            quote!(#n: #ty,)
        } else {
            quote!(#n: Option<#ty>,)
        }
    });
    let setters = optional.iter().map(|i| setter(i));
    let output = output_type(op);
    let method_doc = method_docs(op);
    let too_many = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let builder_doc = doc(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call [`send`](Self::send).",
        op.method
    ));
    let send = send_body(api, op, &inputs);
    let paging = op.pagination.as_ref().map(|p| paging(op, p, &output));
    quote! {
        impl Client {
            #method_doc
            #too_many
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #builder { client: self, #(#inits,)* call_options: CallOptions::default() }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder<'a> {
            client: &'a Client,
            call_options: CallOptions,
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*

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

            /// Limits each attempt of this call, connection to last byte.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call_options.timeout = Some(timeout);
                self
            }

            /// Retries this call with another policy (e.g. [`RetryPolicy::none`]).
            pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.call_options.retry = Some(retry);
                self
            }

            /// Sends the request.
            pub async fn send(self) -> Result<#output, Error> {
                #send
            }

            #paging
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

fn arg_type(i: &Input) -> TokenStream {
    let ty = &i.ty;
    if i.into_string {
        quote!(impl Into<String>)
    } else {
        quote!(#ty)
    }
}

fn setter(i: &Input) -> TokenStream {
    let n = ident(&i.name);
    let ty = arg_type(i);
    let d = docs(&i.docs);
    let value = if i.into_string {
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

fn output_type(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Json(ty) => rust_type(ty, &quote!(types::)),
        ResponseKind::Binary => quote!(ByteStream),
        ResponseKind::Text => quote!(String),
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut d = docs(&op.docs);
    let line = format!(
        " `{} {}` (operation `{}`).",
        op.http_method, op.path, op.operation_id
    );
    let sep = if op.docs.summary.is_some() || op.docs.description.is_some() {
        quote!(#[doc = ""])
    } else {
        quote!()
    };
    d.extend(quote!(#sep #[doc = #line]));
    d
}

/// The format string and arguments that build the path.
fn path_expr(op: &Operation, inputs: &[Input]) -> TokenStream {
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
            .find(|i| i.place == Place::Param(ParamLocation::Path, wire.to_string()));
        match input {
            Some(i) => {
                fmt.push_str("{}");
                let n = ident(&i.name);
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

fn send_body(api: &Api, op: &Operation, inputs: &[Input]) -> TokenStream {
    let operation_id = &op.operation_id;
    let http_method = ident(&op.http_method);
    let path = path_expr(op, inputs);
    let template = &op.path;
    let mut steps = Vec::new();
    let mut form = Vec::new();
    let mut urlencoded = Vec::new();
    let mut cookies = Vec::new();
    for i in inputs {
        let n = ident(&i.name);
        let value = if i.required {
            quote!(&self.#n)
        } else {
            quote!(value)
        };
        let step = match &i.place {
            Place::Param(ParamLocation::Path, _) => continue,
            Place::Param(ParamLocation::Query, wire) => quote!(request.query_value(#wire, #value);),
            Place::Param(ParamLocation::Header, wire) => {
                quote!(request.header_value(#wire, #value)?;)
            }
            Place::Param(ParamLocation::Cookie, wire) => {
                quote!(cookies.push(format!("{}={}", #wire, transport::texts(#value).join(",")));)
            }
            Place::FormText(wire) => {
                quote!(form.push((#wire.to_string(), FormValue::Text(transport::texts(#value).join(","))));)
            }
            Place::UrlEncoded(wire) => {
                quote!(for text in transport::texts(#value) { fields.push((#wire.to_string(), text)); })
            }
            Place::FormFile(wire) => {
                quote!(form.push((#wire.to_string(), FormValue::File(Clone::clone(#value))));)
            }
            Place::JsonBody => quote!(request.json(#value)?;),
            Place::BinaryBody(ct) => {
                quote!(request.body = transport::Body::Bytes { data: Clone::clone(#value), content_type: #ct.to_string() };)
            }
        };
        let wrapped = if i.required {
            step
        } else {
            quote!(if let Some(value) = &self.#n { #step })
        };
        match &i.place {
            Place::FormText(_) | Place::FormFile(_) => form.push(wrapped),
            Place::UrlEncoded(_) => urlencoded.push(wrapped),
            Place::Param(ParamLocation::Cookie, _) => cookies.push(wrapped),
            _ => steps.push(wrapped),
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
        quote! {
            let mut form = Vec::new();
            #(#form)*
            request.body = transport::Body::Multipart(form);
        }
    });
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                request.header("cookie", &cookies.join("; "), false)?;
            }
        }
    });
    let security = op.security.iter().map(|alt| {
        let schemes = alt.iter().map(|&i| ident(&api.auth[i].type_name));
        quote!(&[#(Scheme::#schemes),*])
    });
    let fields_arg = super::auth::has_fields(api).then(|| {
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
    let finish = match &op.response {
        ResponseKind::Empty => quote!(transport::empty(OPERATION, response).await),
        ResponseKind::Json(_) => quote!(transport::json(OPERATION, response).await),
        ResponseKind::Text => quote!(transport::text(OPERATION, response).await),
        ResponseKind::Binary => quote!(Ok(ByteStream::new(OPERATION, response))),
    };
    quote! {
        const OPERATION: &str = #operation_id;
        const SECURITY: &[&[Scheme]] = &[#(#security),*];
        let mut request = Request::new(OPERATION, Method::#http_method, #template, #path);
        #(#steps)*
        #form
        #urlencoded
        #cookies
        self.client.credentials().authorize(&mut request, SECURITY #fields_arg)?;
        let response = self.client.core.execute(&request, &self.call_options).await?;
        #finish
    }
}
