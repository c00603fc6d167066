//! The permission each operation needs, from provider.toml's `[[permissions]]` rules (OpenAPI
//! has no word for it: FastPix's tokens carry one of four permissions, named in its docs
//! only). The operation's docs and README entry name it, and a 401 or 403 on the call says
//! which permission the credentials need.

use crate::config::{Config, PermissionRule};
use crate::diagnostic::{Diagnostic, Location};
use crate::load::Spec;
use crate::model::Operation;

/// Gives each operation the permission of the first rule that matches it. A rule that
/// matches no operation is an error: its selectors name something the spec no longer has.
pub fn assign(
    spec: &Spec,
    config: &Config,
    operations: &mut [Operation],
) -> Result<(), Diagnostic> {
    let file = config.path.as_deref().unwrap_or(&spec.path);
    for (i, rule) in config.permissions.iter().enumerate() {
        let key = Location::Key(format!("permissions[{i}]"));
        if rule.permission.trim().is_empty() {
            return Err(Diagnostic::new(file, key, "`permission` is empty"));
        }
        if !operations.iter().any(|op| matches(rule, op)) {
            return Err(Diagnostic::new(
                file,
                key,
                format!(
                    "the rule for `{}` matches no operation: check its methods, tags, paths and operations against the spec",
                    rule.permission
                ),
            ));
        }
    }
    for op in operations.iter_mut() {
        op.permission = config
            .permissions
            .iter()
            .find(|rule| matches(rule, op))
            .map(|rule| rule.permission.trim().to_string());
    }
    Ok(())
}

fn matches(rule: &PermissionRule, op: &Operation) -> bool {
    let any = |list: &[String], hit: &dyn Fn(&str) -> bool| {
        list.is_empty() || list.iter().any(|s| hit(s))
    };
    any(&rule.methods, &|m| m.eq_ignore_ascii_case(&op.http_method))
        && any(&rule.tags, &|t| op.tag.as_deref() == Some(t))
        && any(&rule.paths, &|p| glob(p, &op.path))
        && any(&rule.operations, &|id| id == op.operation_id)
}

/// Whether `text` matches `pattern`, where `*` stands for any text (empty included).
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs_match_any_text_for_a_star() {
        assert!(glob("/data/*", "/data/metrics/{metricId}/overall"));
        assert!(glob(
            "/on-demand/*/tracks/*",
            "/on-demand/{mediaId}/tracks/{trackId}"
        ));
        assert!(glob("/live/streams", "/live/streams"));
        assert!(glob("*", "/anything"));
        assert!(!glob("/data/*", "/on-demand"));
        assert!(!glob("/live/streams", "/live/streams/{id}"));
        assert!(!glob("/a*b", "/a"));
    }
}
