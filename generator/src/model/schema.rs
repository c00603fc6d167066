//! Schemas to types. Component schemas keep their names (cased); inline schemas that need a
//! type of their own are named after where they appear (`MediaTracksItem`, `CreateMediaRequest`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::docs::{docs_of, with_fallback};
use super::naming::{self, Namer};
use super::schema_keywords::*;
use super::{EnumValue, Field, Struct, TypeDef, TypeKind, TypeRef, Union, Variant};
use crate::diagnostic::{Diagnostic, join};
use crate::load::Spec;

pub(super) const COMPONENTS: &str = "#/components/schemas/";
/// The generated three-state type of optional nullable fields (see `emit/types.rs`).
pub const NULLABLE: &str = "Nullable";
const MAX_DEPTH: usize = 64;

pub struct TypeBuilder<'a> {
    spec: &'a Spec,
    namer: Namer,
    /// Component key → Rust name.
    components: BTreeMap<String, String>,
    defs: BTreeMap<String, TypeDef>,
    depth: usize,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let mut namer = Namer::for_types();
        // `types.rs` defines `Nullable<T>` for optional nullable fields.
        namer.claim(NULLABLE);
        TypeBuilder {
            spec,
            namer,
            components: BTreeMap::new(),
            defs: BTreeMap::new(),
            depth: 0,
        }
    }

    /// Names every component schema first (sorted, so they win collisions over inline
    /// names), then builds each.
    pub fn add_components(&mut self) -> Result<(), Diagnostic> {
        let Some(schemas) = self.spec.root.pointer("/components/schemas") else {
            return Ok(());
        };
        let Some(schemas) = schemas.as_object() else {
            return Err(self
                .spec
                .error("/components/schemas", "must be a mapping of schemas"));
        };
        let mut keys: Vec<&String> = schemas.keys().collect();
        keys.sort();
        for key in &keys {
            let name = self.namer.claim(&naming::camel(key));
            self.components.insert((*key).clone(), name);
        }
        for key in keys {
            let name = self.components[key].clone();
            let pointer = join("/components/schemas", key);
            let kind = self.kind_of_named(&name, &schemas[key], &pointer)?;
            let docs = with_fallback(docs_of(&schemas[key]), || format!("The `{key}` schema."));
            self.defs.insert(
                name.clone(),
                TypeDef {
                    name,
                    pointer,
                    docs,
                    kind,
                    features: Vec::new(),
                    same_as: None,
                },
            );
        }
        Ok(())
    }

    /// The Rust names of the component schemas.
    pub fn component_names(&self) -> std::collections::BTreeSet<String> {
        self.components.values().cloned().collect()
    }

    /// The Rust type of a component schema, by its key in the spec.
    pub fn component(&self, key: &str) -> Option<TypeRef> {
        self.components.get(key).cloned().map(TypeRef::Named)
    }

    pub fn def_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        self.defs.get_mut(name)
    }

    pub fn finish(self) -> Vec<TypeDef> {
        self.defs.into_values().collect()
    }

    /// The type of a schema at a use site, and whether it is nullable. `hint` names any new
    /// type the schema needs.
    pub fn type_of(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self
                .spec
                .error(pointer, "schema nests too deeply (more than 64 levels)"));
        }
        let result = self.type_of_inner(schema, pointer, hint);
        self.depth -= 1;
        result
    }

    fn type_of_inner(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        let Some(obj) = schema.as_object() else {
            // `true`/`{}`-like schemas: anything goes.
            return Ok((TypeRef::Json, false));
        };
        let nullable = obj
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            if let Some(name) = r
                .strip_prefix(COMPONENTS)
                .and_then(|k| self.components.get(&unescape(k)))
            {
                return Ok((TypeRef::Named(name.clone()), nullable));
            }
            let (target, at) = self.spec.resolver().resolve(schema, pointer)?;
            let (ty, n) = self.type_of(target, &at, hint)?;
            return Ok((ty, n || nullable));
        }
        if needs_definition(obj) {
            let name = self.namer.claim(&naming::camel(hint));
            let kind = self.kind_of_named(&name, schema, pointer)?;
            self.defs.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    pointer: pointer.to_string(),
                    docs: with_fallback(docs_of(schema), || {
                        format!("Inline schema at `{pointer}`.")
                    }),
                    kind,
                    features: Vec::new(),
                    same_as: None,
                },
            );
            return Ok((TypeRef::Named(name), nullable));
        }
        if let Some(parts) = composition(obj) {
            // A composition that needs no type of its own: one real alternative.
            let (ty, n) = self.single_part(parts, pointer, hint)?;
            return Ok((ty, n || nullable));
        }
        let ty = match obj.get("type").and_then(Value::as_str) {
            Some("string") => string_type(obj),
            Some("integer") => integer_type(obj),
            Some("number") => number_type(obj),
            Some("boolean") => TypeRef::Bool,
            Some("array") => {
                let items = obj.get("items").unwrap_or(&Value::Null);
                let (inner, _) =
                    self.type_of(items, &join(pointer, "items"), &format!("{hint}Item"))?;
                TypeRef::Array(Box::new(inner))
            }
            Some("object") | None if obj.contains_key("additionalProperties") => {
                self.map_type(obj, pointer, hint)?
            }
            Some("object") => TypeRef::Map(Box::new(TypeRef::Json)),
            _ => TypeRef::Json,
        };
        Ok((ty, nullable))
    }

    fn map_type(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let inner = match obj.get("additionalProperties") {
            Some(Value::Object(_)) => {
                let ap = &obj["additionalProperties"];
                self.type_of(
                    ap,
                    &join(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                )?
                .0
            }
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(inner)))
    }

    fn single_part(
        &mut self,
        parts: &'a [Value],
        pointer: &str,
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        let key = composition_key(pointer, parts, self.spec);
        let mut nullable = false;
        let mut found = None;
        for (i, part) in parts.iter().enumerate() {
            if is_null_schema(part) {
                nullable = true;
                continue;
            }
            let (ty, n) = self.type_of(part, &format!("{key}/{i}"), hint)?;
            nullable |= n;
            found.get_or_insert(ty);
        }
        Ok((found.unwrap_or(TypeRef::Json), nullable))
    }

    /// The definition of a named type (component or inline).
    fn kind_of_named(
        &mut self,
        name: &str,
        schema: &'a Value,
        pointer: &str,
    ) -> Result<TypeKind, Diagnostic> {
        let Some(obj) = schema.as_object() else {
            return Ok(TypeKind::Alias(TypeRef::Json));
        };
        if obj.contains_key("$ref") {
            let (ty, _) = self.type_of(schema, pointer, &format!("{name}Target"))?;
            return Ok(TypeKind::Alias(ty));
        }
        if let Some(values) = string_enum(obj) {
            return Ok(TypeKind::Enum(enum_values(&values)));
        }
        if let Some(values) = int_enum(obj) {
            return Ok(TypeKind::IntEnum(int_enum_values(obj, &values)));
        }
        if let Some(values) = bool_enum(obj) {
            let values = values
                .iter()
                .map(|b| EnumValue {
                    variant: if *b { "True" } else { "False" }.to_string(),
                    wire: b.to_string(),
                })
                .collect();
            return Ok(TypeKind::BoolEnum(values));
        }
        if let Some(parts) = obj
            .get("oneOf")
            .or_else(|| obj.get("anyOf"))
            .and_then(Value::as_array)
        {
            let key = if obj.contains_key("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            return self.union_kind(name, obj, parts, &join(pointer, key));
        }
        if obj.contains_key("allOf") || has_properties(obj) {
            return self
                .struct_kind(name, schema, pointer)
                .map(TypeKind::Struct);
        }
        // Enums, unions and objects were handled above, so this defines no new type.
        let (ty, _) = self.type_of(schema, pointer, name)?;
        Ok(TypeKind::Alias(ty))
    }

    fn struct_kind(
        &mut self,
        name: &str,
        schema: &'a Value,
        pointer: &str,
    ) -> Result<Struct, Diagnostic> {
        let mut props: Vec<(String, &'a Value, String)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional: Option<(&'a Value, String)> = None;
        self.collect_properties(
            schema,
            pointer,
            &mut props,
            &mut required,
            &mut additional,
            0,
        )?;
        let mut namer = Namer::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        for (wire, prop, at) in props {
            let hint = format!("{name}{}", naming::camel(&wire));
            let (ty, nullable) = self.type_of(prop, &at, &hint)?;
            let flag = |key: &str| prop.get(key).and_then(Value::as_bool).unwrap_or(false);
            let (read_only, write_only) = (flag("readOnly"), flag("writeOnly"));
            let mut docs = with_fallback(docs_of(prop), || format!("The `{wire}` property."));
            if read_only {
                docs.notes.push(
                    "Read-only: set by the server, never sent in a request body.".to_string(),
                );
            }
            if write_only {
                docs.notes.push(
                    "Write-only: sent in requests, left out of responses (so optional here)."
                        .to_string(),
                );
            }
            fields.push(Field {
                name: namer.claim(&naming::snake(&wire)),
                required: required.contains(&wire),
                ty,
                nullable,
                boxed: false,
                read_only,
                write_only,
                docs,
                wire,
            });
        }
        let additional = match additional {
            None => None,
            Some((Value::Bool(true), _)) => Some(TypeRef::Json),
            Some((v @ Value::Object(_), at)) => {
                Some(self.type_of(v, &at, &format!("{name}Value"))?.0)
            }
            Some(_) => None,
        };
        Ok(Struct { fields, additional })
    }

    /// Properties of an object and of everything it `allOf`s, in order; a later definition of
    /// the same property replaces the earlier one (no duplicated fields).
    #[allow(clippy::type_complexity)]
    fn collect_properties(
        &self,
        schema: &'a Value,
        pointer: &str,
        props: &mut Vec<(String, &'a Value, String)>,
        required: &mut Vec<String>,
        additional: &mut Option<(&'a Value, String)>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.spec.error(pointer, "`allOf` nests too deeply"));
        }
        let (schema, pointer) = self.spec.resolver().resolve(schema, pointer)?;
        let Some(obj) = schema.as_object() else {
            return Ok(());
        };
        if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                let at = format!("{}/{i}", join(&pointer, "allOf"));
                self.collect_properties(part, &at, props, required, additional, depth + 1)?;
            }
        }
        if let Some(p) = obj.get("properties").and_then(Value::as_object) {
            for (wire, prop) in p {
                let at = join(&join(&pointer, "properties"), wire);
                match props.iter_mut().find(|(w, _, _)| w == wire) {
                    Some(slot) => *slot = (wire.clone(), prop, at),
                    None => props.push((wire.clone(), prop, at)),
                }
            }
        }
        if let Some(r) = obj.get("required").and_then(Value::as_array) {
            for w in r.iter().filter_map(Value::as_str) {
                if !required.iter().any(|x| x == w) {
                    required.push(w.to_string());
                }
            }
        }
        if let Some(ap) = obj.get("additionalProperties") {
            *additional = Some((ap, join(&pointer, "additionalProperties")));
        }
        Ok(())
    }

    fn union_kind(
        &mut self,
        name: &str,
        obj: &'a Map<String, Value>,
        parts: &'a [Value],
        pointer: &str,
    ) -> Result<TypeKind, Diagnostic> {
        let discriminator = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping = obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        let mut namer = Namer::with_reserved(&["Unknown"]);
        let mut variants: Vec<Variant> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if is_null_schema(part) {
                continue;
            }
            let at = format!("{pointer}/{i}");
            let (ty, _) = self.type_of(part, &at, &format!("{name}Variant{}", i + 1))?;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let tags = discriminator
                .as_ref()
                .map(|_| tags_for(part, mapping))
                .unwrap_or_default();
            let label = match (&ty, tags.first()) {
                (_, Some(tag)) if mapping.is_some() => naming::camel(tag),
                _ => strip_prefix_name(&ty.variant_name(), name),
            };
            variants.push(Variant {
                name: namer.claim(&label),
                ty,
                tags,
                boxed: false,
            });
        }
        if variants.len() == 1 && discriminator.is_none() {
            return Ok(TypeKind::Alias(variants.remove(0).ty));
        }
        Ok(TypeKind::Union(Union {
            discriminator,
            variants,
        }))
    }
}

pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
