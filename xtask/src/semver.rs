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

/// Pairs where the report and cargo-semver-checks disagree for a reason that is not a bug:
/// (pair, the reason).
const EXPLAINED: &[(&str, &str)] = &[];

/// One pair of specs, and the crate name both sides are generated under.
struct Pair {
    name: String,
    old: PathBuf,
    new: PathBuf,
    config: Option<PathBuf>,
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
        let input = |spec| Input {
            spec,
            config: pair.config.as_deref(),
            name: Some(&pair.name),
        };
        let report = generator::diff_specs(&input(&pair.old), &input(&pair.new))
            .map_err(|d| Failure::one(format!("{}: {d}", pair.name)))?;
        verdicts.insert(pair.name.clone(), report.breaking() > 0);
    }
    let judged = judge(&work)?;
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
                config: None,
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
        let copy = work.join(format!("{name}.yaml"));
        fs::create_dir_all(work).map_err(|e| io(work, e))?;
        fs::write(&copy, &changed).map_err(|e| io(&copy, e))?;
        out.push(Pair {
            name: name.to_string(),
            old: spec.clone(),
            new: copy,
            config: Some(dir.join("provider.toml")),
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
        let spec = if side == "old" { &pair.old } else { &pair.new };
        let output = generator::generate(&Input {
            spec,
            config: pair.config.as_deref(),
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

/// cargo-semver-checks' verdict per crate: `true` when it found a breaking change.
fn judge(work: &Path) -> Result<BTreeMap<String, bool>, Failure> {
    let output = Command::new(crate::cargo())
        .args([
            "semver-checks",
            "check-release",
            "--workspace",
            "--color",
            "never",
        ])
        .args(["--release-type", "patch", "--manifest-path"])
        .arg(work.join("new/Cargo.toml"))
        .arg("--baseline-root")
        .arg(work.join("old"))
        .output()
        .map_err(|e| Failure::one(format!("cargo semver-checks: {e}")))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let log = work.join("semver-checks.log");
    fs::write(&log, &text).map_err(|e| io(&log, e))?;
    let verdicts = parse_verdicts(&text);
    if verdicts.is_empty() {
        return Err(Failure::one(format!(
            "cargo semver-checks gave no verdict (exit {}); its output is in {}",
            output.status,
            log.display()
        )));
    }
    Ok(verdicts)
}

/// Reads `Checking <name> vA -> vB` … `Summary <verdict>` blocks of cargo-semver-checks'
/// output: a crate fails when its summary says a semver update is required.
fn parse_verdicts(text: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Checking ") {
            current = rest.split_whitespace().next().map(str::to_string);
        } else if let (Some(rest), Some(name)) = (line.strip_prefix("Summary "), &current) {
            out.insert(name.clone(), rest.contains("requires"));
            current = None;
        }
    }
    out
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

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure::one(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_crates_summary() {
        let text = "     Checking change-a v0.1.0 -> v0.1.0 (no change; assume patch)\n\
                    --- failure constructible_struct_adds_field: ...\n\
                    Summary semver requires new major version: 1 major and 0 minor checks failed\n\
                    Checking change-b v0.1.0 -> v0.1.0 (no change; assume patch)\n\
                    Summary no semver update required\n";
        let verdicts = parse_verdicts(text);
        assert_eq!(verdicts.get("change-a"), Some(&true));
        assert_eq!(verdicts.get("change-b"), Some(&false));
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
