//! Local `$ref` resolution: every reference is checked once at load time (dangling targets,
//! references out of the document, reference-only cycles), so later stages can follow them
//! without failing. References to other files were brought into the document before, by
//! `bundle/`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Spec;
use crate::chains;
use crate::diagnostic::{Diagnostic, join};

/// Where bundling keeps the references it could not bring in (a missing file, a missing
/// target in another file, a remote URL): each such `$ref` is rewritten to
/// `#/x-openapi-clientgen-unresolved/<n>`, and the string there says why. Following one is a
/// located error where it is used, so what needs it is left out, not the whole spec.
pub const UNRESOLVED: &str = "x-openapi-clientgen-unresolved";

/// The `$ref` that stands for the `index`th unresolved reference.
pub fn unresolved_ref(index: usize) -> String {
    format!("#/{UNRESOLVED}/{index}")
}

/// Follows `$ref`s inside one document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    spec: &'a Spec,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        Resolver { spec }
    }

    /// The value at a JSON pointer.
    pub fn get(&self, pointer: &str) -> Option<&'a Value> {
        self.spec.root.pointer(pointer)
    }

    /// If `value` is a `$ref`, the value it finally points at and that value's pointer;
    /// otherwise `value` itself at `pointer`.
    pub fn resolve(
        &self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<(&'a Value, String), Diagnostic> {
        let mut current = value;
        let mut at = pointer.to_string();
        let mut chain: Vec<&str> = Vec::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(target) = ref_of(current) {
            chain.push(target);
            if !seen.insert(target) {
                let path = chain.join(" → ");
                return Err(self.spec.error(pointer, format!("`$ref` cycle: {path}")));
            }
            let (next, next_at) = self.target(target, &at)?;
            current = next;
            at = next_at;
        }
        Ok((current, at))
    }

    /// The value a `$ref` string names, and its pointer.
    fn target(&self, reference: &str, at: &str) -> Result<(&'a Value, String), Diagnostic> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(self.spec.error(
                at,
                format!("`$ref: {reference}` points outside this document; only local references (`#/...`) are supported"),
            ));
        };
        let pointer = percent_decode(fragment);
        if pointer.starts_with(&format!("/{UNRESOLVED}/")) {
            let why = self.spec.root.pointer(&pointer).and_then(Value::as_str);
            let why = why.unwrap_or("the reference could not be resolved");
            return Err(self.spec.error(at, why));
        }
        match self.spec.root.pointer(&pointer) {
            Some(v) => Ok((v, pointer)),
            None => Err(self
                .spec
                .error(at, format!("dangling `$ref`: `{reference}` does not exist"))),
        }
    }
}

/// The `$ref` string of a reference object.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// Checks every `$ref` in the document: a string, naming a value in this document, and not
/// on a loop of references that never reaches a value. Each reference is followed one step,
/// and the loops are found in one walk over those steps, so the cost stays linear however
/// long the chains of references are.
pub fn check_all(spec: &Spec) -> Result<(), Diagnostic> {
    let resolver = Resolver::new(spec);
    // Reference object → the reference object it names (targets that are values end a chain).
    let mut next: BTreeMap<String, String> = BTreeMap::new();
    walk(&spec.root, String::new(), &mut |value, pointer| {
        if let Some(obj) = value.as_object()
            && let Some(r) = obj.get("$ref")
        {
            let at = join(pointer, "$ref");
            let Some(r) = r.as_str() else {
                return Err(spec.error(&at, "`$ref` must be a string"));
            };
            if r.starts_with(&format!("#/{UNRESOLVED}/")) {
                return Ok(()); // an error where it is used (see `UNRESOLVED`)
            }
            let (target, target_at) = resolver.target(r, &at)?;
            if ref_of(target).is_some() {
                next.insert(pointer.to_string(), target_at);
            }
        }
        Ok(())
    })?;
    match chains::loops(&next).into_iter().next() {
        None => Ok(()),
        Some(cycle) => {
            let mut names: Vec<String> = cycle.iter().map(|p| format!("#{p}")).collect();
            names.push(names[0].clone());
            let message = format!("`$ref` cycle: {}", names.join(" → "));
            Err(spec.error(&join(&cycle[0], "$ref"), message))
        }
    }
}

/// Visits every value of a document, depth first, with its pointer; example data is not
/// walked, and the keys of name maps (`properties`, …) are names, never keywords.
pub(super) fn walk(
    value: &Value,
    pointer: String,
    visit: &mut dyn FnMut(&Value, &str) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    visit(value, &pointer)?;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                // Examples are free-form data, not schema: a `$ref` key inside one is not a reference.
                if k == "example" || k == "examples" && !is_examples_map(v) {
                    continue;
                }
                let at = join(&pointer, k);
                match v.as_object().filter(|_| is_names_map(k)) {
                    // Its keys are names (a property may be called `$ref`): walk each value.
                    Some(names) => {
                        for (name, schema) in names {
                            walk(schema, join(&at, name), visit)?;
                        }
                    }
                    None => walk(v, at, visit)?,
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{pointer}/{i}"), visit)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A schema keyword whose value maps names to schemas: its keys are names, never keywords,
/// so `properties: {$ref: {type: string}}` declares a property called `$ref`.
pub(super) fn is_names_map(key: &str) -> bool {
    matches!(
        key,
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas"
    )
}

/// `examples` in a media type/parameter is a map of Example objects (which may be `$ref`s);
/// in a schema it is free-form. Only the former is walked.
pub(super) fn is_examples_map(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.values()
            .all(|e| e.get("$ref").is_some() || e.get("value").is_some())
    })
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
