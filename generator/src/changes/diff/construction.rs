//! Changes to how a caller builds a struct (`new`, the `with_` setters, `Default`). Structs
//! are `#[non_exhaustive]`, so these, not the fields, decide whether code that builds one
//! still compiles: a field added to a type sent has a new argument of `new` when it is
//! required, a setter when it is not; a field added to a type only received may take its
//! `Default` away.

use super::change::*;
use crate::changes::surface::BuildSurface;

pub(super) fn build_change(name: &str, a: &BuildSurface, b: &BuildSurface, out: &mut Vec<Change>) {
    let args = |list: &[String]| list.join(", ");
    match (&a.new, &b.new) {
        (Some(x), Some(y)) if x != y => out.push(breaking(format!(
            "`{name}::new` takes ({}) (was ({}))",
            args(y),
            args(x)
        ))),
        (Some(_), None) => out.push(breaking(format!("`{name}::new` removed"))),
        (None, Some(y)) => out.push(compatible(format!(
            "`{name}::new` added, taking ({})",
            args(y)
        ))),
        _ => {}
    }
    match (a.default, b.default) {
        (true, false) => out.push(breaking(format!("`{name}` no longer implements `Default`"))),
        (false, true) => out.push(compatible(format!("`{name}` implements `Default`"))),
        _ => {}
    }
    match (a.setters, b.setters) {
        (true, false) => out.push(breaking(format!(
            "`{name}` lost its `with_` setters (it is no longer sent)"
        ))),
        (false, true) => out.push(compatible(format!(
            "`{name}` has `with_` setters (it is now sent)"
        ))),
        _ => {}
    }
}
