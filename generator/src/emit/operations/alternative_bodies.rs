//! A body's other media types: one builder method each, and the field types of form bodies.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{doc, ident};
use crate::model::{
    AlternativeBody, AlternativeKind, Body, BodyKind, Input, Operation, form_inputs,
};

use super::builder_parts::{StructParts, setter, struct_parts};
use super::request::{input_step, multipart_form};

/// What an alternative body replaces, for its method's docs.
pub(super) fn replaces(op: &Operation, body: &Body) -> String {
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
pub(super) fn media_choice(media: &[String]) -> (String, bool) {
    let listed: Vec<String> = media.iter().map(|m| format!("`{m}`")).collect();
    let pick = media.len() != 1 || media.iter().any(|m| m.contains('*'));
    (listed.join(", "), pick)
}

/// The builder method that sends the body in one other media type.
pub(super) fn alternative_setter(
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
        AlternativeKind::Json => {
            let d = doc(&described(
                "Sends this JSON value as the request body instead of the typed one: for what the spec does not allow (a `null` where it forgot `nullable`, a field it does not list).".to_string(),
                &[],
            ));
            quote! {
                #d
                pub fn #method(mut self, value: serde_json::Value) -> Self {
                    self.#field = Some(transport::Body::Json(value));
                    self
                }
            }
        }
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
pub(super) fn alternative_type(
    op: &Operation,
    alternative: &AlternativeBody,
) -> Option<TokenStream> {
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
            let form = multipart_form(&inputs.iter().collect::<Vec<_>>(), &steps, false);
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
