//! The golden outputs must compile: every fixture is generated into a throwaway cargo
//! workspace under `target/fixture-crates/`, which is then checked (`cargo check`) and linted
//! (`cargo clippy -- -D warnings`, a separate test) with the main workspace's `target/` directory, so the
//! dependencies already compiled there are reused.
//!
//! The folder is rewritten with [`generator::disk::write_crate`], which only touches files
//! whose contents changed, so a second run is incremental.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use generator::{Input, disk};
use integration_tests::{fixture, run_cargo, workspace};

/// A fixture's spec: `openapi.yaml`, or `openapi.json` for the JSON-input fixtures.
fn spec_in(dir: &Path) -> Option<PathBuf> {
    ["openapi.yaml", "openapi.json"]
        .into_iter()
        .map(|file| dir.join(file))
        .find(|path| path.is_file())
}

/// The fixture folders under `tests/fixtures/` (those with an `openapi.yaml` or
/// `openapi.json`), sorted.
fn fixture_names() -> Vec<String> {
    let root = fixture("");
    let mut names: Vec<String> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("readable fixtures folder").path())
        .filter(|path| spec_in(path).is_some())
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    names.sort();
    names
}

/// Runs `cargo <args>` in `dir`, panicking with cargo's output on failure.
fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) {
    let output = run_cargo(dir, target_dir, args);
    assert!(
        output.status.success(),
        "`cargo {}` failed in {} ({}):\n--- stdout ---\n{}\n--- stderr ---\n{}",
        args.join(" "),
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

/// The crate (in the fixture workspace) whose integration test is `tests/fixtures/behaviour.rs`.
const BEHAVIOUR: &str = "behaviour";

/// Writes a file only when its contents differ, so cargo's fingerprints stay fresh.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `fixture_behaviour`: an empty library plus `tests/fixtures/*.rs` (`behaviour.rs`,
/// `wire_styles.rs`, ...) as its tests, depending on every fixture crate.
fn write_behaviour_crate(dir: &Path, names: &[String]) {
    // Every feature of every fixture on, so the tests reach gated types too. (`dir` may not
    // exist yet, so its parent is named directly rather than through `..`.)
    let fixtures = dir
        .parent()
        .expect("the behaviour crate sits in the fixture workspace");
    let deps: String = names
        .iter()
        .map(|n| {
            let features = features_of(&fixtures.join(n).join("Cargo.toml"));
            format!("fixture_{n} = {{ path = \"../{n}\", features = {features:?} }}\n")
        })
        .collect();
    let manifest = format!(
        "[package]\nname = \"fixture_behaviour\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dev-dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"io-util\", \"macros\", \"net\", \"rt-multi-thread\", \"time\"] }}\nwiremock = \"0.6\"\n\
         futures-util = \"0.3\"\n\
         base64 = \"0.23.1\"\nhmac = \"0.12.1\"\nsha2 = \"0.10.9\"\n{deps}"
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(
        &dir.join("src/lib.rs"),
        "//! Behaviour tests of the fixture crates: see `tests/behaviour.rs`.\n",
    );
    // Every `.rs` file beside the fixtures is one integration test of the crate.
    let tests = fs::read_dir(fixture("")).expect("readable fixtures folder");
    for entry in tests {
        let source = entry.expect("readable entry").path();
        if source.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let test =
            fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let name = source.file_name().expect("a file name");
        write_if_changed(&dir.join("tests").join(name), &test);
    }
}

/// The features a generated crate's `Cargo.toml` declares.
fn features_of(manifest: &Path) -> Vec<String> {
    let text =
        fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    text.split_once("\n[features]\n")
        .map(|(_, table)| {
            table
                .lines()
                .take_while(|line| !line.trim().is_empty() && !line.starts_with('['))
                .filter_map(|line| line.split_once(" = ").map(|(k, _)| k.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Generates every fixture into `target/fixture-crates/` once per test run; returns that
/// folder and the shared `target/` directory. The lock also keeps the two cargo runs below
/// from waiting on each other's build-directory lock.
fn prepare() -> MutexGuard<'static, (PathBuf, PathBuf)> {
    static PREPARED: OnceLock<Mutex<(PathBuf, PathBuf)>> = OnceLock::new();
    PREPARED
        .get_or_init(|| Mutex::new(write_fixture_workspace()))
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn write_fixture_workspace() -> (PathBuf, PathBuf) {
    let workspace = workspace();
    let target_dir = workspace.join("target");
    let root = target_dir.join("fixture-crates");
    fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));

    let names = fixture_names();
    assert!(!names.is_empty(), "no fixtures under tests/fixtures/");
    for name in &names {
        let dir = fixture(name);
        let crate_name = format!("fixture_{name}");
        let spec = spec_in(&dir).expect("listed fixtures have a spec");
        let output = generator::generate(&Input {
            spec: &spec,
            config: Some(&dir.join("provider.toml")),
            name: Some(&crate_name),
        })
        .unwrap_or_else(|e| panic!("fixture `{name}` failed to generate: {e}"));
        let tree = disk::tree(&output.files).expect("generated paths are relative");
        disk::write_crate(&root.join(name), &tree)
            .unwrap_or_else(|e| panic!("writing fixture `{name}`: {e}"));
    }
    // Crates of fixtures that no longer exist would otherwise linger.
    for entry in fs::read_dir(&root).expect("readable fixture-crates folder") {
        let path = entry.expect("readable entry").path();
        let stale = path.is_dir()
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n != BEHAVIOUR && !names.iter().any(|m| m == n));
        if stale {
            fs::remove_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }

    write_behaviour_crate(&root.join(BEHAVIOUR), &names);

    // Its own workspace: `[workspace]` keeps cargo from looking for a parent workspace.
    let members: Vec<String> = names
        .iter()
        .map(String::as_str)
        .chain([BEHAVIOUR])
        .map(|n| format!("    \"{n}\",\n"))
        .collect();
    let manifest = format!(
        "# written by tests/tests/fixtures_compile.rs\n[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    fs::write(root.join("Cargo.toml"), manifest).expect("write fixture workspace manifest");
    // The main workspace's lock file pins the same dependency versions, so the compiled
    // dependencies in `target/` are reused (and no registry lookup is needed).
    let lock = workspace.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, root.join("Cargo.lock")).expect("copy Cargo.lock");
    }
    (root, target_dir)
}

/// Every fixture crate compiles (`cargo check`; warnings are the clippy test's business).
#[test]
fn fixtures_compile() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    cargo(
        root,
        target_dir,
        &["check", "--quiet", "--offline", "--keep-going"],
    );
}

/// A crate split by tag builds, warning-free, with any one tag and with none.
#[test]
fn fixture_features_by_tag_builds_with_each_tag() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    for features in ["", "videos", "live-streams"] {
        let only = ["--no-default-features", "--features", features];
        clippy_package(root, target_dir, "fixture_features_by_tag", &only);
    }
}

/// `cargo clippy -p package <features> -- -D warnings` in the fixture workspace.
fn clippy_package(root: &Path, target_dir: &Path, package: &str, features: &[&str]) {
    let mut args = vec!["clippy", "--quiet", "--offline", "-p", package];
    args.extend(features);
    args.extend(["--", "-D", "warnings"]);
    cargo(root, target_dir, &args);
}

/// A crate whose tags are off by default (an API past 2,500 operations, or
/// `tags_on_by_default = false`) builds warning-free with its defaults, and its README's
/// examples compile both with the defaults (each gated by its tag's feature) and with all.
#[test]
fn a_crate_with_its_tags_off_by_default_builds_and_documents() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    let package = "fixture_features_off_by_default";
    clippy_package(root, target_dir, package, &[]);
    for features in [&[][..], &["--all-features"][..]] {
        let mut args = vec!["test", "--quiet", "--offline", "--doc", "-p", package];
        args.extend(features);
        cargo(root, target_dir, &args);
    }
}

/// The README examples of the fixtures that show server-sent events, verified webhooks and
/// OAuth 2.0 tokens compile (rustdoc runs them as `no_run` doctests).
#[test]
fn feature_readmes_compile() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    let mut args = vec!["test", "--quiet", "--offline", "--doc"];
    for package in [
        "fixture_event_stream",
        "fixture_webhooks_signed",
        "fixture_oauth2_client_credentials",
    ] {
        args.extend(["-p", package]);
    }
    cargo(root, target_dir, &args);
}

/// Every fixture crate is free of compiler and clippy warnings, as the provider crates must be.
#[test]
fn fixtures_pass_clippy() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    cargo(
        root,
        target_dir,
        &[
            "clippy",
            "--quiet",
            "--offline",
            "--keep-going",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
}

/// The generated code behaves: serde round trips of unions, enums, nullable and recursive
/// types, client construction, and calls against a wiremock server (responses by status,
/// query parameter styles) (`tests/fixtures/behaviour.rs`).
#[test]
fn fixtures_behave() {
    let prepared = prepare();
    let (root, target_dir) = &*prepared;
    cargo(
        root,
        target_dir,
        &[
            "test",
            "--quiet",
            "--offline",
            "-p",
            "fixture_behaviour",
            "--no-fail-fast",
        ],
    );
}
