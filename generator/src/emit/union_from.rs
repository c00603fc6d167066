//! `From` each variant's type for a union (`CreateMediaRequestInputsItem::from(input)`, or
//! `input.into()` where the union is expected), when that type picks one variant: two
//! variants of one Rust type (through aliases and shared shapes) would make the conversion
//! ambiguous, and the union's own type would clash with the standard library's `From<T> for T`.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, rust_type};
use crate::model::{TypeDef, TypeKind, TypeRef, Union, type_named};

pub fn emit(name: &Ident, u: &Union, types: &[TypeDef]) -> TokenStream {
    let union_name = name.to_string();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for v in &u.variants {
        *by_type.entry(canonical(types, &v.ty)).or_default() += 1;
    }
    let impls = u.variants.iter().filter_map(|v| {
        let key = canonical(types, &v.ty);
        if by_type.get(&key) != Some(&1) || key == union_name {
            return None;
        }
        let ty = rust_type(&v.ty, &quote!());
        let vname = ident(&v.name);
        let value = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        Some(quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    #name::#vname(#value)
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// The Rust type `ty` names once aliases and shared shapes are followed: two variants whose
/// types read the same here are the same type to the compiler.
fn canonical(types: &[TypeDef], ty: &TypeRef) -> String {
    let mut ty = ty.clone();
    for _ in 0..16 {
        let TypeRef::Named(name) = &ty else { break };
        let Some(def) = type_named(types, name) else {
            break;
        };
        ty = match (&def.same_as, &def.kind) {
            (Some(same), _) => TypeRef::Named(same.clone()),
            (None, TypeKind::Alias(inner)) => inner.clone(),
            _ => break,
        };
    }
    match ty {
        TypeRef::Named(name) => name,
        TypeRef::Array(inner) => format!("Vec<{}>", canonical(types, &inner)),
        TypeRef::Map(inner) => format!("Map<{}>", canonical(types, &inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", canonical(types, &inner)),
        other => other.caller_text(),
    }
}
