//! Schemas to types. Component schemas keep their names (cased); inline schemas that need a
//! type of their own are named after where they appear (`MediaTracksItem`, `CreateMediaRequest`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::docs::{docs_of, with_fallback};
use super::naming::{self, Namer};
use super::places;
use super::schema_view::{SchemaView, enum_values, strip_prefix_name};
use super::{Build, EnumValue, Field, Skip, Struct, TypeDef, TypeKind, TypeRef, Union, Variant};
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
    /// Inline schemas whose type is being defined, by pointer: a schema that contains
    /// itself (through `$ref`s to inline places) comes back here, and is its own type, not
    /// another level of nesting.
    defining: BTreeMap<String, String>,
    /// Keywords the types do not enforce, for "Not generated" (see `note_unenforced`).
    notes: Vec<Skip>,
    noted: std::collections::BTreeSet<String>,
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
            defining: BTreeMap::new(),
            notes: Vec::new(),
            noted: std::collections::BTreeSet::new(),
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
            let kind = self.kind_of_named(&name, &SchemaView::new(&schemas[key], &pointer));
            // A schema that cannot be built is free-form JSON, and listed; not the spec's end.
            let kind = kind.unwrap_or_else(|diagnostic| {
                self.notes.push(Skip {
                    what: format!("schema `{key}` (generated as free-form JSON)"),
                    pointer: pointer.clone(),
                    reason: diagnostic.message,
                });
                TypeKind::Alias(TypeRef::Json)
            });
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

    /// The types, and the "Not generated" notes on keywords they do not enforce.
    pub fn finish(self) -> (Vec<TypeDef>, Vec<Skip>) {
        (self.defs.into_values().collect(), self.notes)
    }

    /// The type of a schema at a use site, and whether it is nullable. `hint` names any new
    /// type the schema needs.
    pub fn type_of(
        &mut self,
        view: &SchemaView<'a>,
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self.spec.error(
                view.pointer(),
                "schema nests too deeply (more than 64 levels)",
            ));
        }
        let result = self.type_of_inner(view, hint);
        self.depth -= 1;
        result
    }

    fn type_of_inner(
        &mut self,
        view: &SchemaView<'a>,
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        if !view.is_object() {
            // `true`/`{}`-like schemas: anything goes.
            return Ok((TypeRef::Json, false));
        }
        self.note_unenforced(view);
        let nullable = view.nullable();
        if let Some(r) = view.reference() {
            if let Some(name) = r
                .strip_prefix(COMPONENTS)
                .and_then(|k| self.components.get(&unescape(k)))
            {
                return Ok((TypeRef::Named(name.clone()), nullable));
            }
            let (target, at) = self.spec.resolver().resolve(view.value(), view.pointer())?;
            let (ty, n) = self.type_of(&SchemaView::new(target, at), hint)?;
            return Ok((ty, n || nullable));
        }
        if view.arrays_and_objects() {
            return Ok((TypeRef::Json, nullable));
        }
        if view.needs_definition() {
            if let Some(name) = self.defining.get(view.pointer()) {
                return Ok((TypeRef::Named(name.clone()), nullable));
            }
            let name = self.namer.claim(&naming::camel(hint));
            let pointer = view.pointer().to_string();
            self.defining.insert(pointer.clone(), name.clone());
            let kind = self.kind_of_named(&name, view);
            self.defining.remove(&pointer);
            let kind = kind?;
            // Documented by where it is used, when the spec says nothing of it.
            let docs = with_fallback(docs_of(view.value()), || {
                places::describe(self.spec, &pointer)
                    .unwrap_or_else(|| format!("Inline schema at `{pointer}`."))
            });
            self.defs.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    docs,
                    pointer,
                    kind,
                    features: Vec::new(),
                    same_as: None,
                },
            );
            return Ok((TypeRef::Named(name), nullable));
        }
        if let Some((_, parts)) = view.composition() {
            // A composition that needs no type of its own: one real alternative.
            let (ty, n) = self.single_part(&parts, hint)?;
            return Ok((ty, n || nullable));
        }
        if let Some(ty) = view.scalar_type() {
            return Ok((ty, nullable));
        }
        let ty = match view.type_name() {
            Some("array") => {
                let item = self.type_of(&view.items(), &format!("{hint}Item"))?;
                TypeRef::Array(Box::new(or_null(item)))
            }
            Some("object") | None if view.has_additional_properties() => {
                self.map_type(view, hint)?
            }
            Some("object") => TypeRef::Map(Box::new(TypeRef::Json)),
            _ => TypeRef::Json,
        };
        Ok((ty, nullable))
    }

    /// Lists, once per schema, the keywords its type does not enforce (under "Not
    /// generated").
    fn note_unenforced(&mut self, view: &SchemaView<'a>) {
        let keywords = view.unenforced_keywords();
        if keywords.is_empty() || !self.noted.insert(view.pointer().to_string()) {
            return;
        }
        self.notes.push(Skip {
            what: format!("`{}` of a schema", keywords.join("`, `")),
            pointer: view.pointer().to_string(),
            reason: "not enforced: the generated type accepts values these keywords forbid"
                .to_string(),
        });
    }

    fn map_type(&mut self, view: &SchemaView<'a>, hint: &str) -> Result<TypeRef, Diagnostic> {
        let inner = match view.additional_properties() {
            Some(ap) if ap.is_object() => or_null(self.type_of(&ap, &format!("{hint}Value"))?),
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(inner)))
    }

    fn single_part(
        &mut self,
        parts: &[SchemaView<'a>],
        hint: &str,
    ) -> Result<(TypeRef, bool), Diagnostic> {
        let mut nullable = false;
        let mut found = None;
        for part in parts {
            if part.is_null_schema() {
                nullable = true;
                continue;
            }
            if part.is_annotation_only() {
                nullable |= part.nullable();
                continue;
            }
            let (ty, n) = self.type_of(part, hint)?;
            nullable |= n;
            found.get_or_insert(ty);
        }
        Ok((found.unwrap_or(TypeRef::Json), nullable))
    }

    /// The definition of a named type (component or inline).
    fn kind_of_named(&mut self, name: &str, view: &SchemaView<'a>) -> Result<TypeKind, Diagnostic> {
        if !view.is_object() {
            return Ok(TypeKind::Alias(TypeRef::Json));
        }
        self.note_unenforced(view);
        if view.has_reference() {
            let (ty, _) = self.type_of(view, &format!("{name}Target"))?;
            return Ok(TypeKind::Alias(ty));
        }
        if view.arrays_and_objects() {
            return Ok(TypeKind::Alias(TypeRef::Json));
        }
        if let Some(values) = view.string_enum() {
            return Ok(TypeKind::Enum(enum_values(&values)));
        }
        if let Some(values) = view.int_enum() {
            return Ok(TypeKind::IntEnum(view.int_enum_values(&values)));
        }
        if let Some(values) = view.bool_enum() {
            let values = values
                .iter()
                .map(|b| EnumValue {
                    variant: if *b { "True" } else { "False" }.to_string(),
                    wire: b.to_string(),
                })
                .collect();
            return Ok(TypeKind::BoolEnum(values));
        }
        if let Some((_, parts)) = view.alternatives() {
            return self.union_kind(name, view, &parts);
        }
        if view.has("allOf") || view.has_properties() {
            return self.struct_kind(name, view).map(TypeKind::Struct);
        }
        // Enums, unions and objects were handled above, so this defines no new type.
        let (ty, _) = self.type_of(view, name)?;
        Ok(TypeKind::Alias(ty))
    }

    fn struct_kind(&mut self, name: &str, view: &SchemaView<'a>) -> Result<Struct, Diagnostic> {
        let mut collected = Collected::default();
        self.collect_properties(view, &mut collected, 0)?;
        let mut namer = Namer::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        for (wire, prop) in collected.props {
            let hint = format!("{name}{}", naming::camel(&wire));
            let (ty, nullable) = self.type_of(&prop, &hint)?;
            let (read_only, write_only) = (prop.flag("readOnly"), prop.flag("writeOnly"));
            let mut docs = with_fallback(docs_of(prop.value()), || undescribed(&wire, &prop));
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
                required: collected.required.contains(&wire),
                ty,
                nullable,
                boxed: false,
                read_only,
                write_only,
                docs,
                default: prop.value().get("default").cloned(),
                filled: None,
                wire,
            });
        }
        // A required name with no property: any JSON value, which the caller must give; it
        // is read as nullable, so a response without it still decodes.
        for wire in &collected.required {
            if fields.iter().any(|f: &Field| &f.wire == wire) {
                continue;
            }
            let docs = super::Docs {
                description: Some(format!(
                    "`{wire}`: required by the spec, which gives it no schema (any JSON value)."
                )),
                ..super::Docs::default()
            };
            fields.push(Field {
                name: namer.claim(&naming::snake(wire)),
                required: true,
                ty: TypeRef::Json,
                nullable: true,
                boxed: false,
                read_only: false,
                write_only: false,
                docs,
                default: None,
                filled: None,
                wire: wire.clone(),
            });
        }
        let additional = match collected.additional {
            None => None,
            Some(ap) if ap.value() == &Value::Bool(true) => Some(TypeRef::Json),
            Some(ap) if ap.is_object() => Some(self.type_of(&ap, &format!("{name}Value"))?.0),
            Some(_) => None,
        };
        Ok(Struct {
            fields,
            additional,
            build: Build::default(),
        })
    }

    /// The properties and required names of an object and of everything it `allOf`s (a form
    /// body's fields); `None` when there are none, declared or inherited.
    pub fn object_properties(
        &self,
        view: &SchemaView<'a>,
    ) -> Result<Option<Properties<'a>>, Diagnostic> {
        let mut collected = Collected::default();
        self.collect_properties(view, &mut collected, 0)?;
        let none = collected.props.is_empty() && !view.declares_properties();
        Ok((!none).then_some((collected.props, collected.required)))
    }

    /// Properties of an object and of everything it `allOf`s, in order; a later definition of
    /// the same property replaces the earlier one (no duplicated fields).
    fn collect_properties(
        &self,
        view: &SchemaView<'a>,
        collected: &mut Collected<'a>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.spec.error(view.pointer(), "`allOf` nests too deeply"));
        }
        let (schema, pointer) = self.spec.resolver().resolve(view.value(), view.pointer())?;
        let view = SchemaView::new(schema, pointer);
        for part in view.parts("allOf").unwrap_or_default() {
            self.collect_properties(&part, collected, depth + 1)?;
        }
        for (wire, prop) in view.properties() {
            match collected.props.iter_mut().find(|(w, _)| w == wire) {
                Some(slot) => *slot = (wire.to_string(), prop),
                None => collected.props.push((wire.to_string(), prop)),
            }
        }
        for w in view.required() {
            if !collected.required.iter().any(|x| x == w) {
                collected.required.push(w.to_string());
            }
        }
        if let Some(ap) = view.additional_properties() {
            collected.additional = Some(ap);
        }
        Ok(())
    }

    fn union_kind(
        &mut self,
        name: &str,
        view: &SchemaView<'a>,
        parts: &[SchemaView<'a>],
    ) -> Result<TypeKind, Diagnostic> {
        let (discriminator, mapping) = view.discriminator();
        let mut namer = Namer::with_reserved(&["Unknown"]);
        let mut variants: Vec<Variant> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if part.is_null_schema() {
                continue;
            }
            let (ty, _) = self.type_of(part, &format!("{name}Variant{}", i + 1))?;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let tags = discriminator
                .as_ref()
                .map(|_| part.tags(mapping))
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

/// An object's properties in order, and its required names (see `object_properties`).
pub type Properties<'a> = (Vec<(String, SchemaView<'a>)>, Vec<String>);

/// What an object and everything it `allOf`s declare (see `collect_properties`).
#[derive(Default)]
struct Collected<'a> {
    props: Vec<(String, SchemaView<'a>)>,
    required: Vec<String>,
    additional: Option<SchemaView<'a>>,
}

pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The doc of a property the spec does not describe: its name and what its schema says it
/// holds (format, limits and default follow as notes).
fn undescribed(wire: &str, prop: &SchemaView<'_>) -> String {
    let holds = match (prop.reference(), prop.type_name()) {
        (Some(target), _) => {
            let name = unescape(target.rsplit('/').next().unwrap_or(target));
            format!(": a `{name}`")
        }
        (None, Some("string")) => ": text".to_string(),
        (None, Some("integer")) => ": an integer".to_string(),
        (None, Some("number")) => ": a number".to_string(),
        (None, Some("boolean")) => ": true or false".to_string(),
        (None, Some("array")) => ": a list".to_string(),
        (None, Some("object")) => ": an object".to_string(),
        _ => String::new(),
    };
    format!("The `{wire}` property{holds}.")
}

/// An array item's, map value's or response body's type: `Option<T>` when the schema allows
/// `null` (an item `null` in `Vec<T>` would fail the whole response).
pub(crate) fn or_null((ty, nullable): (TypeRef, bool)) -> TypeRef {
    match ty {
        // `Json` already holds `null`.
        TypeRef::Json => TypeRef::Json,
        ty if nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}
