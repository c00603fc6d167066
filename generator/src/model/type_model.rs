//! The model of the Rust types: one [`TypeDef`] per schema that needs a type, its kind
//! (struct, enum, union, alias, newtype), fields and variants.

use super::{Docs, TypeRef};

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema is in the spec (for "Not generated" entries and diagnostics).
    pub pointer: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// The cargo features that compile this type: any one of them; empty: always compiled
    /// (see `model/features.rs`).
    pub features: Vec<String>,
    /// Another type of exactly the same shape: this one is emitted as an alias of it (see
    /// `model/shapes.rs`). `kind` still describes the shape, for docs and change reports.
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum, open: values the crate does not know decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    /// An integer enum, open: unknown values decode into `Unknown(i64)` (`wire` holds the
    /// number as text).
    IntEnum(Vec<EnumValue>),
    /// A boolean enum (`wire` is `true` or `false`); an unlisted value decodes into
    /// `Unknown(bool)`.
    BoolEnum(Vec<EnumValue>),
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
    /// `pub struct Name(pub ...);`, transparent on the wire: an alias that would contain
    /// itself (`Tree = BTreeMap<String, Tree>`), which Rust cannot write as a type alias
    /// (see `model/alias_cycles.rs`).
    Newtype(TypeRef),
}

impl TypeKind {
    /// The types this one holds: fields (and extra properties), variants, or the aliased type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(&s.additional)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::BoolEnum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to named properties, kept in a flattened map.
    pub additional: Option<TypeRef>,
    /// How a caller builds one (set by `model/construction.rs`).
    pub build: Build,
}

/// How a caller builds a struct: they are `#[non_exhaustive]`, so never by a literal.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Build {
    /// The caller sends it (an operation's parameter or body holds it): `new` with the
    /// fields that have no default, and a `with_` setter for each other field.
    pub sent: bool,
    /// `#[derive(Default)]`: every field is optional (a type that is sent), or has a
    /// default of its type (a type that is only received, built so in a caller's tests).
    pub derive_default: bool,
}

impl Build {
    /// Whether the struct has `new`: everything but a received type that derives `Default`.
    pub fn has_new(&self) -> bool {
        self.sent || !self.derive_default
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set by the boxing pass when the field's type contains this struct directly.
    pub boxed: bool,
    /// `readOnly`: sent by the server only, never serialised into a request.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only; responses leave it out, so it is optional in
    /// Rust even when the schema requires it.
    pub write_only: bool,
    pub docs: Docs,
    /// The spec's `default`.
    pub default: Option<serde_json::Value>,
    /// A field `new` fills in with the spec's default rather than taking it as an argument
    /// (see `model/defaults.rs`).
    pub filled: Option<Filled>,
}

/// A default value written as Rust: the literal, through `via::from` for an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The enum type whose `From` impl turns the literal into a value.
    pub via: Option<String>,
    pub value: Literal,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Field {
    /// Whether a value must be present when decoding (required, and not write-only).
    pub fn must_be_present(&self) -> bool {
        self.required && !self.write_only
    }

    /// `Nullable<T>` in Rust: optional and nullable, so absent, `null` and a value are three
    /// different things (a PATCH body can send `null` on purpose).
    pub fn tri_state(&self) -> bool {
        !self.must_be_present() && self.nullable
    }

    /// `Option<T>` (or `Nullable<T>`) in Rust: absent or null.
    pub fn optional(&self) -> bool {
        !self.must_be_present() || self.nullable
    }

    /// An argument of the type's `new`: a value it must have that the spec gives no default
    /// for.
    pub fn constructor_argument(&self) -> bool {
        !self.optional() && self.filled.is_none()
    }
}

impl Struct {
    /// The arguments of `new`, in field order.
    pub fn constructor(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.constructor_argument())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub variant: String,
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The property whose value picks the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
}

/// The property names of a struct without additional properties (through aliases): an
/// untagged union tries the variant whose fields are exactly a value's keys first.
pub fn known_fields(types: &[TypeDef], ty: &TypeRef) -> Option<Vec<String>> {
    fields_through_aliases(types, ty, 0)
}

fn fields_through_aliases(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Option<Vec<String>> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = super::type_named(types, name)?;
    match &def.kind {
        TypeKind::Struct(s) if s.additional.is_none() => {
            Some(s.fields.iter().map(|f| f.wire.clone()).collect())
        }
        TypeKind::Alias(inner) if depth < 8 => fields_through_aliases(types, inner, depth + 1),
        _ => None,
    }
}
