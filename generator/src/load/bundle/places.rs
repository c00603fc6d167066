//! Where things are: the `components` section a target goes to, given where its reference
//! stands; the name it gets; JSON pointers and file paths; and whether a value refers to
//! another file.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::join;
use crate::load::refs::is_examples_map;

/// The `components` sections targets are placed in; anything else is inlined.
pub(super) const SECTIONS: [&str; 6] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
];

/// Where a referenced target goes in the main document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Into `components/<section>`.
    Section(&'static str),
    /// In place of the reference.
    Inline,
}

/// A target: a file (normalised path) and a JSON pointer into it (`""` for the whole file).
pub(super) type Key = (PathBuf, String);

/// Where a main document keeps each section's definitions: `components/<section>`, and in a
/// Swagger 2.0 document (bundled before it is rewritten to OpenAPI 3.0) also `definitions`,
/// `parameters` and `responses` at the top.
pub(super) fn main_locations(root: &Value) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = SECTIONS
        .iter()
        .map(|s| (*s, format!("/components/{s}")))
        .collect();
    if root.get("swagger").is_some() {
        out.push(("schemas", "/definitions".into()));
        out.push(("parameters", "/parameters".into()));
        out.push(("responses", "/responses".into()));
    }
    out
}

/// How the value at `at` is used, from where it stands; `None` when that does not say.
pub(super) fn kind_at(at: &[String]) -> Option<Kind> {
    let n = at.len();
    let last = at.last()?.as_str();
    let parent = if n >= 2 { at[n - 2].as_str() } else { "" };
    let index = last.bytes().all(|b| b.is_ascii_digit());
    if n == 3 && at[0] == "components" {
        return SECTIONS
            .iter()
            .find(|s| **s == parent)
            .map(|s| Kind::Section(s));
    }
    let section = if matches!(parent, "properties" | "definitions" | "$defs")
        || matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(parent, "allOf" | "oneOf" | "anyOf") && index
    {
        "schemas"
    } else if parent == "parameters" && index {
        "parameters"
    } else if parent == "responses" {
        "responses"
    } else if last == "requestBody" {
        "requestBodies"
    } else if parent == "headers" {
        "headers"
    } else if parent == "examples" {
        "examples"
    } else {
        return None;
    };
    Some(Kind::Section(section))
}

/// How a target is used, from where it stands in its own file (when the reference's place
/// does not say): `components/<section>/...`, JSON Schema `definitions`, else inline.
pub(super) fn kind_of_pointer(pointer: &str) -> Kind {
    let segs = segments(pointer);
    match segs.as_slice() {
        [c, section, _] if c == "components" => SECTIONS
            .iter()
            .find(|s| *s == section)
            .map_or(Kind::Inline, |s| Kind::Section(s)),
        [d, _] if d == "definitions" || d == "$defs" => Kind::Section("schemas"),
        _ => Kind::Inline,
    }
}

/// The component name for a target: its pointer's last segment, else the file's stem; only
/// characters OpenAPI allows in component names (`A-Z a-z 0-9 . - _`).
pub(super) fn base_name(key: &Key) -> String {
    let from_pointer = segments(&key.1).pop().filter(|s| !s.is_empty());
    let raw = from_pointer.unwrap_or_else(|| {
        key.0
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    }
}

/// The unescaped segments of a JSON pointer.
pub(super) fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

pub(super) fn pointer_of(at: &[String]) -> String {
    at.iter().fold(String::new(), |p, s| join(&p, s))
}

/// A local reference to a pointer (`%` encoded, as references are percent-decoded).
pub(super) fn local_ref(pointer: &str) -> String {
    format!("#{}", pointer.replace('%', "%25"))
}

/// `scheme://…` (`http`, `https`, `file`, …).
pub(super) fn is_url(path: &str) -> bool {
    path.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

pub(super) fn has_spec_extension(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The reference of a reference object that points outside its document.
pub(super) fn external_ref(value: &Value) -> Option<&str> {
    let text = value.as_object()?.get("$ref")?.as_str()?;
    (!text.starts_with('#')).then_some(text)
}

pub(super) fn contains_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(contains_ref),
        Value::Array(items) => items.iter().any(contains_ref),
        _ => false,
    }
}

/// Whether anything in the document refers to another file (then it is bundled).
pub(super) fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref") {
                return r.as_str().is_some_and(|t| !t.starts_with('#'));
            }
            map.iter().any(|(k, v)| {
                if k == "example" || k == "examples" && !is_examples_map(v) {
                    return false;
                }
                if k == "discriminator" {
                    return v
                        .get("mapping")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().filter_map(Value::as_str).any(|t| {
                                !t.starts_with('#') && (t.contains('#') || has_spec_extension(t))
                            })
                        });
                }
                has_external_refs(v)
            })
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (symbolic links are not followed,
/// so the same file reached two ways is read twice, which is harmless).
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}
