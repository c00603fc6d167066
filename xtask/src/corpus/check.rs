//! Compiling the generated crates: one `cargo clippy` over all of them, warnings denied, so
//! a crate "compiles" only when it builds warning-free and clippy-clean.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::Failure;

/// What `cargo clippy` said, per crate.
#[derive(Debug, Default)]
pub struct Check {
    success: bool,
    /// Crates cargo reported as failing (`could not compile `x``).
    failed: BTreeSet<String>,
    /// Error lines per crate (by the path they point into).
    errors: BTreeMap<String, Vec<String>>,
    /// The first error line not attributable to a crate (a manifest or resolution error).
    general: Option<String>,
}

impl Check {
    /// Compiled, number of errors, first error.
    pub fn of(&self, name: &str) -> (bool, usize, Option<String>) {
        let errors = self.errors.get(name);
        let count = errors.map_or(0, Vec::len);
        let first = errors.and_then(|e| e.first()).cloned();
        if self.failed.contains(name) || count > 0 {
            (false, count, first.or_else(|| self.general.clone()))
        } else if !self.success && self.failed.is_empty() {
            (false, 0, self.general.clone())
        } else {
            (true, 0, None)
        }
    }

    /// Reads `--message-format short` output: `crate/src/x.rs:1:2: error[E0412]: …` and
    /// `error: could not compile `crate` (lib) due to …`.
    pub fn parse(success: bool, output: &str) -> Check {
        let mut check = Check {
            success,
            ..Check::default()
        };
        for line in output.lines() {
            if let Some(rest) = line.strip_prefix("error: could not compile `") {
                if let Some((name, _)) = rest.split_once('`') {
                    check.failed.insert(name.to_string());
                }
                continue;
            }
            if let Some((place, _)) = line.split_once(": error") {
                let crate_dir = place.split(['/', '\\']).next().unwrap_or("");
                if place.contains(':') && !crate_dir.is_empty() {
                    check
                        .errors
                        .entry(crate_dir.to_string())
                        .or_default()
                        .push(line.to_string());
                    continue;
                }
            }
            if line.starts_with("error") && check.general.is_none() {
                check.general = Some(line.to_string());
            }
        }
        check
    }
}

/// `cargo clippy` over the scratch workspace; its whole output is kept in `check.log`.
pub fn run(scratch: &Path, target_dir: &Path) -> Result<Check, Failure> {
    let cargo = crate::cargo();
    let output = Command::new(&cargo)
        .args([
            "clippy",
            "--workspace",
            // Gated code (GitHub's webhook payload types) must compile too.
            "--all-features",
            "--keep-going",
            "--message-format",
            "short",
            "--",
            // A warning in a generated crate is a failure like an error.
            "-D",
            "warnings",
        ])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir)
        // Set by the outer `cargo run` for xtask; not meant for this build.
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_MANIFEST_PATH")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .output()
        .map_err(|e| Failure::one(format!("cannot run {}: {e}", cargo.to_string_lossy())))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let log = scratch.join("check.log");
    fs::write(&log, &text).map_err(|e| Failure::one(format!("{}: {e}", log.display())))?;
    Ok(Check::parse(output.status.success(), &text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_short_messages() {
        let output = "\
    Checking good v0.1.0
    Checking bad v0.1.0
bad/src/types.rs:10:5: error[E0412]: cannot find type `Foo` in this scope
bad/src/types.rs:12:5: error[E0412]: cannot find type `Bar` in this scope
bad/src/lib.rs:1:1: warning: unused import
error: could not compile `bad` (lib) due to 2 previous errors
";
        let check = Check::parse(false, output);
        assert_eq!(check.of("good"), (true, 0, None));
        let (ok, count, first) = check.of("bad");
        assert!(!ok);
        assert_eq!(count, 2);
        assert_eq!(
            first.as_deref(),
            Some("bad/src/types.rs:10:5: error[E0412]: cannot find type `Foo` in this scope")
        );

        let check = Check::parse(false, "error: failed to parse manifest at `x/Cargo.toml`\n");
        assert_eq!(
            check.of("x"),
            (
                false,
                0,
                Some("error: failed to parse manifest at `x/Cargo.toml`".into())
            )
        );
    }
}
