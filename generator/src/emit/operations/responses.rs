//! Responses: how a call decodes its body, one enum variant per documented status when
//! they differ, and the per-operation error enum.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{doc, doc_attrs, ident, rust_type};
use crate::model::{Api, Operation, ResponseKind, StatusEnum, StatusMatch, TypeRef};

/// Reads `response` as `kind`: an expression of type `Result<T, Error>`.
pub(super) fn decode(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Empty => quote!(transport::empty(Self::OPERATION, response).await),
        ResponseKind::Json(_) => quote!(transport::json(Self::OPERATION, response).await),
        ResponseKind::Text => quote!(transport::text(Self::OPERATION, response).await),
        ResponseKind::Binary => quote!(Ok(ByteStream::new(Self::OPERATION, response))),
        ResponseKind::JsonLines(_) | ResponseKind::EventStream(_) => {
            let stream = stream(kind);
            quote!(Ok(#stream))
        }
    }
}

/// The stream a streamed kind of response is read as (not wrapped in `Ok`).
fn stream(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::JsonLines(lines) => {
            let rs = lines.record_separator;
            quote!(JsonLines::new(Self::OPERATION, response, #rs))
        }
        // Text data is kept as sent; anything else is JSON.
        ResponseKind::EventStream(TypeRef::String) => {
            quote!(EventStream::new(
                Self::OPERATION,
                response,
                crate::sse::text
            ))
        }
        ResponseKind::EventStream(_) => {
            quote!(EventStream::new(
                Self::OPERATION,
                response,
                crate::sse::json
            ))
        }
        _ => quote!(ByteStream::new(Self::OPERATION, response)),
    }
}

/// The body of `send` after `core` is taken: one type for every status whose body is read
/// whole goes through `transport::call_decoded` (one shared async path; the decoder is a
/// plain function), anything else through `transport::call` with [`decoder`]'s closure.
pub(super) fn send_call(op: &Operation) -> TokenStream {
    let request = quote!(self.into_request(Self::OPERATION));
    let decode = match (&op.responses, &op.response) {
        (None, ResponseKind::Empty) => quote!(transport::decode_empty),
        (None, ResponseKind::Json(_)) => quote!(transport::decode_json),
        (None, ResponseKind::Text) => quote!(transport::decode_text),
        _ => {
            let decoder = decoder(op);
            return quote!(transport::call(core, #request, #decoder));
        }
    };
    quote!(transport::call_decoded(core, Self::OPERATION, #request, #decode))
}

/// The closure [`transport::call`] reads a 2xx response with: a shared helper where one
/// type fits every status, else a match on the status.
pub(super) fn decoder(op: &Operation) -> TokenStream {
    match (&op.responses, &op.response) {
        (Some(e), _) => {
            let by_status = decode_by_status(e);
            quote!(|response| async move { #by_status })
        }
        (None, ResponseKind::Empty) => {
            quote!(|response| transport::empty(Self::OPERATION, response))
        }
        (None, ResponseKind::Json(_)) => {
            quote!(|response| transport::json(Self::OPERATION, response))
        }
        (None, ResponseKind::Text) => quote!(|response| transport::text(Self::OPERATION, response)),
        (None, ResponseKind::Binary) => {
            quote!(|response| std::future::ready(Ok(ByteStream::new(Self::OPERATION, response))))
        }
        (None, kind @ (ResponseKind::JsonLines(_) | ResponseKind::EventStream(_))) => {
            let decoded = decode(kind);
            quote!(|response| std::future::ready(#decoded))
        }
    }
}

/// Picks the success variant by status: exact codes, then `2XX`, else `Other`.
pub(super) fn decode_by_status(e: &StatusEnum) -> TokenStream {
    let name = ident(&e.name);
    let mut arms = Vec::new();
    let mut fallback = None;
    for v in &e.variants {
        let variant = ident(&v.name);
        let decoded = decode(&v.kind);
        let value = match v.kind {
            ResponseKind::Empty => quote!(#decoded.map(|()| #name::#variant)),
            ResponseKind::Binary | ResponseKind::JsonLines(_) | ResponseKind::EventStream(_) => {
                let stream = stream(&v.kind);
                quote!(Ok(#name::#variant(#stream)))
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
        quote!(transport::bytes(Self::OPERATION, response).await.map(|body| #name::Other { status, body }))
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
pub(super) fn response_enum(op: &Operation, e: &StatusEnum) -> TokenStream {
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
    let streams = e.variants.iter().any(|v| {
        matches!(
            v.kind,
            ResponseKind::Binary | ResponseKind::JsonLines(_) | ResponseKind::EventStream(_)
        )
    });
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

pub(super) fn variant_doc(
    status: &StatusMatch,
    description: Option<&str>,
    kind: &ResponseKind,
) -> String {
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
        ResponseKind::JsonLines(_) => " (a stream of JSON values)",
        ResponseKind::EventStream(_) => " (a stream of server-sent events)",
        _ => "",
    };
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{what}{body}: {d}"),
        None => format!("{what}{body}."),
    }
}

/// The enum of an operation's documented JSON error bodies, with `from_api_error`.
pub(super) fn error_enum(api: &Api, op: &Operation, e: &StatusEnum) -> TokenStream {
    let name = ident(&e.name);
    let lib = &api.lib;
    // The example picks a variant with a body where there is one.
    let first = e
        .variants
        .iter()
        .find(|v| v.kind != ResponseKind::Empty)
        .unwrap_or(&e.variants[0]);
    let pattern = match first.kind {
        ResponseKind::Empty => format!("{}::{}", e.name, first.name),
        _ => format!("{}::{}(body)", e.name, first.name),
    };
    let shown = match first.kind {
        ResponseKind::Empty => "\"{error}\"",
        _ => "\"{body:?}\"",
    };
    let n = &e.name;
    let mut example = vec![
        "```".to_string(),
        format!("# fn handle(error: &{lib}::Error) {{"),
        format!("use {lib}::operations::{n};"),
        String::new(),
        format!("match {n}::from_error(error) {{"),
        format!("    Some({pattern}) => eprintln!({shown}),"),
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
        match v.kind {
            ResponseKind::Empty => quote!(#d #variant,),
            _ => {
                let ty = kind_type(&v.kind);
                quote!(#d #variant(#ty),)
            }
        }
    });
    let mut arms = Vec::new();
    let mut default = quote!(None);
    for v in &e.variants {
        let variant = ident(&v.name);
        // A status documented without a body is its variant whatever body came.
        let value = match v.kind {
            ResponseKind::Empty => quote!(Some(Self::#variant)),
            _ => quote!(error.decode().map(Self::#variant)),
        };
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

pub(super) fn kind_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Json(ty) => rust_type(ty, &quote!(types::)),
        ResponseKind::Binary => quote!(ByteStream),
        ResponseKind::Text => quote!(String),
        ResponseKind::JsonLines(lines) => {
            let item = rust_type(&lines.item, &quote!(types::));
            quote!(JsonLines<#item>)
        }
        ResponseKind::EventStream(data) => {
            let data = rust_type(data, &quote!(types::));
            quote!(EventStream<#data>)
        }
    }
}

pub(super) fn output_type(op: &Operation) -> TokenStream {
    if let Some(e) = &op.responses {
        let name = ident(&e.name);
        return quote!(#name);
    }
    kind_type(&op.response)
}
