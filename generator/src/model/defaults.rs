//! Which required fields `new` fills in from the spec's `default` (`"type": "video"`), so a
//! caller names only what has no default.
//!
//! A default is filled in only where it is a scalar that fits the field's Rust type: a
//! string for a `String` or a string enum, an integer within range for an integer (or an
//! integer enum), a number for a float, a boolean for a `bool` (or a boolean enum). Anything
//! else (an array, an object, a value of the wrong type) stays an argument of `new`: the
//! caller supplies it, as the spec's own default cannot be trusted to decode.
//!
//! Optional fields are never filled: the server applies their defaults, and a `PATCH` must
//! not send values the caller did not set.

use serde_json::Value;

use super::{Filled, Literal, MAX_ALIASES, TypeDef, TypeKind, TypeRef};

/// Sets `filled` on every required, non-nullable field with a usable default.
pub fn fill(types: &mut [TypeDef]) {
    let decided: Vec<Vec<Option<Filled>>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| {
                    let value = f.default.as_ref().filter(|_| !f.optional())?;
                    filled(types, &f.ty, value, 0)
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
    use crate::model::{Docs, EnumValue, Field, Struct};
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

    fn filled_of(fields: Vec<Field>) -> Vec<Option<Filled>> {
        let kind = TypeKind::Enum(vec![EnumValue {
            variant: "Video".into(),
            wire: "video".into(),
        }]);
        let mut types = vec![
            def("Kind", kind),
            def("KindAlias", TypeKind::Alias(TypeRef::Named("Kind".into()))),
            def(
                "S",
                TypeKind::Struct(Struct {
                    fields,
                    additional: None,
                    build: Default::default(),
                }),
            ),
        ];
        fill(&mut types);
        let TypeKind::Struct(s) = &types[2].kind else {
            unreachable!("the test builds a struct")
        };
        s.fields.iter().map(|f| f.filled.clone()).collect()
    }

    #[test]
    fn scalars_that_fit_are_filled_in() {
        let got = filled_of(vec![
            field(TypeRef::Named("KindAlias".into()), true, json!("video")),
            field(TypeRef::String, true, json!("public")),
            field(TypeRef::I32, true, json!(3)),
            field(TypeRef::F64, true, json!(2)),
            field(TypeRef::Bool, true, json!(false)),
        ]);
        let via = Some("Kind".to_string());
        assert_eq!(got[0].as_ref().map(|f| &f.via), Some(&via));
        assert_eq!(
            got[1].as_ref().map(|f| &f.value),
            Some(&Literal::Str("public".into()))
        );
        assert_eq!(got[2].as_ref().map(|f| &f.value), Some(&Literal::Int(3)));
        assert_eq!(
            got[3].as_ref().map(|f| &f.value),
            Some(&Literal::Float(2.0))
        );
        assert_eq!(
            got[4].as_ref().map(|f| &f.value),
            Some(&Literal::Bool(false))
        );
    }

    #[test]
    fn optional_fields_and_defaults_that_do_not_fit_stay_unfilled() {
        let got = filled_of(vec![
            field(TypeRef::String, false, json!("x")),
            field(TypeRef::I32, true, json!(1_i64 << 40)),
            field(TypeRef::String, true, json!(5)),
            field(
                TypeRef::Array(Box::new(TypeRef::String)),
                true,
                json!(["a"]),
            ),
            field(TypeRef::Json, true, json!("x")),
        ]);
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }
}
