//! `src/types.rs`: one Rust type per schema that needs one.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, gated, ident, rust_type};
use super::{Artefact, Items};
use crate::model::{Api, EnumValue, Field, Struct, TypeDef, TypeKind, TypeRef, Union};

pub fn emit(api: &Api) -> Artefact<'_> {
    // The three-state type lives in the runtime (`nullable.rs`); `types` re-exports it.
    let nullable = api.needs.nullable.then(|| {
        quote!(
            pub use crate::nullable::Nullable;
        )
    });
    // Aliases (`pub type X = serde_json::Value;`) need no serde items: a crate of nothing else
    // would warn of an unused import.
    let defines = api
        .types
        .iter()
        .any(|t| !matches!(t.kind, crate::model::TypeKind::Alias(_)));
    // `Deserialize` is named by its path where used: a crate split by features may compile
    // no type that would use an import of it.
    let serde = defines.then(|| {
        quote!(
            use serde::Serialize;
        )
    });
    let head = quote! {
        //! Request and response types, one per schema of the spec.
        //!
        //! Unknown fields in responses are ignored, and unknown enum values decode into an
        //! `Unknown` variant, so a server that adds to its API does not break this crate.
        //!
        //! Structs are `#[non_exhaustive]`: a provider adding a field breaks no caller. A type
        //! you send is built with `new` (the fields that have no default) and a `with_` method
        //! per other field. A type you only receive (to mock a response in a test) derives
        //! `Default` where every field has one, else has `new`; set its public fields after.
        #![allow(clippy::large_enum_variant, clippy::enum_variant_names)]

        #serde

        #nullable
    };
    let items = Items::new(api.types.len(), |i| {
        let def = &api.types[i];
        gated(&def.features, emit_def(def, &api.types))
    });
    Artefact::RustItems { head, items }
}

fn emit_def(def: &TypeDef, types: &[TypeDef]) -> TokenStream {
    let name = ident(&def.name);
    if let Some(same) = &def.same_as {
        let mut docs_with_note = def.docs.clone();
        docs_with_note
            .notes
            .push(format!("The same shape as [`{same}`], under this name."));
        let doc = docs(&docs_with_note);
        let same = ident(same);
        return quote!(#doc pub type #name = #same;);
    }
    let doc = docs(&def.docs);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&doc, &name, s),
        TypeKind::Enum(values) => emit_enum(&doc, &name, values),
        TypeKind::IntEnum(values) => emit_int_enum(&doc, &name, values),
        TypeKind::BoolEnum(values) => emit_bool_enum(&doc, &name, values),
        TypeKind::Union(u) => {
            let union = match &u.discriminator {
                Some(property) => emit_tagged_union(&doc, &name, u, property),
                None => emit_untagged_union(&doc, &name, u, types),
            };
            let froms = super::union_from::emit(&name, u, types);
            quote!(#union #froms)
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!());
            quote!(#doc pub type #name = #ty;)
        }
        TypeKind::Newtype(ty) => emit_newtype(def, &name, ty),
    }
}

/// A wrapper that is the inner value on the wire (an alias that contains itself, see
/// `model/alias_cycles.rs`); arrays and maps are the only inner types, so `Default` holds.
fn emit_newtype(def: &TypeDef, name: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    let mut with_note = def.docs.clone();
    with_note.notes.push(
        "A wrapper rather than a type alias, because the type contains itself; \
         it is the inner value on the wire."
            .to_string(),
    );
    let doc = docs(&with_note);
    let ty = rust_type(ty, &quote!());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #ty);
        impl From<#ty> for #name {
            fn from(value: #ty) -> Self {
                Self(value)
            }
        }
    }
}

fn emit_struct(doc: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let by_hand = super::object_decode::handles(s);
    let fields = s.fields.iter().map(|f| emit_field(f, by_hand));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &quote!());
        quote! {
            /// Properties beyond the documented ones.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = s.build.derive_default.then(|| quote!(Default,));
    let constructors = super::constructors::emit(name, s);
    let (derive, decoder) = if by_hand {
        (quote!(), super::object_decode::emit(name, s))
    } else {
        (quote!(serde::Deserialize), quote!())
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, #derive)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #decoder
        #constructors
    }
}

/// A field and its serde attributes; `by_hand`: the struct's decoder is written out
/// (`object_decode.rs`), so only what serialising reads is said here.
fn emit_field(field: &Field, by_hand: bool) -> TokenStream {
    let mut field_docs = field.docs.clone();
    if field.tri_state() {
        field_docs.notes.push(
            "Optional and nullable: `Nullable::Absent` (the default) leaves it out, \
             `Nullable::Null` sends `null`."
                .to_string(),
        );
    }
    let doc = docs(&field_docs);
    let name = ident(&field.name);
    let mut ty = rust_type(&field.ty, &quote!());
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let wire = &field.wire;
    let rename =
        (field.name.trim_start_matches("r#") != wire.as_str()).then(|| quote!(rename = #wire,));
    // A read-only field is never sent, so it needs no `skip_serializing_if`.
    let skip_if = |test: &str| {
        if field.read_only {
            quote!(skip_serializing,)
        } else {
            quote!(skip_serializing_if = #test,)
        }
    };
    // Read by the derived decoder only: a written-out one knows it (`object_decode.rs`).
    let default = (!by_hand).then(|| quote!(default,));
    let (ty, extra) = if field.tri_state() {
        // Absent, `null` or a value: three different things in a request.
        let skip = skip_if("Nullable::is_absent");
        (quote!(Nullable<#ty>), quote!(#default #skip))
    } else if !field.must_be_present() {
        let skip = skip_if("Option::is_none");
        (quote!(Option<#ty>), quote!(#default #skip))
    } else if field.nullable {
        // Required but nullable: always sent, `null` when `None`.
        let skip = field.read_only.then(|| quote!(skip_serializing,));
        (quote!(Option<#ty>), quote!(#default #skip))
    } else {
        let skip = field.read_only.then(|| quote!(skip_serializing,));
        (ty, quote!(#skip))
    };
    let attr = if rename.is_some() || !extra.is_empty() {
        quote!(#[serde(#rename #extra)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #attr
        pub #name: #ty,
    }
}

fn emit_enum(doc: &TokenStream, name: &proc_macro2::Ident, values: &[EnumValue]) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        let d = format!(" `{w}`");
        quote!(#[doc = #d])
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the crate does not know.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

fn variant_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    let ty = rust_type(ty, &quote!());
    if boxed { quote!(Box<#ty>) } else { ty }
}

/// Untagged: decoding prefers an object variant that knows every property present (without
/// that, a variant whose fields are all optional would take any object and drop the fields it
/// does not know), then the first variant that decodes; `Unknown` keeps anything else.
fn emit_untagged_union(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    types: &[TypeDef],
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = variant_type(&v.ty, v.boxed);
        let d = match &v.ty {
            TypeRef::Named(n) => format!(" A [`{n}`]."),
            _ => format!(" The `{}` alternative.", v.name),
        };
        quote!(#[doc = #d] #vname(#ty),)
    });
    let has_fallback = !u.variants.iter().any(|v| v.ty == TypeRef::Json);
    let fallback = has_fallback.then(|| {
        quote! {
            /// A value that matches none of the documented shapes.
            Unknown(serde_json::Value),
        }
    });
    // `guard`: a condition that must hold as well (let-chains keep clippy's collapsible_if quiet).
    let attempt = |v: &crate::model::Variant, guard: Option<TokenStream>| {
        let vname = ident(&v.name);
        let ty = rust_type(&v.ty, &quote!());
        let wrapped = if v.boxed {
            quote!(Self::#vname(Box::new(decoded)))
        } else {
            quote!(Self::#vname(decoded))
        };
        let guard = guard.map(|g| quote!(#g &&));
        quote! {
            if #guard let Ok(decoded) = serde_json::from_value::<#ty>(value.clone()) {
                return Ok(#wrapped);
            }
        }
    };
    let exact: Vec<TokenStream> = u
        .variants
        .iter()
        .filter_map(|v| {
            let fields = crate::model::known_fields(types, &v.ty)?;
            // One let-chain per variant (a nested `if` per variant trips clippy's
            // `collapsible_if` when there is only one).
            Some(attempt(
                v,
                Some(quote!(let Some(object) = value.as_object()
                    && object.keys().all(|k| [#(#fields),*].contains(&k.as_str())))),
            ))
        })
        .collect();
    let exact = quote!(#(#exact)*);
    let any = u.variants.iter().map(|v| attempt(v, None));
    let last = if has_fallback {
        quote!(Ok(Self::Unknown(value)))
    } else {
        quote!(Err(serde::de::Error::custom(
            "the value matches no variant"
        )))
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #fallback
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #exact
                #(#any)*
                #last
            }
        }
    }
}

/// Tagged by a property: decoding reads the tag first and then the variant (the variant's
/// own struct keeps the tag field); unknown tags land in `Unknown`. Encoding writes the tag
/// if the variant's struct does not.
fn emit_tagged_union(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    property: &str,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = variant_type(&v.ty, v.boxed);
        let tags = v
            .tags
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let d = format!(" `{property}`: {tags}.");
        quote!(#[doc = #d] #vname(#ty),)
    });
    let decode_arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let vname = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed { quote!(|x| Self::#vname(Box::new(x))) } else { quote!(Self::#vname) };
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),)
    });
    let encode_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        quote!(Self::#vname(inner) => (#tag, serde_json::to_value(inner)),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the crate does not know (the whole object is kept).
            Unknown(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_string);
                match tag.as_deref() {
                    #(#decode_arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#encode_arms)*
                    Self::Unknown(value) => return value.serialize(serializer),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let Some(object) = value.as_object_mut() {
                    object.entry(#property).or_insert_with(|| serde_json::Value::from(tag));
                }
                value.serialize(serializer)
            }
        }
    }
}

/// An integer enum: one variant per value plus `Unknown(i64)`; encoded as the number.
fn emit_int_enum(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    values: &[EnumValue],
) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let numbers: Vec<proc_macro2::Literal> = values
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.wire.parse().unwrap_or_default()))
        .collect();
    let variant_docs = values.iter().map(|v| {
        let d = format!(" `{}`", v.wire);
        quote!(#[doc = #d])
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the crate does not know.
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variants => #numbers,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#numbers => Self::#variants,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(i64::deserialize(deserializer)?))
            }
        }
    }
}

/// A boolean enum: a variant per listed value; an unlisted value is kept in `Unknown`.
fn emit_bool_enum(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    values: &[EnumValue],
) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let bools: Vec<bool> = values.iter().map(|v| v.wire == "true").collect();
    let variant_docs = values.iter().map(|v| {
        let d = format!(" `{}`", v.wire);
        quote!(#[doc = #d])
    });
    let unknown = (values.len() < 2).then(|| {
        quote! {
            /// The value the spec does not list.
            Unknown(bool),
        }
    });
    let (unknown_value, unknown_from) = if values.len() < 2 {
        (
            quote!(Self::Unknown(other) => other,),
            quote!(other => Self::Unknown(other),),
        )
    } else {
        (quote!(), quote!())
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #unknown
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> bool {
                match self {
                    #(Self::#variants => #bools,)*
                    #unknown_value
                }
            }
        }

        impl From<bool> for #name {
            fn from(value: bool) -> Self {
                match value {
                    #(#bools => Self::#variants,)*
                    #unknown_from
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bool(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(bool::deserialize(deserializer)?))
            }
        }
    }
}
