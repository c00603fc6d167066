//! A struct's `Deserialize` impl, by the runtime's `de::object!` rather than serde's derive:
//! the field list and one arm per field, over a shared visitor and key reader
//! (`runtime/de.rs`).
//! serde's derive writes three visitors per struct, most of them never used for JSON, and
//! they were most of a large crate's compile time (see BENCHMARKS.md, the lever table).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::tokens::ident;

use crate::model::{Api, Field, Struct, TypeKind};

/// Whether [`emit`] can write this struct's decoder; a struct that keeps the properties
/// it does not name (`additionalProperties`, a flattened map) keeps serde's derive.
pub fn handles(s: &Struct) -> bool {
    s.additional.is_none()
}

/// Whether the crate writes any decoder (and so needs `runtime/de.rs`).
pub fn any(api: &Api) -> bool {
    api.types
        .iter()
        .any(|def| def.same_as.is_none() && matches!(&def.kind, TypeKind::Struct(s) if handles(s)))
}

/// `crate::de::object!(Name { 0 field "wire" opt, … });`: the runtime's macro writes
/// `Deserialize` (see `runtime/de.rs`); `opt` for a field that may be left out (the derive's
/// `#[serde(default)]`: optional, or required but nullable), `req` for one that must be there.
pub fn emit(name: &Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().enumerate().map(|(i, field)| {
        let index = Literal::usize_unsuffixed(i);
        let rust = ident(&field.name);
        let wire = &field.wire;
        let kind = if may_be_absent(field) {
            quote!(opt)
        } else {
            quote!(req)
        };
        quote!(#index #rust #wire #kind,)
    });
    quote! {
        crate::de::object!(#name { #(#fields)* });
    }
}

/// A field the derive gave `#[serde(default)]`: optional, or required but nullable.
fn may_be_absent(field: &Field) -> bool {
    field.tri_state() || !field.must_be_present() || field.nullable
}
