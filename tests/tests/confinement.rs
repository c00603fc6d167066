//! A spec reads only what is inside its own folder: `$ref`s that climb out, symlinks that
//! point out (files and folders, in the spec's folder and in `extras/`), FIFOs and devices
//! are refused with a located reason (what needs such a `$ref` is left out and listed; bad
//! extras fail the generation), and nothing from outside reaches the crate.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Input, Output};

const SECRET: &str = "TOP-SECRET-outside-the-spec";

/// `<tmp>/outside/secret.json` and `<tmp>/spec/` (the spec's folder), fresh per test.
fn layout(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("confine-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let outside = base.join("outside");
    let spec = base.join("spec");
    fs::create_dir_all(&outside).unwrap();
    fs::create_dir_all(&spec).unwrap();
    let secret = format!(
        r#"{{"Secret": {{"type": "object", "description": "{SECRET}", "properties": {{"k": {{"type": "string", "default": "{SECRET}"}}}}}}}}"#
    );
    fs::write(outside.join("secret.json"), secret).unwrap();
    (outside, spec)
}

/// A spec whose one schema is `$ref: <target>`.
fn spec_referring_to(dir: &Path, target: &str) -> PathBuf {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.example.com'}}]\npaths:\n  /a:\n    get:\n      operationId: get-a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '{target}'\n"
    );
    let path = dir.join("openapi.yaml");
    fs::write(&path, text).unwrap();
    path
}

fn generate(spec: &Path) -> Result<Output, String> {
    generator::generate(&Input {
        spec,
        config: None,
        name: Some("confined"),
    })
    .map_err(|e| e.to_string())
}

/// Refused: an error (extras, a provider.toml), or, for a `$ref`, what needs it is left out
/// and listed with the reason (issue 13: a local problem never fails the whole spec). Either
/// way nothing from outside reaches the crate.
fn assert_refused(result: Result<Output, String>, why: &str) {
    match result {
        Ok(output) => {
            let leaked = output.files.iter().any(|(_, text)| text.contains(SECRET));
            assert!(!leaked, "the secret reached the crate");
            let reasons: Vec<&str> = output.skipped.iter().map(|s| s.reason.as_str()).collect();
            assert!(
                reasons.iter().any(|r| r.contains(why)),
                "{why}: {reasons:?}"
            );
            assert_eq!(output.stats.operations, 0, "what needs it is left out");
        }
        Err(e) => {
            assert!(e.contains(why), "{e}");
            assert!(!e.contains(SECRET), "{e}");
        }
    }
}

#[test]
fn a_ref_that_climbs_out_of_the_folder_is_refused() {
    let (_, spec) = layout("climb");
    let path = spec_referring_to(&spec, "../outside/secret.json#/Secret");
    let output = generate(&path).expect("the operation is left out, not the spec");
    let reason = &output.skipped[0].reason;
    assert!(
        reason.contains("the folder the spec may read from") && !reason.contains(SECRET),
        "{reason}"
    );
    assert!(
        reason.starts_with("openapi.yaml#/paths/~1a/get/responses/200"),
        "located: {reason}"
    );
    assert_refused(Ok(output), "the folder the spec may read from");
    let path = spec_referring_to(&spec, "../../../../../../../../etc/passwd");
    assert_refused(generate(&path), "the folder the spec may read from");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let (outside, spec) = layout("symlink");
    symlink(outside.join("secret.json"), spec.join("linked.json")).unwrap();
    let path = spec_referring_to(&spec, "linked.json#/Secret");
    assert_refused(generate(&path), "the folder the spec may read from");
    symlink(&outside, spec.join("shared")).unwrap();
    let path = spec_referring_to(&spec, "shared/secret.json#/Secret");
    assert_refused(generate(&path), "the folder the spec may read from");
    symlink("/dev/zero", spec.join("zero.json")).unwrap();
    let path = spec_referring_to(&spec, "zero.json");
    assert_refused(generate(&path), "the folder the spec may read from");
    // A symlink that stays inside is fine.
    fs::create_dir_all(spec.join("real")).unwrap();
    fs::copy(outside.join("secret.json"), spec.join("real/inside.json")).unwrap();
    symlink(spec.join("real/inside.json"), spec.join("alias.json")).unwrap();
    let path = spec_referring_to(&spec, "alias.json#/Secret");
    assert!(generate(&path).is_ok());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_instead_of_hanging() {
    let (_, spec) = layout("fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(spec.join("pipe.json"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let path = spec_referring_to(&spec, "pipe.json");
    assert_refused(generate(&path), "not a regular file");
}

#[cfg(unix)]
#[test]
fn extras_are_read_only_from_inside_the_folder() {
    use std::os::unix::fs::symlink;
    let (outside, spec) = layout("extras");
    let path = spec_referring_to(&spec, "#/components/schemas/Ok");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("$ref: '#/components/schemas/Ok'", "type: object");
    fs::write(&path, text).unwrap();
    fs::write(outside.join("stolen.rs"), format!("//! {SECRET}\n")).unwrap();
    fs::create_dir_all(spec.join("extras")).unwrap();
    symlink(outside.join("stolen.rs"), spec.join("extras/stolen.rs")).unwrap();
    assert_refused(generate(&path), "the folder the spec may read from");
    fs::remove_file(spec.join("extras/stolen.rs")).unwrap();
    symlink(&outside, spec.join("extras/examples")).unwrap();
    assert_refused(generate(&path), "the folder the spec may read from");
    fs::remove_file(spec.join("extras/examples")).unwrap();
    fs::remove_dir(spec.join("extras")).unwrap();
    symlink(&outside, spec.join("extras")).unwrap();
    assert_refused(generate(&path), "the folder the spec may read from");
}

/// `generate` with a provider.toml beside the spec holding `toml`.
fn generate_with_config(spec: &Path, toml: &str) -> Result<Output, String> {
    let config = spec.with_file_name("provider.toml");
    fs::write(&config, format!("[crate]\nname = \"confined\"\n{toml}")).unwrap();
    generator::generate(&Input {
        spec,
        config: Some(&config),
        name: None,
    })
    .map_err(|e| e.to_string())
}

#[test]
fn load_root_widens_the_folder_a_spec_may_read_from() {
    let (_, spec) = layout("load-root");
    let path = spec_referring_to(&spec, "../outside/secret.json#/Secret");
    // Relative to provider.toml: the folder holding both `spec/` and `outside/`.
    let output = generate_with_config(&path, "[load]\nroot = \"..\"\n").expect("inside the root");
    assert!(output.files["src/types.rs"].contains(SECRET));
    // Still confined: the root's own parent is out of reach.
    let path = spec_referring_to(&spec, "../../../../../../../../etc/passwd");
    assert_refused(
        generate_with_config(&path, "[load]\nroot = \"..\"\n"),
        "the folder the spec may read from",
    );
}

#[test]
fn a_load_root_that_does_not_hold_the_spec_is_refused_by_its_key() {
    let (outside, spec) = layout("load-root-bad");
    let path = spec_referring_to(&spec, "#/components/schemas/Ok");
    let err = generate_with_config(&path, "[load]\nroot = \"../outside\"\n").unwrap_err();
    assert!(
        err.contains("[load.root]") && err.contains("does not hold the spec"),
        "{err}"
    );
    assert!(
        err.contains(&outside.canonicalize().unwrap().display().to_string()),
        "{err}"
    );
    let err = generate_with_config(&path, "[load]\nroot = \"../missing\"\n").unwrap_err();
    assert!(
        err.contains("[load.root]") && err.contains("cannot resolve"),
        "{err}"
    );
}
