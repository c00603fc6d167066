//! An operation's inputs, derived once: every value a caller passes, in the order the
//! method takes the required ones (path parameters in path order, the other parameters as
//! declared, then the body or its form fields). The client code, the API surface and the
//! README's examples all read this one list.

use super::{BodyKind, Docs, FormField, Operation, ParamLocation, ParamStyle, TypeRef};

/// One input of an operation, however it travels.
#[derive(Debug, Clone, PartialEq)]
pub struct Input<'a> {
    /// The Rust name (an argument when required, else a builder setter).
    pub name: &'a str,
    pub ty: InputType<'a>,
    pub required: bool,
    pub docs: Docs,
    pub place: Place<'a>,
    /// How a parameter is written.
    pub style: ParamStyle,
}

/// What a caller passes for an input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputType<'a> {
    /// A value of a schema's type.
    Value(&'a TypeRef),
    /// A file part of a multipart body (`FilePart`).
    File,
    /// A `text/*` body (`String`).
    Text,
    /// Any other body that is not JSON (`Bytes`).
    Bytes,
}

impl InputType<'_> {
    /// The type as a caller writes it (see [`TypeRef::caller_text`]).
    pub fn caller_text(&self) -> String {
        match self {
            InputType::Value(ty) => ty.caller_text(),
            InputType::File => "FilePart".to_string(),
            InputType::Text => "String".to_string(),
            InputType::Bytes => "Bytes".to_string(),
        }
    }

    /// Whether the method takes `impl Into<String>` (and stores a `String`).
    pub fn into_string(&self) -> bool {
        matches!(self, InputType::Value(TypeRef::String) | InputType::Text)
    }
}

/// Where an input goes in the request (wire names as the spec writes them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place<'a> {
    Param(ParamLocation, &'a str),
    /// A text part of a multipart body.
    FormText(&'a str),
    /// A file part of a multipart body.
    FormFile(&'a str),
    /// A field of an `application/x-www-form-urlencoded` body.
    UrlEncoded(&'a str),
    JsonBody,
    /// A body of this media type, sent as is.
    BinaryBody(&'a str),
}

impl Place<'_> {
    /// The input's name on the wire, for parameters and form fields.
    pub fn wire(&self) -> Option<&str> {
        match self {
            Place::Param(_, wire)
            | Place::FormText(wire)
            | Place::FormFile(wire)
            | Place::UrlEncoded(wire) => Some(wire),
            Place::JsonBody | Place::BinaryBody(_) => None,
        }
    }
}

impl Operation {
    /// Every input, in order (see the module docs).
    pub fn inputs(&self) -> Vec<Input<'_>> {
        let mut out: Vec<Input<'_>> = self
            .params
            .iter()
            .map(|p| Input {
                name: &p.name,
                ty: InputType::Value(&p.ty),
                required: p.required,
                docs: p.docs.clone(),
                place: Place::Param(p.location, &p.wire),
                style: p.style,
            })
            .collect();
        let Some(body) = &self.body else {
            return out;
        };
        let body_docs = |fallback: String| Docs {
            description: body.docs.description.clone().or(Some(fallback)),
            ..Docs::default()
        };
        match &body.kind {
            BodyKind::Json(ty) => out.push(Input {
                name: "body",
                ty: InputType::Value(ty),
                required: body.required,
                docs: body_docs("The request body.".to_string()),
                place: Place::JsonBody,
                style: ParamStyle::FORM,
            }),
            BodyKind::UrlEncoded(fields) => out.extend(form_inputs(fields, false)),
            BodyKind::Multipart(fields) => out.extend(form_inputs(fields, true)),
            BodyKind::Binary(content_type) => out.push(Input {
                name: "body",
                ty: if content_type.starts_with("text/") {
                    InputType::Text
                } else {
                    InputType::Bytes
                },
                required: body.required,
                docs: Docs {
                    description: Some(format!("The request body (`{content_type}`).")),
                    ..Docs::default()
                },
                place: Place::BinaryBody(content_type),
                style: ParamStyle::FORM,
            }),
        }
        out
    }
}

/// The fields of a form body (urlencoded, or multipart with file parts), as inputs: the
/// body's fields, or those of an alternative form body's type.
pub fn form_inputs(fields: &[FormField], multipart: bool) -> Vec<Input<'_>> {
    fields
        .iter()
        .map(move |f| {
            let (ty, place) = match (&f.ty, multipart) {
                (None, true) => (InputType::File, Place::FormFile(&f.wire)),
                (Some(t), true) => (InputType::Value(t), Place::FormText(&f.wire)),
                (Some(t), false) => (InputType::Value(t), Place::UrlEncoded(&f.wire)),
                // The model admits no file fields in a urlencoded form.
                (None, false) => (InputType::Text, Place::UrlEncoded(&f.wire)),
            };
            Input {
                name: &f.name,
                ty,
                required: f.required,
                docs: f.docs.clone(),
                place,
                style: ParamStyle::FORM,
            }
        })
        .collect()
}
