//! The Rust examples of a crate's README. The README is also the crate-level rustdoc
//! (`#![doc = include_str!("../README.md")]`), so each example is a `no_run` doctest that
//! `cargo test` compiles (and never runs: it would call the provider). They are written from
//! the model alone, never from spec text; values are samples the schema allows where the
//! model has one (`model/samples.rs`: a UUID for a `uuid`, a number within the bounds), else
//! typed placeholders (`"<projectId>"`, `10`, a type's `new` or `default()`), so an example
//! shows which types a call takes and returns, and a change that breaks a caller breaks the
//! example first.
//!
//! Lines starting with `# ` are rustdoc's hidden lines: they wrap an example in an async
//! function that has a `client` and returns any error with `?`.

use std::cell::RefCell;

use crate::model::{
    Api, AuthScheme, Docs, InputType, Operation, Place, ResponseKind, TypeDef, TypeKind, TypeRef,
    naming, samples,
};

/// A `no_run` doctest; `client`: the example uses a `client` it does not build.
pub fn doctest(lib: &str, client: bool, code: &str) -> String {
    gated_doctest(lib, client, code, None)
}

/// [`doctest`] for `op`: compiled only with the cargo feature `op` needs when that feature
/// is off by default (rustdoc gives doctests the crate's features), so `cargo test` passes
/// with the defaults and `--all-features` compiles every example.
fn op_doctest(api: &Api, op: &Operation, code: &str) -> String {
    let off = op
        .feature
        .as_deref()
        .filter(|f| api.features.iter().any(|x| x.name == *f && !x.default));
    gated_doctest(&api.lib, true, code, off)
}

fn gated_doctest(lib: &str, client: bool, code: &str, feature: Option<&str>) -> String {
    let param = if client {
        format!("client: {lib}::Client")
    } else {
        String::new()
    };
    let cfg = feature
        .map(|f| format!("# #[cfg(feature = \"{f}\")]\n"))
        .unwrap_or_default();
    format!(
        "```rust,no_run\n{cfg}# async fn example({param}) -> Result<(), Box<dyn std::error::Error>> {{\n{}\n# Ok(())\n# }}\n```\n",
        code.trim_end()
    )
}

/// A doctest around a call of `op`: `code` makes the visible lines from the call
/// (`client.m(a, b)`); the lines that make its arguments are hidden.
pub fn around_call(api: &Api, op: &Operation, code: impl Fn(&str) -> String) -> String {
    let Call { setup, call, .. } = call(api, op, README);
    let setup = hidden(&with_types(&api.lib, setup));
    op_doctest(api, op, &format!("{setup}{}", code(&call)))
}

/// `.scheme("<credential>", …)`: the builder call that gives an example's client the
/// credentials of `scheme`, as placeholders.
pub fn credentials_call(scheme: &AuthScheme) -> String {
    let args: Vec<String> = scheme
        .credentials
        .iter()
        .map(|c| format!("\"<{}>\"", c.name))
        .collect();
    format!(".{}({})", scheme.name, args.join(", "))
}

/// `\n    .scheme("<credential>", …)`: the builder line that gives an example's client the
/// API's first credentials (nothing for an API without authentication).
pub fn credentials(api: &Api) -> String {
    api.auth
        .first()
        .map(|s| format!("\n    {}", credentials_call(s)))
        .unwrap_or_default()
}

/// Lines that hide `code` in a doctest (setup the reader needs not see).
fn hidden(code: &str) -> String {
    code.lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_string()
            } else {
                format!("# {l}\n")
            }
        })
        .collect()
}

/// A call of `op`: the lines that make its arguments, and the call (`client.m(a, b)`).
pub(crate) struct Call {
    pub setup: String,
    pub call: String,
    /// The values no sample satisfies (the spec asks for the impossible), with the reason.
    pub conflicts: Vec<String>,
}

/// How a call's values are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Values {
    /// Values are built as Rust expressions down to this many levels of nesting; deeper ones
    /// are decoded from JSON.
    pub max_depth: usize,
    /// Files are bytes in memory (a call that runs) instead of a path (an example to read).
    pub runnable: bool,
}

/// How the README writes values.
pub(crate) const README: Values = Values {
    max_depth: MAX_DEPTH,
    runnable: false,
};

/// The call of `op` with its required arguments. A required multipart body whose parts are
/// all optional gets its first part too: a multipart body needs one (the operation refuses to
/// send without).
pub(crate) fn call(api: &Api, op: &Operation, values: Values) -> Call {
    let builder = Value {
        api,
        max_depth: values.max_depth,
        conflicts: RefCell::default(),
    };
    let value = |ty: &TypeRef, wire: &str, docs: Option<&Docs>| builder.of(ty, wire, docs, 0);
    let mut setup = String::new();
    let mut args = Vec::new();
    let inputs = op.inputs();
    let mut arg = |input: &crate::model::Input<'_>| match (input.ty, input.place.wire()) {
        (InputType::Value(ty), Some(wire)) => value(ty, wire, Some(&input.docs)),
        (InputType::Value(ty), None) => {
            let body = value(ty, "body", None);
            let body = format!("{body}{}", first_setter(api, ty));
            setup.push_str(&format!("let {} = {body};\n", id(input.name)));
            id(input.name)
        }
        (InputType::File, _) if values.runnable => format!(
            "{}::FilePart::bytes(&b\"conformance\"[..]).file_name(\"input.bin\")",
            api.lib
        ),
        (InputType::File, _) => format!("{}::FilePart::path(\"input.bin\")", api.lib),
        (InputType::Text, _) => "\"<text>\"".to_string(),
        (InputType::Bytes, _) => "bytes::Bytes::from_static(b\"<data>\")".to_string(),
    };
    for input in inputs.iter().filter(|i| i.required) {
        args.push(arg(input));
    }
    let mut call = format!("client.{}({})", id(&op.method), args.join(", "));
    let parts: Vec<&crate::model::Input<'_>> = inputs
        .iter()
        .filter(|i| matches!(i.place, Place::FormText(_) | Place::FormFile(_)))
        .collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if body_required
        && parts.iter().all(|i| !i.required)
        && let Some(first) = parts.first()
    {
        let value = arg(first);
        call.push_str(&format!(".{}({value})", id(first.name)));
    }
    let conflicts = builder.conflicts.take();
    Call {
        setup,
        call,
        conflicts,
    }
}

/// `value` as a value of `ty` inside a container: a text is a `String` there, not the
/// `impl Into<String>` of an argument.
fn owned(ty: &TypeRef, value: String) -> String {
    if *ty == TypeRef::String {
        format!("String::from({value})")
    } else {
        value
    }
}

/// A name as Rust source writes it (`r#match` for a keyword).
pub(crate) fn id(name: &str) -> String {
    super::tokens::ident(name).to_string()
}

/// `use lib::types;` ahead of code that names a generated type.
fn with_types(lib: &str, code: String) -> String {
    if code.contains("types::") {
        format!("use {lib}::types;\n\n{code}")
    } else {
        code
    }
}

/// The example of one operation: build its arguments, call it, name what it returns.
pub fn operation(api: &Api, op: &Operation) -> String {
    let Call { setup, call, .. } = call(api, op, README);
    let returned = match (&op.responses, &op.response) {
        (Some(e), _) => Some(format!("{}::operations::{}", api.lib, e.name)),
        (None, ResponseKind::Empty) => None,
        (None, ResponseKind::Json(ty)) => Some(type_text(ty)),
        (None, ResponseKind::Binary) => Some(format!("{}::ByteStream", api.lib)),
        (None, ResponseKind::JsonLines(l)) => {
            Some(format!("{}::JsonLines<{}>", api.lib, type_text(&l.item)))
        }
        (None, ResponseKind::EventStream(data)) => {
            Some(format!("{}::EventStream<{}>", api.lib, type_text(data)))
        }
        (None, ResponseKind::Text) => Some("String".to_string()),
    };
    let line = match returned {
        Some(ty) => format!("let response: {ty} = {call}.send().await?;"),
        None => format!("{call}.send().await?;"),
    };
    op_doctest(api, op, &with_types(&api.lib, format!("{setup}{line}")))
}

/// A Rust type as written in an example (`types::Video`, `Vec<types::Video>`).
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => format!("types::{n}"),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Map(inner) => {
            format!("std::collections::BTreeMap<String, {}>", type_text(inner))
        }
        other => other.caller_text(),
    }
}

/// `.with_x(…)` for the first optional text, number or boolean field of a body type that
/// has setters, to show how the rest is set; empty when there is none.
fn first_setter(api: &Api, ty: &TypeRef) -> String {
    let TypeRef::Named(name) = ty else {
        return String::new();
    };
    let Some(TypeKind::Struct(s)) = crate::model::type_named(&api.types, name).map(|t| &t.kind)
    else {
        return String::new();
    };
    let scalar = |ty: &TypeRef| {
        matches!(
            ty,
            TypeRef::String
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::Bool
        )
    };
    s.fields
        .iter()
        .find(|f| s.build.sent && f.optional() && f.filled.is_none() && scalar(&f.ty))
        .map(|f| {
            let setter = id(&naming::setter(&f.name));
            let v = Value {
                api,
                max_depth: MAX_DEPTH,
                conflicts: RefCell::default(),
            }
            .of(&f.ty, &f.wire, Some(&f.docs), 0);
            format!("\n    .{setter}({v})")
        })
        .unwrap_or_default()
}

/// How deep an example builds nested values before it decodes the rest from JSON.
const MAX_DEPTH: usize = 3;

/// An expression of type `ty`; `wire`: the name it is sent under (for text placeholders);
/// `docs`: what the spec says of the value, for a sample it allows (a UUID for a `uuid`, a
/// number within the bounds) instead of a placeholder.
struct Value<'a> {
    api: &'a Api,
    max_depth: usize,
    /// Values no sample could satisfy: what the spec asks, and why nothing fits.
    conflicts: RefCell<Vec<String>>,
}

impl Value<'_> {
    fn of(&self, ty: &TypeRef, wire: &str, docs: Option<&Docs>, depth: usize) -> String {
        let api = self.api;
        match ty {
            TypeRef::String => {
                let text = match docs {
                    Some(docs) => samples::text(docs, wire).unwrap_or_else(|| {
                        self.conflict(wire, samples::text_conflict(docs));
                        samples::placeholder(docs, wire)
                    }),
                    None => format!("<{wire}>"),
                };
                format!("\"{}\"", text.escape_default())
            }
            TypeRef::I32 | TypeRef::I64 => {
                let sample = docs.and_then(|d| samples::integer(d, 10));
                let fits = |n: &i64| *ty == TypeRef::I64 || i32::try_from(*n).is_ok();
                if let Some(docs) = docs
                    && sample.is_none()
                {
                    self.conflict(wire, samples::number_conflict(docs));
                }
                sample.filter(fits).unwrap_or(10).to_string()
            }
            TypeRef::F32 | TypeRef::F64 => {
                let sample = docs.and_then(|d| samples::float(d, 1.0));
                let fits = |n: &f64| *ty == TypeRef::F64 || n.abs() <= f64::from(f32::MAX);
                if let Some(docs) = docs
                    && sample.is_none()
                {
                    self.conflict(wire, samples::number_conflict(docs));
                }
                format!("{:?}", sample.filter(fits).unwrap_or(1.0))
            }
            TypeRef::Bool => "true".to_string(),
            TypeRef::Bytes => "Vec::new()".to_string(),
            TypeRef::Array(inner) => self.array(inner, wire, docs, depth),
            TypeRef::Map(value) => self.map(value, wire, depth),
            TypeRef::Nullable(inner) => {
                format!("Some({})", owned(inner, self.of(inner, wire, docs, depth)))
            }
            TypeRef::Json => "serde_json::json!({})".to_string(),
            TypeRef::Named(name) => match crate::model::type_named(&api.types, name) {
                Some(def) if depth < self.max_depth => self.named(def, depth),
                // Deeper (or unknown): any value that decodes; `?` returns the error if not.
                _ => "serde_json::from_value(serde_json::json!({}))?".to_string(),
            },
        }
    }

    /// Records that the value called `wire` has no valid sample, and why.
    fn conflict(&self, wire: &str, reason: Option<String>) {
        if let Some(reason) = reason {
            self.conflicts
                .borrow_mut()
                .push(format!("`{wire}`: {reason}"));
        }
    }

    /// One item (or `minItems` of them, up to 16, when the items need not be unique); empty
    /// when `maxItems` is 0 or nesting is too deep. An empty array is no value at all for a
    /// required query parameter, and too few items for a `minItems`.
    fn array(&self, item: &TypeRef, wire: &str, docs: Option<&Docs>, depth: usize) -> String {
        let constraint = |key: &str| docs.and_then(|d| d.constraints.get(key));
        let count = |key: &str| constraint(key).and_then(|n| n.parse::<f64>().ok());
        if count("maxItems") == Some(0.0) || depth >= self.max_depth {
            return "Vec::new()".to_string();
        }
        let item_docs = docs.and_then(|d| d.items.as_deref());
        let value = owned(item, self.of(item, wire, item_docs, depth));
        let unique = constraint("uniqueItems").is_some_and(|u| u == "true");
        match count("minItems") {
            Some(n) if n > 1.0 && !unique => format!("vec![{value}; {}]", n.min(16.0) as usize),
            _ => format!("vec![{value}]"),
        }
    }

    /// One entry (an empty map breaks a `minProperties`); empty when nesting is too deep.
    fn map(&self, value: &TypeRef, wire: &str, depth: usize) -> String {
        if depth >= self.max_depth {
            return "Default::default()".to_string();
        }
        let value = owned(value, self.of(value, wire, None, depth));
        format!("std::collections::BTreeMap::from([(String::from(\"key\"), {value})])")
    }

    fn named(&self, def: &TypeDef, depth: usize) -> String {
        let path = format!("types::{}", def.name);
        match &def.kind {
            TypeKind::Struct(s) if s.build.has_new() => {
                let args: Vec<String> = s
                    .constructor()
                    .map(|f| {
                        let v = self.of(&f.ty, &f.wire, Some(&f.docs), depth + 1);
                        if f.boxed { format!("Box::new({v})") } else { v }
                    })
                    .collect();
                format!("{path}::new({})", args.join(", "))
            }
            TypeKind::Struct(_) | TypeKind::Newtype(_) => format!("{path}::default()"),
            TypeKind::Enum(values) | TypeKind::IntEnum(values) | TypeKind::BoolEnum(values) => {
                match values.first() {
                    Some(v) => format!("{path}::{}", v.variant),
                    None => "serde_json::from_value(serde_json::json!(null))?".to_string(),
                }
            }
            TypeKind::Union(u) => match u.variants.first() {
                Some(v) => {
                    let inner = self.of(&v.ty, &naming::snake(&v.name), None, depth + 1);
                    let inner = if v.boxed {
                        format!("Box::new({inner})")
                    } else {
                        inner
                    };
                    format!("{path}::{}({inner})", v.name)
                }
                None => "serde_json::from_value(serde_json::json!(null))?".to_string(),
            },
            // An alias of `String` is taken as a `String` (a constructor's argument of the
            // alias's type is not `impl Into<String>`).
            TypeKind::Alias(TypeRef::String) => format!(
                "String::from({})",
                self.of(&TypeRef::String, &def.name, Some(&def.docs), depth + 1)
            ),
            TypeKind::Alias(inner) => self.of(inner, &def.name, Some(&def.docs), depth + 1),
        }
    }
}
