//! `cargo xtask regenerate [--check]`: `generated/<provider>/` from `specs/<provider>/`.
//!
//! Every provider is generated in memory first; only when all succeed is anything compared or
//! written, so a bad spec never leaves `generated/` half updated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::changes::Report;
use generator::{Input, Stats, disk};

use crate::tree;
use crate::{Failure, stats_line};

/// Runs the command in the workspace at `root` (may be `""` when it is the current folder).
pub fn run(root: &Path, check: bool) -> Result<(), Failure> {
    let specs = root.join("specs");
    let generated = root.join("generated");
    let (providers, warnings) = tree::discover(&specs).map_err(|e| Failure::one(e.to_string()))?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }

    let mut outputs = Vec::with_capacity(providers.len());
    let mut errors = Vec::new();
    let (mut total, mut total_time) = (Stats::default(), Duration::ZERO);
    let mut reports = Vec::new();
    for provider in &providers {
        let crate_dir = generated.join(&provider.name);
        let history = History::read(&crate_dir).map_err(|e| Failure::one(e.to_string()))?;
        let start = Instant::now();
        let input = Input {
            spec: &provider.spec,
            config: Some(&provider.config),
            name: None,
        };
        let result =
            generator::generate_with_history(&input, history.as_ref().map(|h| h.borrow()).as_ref());
        let elapsed = start.elapsed();
        match result {
            Ok((output, report)) => {
                say!("{}", stats_line(&provider.name, &output.stats, elapsed));
                total.operations += output.stats.operations;
                total.types += output.stats.types;
                total.lines += output.stats.lines;
                total_time += elapsed;
                outputs.push((provider.name.clone(), output.files));
                if !report.is_empty() {
                    reports.push(report);
                }
            }
            Err(diagnostic) => errors.push(diagnostic.to_string()),
        }
    }
    if !errors.is_empty() {
        errors.push(format!(
            "{} of {} providers failed to generate; generated/ was left untouched",
            errors.len(),
            providers.len()
        ));
        return Err(Failure::Failed(errors));
    }
    let crates = match providers.len() {
        1 => "1 crate".to_string(),
        n => format!("{n} crates"),
    };
    say!(
        "{}",
        stats_line(&format!("total ({crates})"), &total, total_time)
    );

    let expected = tree::combine(&outputs).map_err(|e| Failure::one(e.to_string()))?;
    if check {
        check_tree(&generated, &expected, &reports)
    } else {
        let report = disk::write(&generated, &expected).map_err(|e| Failure::one(e.to_string()))?;
        say!("generated/: {report}");
        print_reports(&reports, false);
        Ok(())
    }
}

/// The API change reports, after the numbers (stdout) or before the drifted files (stderr).
fn print_reports(reports: &[Report], to_stderr: bool) {
    for report in reports {
        let text = format!("\nAPI changes, {report}");
        if to_stderr {
            eprint!("{text}");
        } else {
            say!("{}", text.trim_end());
        }
    }
}

/// What the previous generation left in a crate folder (owned; see [`generator::History`]).
struct History {
    path: PathBuf,
    surface: String,
    changelog: Option<String>,
    /// The runtime sources (for a surface that does not record the runtime API yet).
    sources: Vec<(String, String)>,
}

impl History {
    /// `None` when the crate has never been generated (no `api-surface.json`).
    fn read(crate_dir: &Path) -> std::io::Result<Option<History>> {
        let path = crate_dir.join(generator::changes::surface::FILE);
        let surface = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", path.display()),
                ));
            }
        };
        let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).ok();
        let sources = generator::changes::runtime::SOURCES
            .iter()
            .filter_map(|file| {
                let text = std::fs::read_to_string(crate_dir.join(file)).ok()?;
                Some((file.to_string(), text))
            })
            .collect();
        Ok(Some(History {
            path,
            surface,
            changelog,
            sources,
        }))
    }

    fn borrow(&self) -> generator::History<'_> {
        generator::History {
            path: &self.path,
            surface: &self.surface,
            changelog: self.changelog.as_deref(),
            sources: &self.sources,
        }
    }
}

fn check_tree(
    generated: &Path,
    expected: &BTreeMap<PathBuf, String>,
    reports: &[Report],
) -> Result<(), Failure> {
    let diff = disk::diff(generated, expected).map_err(|e| Failure::one(e.to_string()))?;
    if diff.is_empty() {
        say!("generated/ is up to date ({} files)", expected.len());
        return Ok(());
    }
    print_reports(reports, true);
    if !reports.is_empty() {
        eprintln!();
    }
    for line in tree::drift_lines(&diff) {
        eprintln!("{line}");
    }
    eprintln!("generated/ is out of date with specs/; run `cargo xtask regenerate` to fix");
    Err(Failure::Failed(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_specs_folder_means_empty_generated_folder() {
        let root = tree::tests::TempDir::new("regenerate-empty");
        std::fs::create_dir_all(root.join("specs")).unwrap();
        std::fs::create_dir_all(root.join("generated/stale/src")).unwrap();
        let ours = "// generated by `cargo xtask regenerate`, do not edit\n";
        std::fs::write(root.join("generated/stale/src/lib.rs"), ours).unwrap();

        assert!(matches!(run(&root, true), Err(Failure::Failed(m)) if m.is_empty()));
        assert!(root.join("generated/stale/src/lib.rs").exists());

        run(&root, false).unwrap();
        assert!(root.join("generated").is_dir());
        assert!(!root.join("generated/stale").exists());
        run(&root, true).unwrap();
    }

    #[test]
    fn missing_specs_folder_is_an_error() {
        let root = tree::tests::TempDir::new("regenerate-nospecs");
        assert!(matches!(run(&root, true), Err(Failure::Failed(m)) if m.len() == 1));
    }

    /// Copies a provider's spec folder from the real workspace into a temp workspace.
    fn copy_provider(root: &Path, name: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs")
            .join(name);
        let to = root.join("specs").join(name);
        std::fs::create_dir_all(&to).unwrap();
        for file in ["openapi.yaml", "provider.toml"] {
            std::fs::copy(from.join(file), to.join(file)).unwrap();
        }
    }

    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        disk::list_files(dir)
            .unwrap()
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(dir.join(&p)).unwrap()))
            .collect()
    }

    #[test]
    fn a_failing_provider_leaves_generated_untouched() {
        let root = tree::tests::TempDir::new("regenerate-atomic");
        copy_provider(&root, "toolsfast");
        run(&root, false).unwrap();
        let before = snapshot(&root.join("generated"));
        assert!(before.keys().any(|p| p.ends_with("src/lib.rs")));

        // A good provider whose output would change, next to a broken one.
        let spec = root.join("specs/toolsfast/openapi.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(&spec, text.replacen("summary: ", "summary: Changed ", 1)).unwrap();
        copy_provider(&root, "streampixel");
        std::fs::write(
            root.join("specs/streampixel/openapi.yaml"),
            "openapi: 3.0.3\npaths: [\n",
        )
        .unwrap();

        let Err(Failure::Failed(messages)) = run(&root, false) else {
            panic!("a broken spec must fail regenerate");
        };
        assert!(
            messages[0].contains("specs/streampixel/openapi.yaml:"),
            "{messages:?}"
        );
        assert!(messages[0].contains("invalid YAML"), "{messages:?}");
        assert_eq!(
            snapshot(&root.join("generated")),
            before,
            "generated/ changed"
        );
    }

    #[test]
    fn editing_a_spec_makes_check_fail() {
        let root = tree::tests::TempDir::new("regenerate-drift");
        copy_provider(&root, "toolsfast");
        run(&root, false).unwrap();
        run(&root, true).unwrap();
        let spec = root.join("specs/toolsfast/openapi.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(&spec, text.replacen("summary: ", "summary: Changed ", 1)).unwrap();
        assert!(matches!(run(&root, true), Err(Failure::Failed(_))));
        run(&root, false).unwrap();
        run(&root, true).unwrap();
    }

    /// The `version = "…"` of a generated crate's Cargo.toml.
    fn crate_version(crate_dir: &Path) -> String {
        let toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
        toml.lines()
            .find_map(|l| l.strip_prefix("version = "))
            .unwrap_or_else(|| panic!("no version in Cargo.toml:\n{toml}"))
            .trim_matches('"')
            .to_string()
    }

    /// The `## ` headings of a generated crate's CHANGELOG.md, newest first.
    fn changelog_entries(crate_dir: &Path) -> Vec<String> {
        std::fs::read_to_string(crate_dir.join("CHANGELOG.md"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("## "))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn spec_changes_bump_the_version_and_extend_the_changelog() {
        let root = tree::tests::TempDir::new("regenerate-history");
        copy_provider(&root, "toolsfast");
        // A history of its own, from the first version: without the provider's version floor.
        let config = root.join("specs/toolsfast/provider.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let without_floor: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("version = "))
            .collect();
        std::fs::write(&config, without_floor.join("\n")).unwrap();
        let crate_dir = root.join("generated/toolsfast");
        let spec = root.join("specs/toolsfast/openapi.yaml");
        let original = std::fs::read_to_string(&spec).unwrap();
        run(&root, false).unwrap();
        assert_eq!(crate_version(&crate_dir), "0.1.0");
        assert_eq!(
            changelog_entries(&crate_dir),
            ["## 0.1.0 (API version 1.0.0)"]
        );

        // Compatible: a new operation.
        let ping = "paths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        \"204\":\n          description: Up.\n";
        assert_eq!(original.matches("\npaths:\n").count(), 1);
        std::fs::write(&spec, original.replacen("paths:\n", ping, 1)).unwrap();
        assert!(
            matches!(run(&root, true), Err(Failure::Failed(_))),
            "--check must fail after a spec change"
        );
        assert_eq!(crate_version(&crate_dir), "0.1.0", "--check wrote files");
        run(&root, false).unwrap();
        assert_eq!(crate_version(&crate_dir), "0.1.1");
        assert_eq!(
            changelog_entries(&crate_dir),
            [
                "## 0.1.1 (API version 1.0.0)",
                "## 0.1.0 (API version 1.0.0)"
            ]
        );
        let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap();
        assert!(
            changelog.contains("Compatible:\n- operation added: `ping` (GET /ping)\n"),
            "{changelog}"
        );
        let surface = std::fs::read_to_string(crate_dir.join("api-surface.json")).unwrap();
        assert!(surface.contains("\"version\": \"0.1.1\""), "{surface}");
        // Up to date now, and regenerating changes nothing.
        run(&root, true).unwrap();
        let before = snapshot(&crate_dir);
        run(&root, false).unwrap();
        assert_eq!(
            snapshot(&crate_dir),
            before,
            "a second regenerate changed files"
        );

        // Breaking: the operation goes away again.
        std::fs::write(&spec, &original).unwrap();
        assert!(matches!(run(&root, true), Err(Failure::Failed(_))));
        run(&root, false).unwrap();
        assert_eq!(crate_version(&crate_dir), "0.2.0");
        assert_eq!(
            changelog_entries(&crate_dir),
            [
                "## 0.2.0 (API version 1.0.0)",
                "## 0.1.1 (API version 1.0.0)",
                "## 0.1.0 (API version 1.0.0)"
            ]
        );
        let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap();
        assert!(
            changelog.contains("Breaking:\n- operation removed: `ping` (GET /ping)\n"),
            "{changelog}"
        );
        run(&root, true).unwrap();
    }

    #[test]
    fn a_corrupt_surface_fails_regenerate_with_its_path() {
        let root = tree::tests::TempDir::new("regenerate-corrupt-surface");
        copy_provider(&root, "toolsfast");
        run(&root, false).unwrap();
        let surface = root.join("generated/toolsfast/api-surface.json");
        std::fs::write(&surface, "{\n  \"package\": \n").unwrap();
        let before = snapshot(&root.join("generated"));
        let Err(Failure::Failed(messages)) = run(&root, false) else {
            panic!("a corrupt api-surface.json must fail regenerate");
        };
        let text = messages.join("\n");
        assert!(
            text.contains("generated/toolsfast/api-surface.json:3:"),
            "{text}"
        );
        assert_eq!(
            snapshot(&root.join("generated")),
            before,
            "generated/ changed"
        );
    }
}
