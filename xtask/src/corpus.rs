//! `cargo xtask corpus DIR`: the generator against a folder of real-world specs.
//!
//! The specs in `DIR` are every `*.yaml`, `*.yml` and `*.json` file directly in it, and every
//! `DIR/<name>/openapi.{yaml,yml,json}` (with its `provider.toml`, if there is one beside it).
//! Each is generated into a scratch cargo workspace, `target/corpus/<crate>/`, whose crates
//! share the main workspace's `Cargo.lock` and one target directory, `target/corpus-target/`;
//! then `cargo check` runs once over all of them (`--keep-going`, so one crate's errors do not
//! hide another's). The crate name is the spec's file or folder name, sanitised (so two builds
//! with the same `provider.toml` do not clash). One row per spec: OpenAPI and API versions,
//! operations generated / operations in the spec, types, items skipped (left out of the crate
//! and listed in its README), generation time, whether the crate compiled (and how many errors
//! it had), and the first error. Cargo's whole output is kept in
//! `target/corpus/check.log`. Exit code 1 if any spec failed to generate or to compile.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::load::METHODS;
use generator::{Input, disk};

use crate::{Failure, unexpected};

/// `DIR`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub dir: PathBuf,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        match args {
            [dir] if !dir.is_empty() && !dir.to_string_lossy().starts_with("--") => Ok(Args {
                dir: PathBuf::from(dir),
            }),
            [] => Err(Failure::Usage("`corpus` needs a folder of specs".into())),
            [_, extra, ..] => Err(unexpected(extra)),
            [bad] => Err(unexpected(bad)),
        }
    }
}

/// One spec of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As shown in the table: the file name, or the folder name with a `/`.
    pub label: String,
    /// The generated crate's (package) name, unique in the run.
    pub name: String,
    pub spec: PathBuf,
    pub config: Option<PathBuf>,
}

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// The specs in `dir`, sorted by file or folder name.
pub fn discover(dir: &Path) -> io::Result<Vec<Entry>> {
    let context = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(context)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()
        .map_err(context)?;
    paths.sort();
    let mut entries = Vec::new();
    let mut names = BTreeSet::new();
    for path in paths {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if file_name.starts_with('.') {
            continue;
        }
        let (label, stem, spec, config) = if path.is_dir() {
            let Some(spec) = EXTENSIONS
                .iter()
                .map(|ext| path.join(format!("openapi.{ext}")))
                .find(|p| p.is_file())
            else {
                continue;
            };
            let config = Some(path.join("provider.toml")).filter(|p| p.is_file());
            (format!("{file_name}/"), file_name.to_string(), spec, config)
        } else {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
            (file_name.to_string(), stem.to_string(), path.clone(), None)
        };
        let base = crate_name(&stem);
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        entries.push(Entry {
            label,
            name,
            spec,
            config,
        });
    }
    Ok(entries)
}

/// A cargo package name from a file or folder name: lower-case ASCII letters, digits and `_`,
/// starting with a letter.
pub fn crate_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    let name = name.trim_matches('_').to_string();
    match name.chars().next() {
        None => "spec".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => format!("spec_{name}"),
        Some(_) => name,
    }
}

/// One row of the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Row {
    label: String,
    openapi: Option<String>,
    version: Option<String>,
    /// Operations in the spec.
    total: Option<usize>,
    /// Operations in the generated crate.
    generated: Option<usize>,
    types: Option<usize>,
    skipped: Option<usize>,
    millis: Option<u128>,
    /// `None` when the crate was not checked (it did not generate).
    compiled: Option<bool>,
    errors: usize,
    first_error: Option<String>,
}

/// Runs the command; `root` is the main workspace (for `target/` and `Cargo.lock`).
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    let entries = discover(&args.dir).map_err(|e| Failure::one(e.to_string()))?;
    if entries.is_empty() {
        return Err(Failure::one(format!(
            "{}: no specs (*.yaml, *.yml, *.json, or <name>/openapi.*)",
            args.dir.display()
        )));
    }
    let scratch = root.join("target").join("corpus");
    let target_dir = root.join("target").join("corpus-target");
    fs::create_dir_all(&scratch)
        .map_err(|e| Failure::one(format!("{}: {e}", scratch.display())))?;

    let mut rows = Vec::new();
    let mut members = Vec::new();
    for entry in &entries {
        eprintln!("generating {} ...", entry.label);
        let (row, generated) = generate(entry, &scratch);
        if generated {
            members.push(entry.name.clone());
        }
        rows.push(row);
    }
    remove_stale(&scratch, &members);
    write_workspace(root, &scratch, &members)?;

    if !members.is_empty() {
        eprintln!("cargo check of {} crates ...", members.len());
        let start = Instant::now();
        let check = cargo_check(&scratch, &target_dir)?;
        eprintln!(
            "cargo check: {:.1} s; output in {}",
            start.elapsed().as_secs_f64(),
            scratch.join("check.log").display()
        );
        for (row, entry) in rows.iter_mut().zip(&entries) {
            if row.compiled.is_none() && members.contains(&entry.name) {
                let result = check.of(&entry.name);
                row.compiled = Some(result.0);
                row.errors = result.1;
                row.first_error = result.2;
            }
        }
    }

    say!("{}", table(&rows));
    let generated = members.len();
    let compiled = rows.iter().filter(|r| r.compiled == Some(true)).count();
    say!(
        "{} specs: {generated} generated, {compiled} compiled",
        rows.len()
    );
    if compiled == rows.len() {
        Ok(())
    } else {
        Err(Failure::Failed(vec![format!(
            "{} of {} specs failed to generate or compile",
            rows.len() - compiled,
            rows.len()
        )]))
    }
}

/// Generates one spec into `scratch/<name>/`; the row so far, and whether it generated.
fn generate(entry: &Entry, scratch: &Path) -> (Row, bool) {
    let mut row = Row {
        label: entry.label.clone(),
        ..Row::default()
    };
    if let Ok(spec) = generator::load::load(&entry.spec) {
        let text = |p: &str| {
            spec.resolver().get(p).map(|v| match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            })
        };
        row.openapi = declared_version(&entry.spec).or_else(|| text("/openapi"));
        row.version = text("/info/version");
        row.total = Some(count_operations(&spec));
    }
    let start = Instant::now();
    let result = generator::generate(&Input {
        spec: &entry.spec,
        config: entry.config.as_deref(),
        name: Some(&entry.name),
    });
    row.millis = Some(start.elapsed().as_millis());
    let output = match result {
        Ok(output) => output,
        Err(diagnostic) => {
            row.first_error = Some(diagnostic.to_string());
            return (row, false);
        }
    };
    row.generated = Some(output.stats.operations);
    row.types = Some(output.stats.types);
    row.skipped = Some(output.stats.skipped);
    let written = disk::tree(&output.files)
        .and_then(|tree| disk::write_crate(&scratch.join(&entry.name), &tree));
    if let Err(e) = written {
        row.first_error = Some(format!("writing the crate: {e}"));
        row.compiled = Some(false);
        return (row, false);
    }
    (row, true)
}

/// The version a document declares (`openapi: 3.1.0`, `"swagger": "2.0"`), as written:
/// loading rewrites Swagger 2.0 and OpenAPI 3.1 documents to 3.0. The first top-level YAML
/// line or JSON member named `openapi` or `swagger`.
fn declared_version(spec: &Path) -> Option<String> {
    let text = fs::read_to_string(spec).ok()?;
    let mut found: Option<(usize, String)> = None;
    for key in ["openapi", "swagger"] {
        let yaml = text
            .match_indices(&format!("{key}:"))
            .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
            .map(|(i, m)| (i, &text[i + m.len()..]));
        let json = text
            .match_indices(&format!("\"{key}\""))
            .find_map(|(i, m)| Some((i, text[i + m.len()..].trim_start().strip_prefix(':')?)));
        for (at, rest) in yaml.into_iter().chain(json) {
            let value = scalar(rest);
            if !value.is_empty() && found.as_ref().is_none_or(|(i, _)| at < *i) {
                found = Some((at, value));
            }
        }
    }
    found.map(|(_, v)| v)
}

/// The scalar at the start of `rest`: a quoted string up to its closing quote, or a bare
/// word up to the end of the line, a comma, a brace or a comment (minified JSON is one line).
fn scalar(rest: &str) -> String {
    let rest = rest.trim_start();
    match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or("").to_string(),
        _ => rest
            .split(['\n', ',', '}', '#'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    }
}

/// Operations in a spec: the HTTP methods of every path item.
fn count_operations(spec: &generator::load::Spec) -> usize {
    let resolver = spec.resolver();
    let Some(paths) = resolver.get("/paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .iter()
        .filter_map(|(path, item)| {
            let pointer = format!("/paths/{}", path.replace('~', "~0").replace('/', "~1"));
            resolver.resolve(item, &pointer).ok().map(|(item, _)| item)
        })
        .filter_map(|item| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

/// Removes crates of an earlier run that are not in this one (only generated ones).
fn remove_stale(scratch: &Path, members: &[String]) {
    let Ok(entries) = fs::read_dir(scratch) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let generated = fs::read_to_string(path.join("Cargo.toml"))
            .is_ok_and(|t| t.starts_with("# generated by"));
        if path.is_dir() && generated && !members.contains(&name) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// The scratch workspace's manifest, and the main workspace's lock file (same versions, so
/// what is compiled in the shared target directory is reused from run to run).
fn write_workspace(root: &Path, scratch: &Path, members: &[String]) -> Result<(), Failure> {
    let list: String = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest = format!(
        "# written by `cargo xtask corpus`\n[workspace]\nresolver = \"3\"\nmembers = [\n{list}]\n"
    );
    let path = scratch.join("Cargo.toml");
    fs::write(&path, manifest).map_err(|e| Failure::one(format!("{}: {e}", path.display())))?;
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, scratch.join("Cargo.lock"))
            .map_err(|e| Failure::one(format!("{}: {e}", lock.display())))?;
    }
    Ok(())
}

/// What `cargo check` said, per crate.
#[derive(Debug, Default)]
struct Check {
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
    fn of(&self, name: &str) -> (bool, usize, Option<String>) {
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
    fn parse(success: bool, output: &str) -> Check {
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

fn cargo_check(scratch: &Path, target_dir: &Path) -> Result<Check, Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args([
            "check",
            "--workspace",
            // Gated code (GitHub's webhook payload types) must compile too.
            "--all-features",
            "--keep-going",
            "--message-format",
            "short",
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

/// `text` cut to `max` characters, with `…` where it was cut.
fn capped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The rows as an aligned table.
fn table(rows: &[Row]) -> String {
    let dash = || "-".to_string();
    let opt = |v: Option<usize>| v.map_or_else(dash, |n| n.to_string());
    let mut lines: Vec<[String; 9]> = vec![[
        "spec".into(),
        "openapi".into(),
        "version".into(),
        "operations".into(),
        "types".into(),
        "skips".into(),
        "ms".into(),
        "compiled".into(),
        "first error".into(),
    ]];
    // A spec's own text (its version) is cut to a column's width, so no value can make the
    // table unwieldy (or past `format!`'s width limit).
    let cell = |v: &Option<String>| v.as_deref().map_or_else(dash, |v| capped(v, 40));
    for r in rows {
        let compiled = match (r.compiled, r.errors) {
            (None, _) => dash(),
            (Some(true), _) => "yes".into(),
            (Some(false), 0) => "no".into(),
            (Some(false), 1) => "no (1 error)".into(),
            (Some(false), n) => format!("no ({n} errors)"),
        };
        lines.push([
            r.label.clone(),
            cell(&r.openapi),
            cell(&r.version),
            format!("{}/{}", opt(r.generated), opt(r.total)),
            opt(r.types),
            opt(r.skipped),
            r.millis.map_or_else(dash, |m| m.to_string()),
            compiled,
            r.first_error
                .as_deref()
                .map(|e| capped(e, 300))
                .unwrap_or_default(),
        ]);
    }
    let mut widths = [0; 9];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    lines
        .iter()
        .map(|line| {
            let cells: Vec<String> = line
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (cell, w))| match i {
                    8 => cell.clone(),
                    3..=6 => format!("{cell:>w$}"),
                    _ => format!("{cell:<w$}"),
                })
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::tests::TempDir;

    #[test]
    fn crate_names_are_sanitised() {
        assert_eq!(crate_name("api.github.com"), "api_github_com");
        assert_eq!(crate_name("FastPix-2026-05"), "fastpix_2026_05");
        assert_eq!(crate_name("2fa"), "spec_2fa");
        assert_eq!(crate_name("--"), "spec");
    }

    #[test]
    fn discovers_files_and_folders() {
        let dir = TempDir::new("corpus-discover");
        for (path, text) in [
            ("b.json", "{}"),
            ("a.yaml", ""),
            ("a.yml", ""),
            ("notes.txt", ""),
            ("x/openapi.json", "{}"),
            ("x/provider.toml", ""),
            ("y/openapi.yaml", ""),
            ("z/other.yaml", ""),
        ] {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let entries = discover(&dir).unwrap();
        let shown: Vec<(&str, &str, bool)> = entries
            .iter()
            .map(|e| (e.label.as_str(), e.name.as_str(), e.config.is_some()))
            .collect();
        assert_eq!(
            shown,
            [
                ("a.yaml", "a", false),
                ("a.yml", "a_2", false),
                ("b.json", "b", false),
                ("x/", "x", true),
                ("y/", "y", false),
            ]
        );
    }

    #[test]
    fn reads_the_declared_version() {
        let dir = TempDir::new("corpus-version");
        for (file, text, version) in [
            ("a.yaml", "# c\nswagger: \"2.0\"\ninfo: {}\n", "2.0"),
            ("b.yaml", "openapi: 3.1.0\n", "3.1.0"),
            (
                "c.json",
                "{\n  \"openapi\": \"3.0.3\",\n  \"x\": {\"swagger\": 1}}",
                "3.0.3",
            ),
        ] {
            fs::write(dir.join(file), text).unwrap();
            assert_eq!(declared_version(&dir.join(file)).as_deref(), Some(version));
        }
    }

    /// Minified JSON is one line: the version is the value, not the rest of the line (which
    /// made a column 3.4 million characters wide and panicked the table).
    #[test]
    fn minified_json_gives_the_version_alone_and_the_table_holds() {
        let dir = TempDir::new("corpus-minified");
        let long = "x".repeat(100_000);
        let text = format!(
            "{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"{long}\",\"version\":\"1\"}}}}"
        );
        fs::write(dir.join("min.json"), &text).unwrap();
        assert_eq!(
            declared_version(&dir.join("min.json")).as_deref(),
            Some("3.0.0")
        );
        let row = Row {
            label: "min.json".into(),
            version: Some(long.repeat(700)),
            ..Row::default()
        };
        let rendered = table(&[row]);
        assert!(
            rendered.lines().all(|l| l.chars().count() < 400),
            "cells are capped"
        );
    }

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

    #[test]
    fn parses_args() {
        let parse =
            |list: &[&str]| Args::parse(&list.iter().map(OsString::from).collect::<Vec<_>>());
        assert_eq!(parse(&["specs"]).unwrap().dir, PathBuf::from("specs"));
        for bad in [&[][..], &["a", "b"][..], &["--dir"][..]] {
            assert!(matches!(parse(bad), Err(Failure::Usage(_))), "{bad:?}");
        }
    }
}
