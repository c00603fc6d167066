//! `cargo xtask semver-check`: the change report checked against an independent judge,
//! cargo-semver-checks, which compares the public API of two builds of a crate.
//!
//! Each pair of specs (every `tests/fixtures/changes/<case>/{old,new}.yaml`, and FastPix's spec
//! against itself with an optional, then a required, property added to `CreateMediaRequest`)
//! is generated into two workspaces under `target/semver-check/`, one crate per pair, named
//! after it. cargo-semver-checks then checks every crate of `new/` against its namesake in
//! `old/`, as a patch release (for a `0.y.z` crate: nothing may break). A pair the report
//! calls breaking must fail that check and a compatible one must pass it; a disagreement is
//! an error, unless [`EXPLAINED`] lists it with the reason the judge cannot see it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Input, disk};

use crate::Failure;

/// The cargo-semver-checks release this check is written against (`.ci/run` installs it).
pub const VERSION: &str = "0.51.0";

/// Pairs the report calls breaking and cargo-semver-checks does not, each with the reason the
/// report is right. cargo-semver-checks 0.51 looks for items that disappear, arguments that are
/// added or removed, and traits and attributes that change; it does not compare the types of
/// fields, arguments or return values, and it cannot see what a call sends.
const EXPLAINED: &[(&str, &str)] = &[
    (
        "change-auth-scheme-retyped",
        "`bearer_auth(token)` → `bearer_auth(key)`: the same signature now takes another secret (an API key sent in a header, not a bearer token); callers compile and authenticate wrongly",
    ),
    (
        "change-enum-corrected",
        "a field's type changed (`Option<String>` → `Option<CreateVideoQuality>`): a caller passing a `String` no longer compiles",
    ),
    (
        "change-error-status-retyped",
        "a typed error variant holds another type (`NotFound(Problem)` → `NotFound(NotFound)`): a caller reading its fields no longer compiles",
    ),
    (
        "change-response-header-retyped",
        "a field of the headers struct changed type (`Option<i64>` → `Option<String>`): a caller comparing it with a number no longer compiles",
    ),
    (
        "change-field-retyped",
        "a field's type changed (`i64` → `f64`): `.with_max_duration(90)` no longer compiles (E0308, shown by tests/tests/change_compiles.rs)",
    ),
    (
        "change-minimum-changed",
        "a parameter's `minimum` rose (1 → 10): the same call compiles and the server now refuses the values in between",
    ),
    (
        "change-param-retyped",
        "an argument's type changed (`i32` → `i64`): a caller passing an `i32` variable no longer compiles",
    ),
    (
        "change-path-params-reordered",
        "two `String` arguments swapped places: callers compile and send each value as the other",
    ),
    (
        "change-query-params-reordered",
        "two `String` arguments swapped places: callers compile and send each value as the other",
    ),
    (
        "change-request-body-retyped",
        "the body argument's type changed (`CreateVideo` → `Vec<CreateVideo>`): callers no longer compile",
    ),
    (
        "change-response-became-per-status",
        "`send()` returns another type (`Video` → `GetVideoResponse`): callers reading the value no longer compile",
    ),
    (
        "change-response-retyped",
        "`send()` returns another type (`Video` → `VideoList`): callers reading the value no longer compile",
    ),
];

/// One pair of specs (with their provider.toml, if any), and the crate name both sides are
/// generated under.
struct Pair {
    name: String,
    old: PathBuf,
    new: PathBuf,
    configs: Option<(PathBuf, PathBuf)>,
}

impl Pair {
    fn spec(&self, side: &str) -> &Path {
        if side == "old" { &self.old } else { &self.new }
    }

    fn config(&self, side: &str) -> Option<&Path> {
        let (old, new) = self.configs.as_ref()?;
        Some(if side == "old" { old } else { new })
    }
}

pub fn run(root: &Path) -> Result<(), Failure> {
    installed()?;
    let work = root.join("target").join("semver-check");
    let pairs = pairs(root, &work)?;
    let mut verdicts = BTreeMap::new();
    for side in ["old", "new"] {
        write_workspace(root, &work.join(side), &pairs, side)?;
    }
    for pair in &pairs {
        let input = |side| Input {
            spec: pair.spec(side),
            config: pair.config(side),
            name: Some(&pair.name),
        };
        let report = generator::diff_specs(&input("old"), &input("new"))
            .map_err(|d| Failure::one(format!("{}: {d}", pair.name)))?;
        verdicts.insert(pair.name.clone(), report.breaking() > 0);
    }
    let names: Vec<&str> = pairs.iter().map(|p| p.name.as_str()).collect();
    let judged = judge(&work, &names)?;
    compare(&verdicts, &judged)
}

/// Fails with the install command when cargo-semver-checks is missing.
fn installed() -> Result<(), Failure> {
    let found = Command::new(crate::cargo())
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        Ok(())
    } else {
        Err(Failure::one(format!(
            "cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked --version {VERSION}"
        )))
    }
}

fn pairs(root: &Path, work: &Path) -> Result<Vec<Pair>, Failure> {
    let changes = root.join("tests/fixtures/changes");
    let mut out = Vec::new();
    let entries = fs::read_dir(&changes).map_err(|e| io(&changes, e))?;
    for entry in entries {
        let dir = entry.map_err(|e| io(&changes, e))?.path();
        let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
        if let (true, Some(case)) = (old.is_file() && new.is_file(), dir.file_name()) {
            out.push(Pair {
                name: format!("change-{}", case.to_string_lossy().replace('_', "-")),
                old,
                new,
                configs: None,
            });
        }
    }
    out.extend(fastpix_pairs(root, work)?);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// FastPix's spec, and the same with one property added to `CreateMediaRequest`: optional,
/// then required (the change the report must call compatible, then breaking).
fn fastpix_pairs(root: &Path, work: &Path) -> Result<Vec<Pair>, Failure> {
    let dir = root.join("specs/fastpix");
    let spec = dir.join("openapi.yaml");
    let text = fs::read_to_string(&spec).map_err(|e| io(&spec, e))?;
    let mut out = Vec::new();
    for (name, required) in [
        ("fastpix-optional-added", false),
        ("fastpix-required-added", true),
    ] {
        let changed = with_property(&text, required).ok_or_else(|| {
            Failure::one(format!(
                "{}: no `CreateMediaRequest` schema with `required` and `properties` to change",
                spec.display()
            ))
        })?;
        // A copy of the whole folder: the provider's extras sit beside its spec.
        let copy = work.join(name);
        copy_dir(&dir, &copy)?;
        let changed_spec = copy.join("openapi.yaml");
        fs::write(&changed_spec, &changed).map_err(|e| io(&changed_spec, e))?;
        out.push(Pair {
            name: name.to_string(),
            old: spec.clone(),
            new: changed_spec,
            configs: Some((dir.join("provider.toml"), copy.join("provider.toml"))),
        });
    }
    Ok(out)
}

/// `text` with a string property `clipLabel` added to the `CreateMediaRequest` schema (and
/// to its `required` list when `required`).
fn with_property(text: &str, required: bool) -> Option<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let start = lines.iter().position(|l| l == "    CreateMediaRequest:")?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| !l.is_empty() && !l.starts_with("      "))
        .map_or(lines.len(), |i| start + 1 + i);
    let at =
        |lines: &[String], key: &str| (start..end).find(|&i| lines[i] == format!("      {key}:"));
    let properties = at(&lines, "properties")?;
    let list = if required {
        Some(at(&lines, "required")?)
    } else {
        None
    };
    let property = [
        "        clipLabel:",
        "          type: string",
        "          description: A label for the clip.",
    ];
    for (i, line) in property.iter().enumerate() {
        lines.insert(properties + 1 + i, line.to_string());
    }
    if let Some(list) = list {
        // `required` before `properties` is shifted by nothing; after it, by the lines added.
        let list = if list > properties {
            list + property.len()
        } else {
            list
        };
        lines.insert(list + 1, "        - clipLabel".to_string());
    }
    Some(lines.join("\n") + "\n")
}

/// A workspace of one crate per pair, generated from the pair's `side` spec.
fn write_workspace(root: &Path, dir: &Path, pairs: &[Pair], side: &str) -> Result<(), Failure> {
    for pair in pairs {
        let output = generator::generate(&Input {
            spec: pair.spec(side),
            config: pair.config(side),
            name: Some(&pair.name),
        })
        .map_err(|d| Failure::one(format!("{} ({side}): {d}", pair.name)))?;
        let tree = disk::tree(&output.files).map_err(|e| Failure::one(e.to_string()))?;
        let out = dir.join(&pair.name);
        disk::write_crate(&out, &tree)
            .map_err(|e| Failure::one(format!("{}: {e}", out.display())))?;
    }
    let members: Vec<String> = pairs
        .iter()
        .map(|p| format!("    \"{}\",\n", p.name))
        .collect();
    let manifest = format!(
        "# written by `cargo xtask semver-check`\n[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    let path = dir.join("Cargo.toml");
    fs::write(&path, manifest).map_err(|e| io(&path, e))?;
    // The main lock file: the same dependency versions, no registry lookup.
    let lock = dir.join("Cargo.lock");
    fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| io(&lock, e))?;
    Ok(())
}

/// cargo-semver-checks' verdict per crate: `true` when it found a breaking change. The rustdoc
/// JSON of every crate is built first, one `cargo doc` per side (its dependencies once), and
/// each pair is then compared from those files: left to itself, cargo-semver-checks builds
/// every crate in a workspace of its own, dependencies included (half an hour here).
fn judge(work: &Path, names: &[&str]) -> Result<BTreeMap<String, bool>, Failure> {
    for side in ["old", "new"] {
        rustdoc_json(&work.join(side))?;
    }
    let mut verdicts = BTreeMap::new();
    let mut log = String::new();
    for name in names {
        let file = format!("{}.json", name.replace('-', "_"));
        let json = |side: &str| work.join(side).join("target/doc").join(&file);
        let output = Command::new(crate::cargo())
            .args(["semver-checks", "check-release", "--color", "never"])
            .args(["--release-type", "patch", "--baseline-rustdoc"])
            .arg(json("old"))
            .arg("--current-rustdoc")
            .arg(json("new"))
            .output()
            .map_err(|e| Failure::one(format!("cargo semver-checks: {e}")))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        log.push_str(&format!("==> {name}\n{text}\n"));
        match parse_verdict(&text) {
            Some(breaking) => {
                verdicts.insert(name.to_string(), breaking);
            }
            None => {
                let path = work.join("semver-checks.log");
                let _ = fs::write(&path, &log);
                return Err(Failure::one(format!(
                    "{name}: cargo semver-checks gave no verdict ({}); its output is in {}",
                    output.status,
                    path.display()
                )));
            }
        }
    }
    let path = work.join("semver-checks.log");
    fs::write(&path, &log).map_err(|e| io(&path, e))?;
    Ok(verdicts)
}

/// `cargo doc` of a whole workspace as rustdoc JSON (`target/doc/<crate>.json`). The format is
/// unstable in rustdoc; `RUSTC_BOOTSTRAP` unlocks it on stable, as cargo-semver-checks does.
fn rustdoc_json(dir: &Path) -> Result<(), Failure> {
    let output = Command::new(crate::cargo())
        .args(["doc", "--workspace", "--no-deps", "--offline", "--quiet"])
        .current_dir(dir)
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "RUSTDOCFLAGS",
            "-Z unstable-options --output-format json --cap-lints allow",
        )
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .map_err(|e| Failure::one(format!("cargo doc in {}: {e}", dir.display())))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Failure::one(format!(
            "cargo doc (rustdoc JSON) failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

/// The verdict in cargo-semver-checks' summary line: `Some(true)` when a semver update is
/// required, `Some(false)` when none is, `None` without a summary.
fn parse_verdict(text: &str) -> Option<bool> {
    text.lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("Summary "))
        .map(|summary| summary.contains("requires"))
}

fn compare(
    report: &BTreeMap<String, bool>,
    judged: &BTreeMap<String, bool>,
) -> Result<(), Failure> {
    let word = |breaking: bool| if breaking { "breaking" } else { "compatible" };
    let mut problems = Vec::new();
    for (name, &ours) in report {
        let explained = EXPLAINED.iter().find(|(pair, _)| pair == name);
        match judged.get(name) {
            None => problems.push(format!("{name}: cargo-semver-checks gave no verdict")),
            // An explanation must stay true: a pair that now agrees is taken off the list.
            Some(&theirs) if theirs == ours && explained.is_some() => problems.push(format!(
                "{name}: listed in EXPLAINED, but the report and cargo-semver-checks now agree"
            )),
            Some(&theirs) if theirs == ours => say!("agree     {name}: {}", word(ours)),
            Some(&theirs) => match explained {
                Some((_, why)) => say!(
                    "explained {name}: report {}, cargo-semver-checks {}: {why}",
                    word(ours),
                    word(theirs)
                ),
                None => problems.push(format!(
                    "{name}: the report says {}, cargo-semver-checks says {} (see target/semver-check/semver-checks.log)",
                    word(ours),
                    word(theirs)
                )),
            },
        }
    }
    say!("{} pairs, {} disagreements", report.len(), problems.len());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(problems))
    }
}

/// Copies the files under `from` to `to`, folders included.
fn copy_dir(from: &Path, to: &Path) -> Result<(), Failure> {
    fs::create_dir_all(to).map_err(|e| io(to, e))?;
    for entry in fs::read_dir(from).map_err(|e| io(from, e))? {
        let path = entry.map_err(|e| io(from, e))?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        let target = to.join(name);
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target).map_err(|e| io(&path, e))?;
        }
    }
    Ok(())
}

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure::one(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary() {
        let failed = "     Checking change-a v0.1.0 -> v0.1.0 (no change; assume patch)\n\
                      --- failure constructible_struct_adds_field: ...\n\
                      Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        assert_eq!(parse_verdict(failed), Some(true));
        assert_eq!(
            parse_verdict("     Summary no semver update required\n"),
            Some(false)
        );
        assert_eq!(parse_verdict("error: no such file\n"), None);
    }

    #[test]
    fn adds_the_property_inside_the_schema() {
        let spec = "components:\n  schemas:\n    CreateMediaRequest:\n      required:\n        - inputs\n      properties:\n        inputs:\n          type: array\n    Other:\n      type: object\n";
        let optional = with_property(spec, false).expect("changed");
        assert!(optional.contains("      properties:\n        clipLabel:\n          type: string"));
        assert!(!optional.contains("- clipLabel"));
        let required = with_property(spec, true).expect("changed");
        assert!(required.contains("      required:\n        - clipLabel\n        - inputs"));
        assert_eq!(with_property("x: 1\n", false), None);
    }
}
