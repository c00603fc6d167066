//! Which required fields `new` fills in rather than taking as arguments: only those whose
//! value the spec fixes, so that the caller could not choose another one.
//!
//! - A field whose type is an enum of one value (OpenAPI 3.1's `const` is read as one):
//!   `new` fills in that value.
//! - A variant's discriminator property (`"type": "video"` in a `oneOf` whose discriminator
//!   maps `video` to this schema): `new` fills in the tag the union decodes it by.
//!
//! A required field with a `default` and nothing else is an argument: a `default` on a
//! required property is the spec author's example (a sample URL, a stream key), not a
//! value a client may send on the caller's behalf. The filled value must fit the field's
//! Rust type (a string for a `String` or a string enum, an integer within range, ...);
//! otherwise the field stays an argument.
//!
//! Optional fields are never filled: the server applies their defaults, and a `PATCH` must
//! not send values the caller did not set.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Filled, Literal, MAX_ALIASES, TypeDef, TypeKind, TypeRef};

/// Sets `filled` on every required, non-nullable field whose value the spec fixes.
pub fn fill(types: &mut [TypeDef]) {
    let tags = discriminator_tags(types);
    let decided: Vec<Vec<Option<Filled>>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| {
                    if f.optional() {
                        return None;
                    }
                    match tags.get(&(def.name.as_str(), f.wire.as_str())) {
                        Some(Some(tag)) => filled(types, &f.ty, &Value::from(tag.as_str()), 0),
                        // Variants of several unions with different tags: not fixed.
                        Some(None) => None,
                        None => single_value(types, &f.ty, 0),
                    }
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, decided) in types.iter_mut().zip(decided) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for (field, filled) in s.fields.iter_mut().zip(decided) {
                field.filled = filled;
            }
        }
    }
}

/// (struct, property) → the one tag every tagged union that has the struct as a variant
/// decodes it by; `None` when they disagree or a variant has several tags.
fn discriminator_tags(types: &[TypeDef]) -> BTreeMap<(&str, &str), Option<String>> {
    let mut out: BTreeMap<(&str, &str), Option<String>> = BTreeMap::new();
    for def in types {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        let Some(property) = u.discriminator.as_deref() else {
            continue;
        };
        for v in &u.variants {
            let TypeRef::Named(target) = &v.ty else {
                continue;
            };
            let tag = match v.tags.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            };
            out.entry((target.as_str(), property))
                .and_modify(|known| {
                    if *known != tag {
                        *known = None;
                    }
                })
                .or_insert(tag);
        }
    }
    out
}

/// The value of an enum of one value (through aliases).
fn single_value(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Option<Filled> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = super::type_named(types, name).filter(|_| depth < MAX_ALIASES)?;
    let value = match &def.kind {
        TypeKind::Alias(inner) => return single_value(types, inner, depth + 1),
        TypeKind::Enum(values) | TypeKind::IntEnum(values) | TypeKind::BoolEnum(values) => {
            match values.as_slice() {
                [one] => &one.wire,
                _ => return None,
            }
        }
        _ => return None,
    };
    let value = match &def.kind {
        TypeKind::Enum(_) => Value::from(value.as_str()),
        _ => serde_json::from_str(value).ok()?,
    };
    filled(types, ty, &value, depth)
}

fn filled(types: &[TypeDef], ty: &TypeRef, value: &Value, depth: usize) -> Option<Filled> {
    let plain = |value| Some(Filled { via: None, value });
    match ty {
        TypeRef::String => plain(Literal::Str(value.as_str()?.to_string())),
        TypeRef::I32 => plain(Literal::Int(i32::try_from(value.as_i64()?).ok()?.into())),
        TypeRef::I64 => plain(Literal::Int(value.as_i64()?)),
        TypeRef::F32 | TypeRef::F64 => plain(Literal::Float(value.as_f64()?)),
        TypeRef::Bool => plain(Literal::Bool(value.as_bool()?)),
        TypeRef::Named(name) if depth < MAX_ALIASES => {
            let def = super::type_named(types, name)?;
            let via = |value| {
                Some(Filled {
                    via: Some(name.clone()),
                    value,
                })
            };
            match &def.kind {
                TypeKind::Enum(_) => via(Literal::Str(value.as_str()?.to_string())),
                TypeKind::IntEnum(_) => via(Literal::Int(value.as_i64()?)),
                TypeKind::BoolEnum(_) => via(Literal::Bool(value.as_bool()?)),
                TypeKind::Alias(inner) => filled(types, inner, value, depth + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, EnumValue, Field, Struct, Union, Variant};
    use serde_json::json;

    fn field(ty: TypeRef, required: bool, default: Value) -> Field {
        Field {
            name: "f".into(),
            wire: "f".into(),
            ty,
            required,
            nullable: false,
            boxed: false,
            read_only: false,
            write_only: false,
            docs: Docs::default(),
            default: Some(default),
            filled: None,
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            pointer: String::new(),
            docs: Docs::default(),
            kind,
            features: Vec::new(),
            same_as: None,
        }
    }

    fn kind(values: &[&str]) -> TypeKind {
        TypeKind::Enum(
            values
                .iter()
                .map(|v| EnumValue {
                    variant: v.to_string(),
                    wire: v.to_string(),
                })
                .collect(),
        )
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        def(
            name,
            TypeKind::Struct(Struct {
                fields,
                additional: None,
                build: Default::default(),
            }),
        )
    }

    fn union(name: &str, variants: &[(&str, &[&str])]) -> TypeDef {
        let variants = variants
            .iter()
            .map(|(ty, tags)| Variant {
                name: ty.to_string(),
                ty: TypeRef::Named(ty.to_string()),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                boxed: false,
            })
            .collect();
        def(
            name,
            TypeKind::Union(Union {
                discriminator: Some("f".into()),
                variants,
            }),
        )
    }

    /// The fields of struct `S` among `others`, after the pass.
    fn filled_in(fields: Vec<Field>, others: Vec<TypeDef>) -> Vec<Option<Filled>> {
        let mut types = vec![
            def("Kind", kind(&["video"])),
            def("KindAlias", TypeKind::Alias(TypeRef::Named("Kind".into()))),
            def("Two", kind(&["a", "b"])),
            strukt("S", fields),
        ];
        types.extend(others);
        fill(&mut types);
        let TypeKind::Struct(s) = &types[3].kind else {
            unreachable!("the test builds a struct")
        };
        s.fields.iter().map(|f| f.filled.clone()).collect()
    }

    fn filled_of(fields: Vec<Field>) -> Vec<Option<Filled>> {
        filled_in(fields, Vec::new())
    }

    /// A `default` on a required field is the spec author's example (FastPix's sample
    /// video URL): never sent on the caller's behalf.
    #[test]
    fn required_fields_with_a_default_stay_arguments() {
        let got = filled_of(vec![
            field(
                TypeRef::String,
                true,
                json!("https://example.com/sample.mp4"),
            ),
            field(TypeRef::I32, true, json!(3)),
            field(TypeRef::F64, true, json!(2)),
            field(TypeRef::Bool, true, json!(false)),
            field(TypeRef::Named("Two".into()), true, json!("a")),
        ]);
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }

    /// An enum of one value (a 3.1 `const`) is fixed by the spec: filled, with or without a
    /// default, through aliases.
    #[test]
    fn an_enum_of_one_value_is_filled_in() {
        let mut no_default = field(TypeRef::Named("KindAlias".into()), true, json!(null));
        no_default.default = None;
        let got = filled_of(vec![
            field(TypeRef::Named("Kind".into()), true, json!("video")),
            no_default,
        ]);
        let want = Filled {
            via: Some("Kind".into()),
            value: Literal::Str("video".into()),
        };
        assert_eq!(got, [Some(want.clone()), Some(want)]);
    }

    /// A variant's discriminator property is the tag its union decodes it by; when two
    /// unions disagree, the caller chooses.
    #[test]
    fn a_discriminator_tag_is_filled_in_from_the_union() {
        let tagged = || field(TypeRef::String, true, json!("ignored"));
        let got = filled_in(vec![tagged()], vec![union("U", &[("S", &["video"])])]);
        assert_eq!(
            got,
            [Some(Filled {
                via: None,
                value: Literal::Str("video".into())
            })]
        );
        let unions = vec![
            union("U", &[("S", &["video"])]),
            union("V", &[("S", &["clip"])]),
        ];
        assert_eq!(filled_in(vec![tagged()], unions), [None]);
        let several = vec![union("U", &[("S", &["video", "clip"])])];
        assert_eq!(filled_in(vec![tagged()], several), [None]);
    }

    #[test]
    fn optional_fields_and_values_that_do_not_fit_stay_unfilled() {
        let got = filled_of(vec![
            field(TypeRef::Named("Kind".into()), false, json!("video")),
            field(TypeRef::String, false, json!("x")),
            field(
                TypeRef::Array(Box::new(TypeRef::String)),
                true,
                json!(["a"]),
            ),
            field(TypeRef::Json, true, json!("x")),
        ]);
        assert!(got.iter().all(Option::is_none), "{got:?}");
        // A tag that does not fit the field's type (an integer field).
        let int_tag = filled_in(
            vec![field(TypeRef::I64, true, json!(1))],
            vec![union("U", &[("S", &["video"])])],
        );
        assert_eq!(int_tag, [None]);
    }
}
