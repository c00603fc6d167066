//! Fixes to a vendored spec kept apart from it: an OpenAPI Overlay 1.0 document
//! (`overlay.yaml` beside the spec) applied to the parsed document before anything else reads
//! it. Teams keep the provider's file byte for byte and still correct it: a tag left
//! unconstrained, a missing `required`, a wrong type.
//!
//! Each action's `target` is an RFC 9535 JSONPath (serde_json_path) selecting objects or
//! arrays. `update` merges into each: an object's members replace those of the same name,
//! recursively where both are objects, and arrays are appended to (a target array gets the
//! update's items, or the update itself when it is not an array). `remove: true` deletes each
//! selected node from its parent. Actions apply in order. An action whose target selects
//! nothing is an error, located at its `target`: a fix that no longer applies (the provider
//! changed the spec) must be looked at, not silently skipped.

use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostic::{Diagnostic, Location};

/// The overlay file a spec gets, beside it.
pub const FILE: &str = "overlay.yaml";

/// What an applied overlay did, for the README and the API surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The overlay file, relative to the spec's folder.
    pub file: String,
    /// Each action: its description (else its target), and how many nodes it changed.
    pub actions: Vec<(String, usize)>,
}

/// Applies `overlay.yaml` beside `spec` to `root`, if there is one.
pub fn apply_beside(
    spec: &Path,
    folder: &Path,
    root: &mut Value,
) -> Result<Option<Applied>, Diagnostic> {
    let path = spec
        .parent()
        .map_or_else(|| PathBuf::from(FILE), |p| p.join(FILE));
    if !path.is_file() {
        return Ok(None);
    }
    let cannot = |e: String| Diagnostic::new(&path, Location::File, format!("cannot read: {e}"));
    let text = super::confine::read(&path, folder).map_err(cannot)?;
    let overlay = super::parse::parse(&path, &text)?;
    apply(&path, &overlay, root).map(Some)
}

/// Applies the overlay document `overlay` (read from `path`) to `root`.
pub fn apply(path: &Path, overlay: &Value, root: &mut Value) -> Result<Applied, Diagnostic> {
    let at = |pointer: &str, message: String| Diagnostic::at(path, pointer, message);
    let version = overlay.get("overlay").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.0")) {
        return Err(at(
            "/overlay",
            format!(
                "not an Overlay 1.0 document (`overlay: {}`): this generator applies Overlay Specification 1.0",
                version.unwrap_or("missing")
            ),
        ));
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(at("/actions", "`actions` must be a list".to_string()));
    };
    let mut applied = Applied {
        file: path
            .file_name()
            .map_or_else(|| FILE.to_string(), |n| n.to_string_lossy().into_owned()),
        actions: Vec::new(),
    };
    for (i, action) in actions.iter().enumerate() {
        let here = format!("/actions/{i}");
        let count = apply_action(action, root)
            .map_err(|(field, message)| at(&format!("{here}{field}"), message))?;
        let target = action
            .get("target")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let description = action
            .get("description")
            .and_then(Value::as_str)
            .map_or_else(|| format!("`{target}`"), |d| d.trim().to_string());
        applied.actions.push((description, count));
    }
    Ok(applied)
}

/// One action; the nodes it changed, or the field at fault and why.
fn apply_action(action: &Value, root: &mut Value) -> Result<usize, (&'static str, String)> {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        return Err((
            "/target",
            "an action needs a `target` (a JSONPath)".to_string(),
        ));
    };
    let path = JsonPath::parse(target).map_err(|e| {
        (
            "/target",
            format!("`{target}` is not a JSONPath (RFC 9535): {e}"),
        )
    })?;
    let pointers: Vec<String> = path
        .query_located(root)
        .locations()
        .map(|location| location.to_json_pointer())
        .collect();
    if pointers.is_empty() {
        return Err((
            "/target",
            format!(
                "`{target}` selects nothing in the spec: the fix no longer applies (did the spec change?)"
            ),
        ));
    }
    let remove = action
        .get("remove")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if remove {
        // Last first: removing an array item shifts the indices after it.
        for pointer in pointers.iter().rev() {
            remove_at(root, pointer).map_err(|e| ("/target", e))?;
        }
        return Ok(pointers.len());
    }
    let Some(update) = action.get("update") else {
        return Err(("", "an action needs `update` or `remove: true`".to_string()));
    };
    for pointer in &pointers {
        let Some(node) = root.pointer_mut(pointer) else {
            continue;
        };
        match (node, update) {
            (Value::Object(node), Value::Object(update)) => merge(node, update),
            (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
            (Value::Array(items), one) => items.push(one.clone()),
            (Value::Object(_), _) => {
                return Err((
                    "/update",
                    format!(
                        "`{target}` selects an object (at `{pointer}`): `update` must be an object"
                    ),
                ));
            }
            _ => {
                return Err((
                    "/target",
                    format!(
                        "`{target}` selects a value at `{pointer}` that is neither an object nor an array: select its parent and update the member"
                    ),
                ));
            }
        }
    }
    Ok(pointers.len())
}

/// Merges `update` into `node`: objects recursively, arrays appended, anything else replaced.
fn merge(node: &mut serde_json::Map<String, Value>, update: &serde_json::Map<String, Value>) {
    for (key, value) in update {
        match (node.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge(inner, more),
            (Some(Value::Array(items)), Value::Array(more)) => items.extend(more.iter().cloned()),
            _ => {
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Removes the node at `pointer` from its parent.
fn remove_at(root: &mut Value, pointer: &str) -> Result<(), String> {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return Err("`remove` cannot remove the whole document".to_string());
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let index: usize = key
                .parse()
                .map_err(|_| format!("`{pointer}` is not an array item"))?;
            if index < items.len() {
                items.remove(index);
            }
            Ok(())
        }
        _ => Err(format!("`{pointer}` has no parent to remove it from")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(overlay: Value, mut root: Value) -> Result<(Value, Applied), Diagnostic> {
        let applied = apply(Path::new("overlay.yaml"), &overlay, &mut root)?;
        Ok((root, applied))
    }

    #[test]
    fn updates_merge_and_removals_delete_in_order() {
        let root = json!({
            "components": { "schemas": {
                "A": { "properties": { "type": { "type": "string" } }, "required": ["url"] },
                "B": { "properties": { "type": { "type": "string" } } },
            }},
            "paths": { "/old": {}, "/new": {} },
            "tags": [{ "name": "x" }],
        });
        let overlay = json!({
            "overlay": "1.0.0",
            "info": { "title": "fixes", "version": "1" },
            "actions": [
                { "target": "$.components.schemas[*].properties.type",
                  "description": "Pin the tags", "update": { "enum": ["video"] } },
                { "target": "$.components.schemas.A.required", "update": "type" },
                { "target": "$.components.schemas.A", "update": { "required": ["startTime"] } },
                { "target": "$.paths['/old']", "remove": true },
                { "target": "$.tags", "update": [{ "name": "y" }] },
            ],
        });
        let (root, applied) = run(overlay, root).unwrap();
        assert_eq!(
            root["components"]["schemas"]["A"],
            json!({ "properties": { "type": { "type": "string", "enum": ["video"] } },
                    "required": ["url", "type", "startTime"] })
        );
        assert_eq!(
            root["components"]["schemas"]["B"]["properties"]["type"]["enum"],
            json!(["video"])
        );
        assert_eq!(root["paths"], json!({ "/new": {} }));
        assert_eq!(root["tags"], json!([{ "name": "x" }, { "name": "y" }]));
        assert_eq!(applied.actions[0], ("Pin the tags".to_string(), 2));
        assert_eq!(applied.actions[3], ("`$.paths['/old']`".to_string(), 1));
    }

    #[test]
    fn a_target_that_selects_nothing_or_does_not_parse_is_located() {
        let overlay = |target: &str| {
            json!({ "overlay": "1.0.0", "actions": [
                { "target": "$.info", "update": { "title": "t" } },
                { "target": target, "update": { "x": 1 } },
            ]})
        };
        let root = json!({ "info": {} });
        let error = run(overlay("$.components.schemas.Gone"), root.clone()).unwrap_err();
        assert_eq!(
            error.location,
            Location::Pointer("/actions/1/target".into())
        );
        assert!(
            error.message.contains("selects nothing"),
            "{}",
            error.message
        );
        let error = run(overlay("$.info[?"), root.clone()).unwrap_err();
        assert_eq!(
            error.location,
            Location::Pointer("/actions/1/target".into())
        );
        assert!(
            error.message.contains("not a JSONPath"),
            "{}",
            error.message
        );
        let error = run(json!({ "overlay": "2.0.0", "actions": [] }), root).unwrap_err();
        assert_eq!(error.location, Location::Pointer("/overlay".into()));
    }
}
