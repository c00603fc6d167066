//! Schemes no operation uses are left out: their credential type, their `ClientBuilder`
//! method and their `Scheme` variant would be code that nothing reaches (a `dead_code`
//! warning in the crate), and credentials configured for them would silently go nowhere.

use super::super::{AuthScheme, Operation, Skip};
use crate::diagnostic::join;

/// Drops the schemes that no operation's security names (global ones from provider.toml
/// are on every operation), renumbers the operations' references to the rest, and lists
/// what was dropped.
pub fn keep_used(auth: &mut Vec<AuthScheme>, operations: &mut [Operation]) -> Vec<Skip> {
    let mut used = vec![false; auth.len()];
    for op in operations.iter() {
        let named = op.security.iter().flatten().map(|r| &r.scheme);
        let in_request = op.auth_query.iter().chain(&op.auth_body).map(|(s, _, _)| s);
        for &i in named.chain(in_request) {
            used[i] = true;
        }
    }
    let mut renumbered = vec![usize::MAX; auth.len()];
    let mut next = 0;
    for (i, keep) in used.iter().enumerate() {
        if *keep {
            renumbered[i] = next;
            next += 1;
        }
    }
    for op in operations.iter_mut() {
        for requirement in op.security.iter_mut().flatten() {
            requirement.scheme = renumbered[requirement.scheme];
        }
        for (i, _, _) in op.auth_query.iter_mut().chain(op.auth_body.iter_mut()) {
            *i = renumbered[*i];
        }
    }
    let mut skipped = Vec::new();
    let mut index = 0;
    auth.retain(|scheme| {
        let keep = used[index];
        index += 1;
        if !keep {
            skipped.push(Skip {
                what: format!("security scheme `{}`", scheme.key),
                pointer: join("/components/securitySchemes", &scheme.key),
                reason: "no operation requires it (no `security` requirement names it), \
                         so the crate has no credentials for it"
                    .to_string(),
            });
        }
        keep
    });
    skipped
}
