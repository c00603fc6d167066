//! The change report agrees with the compiler. A caller written against the crate of a
//! change pair's `old.yaml` is compiled against it, then against the crate of `new.yaml`: a
//! change reported compatible must leave it compiling, a breaking one must break it.
//!
//! The caller builds a request body (`new`, `with_` setters), sends it, builds a response
//! type as a test would mock it (`Default`, then its public fields), and reads a field.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Input, disk};
use integration_tests::{fixture, run_cargo, workspace};

const CALLER: &str = r#"//! Written against the crate of `old.yaml`.
use change_api::types;

pub fn request(client: &change_api::Client) -> change_api::operations::CreateVideoBuilder {
    let body = types::CreateVideo::new("Launch")
        .with_tags(vec!["intro".to_string()])
        .with_max_duration(90);
    client.create_video(body)
}

pub fn mocked_video() -> types::Video {
    let mut video = types::Video::default();
    video.id = "v1".to_string();
    video.title = "Launch".to_string();
    video
}

pub fn duration(video: &types::Video) -> Option<f64> {
    video.duration
}
"#;

/// Writes the crate of `spec` as `api` beside the caller, named `name`.
fn write_api(root: &Path, spec: &Path, name: &str) {
    let output = generator::generate(&Input {
        spec,
        config: None,
        name: Some(name),
    })
    .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let tree = disk::tree(&output.files).expect("generated paths are relative");
    disk::write_crate(&root.join("api"), &tree).expect("write the api crate");
}

/// A workspace of the crate of `spec` (as `api`) and the caller, under `target/`. Each side
/// of each pair has its own, with package names of its own: cargo keys what it built by
/// package name and version, not by folder, so a shared `target/` would take one `api` for
/// another.
fn workspace_for(case: &str, side: &str, spec: &Path) -> PathBuf {
    let root = workspace()
        .join("target/change-compiles")
        .join(case)
        .join(side);
    let suffix = format!("{}-{side}", case.replace('_', "-"));
    let caller = root.join("caller");
    fs::create_dir_all(caller.join("src")).expect("create the caller");
    let manifest = format!(
        "[package]\nname = \"caller-{suffix}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nchange-api = {{ path = \"../api\", package = \"api-{suffix}\" }}\n"
    );
    fs::write(caller.join("Cargo.toml"), manifest).expect("write the caller manifest");
    fs::write(caller.join("src/lib.rs"), CALLER).expect("write the caller");
    let members = "[workspace]\nresolver = \"3\"\nmembers = [\"api\", \"caller\"]\n";
    fs::write(root.join("Cargo.toml"), members).expect("write the workspace manifest");
    fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
    write_api(&root, spec, &format!("api-{suffix}"));
    root
}

/// Whether the caller compiles against the crate of `spec`, and cargo's messages.
fn caller_compiles(case: &str, side: &str, spec: &Path) -> (bool, String) {
    let root = workspace_for(case, side, spec);
    let target = workspace().join("target");
    let output = run_cargo(
        &root,
        &target,
        &["check", "--quiet", "--offline", "--workspace"],
    );
    let messages = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), messages)
}

/// Compiles the caller against old and new, and compares with the report's verdict.
fn check(case: &str, compiles: bool, error: Option<&str>) {
    let dir = fixture("changes").join(case);
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    let (ok, messages) = caller_compiles(case, "old", &old);
    assert!(
        ok,
        "{case}: the caller must compile against old.yaml:\n{messages}"
    );
    let (ok, messages) = caller_compiles(case, "new", &new);
    assert_eq!(ok, compiles, "{case}: against new.yaml:\n{messages}");
    if let Some(code) = error {
        assert!(
            messages.contains(code),
            "{case}: expected {code}:\n{messages}"
        );
    }
    let input = |spec| Input {
        spec,
        config: None,
        name: None,
    };
    let report = generator::diff_specs(&input(&old), &input(&new)).expect("a report");
    assert_eq!(
        report.breaking() == 0,
        compiles,
        "{case}: the report disagrees with the compiler:\n{report}"
    );
}

/// One test, so the cases share cargo's build directory one after the other.
#[test]
fn the_report_agrees_with_the_compiler() {
    // An optional field added to a request body: a new setter, nothing else.
    check("request_field_added_optional", true, None);
    // A required one: `CreateVideo::new` takes another argument.
    check("request_field_added_required", false, Some("E0061"));
    // A required field of a type only received: its `Default` still builds it.
    check("response_field_added", true, None);
    // A field retyped (`i64` → `f64`): cargo-semver-checks cannot see it (see xtask/src/semver.rs).
    check("field_retyped", false, Some("E0308"));
    // A field removed from a received type: reading it no longer compiles.
    check("field_removed", false, Some("E0609"));
}
