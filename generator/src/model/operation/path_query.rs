//! Paths that carry a query template (`/uploads?convert={convert}`), as some specs write
//! them: the path is what comes before `?`, and each `key={name}` pair is a query parameter.

use crate::model::naming::{self, Namer};
use crate::model::{Docs, Param, ParamLocation, ParamStyle, TypeRef};

/// The path before `?` and the `(key, name)` of each `key={name}` pair after it; `None`
/// when the path has no `?` or a pair is anything else (a literal value), so the path is
/// checked whole, as before.
pub(super) fn split(path: &str) -> Option<(&str, Vec<(String, String)>)> {
    let (before, query) = path.split_once('?')?;
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=')?;
        let name = value.strip_prefix('{')?.strip_suffix('}')?;
        if key.is_empty() || name.is_empty() || name.contains(['{', '}']) {
            return None;
        }
        pairs.push((key.to_string(), name.to_string()));
    }
    Some((before, pairs))
}

/// Moves each parameter the query template names (declared in the path, as the template
/// suggests, or in the query) to the query, under the template's key; a name the spec does
/// not declare becomes a required text parameter of its own.
pub(super) fn apply(pairs: &[(String, String)], params: &mut Vec<Param>, names: &mut Namer) {
    for (key, name) in pairs {
        let declared = params
            .iter_mut()
            .find(|p| p.wire == *name && p.location != ParamLocation::Header);
        match declared {
            Some(param) => {
                param.location = ParamLocation::Query;
                param.style = ParamStyle::FORM;
                param.wire = key.clone();
            }
            None => params.push(Param {
                name: names.claim_plain(&naming::snake(name)),
                wire: key.clone(),
                location: ParamLocation::Query,
                ty: TypeRef::String,
                required: true,
                docs: Docs {
                    description: Some(format!(
                        "The `{key}` query parameter, named in the path's query template \
                         (`{key}={{{name}}}`); the spec declares no parameter for it."
                    )),
                    ..Docs::default()
                },
                style: ParamStyle::FORM,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_query_templates_only() {
        assert_eq!(
            split("/uploads?convert={convert}"),
            Some(("/uploads", vec![("convert".into(), "convert".into())]))
        );
        assert_eq!(
            split("/s?term={term}&exact={exact_amount}"),
            Some((
                "/s",
                vec![
                    ("term".into(), "term".into()),
                    ("exact".into(), "exact_amount".into())
                ]
            ))
        );
        for kept in ["/plain/{id}", "/s?action=upload", "/s?a={b", "/s?={x}"] {
            assert_eq!(split(kept), None, "{kept}");
        }
    }
}
