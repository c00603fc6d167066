//! A struct's `Deserialize` impl, written out rather than derived: the field list and one
//! arm per field, over the runtime's shared visitor and key reader (`runtime/de.rs`).
//! serde's derive writes three visitors per struct, most of them never used for JSON, and
//! they were most of a large crate's compile time (see BENCHMARKS.md, the lever table).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

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

/// `impl Deserialize` and `impl crate::de::FromObject` for a struct [`handles`] accepts.
pub fn emit(name: &Ident, s: &Struct) -> TokenStream {
    let expecting = format!("struct {name}");
    let body = if s.fields.is_empty() {
        quote! {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(Self {})
        }
    } else {
        fields_body(&s.fields)
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::de::object(deserializer)
            }
        }
        impl crate::de::FromObject for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #body
            }
        }
    }
}

/// Locals `f0, f1, …` (names no field's own local can take), filled by the arms, then the
/// struct: a field that may be left out starts at its default (`None`, `Absent`), a
/// required one must have been seen.
fn fields_body(fields: &[Field]) -> TokenStream {
    let wires = fields.iter().map(|f| f.wire.as_str());
    let count = Literal::usize_unsuffixed(fields.len());
    let locals: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{i}")).collect();
    let starts = fields.iter().zip(&locals).map(|(field, local)| {
        if may_be_absent(field) {
            quote!(let mut #local = Default::default();)
        } else {
            quote!(let mut #local = None;)
        }
    });
    let arms = fields
        .iter()
        .zip(&locals)
        .enumerate()
        .map(|(i, (field, local))| {
            let i = Literal::usize_unsuffixed(i);
            if may_be_absent(field) {
                quote!(#i => #local = map.next_value()?,)
            } else {
                quote!(#i => #local = Some(map.next_value()?),)
            }
        });
    let values = fields.iter().zip(&locals).map(|(field, local)| {
        let name = super::tokens::ident(&field.name);
        if may_be_absent(field) {
            quote!(#name: #local,)
        } else {
            let wire = &field.wire;
            quote!(#name: crate::de::required(#local, #wire)?,)
        }
    });
    quote! {
        const FIELDS: &[&str] = &[#(#wires),*];
        let mut seen = [false; #count];
        #(#starts)*
        while let Some(key) = map.next_key_seed(crate::de::Keys {
            fields: FIELDS,
            seen: &mut seen,
        })? {
            match key {
                #(#arms)*
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(Self { #(#values)* })
    }
}

/// A field the derive gave `#[serde(default)]`: optional, or required but nullable.
fn may_be_absent(field: &Field) -> bool {
    field.tri_state() || !field.must_be_present() || field.nullable
}
