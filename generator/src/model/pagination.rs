//! Pagination: which list operations can be walked page by page, checked against the spec
//! (the moving parameter exists and has the right type; the items pointer names an array in
//! the response; a cursor pointer names a string).

use std::collections::BTreeSet;

use super::{Operation, Pagination, ParamLocation, TypeDef, TypeKind, TypeRef};
use crate::config::{Config, PageStyle, PaginationConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::load::Spec;

pub fn attach(
    spec: &Spec,
    config: &Config,
    operations: &mut [Operation],
    types: &[TypeDef],
) -> Result<(), Diagnostic> {
    let file = config.path.as_deref().unwrap_or(&spec.path);
    let mut seen = BTreeSet::new();
    for (i, group) in config.pagination.iter().enumerate() {
        let error = |key: &str, message: String| {
            Diagnostic::new(
                file,
                Location::Key(format!("pagination[{i}].{key}")),
                message,
            )
        };
        for id in &group.operations {
            let Some(op) = operations.iter_mut().find(|op| &op.operation_id == id) else {
                return Err(error(
                    "operations",
                    format!("no operation `{id}` in the spec"),
                ));
            };
            if !seen.insert(id.clone()) {
                return Err(error("operations", format!("`{id}` is paginated twice")));
            }
            let pagination = build(group, op, types)
                .map_err(|(key, message)| error(key, format!("`{id}`: {message}")))?;
            op.pagination = Some(pagination);
        }
    }
    Ok(())
}

type Problem = (&'static str, String);

fn build(
    group: &PaginationConfig,
    op: &Operation,
    types: &[TypeDef],
) -> Result<Pagination, Problem> {
    let query = |wire: &str| {
        op.params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire == wire)
    };
    let Some(param) = query(&group.param) else {
        return Err(("param", format!("no query parameter `{}`", group.param)));
    };
    if param.required {
        return Err((
            "param",
            format!(
                "`{}` is required; a paginated parameter must be optional",
                group.param
            ),
        ));
    }
    let numeric = matches!(param.ty, TypeRef::I32 | TypeRef::I64);
    match group.style {
        PageStyle::Cursor if param.ty != TypeRef::String => {
            return Err((
                "param",
                format!(
                    "a cursor parameter must be a string, `{}` is not",
                    group.param
                ),
            ));
        }
        PageStyle::Page | PageStyle::Offset if !numeric => {
            return Err((
                "param",
                format!(
                    "a page or offset parameter must be an integer, `{}` is not",
                    group.param
                ),
            ));
        }
        _ => {}
    }
    let size = match &group.size {
        None => None,
        Some(wire) => match query(wire) {
            Some(p) if matches!(p.ty, TypeRef::I32 | TypeRef::I64) => {
                Some((p.name.clone(), p.ty.clone()))
            }
            _ => return Err(("size", format!("no integer query parameter `{wire}`"))),
        },
    };
    let super::ResponseKind::Json(response) = &op.response else {
        return Err(("items", "the response is not JSON".to_string()));
    };
    let item_type = match resolve(types, response, &group.items, 0) {
        Some(TypeRef::Array(inner)) => *inner,
        _ => {
            return Err((
                "items",
                format!("`{}` is not an array in the response", group.items),
            ));
        }
    };
    let next = match (group.style, &group.next) {
        (PageStyle::Cursor, None) => {
            return Err(("next", "the cursor style needs `next`".to_string()));
        }
        (PageStyle::Cursor, Some(pointer)) => match resolve(types, response, pointer, 0) {
            Some(TypeRef::String) => Some(pointer.clone()),
            _ => {
                return Err((
                    "next",
                    format!("`{pointer}` is not a string in the response"),
                ));
            }
        },
        (_, Some(_)) => return Err(("next", "`next` belongs to the cursor style".to_string())),
        (_, None) => None,
    };
    let first = group.first.unwrap_or(match group.style {
        PageStyle::Page => 1,
        _ => 0,
    });
    Ok(Pagination {
        style: group.style,
        param: param.name.clone(),
        param_type: param.ty.clone(),
        size,
        items: group.items.clone(),
        item_type,
        next,
        first,
    })
}

/// The type a JSON pointer reaches inside a type (through struct fields and aliases).
fn resolve(types: &[TypeDef], ty: &TypeRef, pointer: &str, depth: usize) -> Option<TypeRef> {
    if depth > 16 {
        return None;
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return pointer.is_empty().then(|| ty.clone());
    };
    let (segment, rest) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let segment = segment.replace("~1", "/").replace("~0", "~");
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = super::type_named(types, name)?;
    match &def.kind {
        TypeKind::Struct(s) => {
            let field = s.fields.iter().find(|f| f.wire == segment)?;
            resolve(types, &field.ty, rest, depth + 1)
        }
        TypeKind::Alias(inner) => resolve(types, inner, &format!("/{segment}{rest}"), depth + 1),
        _ => None,
    }
}
