//! The callers of a conformance run: for each spec, the generated crate
//! (`target/conformance/<name>/crate`) and a program that calls it
//! (`target/conformance/<name>/caller`, binary `<name>-caller`, named apart because the
//! callers share one target directory: the fixed files of `xtask/caller/` plus the calls the
//! generator writes), all members of one scratch workspace built by one `cargo build
//! --keep-going` into a shared target directory, so that dependencies are built once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::{Input, disk};

use super::Spec;
use crate::Failure;
pub use generator::emit::conformance::{Conflict, ConflictKind};

const CALLER_MAIN: &str = include_str!("../../caller/main.rs");
const CALLER_SUPPORT: &str = include_str!("../../caller/support.rs");
const CALLER_RELAY: &str = include_str!("../../caller/relay.rs");

/// What became of one spec before anything ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// The crate and its caller were written; `operations`: how many calls it makes;
    /// `unsatisfiable`: operations with a value nothing satisfies, and why.
    Written {
        operations: usize,
        skipped: usize,
        unsatisfiable: std::collections::BTreeMap<String, Vec<Conflict>>,
    },
    /// The generator refused the spec (its message, with the place).
    NotGenerated(String),
}

/// Generates the crate of `spec` and writes it and its caller under `scratch/<name>/`.
pub fn prepare(spec: &Spec, scratch: &Path) -> Prepared {
    let input = Input {
        spec: &spec.path,
        config: spec.config.as_deref(),
        name: Some(&spec.name),
    };
    let caught = std::panic::catch_unwind(|| {
        let output = generator::generate(&input)?;
        let calls = generator::conformance_calls(&input)?;
        Ok::<_, generator::Diagnostic>((output, calls))
    });
    let (output, calls) = match caught {
        Ok(Ok(both)) => both,
        Ok(Err(diagnostic)) => return Prepared::NotGenerated(diagnostic.to_string()),
        Err(_) => return Prepared::NotGenerated("the generator panicked".to_string()),
    };
    let dir = scratch.join(&spec.name);
    let written = disk::tree(&output.files)
        .and_then(|tree| disk::write_crate(&dir.join("crate"), &tree))
        .map_err(|e| e.to_string())
        .and_then(|_| write_caller(&dir.join("caller"), &spec.name, &calls));
    match written {
        Ok(()) => Prepared::Written {
            operations: calls.operations,
            skipped: output.skipped.len(),
            unsatisfiable: calls.unsatisfiable,
        },
        Err(e) => Prepared::NotGenerated(format!("writing the crate: {e}")),
    }
}

/// The caller's package name for a spec's crate name.
pub fn caller_name(name: &str) -> String {
    format!("{name}-caller")
}

fn write_caller(
    dir: &Path,
    name: &str,
    calls: &generator::emit::conformance::Calls,
) -> Result<(), String> {
    let features: Vec<String> = calls.features.iter().map(|f| format!("{f:?}")).collect();
    let manifest = format!(
        "# written by `cargo xtask conformance`\n[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[[bin]]\nname = \"{}\"\npath = \"main.rs\"\n\n[dependencies]\n{} = {{ package = \"{}\", path = \"../crate\", features = [{}] }}\nbytes = \"1\"\nfutures-util = {{ version = \"0.3\", default-features = false, features = [\"std\"] }}\nreqwest = {{ version = \"0.13\", default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"net\", \"io-util\", \"rt\", \"time\"] }}\n",
        caller_name(name),
        caller_name(name),
        calls.lib,
        calls.package,
        features.join(", ")
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("main.rs", CALLER_MAIN),
        ("support.rs", CALLER_SUPPORT),
        ("relay.rs", CALLER_RELAY),
        ("calls.rs", calls.module.as_str()),
    ];
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (file, text) in files {
        let path = dir.join(file);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Builds every caller of `names` in one scratch workspace; each name's executable, or the
/// first error cargo reported for it.
pub fn build_all(
    root: &Path,
    scratch: &Path,
    target_dir: &Path,
    names: &[String],
) -> Result<BTreeMap<String, Result<PathBuf, String>>, Failure> {
    let members: String = names
        .iter()
        .flat_map(|n| [format!("{n}/crate"), format!("{n}/caller")])
        .map(|m| format!("    \"{m}\",\n"))
        .collect();
    let manifest = format!(
        "# written by `cargo xtask conformance`\n[workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n"
    );
    let write = |path: PathBuf, text: &str| {
        fs::write(&path, text).map_err(|e| Failure::one(format!("{}: {e}", path.display())))
    };
    write(scratch.join("Cargo.toml"), &manifest)?;
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        write(scratch.join("Cargo.lock"), &lock)?;
    }
    let mut command = Command::new(crate::cargo());
    command
        .current_dir(scratch)
        .args(["build", "--keep-going", "--message-format=json"])
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    for name in names {
        command.args(["--package", &caller_name(name)]);
    }
    let output = command
        .output()
        .map_err(|e| Failure::one(format!("cannot run cargo: {e}")))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(read_messages(&stdout, names))
}

/// Each caller's executable from cargo's JSON messages, or its first error (a caller whose
/// crate failed has neither: its dependency's error is the reason).
fn read_messages(messages: &str, names: &[String]) -> BTreeMap<String, Result<PathBuf, String>> {
    let mut executables = BTreeMap::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let package = message["package_id"].as_str().unwrap_or_default();
        let owner = names.iter().find(|n| {
            package.contains(&format!("/{n}/crate#")) || package.contains(&format!("/{n}/caller#"))
        });
        let Some(owner) = owner else { continue };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(exe) = message["executable"].as_str() {
                    executables.insert(owner.clone(), PathBuf::from(exe));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let text = message["message"]["rendered"].as_str().unwrap_or_default();
                errors
                    .entry(owner.clone())
                    .or_insert_with(|| text.to_string());
            }
            _ => {}
        }
    }
    names
        .iter()
        .map(|name| {
            let result = match executables.remove(name) {
                Some(exe) => Ok(exe),
                None => Err(errors
                    .remove(name)
                    .unwrap_or_else(|| "cargo built no executable (see its output)".to_string())),
            };
            (name.clone(), result)
        })
        .collect()
}
