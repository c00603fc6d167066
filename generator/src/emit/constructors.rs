//! How a caller builds a generated struct: `new` with the fields that have no default, and,
//! on a type the caller sends, a `with_` method per other field (`model/construction.rs`
//! decides which struct has what). The structs are `#[non_exhaustive]`, so these are the way
//! in from outside the crate, and a provider adding an optional field (or a required one with
//! a default) changes neither.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{ToTokens, quote};

use super::tokens::{doc, ident, rust_type};
use crate::model::naming::setter;
use crate::model::{Field, Filled, Literal, Struct, TypeRef};

/// The `impl` block with `new` and the setters (see `model/construction.rs` for which struct
/// has what), and `Default` where `new` takes nothing but the struct does not derive it (a
/// field filled with the spec's default).
pub fn emit(name: &Ident, s: &Struct) -> TokenStream {
    if !s.build.has_new() {
        return TokenStream::new();
    }
    let required: Vec<&Field> = s.constructor().collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = argument_type(f);
        quote!(#n: #ty)
    });
    let inits = s.fields.iter().map(init);
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: std::collections::BTreeMap::new(),));
    let setters = s
        .fields
        .iter()
        .filter(|f| s.build.sent && !f.constructor_argument())
        .map(with);
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = doc(&new_doc(s, &required));
    let default = (required.is_empty() && !s.build.derive_default).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #new_doc
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                    #additional
                }
            }
            #(#setters)*
        }
        #default
    }
}

fn new_doc(s: &Struct, required: &[&Field]) -> String {
    let list = |fields: Vec<&Field>| {
        let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
        names.join(", ")
    };
    let mut parts = vec![if required.is_empty() {
        "A value with no field set".to_string()
    } else {
        format!(
            "A value from its required fields ({})",
            list(required.to_vec())
        )
    }];
    let filled: Vec<&Field> = s.fields.iter().filter(|f| f.filled.is_some()).collect();
    let others = if required.is_empty() && filled.is_empty() {
        "them"
    } else {
        "the others"
    };
    if !filled.is_empty() {
        parts.push(format!("the spec's default for {}", list(filled)));
    }
    let rest = s.fields.iter().any(|f| f.optional());
    if s.build.sent && rest {
        parts.push(format!("set {others} with the `with_` methods"));
    } else if rest {
        parts.push(format!("{others} left out"));
    }
    format!("{}.", parts.join("; "))
}

/// `impl Into<String>` for strings (as operation arguments take them), else the type.
fn argument_type(f: &Field) -> TokenStream {
    match &f.ty {
        TypeRef::String => quote!(impl Into<String>),
        ty => rust_type(ty, &quote!()),
    }
}

/// The value a field of `f`'s Rust type is made from, given the argument `value`.
fn convert(f: &Field, value: &TokenStream) -> TokenStream {
    let inner = match &f.ty {
        TypeRef::String => quote!(#value.into()),
        _ => quote!(#value),
    };
    if f.boxed {
        quote!(Box::new(#inner))
    } else {
        inner
    }
}

/// Whether [`convert`] changes the argument (else it is stored as it is).
fn converts(f: &Field) -> bool {
    f.ty == TypeRef::String || f.boxed
}

fn init(f: &Field) -> TokenStream {
    let n = ident(&f.name);
    let value = if f.constructor_argument() {
        // `inputs: inputs` is clippy's `redundant_field_names`.
        if !converts(f) {
            return quote!(#n,);
        }
        convert(f, &quote!(#n))
    } else if let Some(filled) = &f.filled {
        filled_value(filled)
    } else if f.tri_state() {
        quote!(Nullable::Absent)
    } else {
        quote!(None)
    };
    quote!(#n: #value,)
}

fn filled_value(filled: &Filled) -> TokenStream {
    let literal = match &filled.value {
        Literal::Str(s) => quote!(#s),
        Literal::Int(i) => Lit::i64_unsuffixed(*i).into_token_stream(),
        Literal::Float(x) => Lit::f64_unsuffixed(*x).into_token_stream(),
        Literal::Bool(b) => quote!(#b),
    };
    match (&filled.via, &filled.value) {
        (Some(ty), _) => {
            let ty = ident(ty);
            quote!(#ty::from(#literal))
        }
        (None, Literal::Str(_)) => quote!(String::from(#literal)),
        (None, _) => literal,
    }
}

fn with(f: &Field) -> TokenStream {
    let n = ident(&f.name);
    let method = ident(&setter(&f.name));
    let (ty, value) = if f.tri_state() && !f.boxed {
        // A value, `&str` for text, or `Nullable::Null` (a PATCH clearing the field).
        let inner = rust_type(&f.ty, &quote!());
        (quote!(impl Into<Nullable<#inner>>), quote!(value.into()))
    } else {
        let value = convert(f, &quote!(value));
        let value = if f.filled.is_some() {
            value
        } else if f.tri_state() {
            quote!(Nullable::Value(#value))
        } else {
            quote!(Some(#value))
        };
        (argument_type(f), value)
    };
    // A raw identifier (`r#type`) has no intra-doc link syntax.
    let d = match f.name.strip_prefix("r#") {
        Some(raw) => format!(" Sets `{raw}`."),
        None => format!(" Sets [`{0}`](Self::{0}).", f.name),
    };
    quote! {
        #[doc = #d]
        pub fn #method(mut self, value: #ty) -> Self {
            self.#n = #value;
            self
        }
    }
}
