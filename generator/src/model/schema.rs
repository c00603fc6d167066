//! Schemas to types. Component schemas keep their names (cased); inline schemas that need a
//! type of their own are named after where they appear (`MediaTracksItem`, `CreateMediaRequest`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::naming::{self, Namer};
use super::{Docs, EnumValue, Field, Struct, TypeDef, TypeKind, Union, Variant};
use crate::diagnostic::{Diagnostic, join};
use crate::load::Spec;

/// A Rust type as used at a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The named type inside this type, through arrays and maps.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named(),
            _ => None,
        }
    }

    /// The type as a caller writes it: named types without the `types::` path, for the
    /// README, the API surface and change reports.
    pub fn caller_text(&self) -> String {
        match self {
            TypeRef::Named(n) => n.clone(),
            TypeRef::String => "String".into(),
            TypeRef::I32 => "i32".into(),
            TypeRef::I64 => "i64".into(),
            TypeRef::F32 => "f32".into(),
            TypeRef::F64 => "f64".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::Bytes => "Vec<u8>".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Array(inner) => format!("Vec<{}>", inner.caller_text()),
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", inner.caller_text()),
        }
    }

    /// A short name for a union variant holding this type.
    fn variant_name(&self) -> String {
        match self {
            TypeRef::Named(n) => n.clone(),
            TypeRef::String => "String".into(),
            TypeRef::I32 | TypeRef::I64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Json => "Json".into(),
            TypeRef::Array(inner) => format!("{}List", inner.variant_name()),
            TypeRef::Map(inner) => format!("{}Map", inner.variant_name()),
        }
    }
}

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

/// Whether a schema needs a Rust type of its own.
fn needs_definition(obj: &Map<String, Value>) -> bool {
    if string_enum(obj).is_some()
        || int_enum(obj).is_some()
        || bool_enum(obj).is_some()
        || has_properties(obj)
    {
        return true;
    }
    if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
        return parts.len() > 1 || has_properties(obj);
    }
    match obj
        .get("oneOf")
        .or_else(|| obj.get("anyOf"))
        .and_then(Value::as_array)
    {
        Some(parts) => parts.iter().filter(|p| !is_null_schema(p)).count() > 1,
        None => false,
    }
}

fn composition(obj: &Map<String, Value>) -> Option<&[Value]> {
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_array))
        .map(Vec::as_slice)
}

fn composition_key(pointer: &str, _parts: &[Value], spec: &Spec) -> String {
    let obj = spec.root.pointer(pointer).and_then(Value::as_object);
    let key = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .find(|k| obj.is_some_and(|o| o.contains_key(*k)))
        .unwrap_or("allOf");
    join(pointer, key)
}

fn has_properties(obj: &Map<String, Value>) -> bool {
    obj.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}

/// The string values of a string enum (nulls dropped), if the schema is one. Without a
/// `type`, every value must be a string: an enum of several JSON types (`[auto, 1, true]`)
/// stays free-form JSON, since a string enum could not decode the others.
fn string_enum(obj: &Map<String, Value>) -> Option<Vec<String>> {
    let values = obj.get("enum")?.as_array()?;
    let is_string = match obj.get("type").and_then(Value::as_str) {
        Some("string") => true,
        None => values.iter().all(|v| v.is_string() || v.is_null()),
        Some(_) => false,
    };
    let strings: Vec<String> = values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    (is_string && !strings.is_empty()).then_some(strings)
}

/// The values of an integer enum (nulls dropped), if the schema is one.
fn int_enum(obj: &Map<String, Value>) -> Option<Vec<i64>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").and_then(Value::as_str) != Some("integer") {
        return None;
    }
    let mut ints: Vec<i64> = Vec::new();
    for v in values.iter().filter(|v| !v.is_null()) {
        let i = v.as_i64()?;
        if !ints.contains(&i) {
            ints.push(i);
        }
    }
    (!ints.is_empty()).then_some(ints)
}

/// The values of a boolean enum (nulls dropped), if the schema is one.
fn bool_enum(obj: &Map<String, Value>) -> Option<Vec<bool>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").and_then(Value::as_str) != Some("boolean") {
        return None;
    }
    let mut bools: Vec<bool> = Vec::new();
    for v in values.iter().filter(|v| !v.is_null()) {
        let b = v.as_bool()?;
        if !bools.contains(&b) {
            bools.push(b);
        }
    }
    (!bools.is_empty()).then_some(bools)
}

/// Variants of an integer enum: named by `x-enum-varnames` (or `x-enumNames`) when the spec
/// gives one name per value, else `V<n>` (`Minus<n>` for negative values).
fn int_enum_values(obj: &Map<String, Value>, values: &[i64]) -> Vec<EnumValue> {
    let names: Option<Vec<&str>> = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_array))
        .and_then(|a| a.iter().map(Value::as_str).collect())
        .filter(|n: &Vec<&str>| n.len() == values.len());
    let mut namer = Namer::with_reserved(&["Unknown"]);
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let wanted = match &names {
                Some(n) if !naming::camel(n[i]).is_empty() => naming::camel(n[i]),
                _ if *v < 0 => format!("Minus{}", v.unsigned_abs()),
                _ => format!("V{v}"),
            };
            EnumValue {
                variant: namer.claim(&wanted),
                wire: v.to_string(),
            }
        })
        .collect()
}

fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut namer = Namer::with_reserved(&["Unknown"]);
    let mut out: Vec<EnumValue> = Vec::new();
    for v in values {
        if out.iter().any(|e| &e.wire == v) {
            continue;
        }
        let wanted = if v.is_empty() {
            "Empty".to_string()
        } else {
            naming::camel(v)
        };
        out.push(EnumValue {
            variant: namer.claim(&wanted),
            wire: v.clone(),
        });
    }
    out
}

fn string_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("binary") => TypeRef::Bytes,
        _ => TypeRef::String,
    }
}

fn integer_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("int32") => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

fn number_type(obj: &Map<String, Value>) -> TypeRef {
    match obj.get("format").and_then(Value::as_str) {
        Some("float") => TypeRef::F32,
        _ => TypeRef::F64,
    }
}

/// Discriminator values naming a variant: mapping entries pointing at it, else its
/// component name (the OpenAPI default).
fn tags_for(part: &Value, mapping: Option<&Map<String, Value>>) -> Vec<String> {
    let Some(r) = part.get("$ref").and_then(Value::as_str) else {
        return Vec::new();
    };
    let mapped: Vec<String> = mapping
        .into_iter()
        .flatten()
        .filter(|(_, target)| {
            target
                .as_str()
                .is_some_and(|t| t == r || r.strip_prefix(COMPONENTS) == Some(t))
        })
        .map(|(tag, _)| tag.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    r.strip_prefix(COMPONENTS)
        .map(|k| vec![unescape(k)])
        .unwrap_or_default()
}

/// `PlaylistManual` inside `Playlist` reads better as `Manual`.
fn strip_prefix_name(variant: &str, union: &str) -> String {
    match variant.strip_prefix(union) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => variant.to_string(),
    }
}

pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `docs` with a description made by `fallback` if the spec has none: every public item of
/// a generated crate is documented.
pub fn with_fallback(mut docs: Docs, fallback: impl FnOnce() -> String) -> Docs {
    if docs.description.is_none() && docs.summary.is_none() {
        docs.description = Some(fallback());
    }
    docs
}

/// Docs of a schema: its description (or title), plus notes on format, limits and default.
/// Keywords that limit or default a value: a change to one changes what the API accepts.
const CONSTRAINTS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "default",
];

pub fn docs_of(schema: &Value) -> Docs {
    let text = |k: &str| {
        schema
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let mut notes = Vec::new();
    match text("format") {
        Some("byte") => notes.push("Format: `byte` (base64-encoded text).".to_string()),
        Some(format) => notes.push(format!("Format: `{format}`.")),
        None => {}
    }
    for (key, label) in [
        ("minimum", "Minimum"),
        ("maximum", "Maximum"),
        ("minLength", "Minimum length"),
        ("maxLength", "Maximum length"),
    ] {
        if let Some(v) = schema.get(key).filter(|v| v.is_number()) {
            notes.push(format!("{label}: `{v}`."));
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && values.iter().any(|v| !v.is_string() && !v.is_null())
    {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        notes.push(format!("Allowed values: {}.", list.join(", ")));
    }
    if let Some(d) = schema.get("default") {
        notes.push(format!("Default: `{d}`."));
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        notes.push(
            "No other properties are allowed (`additionalProperties: false`); unknown ones in \
             responses are still ignored."
                .to_string(),
        );
    }
    let constraints = CONSTRAINTS
        .iter()
        .filter_map(|k| schema.get(*k).map(|v| (k.to_string(), v.to_string())))
        .collect();
    Docs {
        constraints,
        summary: text("title")
            .filter(|_| text("description").is_some())
            .map(str::to_string),
        description: text("description").or(text("title")).map(str::to_string),
        notes,
        deprecated: schema
            .get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}
