//! The parts of a request builder every operation shares: the Rust type of each input, the
//! builder's fields and constructor arguments, and the setters of optional inputs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{docs, ident, rust_type};
use crate::model::{Input, InputType};

/// The Rust type of an input as the builder stores it.
pub(super) fn input_type(i: &Input<'_>) -> TokenStream {
    match i.ty {
        InputType::Value(ty) => rust_type(ty, &quote!(types::)),
        InputType::File => quote!(FilePart),
        InputType::Text => quote!(String),
        InputType::Bytes => quote!(bytes::Bytes),
    }
}

/// What a struct holding `inputs` needs: the arguments of its constructor (the required
/// inputs), the field initialisers, and the field declarations (optional inputs as `Option`).
pub(super) struct StructParts {
    pub args: Vec<TokenStream>,
    pub inits: Vec<TokenStream>,
    pub fields: Vec<TokenStream>,
}

pub(super) fn struct_parts(inputs: &[Input<'_>]) -> StructParts {
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

pub(super) fn arg_type(i: &Input<'_>) -> TokenStream {
    let ty = input_type(i);
    if i.ty.into_string() {
        quote!(impl Into<String>)
    } else {
        quote!(#ty)
    }
}

pub(super) fn setter(i: &Input<'_>) -> TokenStream {
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
