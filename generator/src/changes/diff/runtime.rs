//! Changes to the runtime API (see `changes/runtime.rs`): what a generator upgrade changes in
//! every crate. Anything removed or with another signature breaks a caller; an addition does
//! not, except where a caller's code lists every member: a field added to a struct with
//! only public fields and no `#[non_exhaustive]` (struct literals), and a field or variant
//! added to an enum's variant or to an enum that is not `#[non_exhaustive]` (patterns and
//! `match`es).

use std::collections::BTreeMap;

use super::change::{Change, breaking, compatible};

pub(super) fn runtime(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    for (key, was) in old {
        match new.get(key) {
            // Said once, for the type or module that goes with it.
            None if owner(key).is_some_and(|o| old.contains_key(o) && !new.contains_key(o)) => {}
            None => out.push(breaking(format!("runtime: `{key}` removed (was `{was}`)"))),
            Some(now) if now != was => out.push(changed(key, was, now)),
            Some(_) => {}
        }
    }
    let added = |key: &str| new.contains_key(key) && !old.contains_key(key);
    for (key, now) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
        if owner(key).is_some_and(added) {
            continue;
        }
        let text = format!("runtime: `{key}` added (`{now}`)");
        if lists_every_member(old, new, key) {
            out.push(breaking(text));
        } else {
            out.push(compatible(text));
        }
    }
}

/// What `key` is a member of: `Error` for `Error::Timeout`, `Error: Clone` and
/// `Error::attempts`; `Error::Timeout` for `Error::Timeout.limit`; `mock` for `mock::Mock`.
fn owner(key: &str) -> Option<&str> {
    if let Some((owner, _)) = key.split_once(": ") {
        return Some(owner);
    }
    if let Some((owner, _)) = key.rsplit_once('.') {
        return Some(owner);
    }
    key.rsplit_once("::").map(|(owner, _)| owner)
}

/// A changed signature breaks callers, except `#[non_exhaustive]` taken off a type, and a
/// deprecation (the item is still there, and the note says what to use instead).
fn changed(key: &str, was: &str, now: &str) -> Change {
    let marker = format!(" {}", crate::changes::runtime::DEPRECATED);
    if let Some(note) = now
        .strip_prefix(was)
        .and_then(|rest| rest.strip_prefix(&marker))
    {
        return compatible(format!("runtime: `{key}` deprecated:{note}"));
    }
    let text = format!("runtime: `{key}` changed: `{was}` → `{now}`");
    if was.replace(" #[non_exhaustive]", "") == now && was != now {
        compatible(text)
    } else {
        breaking(text)
    }
}

/// Whether `key`, new, joins a list a caller's code may spell out whole: a field of an
/// exhaustive struct or of an enum variant, or a variant of an exhaustive enum, whose owner
/// existed before.
fn lists_every_member(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    key: &str,
) -> bool {
    if let Some((owner, _field)) = key.rsplit_once('.') {
        let (Some(before), Some(header)) = (old.get(owner), new.get(owner)) else {
            return false;
        };
        let variant = before.ends_with("variant") || before.contains("variant #[");
        let exhaustive = !header.contains("#[non_exhaustive]");
        // A struct with a private field cannot be written as a literal: its fields are not
        // all listed here, which the surface cannot tell; structs with public fields are the
        // runtime's plain-data types (`CallOptions`, `RetryPolicy`).
        return exhaustive && (variant || header.starts_with("struct"));
    }
    if let Some((owner, _variant)) = key.rsplit_once("::")
        && let (Some(_), Some(header)) = (old.get(owner), new.get(owner))
        && header.starts_with("enum")
    {
        return !header.contains("#[non_exhaustive]");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn removals_and_new_signatures_break_and_additions_mostly_do_not() {
        let old = map(&[
            ("Error", "enum #[non_exhaustive]"),
            ("Error::Timeout", "struct variant"),
            ("Error::Timeout.what", "&'static str"),
            ("CallOptions", "struct"),
            ("CallOptions.timeout", "Option<Duration>"),
            ("ClientBuilder", "struct"),
            (
                "ClientBuilder::timeout",
                "fn timeout(self, timeout: Duration) -> Self",
            ),
            (
                "ClientBuilder::call_timeout",
                "fn call_timeout(self, timeout: Duration) -> Self",
            ),
        ]);
        let new = map(&[
            ("Error", "enum #[non_exhaustive]"),
            ("Error::Timeout", "struct variant"),
            ("Error::Timeout.limit", "TimeLimit"),
            ("Error::Api", "tuple variant"),
            ("CallOptions", "struct"),
            ("CallOptions.attempt_timeout", "Option<Duration>"),
            ("ClientBuilder", "struct"),
            (
                "ClientBuilder::timeout",
                "fn timeout(self, timeout: u64) -> Self",
            ),
            (
                "ClientBuilder::call_timeout",
                "fn call_timeout(self, timeout: Duration) -> Self #[deprecated] use another",
            ),
            (
                "ClientBuilder::attempt_timeout",
                "fn attempt_timeout(self, timeout: Duration) -> Self",
            ),
            ("TimeLimit", "enum #[non_exhaustive]"),
            ("TimeLimit::Attempt", "unit variant"),
            ("TimeLimit: Clone", "derive"),
        ]);
        let mut out = Vec::new();
        runtime(&old, &new, &mut out);
        let verdicts: BTreeMap<&str, bool> = out
            .iter()
            .map(|c| (c.text.split('`').nth(1).unwrap_or_default(), c.breaking))
            .collect();
        assert_eq!(
            verdicts,
            BTreeMap::from([
                ("CallOptions.attempt_timeout", true),
                ("CallOptions.timeout", true),
                ("ClientBuilder::attempt_timeout", false),
                ("ClientBuilder::call_timeout", false),
                ("ClientBuilder::timeout", true),
                ("Error::Api", false),
                ("Error::Timeout.limit", true),
                ("Error::Timeout.what", true),
                ("TimeLimit", false),
            ])
        );
    }
}
