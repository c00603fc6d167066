//! Where a schema is, in words: an inline type is documented by the place it is used ("The
//! request body of `PATCH /on-demand/{mediaId}` (`updated-media`)"), read from its JSON
//! pointer, rather than by the pointer itself.

use crate::load::Spec;

/// The place `pointer` names, as a sentence, or `None` for a place this does not describe.
pub fn describe(spec: &Spec, pointer: &str) -> Option<String> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (base, rest) = base(spec, &segments)?;
    let mut text = base;
    // Walk out from the base: each keyword below it wraps the description so far.
    for step in steps(rest)? {
        text = format!("{step} {}", lower_first(&text));
    }
    Some(format!("{text}."))
}

/// The place a pointer starts from, and the keywords below it.
fn base<'s>(spec: &Spec, segments: &'s [String]) -> Option<(String, &'s [String])> {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match s.as_slice() {
        [
            "paths",
            path,
            method,
            "requestBody",
            "content",
            _,
            "schema",
            ..,
        ] => Some((
            format!("The request body of {}", operation(spec, path, method)),
            &segments[7..],
        )),
        [
            "paths",
            path,
            method,
            "responses",
            code,
            "content",
            _,
            "schema",
            ..,
        ] => Some((
            format!("The `{code}` response of {}", operation(spec, path, method)),
            &segments[8..],
        )),
        ["paths", path, method, "parameters", _, "schema", ..] => Some((
            format!("A parameter of {}", operation(spec, path, method)),
            &segments[6..],
        )),
        ["components", "schemas", name, ..] => {
            Some((format!("The `{name}` schema"), &segments[3..]))
        }
        [
            "components",
            "requestBodies",
            name,
            "content",
            _,
            "schema",
            ..,
        ] => Some((format!("The `{name}` request body"), &segments[6..])),
        ["components", "responses", name, "content", _, "schema", ..] => {
            Some((format!("The `{name}` response"), &segments[6..]))
        }
        _ => None,
    }
}

/// `GET /media/{id}` (`get-media`): the operation a path item's method names.
fn operation(spec: &Spec, path: &str, method: &str) -> String {
    let id = spec
        .root
        .get("paths")
        .and_then(|p| p.get(path))
        .and_then(|item| item.get(method))
        .and_then(|op| op.get("operationId"))
        .and_then(|id| id.as_str());
    let upper = method.to_ascii_uppercase();
    match id {
        Some(id) => format!("`{upper} {path}` (`{id}`)"),
        None => format!("`{upper} {path}`"),
    }
}

/// The words for each schema keyword below the base, innermost last; `None` for a keyword
/// this does not name.
fn steps(rest: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let next = rest.get(i + 1);
        match (rest[i].as_str(), next) {
            ("properties", Some(name)) => {
                out.push(format!("The `{name}` property of"));
                i += 2;
            }
            ("allOf" | "oneOf" | "anyOf", Some(n)) => {
                let n: usize = n.parse().ok()?;
                out.push(format!("Part {} of", n + 1));
                i += 2;
            }
            ("items", _) => {
                out.push("An item of".to_string());
                i += 1;
            }
            ("additionalProperties", _) => {
                out.push("A value of".to_string());
                i += 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// `The request body…` → `the request body…`, inside a longer sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec {
            path: "openapi.yaml".into(),
            root: serde_json::json!({
                "paths": {"/on-demand/{mediaId}": {"patch": {"operationId": "updated-media"}}}
            }),
            origins: Default::default(),
            overlay: None,
        }
    }

    #[test]
    fn inline_schemas_are_described_by_where_they_are_used() {
        let spec = spec();
        let body =
            "/paths/~1on-demand~1{mediaId}/patch/requestBody/content/application~1json/schema";
        assert_eq!(
            describe(&spec, body).as_deref(),
            Some("The request body of `PATCH /on-demand/{mediaId}` (`updated-media`).")
        );
        assert_eq!(
            describe(&spec, &format!("{body}/properties/tracks/items")).as_deref(),
            Some(
                "An item of the `tracks` property of the request body of \
                 `PATCH /on-demand/{mediaId}` (`updated-media`)."
            )
        );
        let response = "/paths/~1media/get/responses/200/content/application~1json/schema/allOf/1";
        assert_eq!(
            describe(&spec, response).as_deref(),
            Some("Part 2 of the `200` response of `GET /media`.")
        );
        assert_eq!(
            describe(
                &spec,
                "/components/schemas/Media/properties/meta/additionalProperties"
            )
            .as_deref(),
            Some("A value of the `meta` property of the `Media` schema.")
        );
        assert_eq!(describe(&spec, "/webhooks/x/post/requestBody"), None);
        assert_eq!(describe(&spec, "/components/schemas/A/not"), None);
    }
}
