//! Compares two API surfaces and says, change by change, whether it breaks a caller of the
//! generated crate.
//!
//! A caller breaks when code that compiled and worked against the old crate no longer does:
//! something it used was removed, renamed or retyped; a method gained a required argument;
//! a field of a type it builds for a request became required; a limit on what it sends got
//! tighter. Additions are compatible: structs, enums and unions are `#[non_exhaustive]`, and
//! structs are built through `new`, `with_` setters or `Default`, whose changes are judged on
//! their own (`construction.rs`). A new default base URL is reported but is compatible.
//!
//! The runtime API (the client, its errors and options, the methods every builder has) is
//! judged in `runtime.rs`: it changes with the generator, not with the spec.
//!
//! The exception are the per-operation status enums (`send`'s per-status responses and the
//! typed errors of `from_error`). They are not `#[non_exhaustive]`, on purpose: a caller
//! matches them exhaustively so that the compiler points at every status to handle, and a
//! wildcard arm would hide the new one. So a variant added to either breaks that `match`,
//! and is reported as breaking; only a typed error enum appearing where there was none is an
//! addition (a new type, and `from_error` is new with it).

mod change;
mod construction;
mod operations;
mod runtime;
mod types;
mod webhooks;

use super::surface::Surface;
pub use change::Change;
use change::{breaking, compatible};
use operations::operations;
use types::{request_types, types};

pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    if old.base_url != new.base_url {
        out.push(compatible(format!(
            "base URL changed: {} → {}",
            old.base_url, new.base_url
        )));
    }
    overlay(old, new, &mut out);
    auth(old, new, &mut out);
    operations(old, new, &mut out);
    let requests = request_types(old)
        .union(&request_types(new))
        .cloned()
        .collect();
    types(old, new, &requests, &mut out);
    webhooks::webhooks(old.webhooks.as_ref(), new.webhooks.as_ref(), &mut out);
    // Known on both sides (a surface older than format 5 has none, and a caller without the
    // old crate's sources cannot tell).
    if let (Some(old), Some(new)) = (&old.runtime, &new.runtime) {
        runtime::runtime(old, new, &mut out);
    }
    out
}

/// The changes between two runtime APIs alone (see `changes/runtime.rs`).
pub fn runtime_changes(
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
) -> Vec<Change> {
    let mut out = Vec::new();
    runtime::runtime(old, new, &mut out);
    out
}

/// The overlay's actions, said so that a reader knows a fix is (no longer) applied; what each
/// changes in the API is reported on its own.
fn overlay(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for action in old.overlay.iter().filter(|a| !new.overlay.contains(a)) {
        out.push(compatible(format!(
            "overlay action no longer applied: {action}"
        )));
    }
    for action in new.overlay.iter().filter(|a| !old.overlay.contains(a)) {
        out.push(compatible(format!("overlay action applied: {action}")));
    }
}

fn auth(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (key, a) in &old.auth {
        match new.auth.get(key) {
            None => out.push(breaking(format!(
                "auth scheme removed: `{key}` (`ClientBuilder::{}`)",
                a.builder
            ))),
            Some(b) if a.builder != b.builder || a.credentials != b.credentials => {
                out.push(breaking(format!(
                    "auth scheme `{key}` changed: `{}({})` → `{}({})`",
                    a.builder,
                    a.credentials.join(", "),
                    b.builder,
                    b.credentials.join(", ")
                )))
            }
            Some(b) if a.sends != b.sends => out.push(compatible(format!(
                "auth scheme `{key}` now sends differently (was: {} Now: {})",
                a.sends, b.sends
            ))),
            Some(_) => {}
        }
    }
    for (key, b) in new.auth.iter().filter(|(k, _)| !old.auth.contains_key(*k)) {
        out.push(compatible(format!(
            "auth scheme added: `{key}` (`ClientBuilder::{}`)",
            b.builder
        )));
    }
}
