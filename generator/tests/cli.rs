//! The `generator` binary on bad input: exit code 1, the located message on stderr, and an
//! output folder that is byte-for-byte what it was before (it was filled by a successful
//! generate of a good fixture first). Inputs are the workspace's `tests/fixtures/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate is inside the workspace")
        .join("tests/fixtures")
}

fn generator(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("run the generator binary")
}

/// Runs `generator generate --spec SPEC --out OUT --name NAME [--config CONFIG]`.
fn generate(spec: &Path, config: Option<&Path>, out: &Path, name: &str) -> Output {
    let mut args = vec![
        "generate".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--name".as_ref(),
        name.as_ref(),
    ];
    if let Some(config) = config {
        args.push("--config".as_ref());
        args.push(config.as_os_str());
    }
    generator(&args)
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A fresh output folder under the target directory, filled by generating a good fixture.
fn prefilled_out(test: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("generator-cli")
        .join(test);
    if out.exists() {
        fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
    let good = fixtures().join("auth_basic");
    let result = generate(
        &good.join("openapi.yaml"),
        Some(&good.join("provider.toml")),
        &out,
        "prefilled",
    );
    assert!(
        result.status.success(),
        "generating the good fixture failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(out.join("Cargo.toml").is_file() && out.join("src/lib.rs").is_file());
    out
}

/// Runs the generator on `tests/fixtures/bad_input/<case>/` into a pre-filled folder and
/// checks the process behaviour; returns stderr.
fn run_bad(case: &str, with_config: bool) -> String {
    let out = prefilled_out(case);
    let before = snapshot(&out);
    let dir = fixtures().join("bad_input").join(case);
    let config = dir.join("provider.toml");
    let result = generate(
        &dir.join("openapi.yaml"),
        with_config.then_some(config.as_path()),
        &out,
        "prefilled",
    );
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(
        result.status.code(),
        Some(1),
        "`{case}`: expected exit code 1; stderr:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: "),
        "`{case}`: stderr should start with `error: `:\n{stderr}"
    );
    assert!(
        snapshot(&out) == before,
        "`{case}`: the output folder changed although generation failed"
    );
    fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    stderr
}

fn spec_of(case: &str) -> String {
    fixtures()
        .join("bad_input")
        .join(case)
        .join("openapi.yaml")
        .display()
        .to_string()
}

#[test]
fn invalid_yaml() {
    let stderr = run_bad("invalid_yaml", true);
    assert!(
        stderr.contains(&format!("{}:10:18: invalid YAML", spec_of("invalid_yaml"))),
        "{stderr}"
    );
}

#[test]
fn openapi_4_0() {
    let stderr = run_bad("openapi_4_0", true);
    assert!(
        stderr.contains(&format!("{}#/openapi: ", spec_of("openapi_4_0"))),
        "{stderr}"
    );
    assert!(stderr.contains("4.0.0"), "{stderr}");
}

#[test]
fn swagger_1_2() {
    let stderr = run_bad("swagger_1_2", true);
    assert!(
        stderr.contains(&format!("{}#/swaggerVersion: ", spec_of("swagger_1_2"))),
        "{stderr}"
    );
    assert!(stderr.contains("Swagger 1.2"), "{stderr}");
}

#[test]
fn dangling_ref() {
    let stderr = run_bad("dangling_ref", true);
    let at = "#/paths/~1items/get/responses/200/content/application~1json/schema/$ref: ";
    assert!(
        stderr.contains(&format!("{}{at}", spec_of("dangling_ref"))),
        "{stderr}"
    );
}

#[test]
fn ref_cycle() {
    let stderr = run_bad("ref_cycle", true);
    assert!(
        stderr.contains(&format!("{}#/components/schemas/", spec_of("ref_cycle"))),
        "{stderr}"
    );
    assert!(stderr.contains("cycle"), "{stderr}");
}

#[test]
fn duplicate_operation_id() {
    let stderr = run_bad("duplicate_operation_id", true);
    let at = "#/paths/~1things/get/operationId: ";
    assert!(
        stderr.contains(&format!("{}{at}", spec_of("duplicate_operation_id"))),
        "{stderr}"
    );
    assert!(stderr.contains("/paths/~1items/get"), "{stderr}");
}

#[test]
fn unknown_auth_template() {
    let stderr = run_bad("unknown_auth_template", true);
    let config = fixtures().join("bad_input/unknown_auth_template/provider.toml");
    assert!(
        stderr.contains(&format!("{}:5:12: ", config.display())),
        "{stderr}"
    );
    for template in ["digest", "basic", "bearer", "header", "query", "in_request"] {
        assert!(stderr.contains(template), "{stderr}");
    }
}

#[test]
fn missing_spec_file() {
    let out = prefilled_out("missing_spec_file");
    let before = snapshot(&out);
    let missing = fixtures().join("bad_input/does-not-exist.yaml");
    let result = generate(&missing, None, &out, "prefilled");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: cannot read", missing.display())),
        "{stderr}"
    );
    assert!(snapshot(&out) == before);
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn usage_error_exits_with_2() {
    let result = generator(&["generate".as_ref(), "--spec".as_ref()]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("usage:"));
}

/// A successful run over an up-to-date folder changes nothing and says so.
#[test]
fn regenerating_a_good_fixture_is_a_no_op() {
    let out = prefilled_out("no_op");
    let before = snapshot(&out);
    let good = fixtures().join("auth_basic");
    let result = generate(
        &good.join("openapi.yaml"),
        Some(&good.join("provider.toml")),
        &out,
        "prefilled",
    );
    assert!(result.status.success());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("0 created, 0 updated, 0 removed"),
        "{stdout}"
    );
    assert!(snapshot(&out) == before);
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn regenerating_keeps_files_the_generator_did_not_write() {
    let out = prefilled_out("keeps_user_files");
    let mine = [
        (".git/config", "[core]\n"),
        ("tests/it.rs", "#[test]\nfn mine() {}\n"),
        ("NOTES.md", "my notes\n"),
        ("src/mine.rs", "pub fn mine() {}\n"),
    ];
    for (path, text) in mine {
        fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        fs::write(out.join(path), text).unwrap();
    }
    // A file the generator wrote once and no longer does: stale, removed.
    let stale = "// generated by `cargo xtask regenerate`, do not edit\n\npub fn old() {}\n";
    fs::write(out.join("src/old.rs"), stale).unwrap();
    let good = fixtures().join("auth_basic");
    let result = generate(
        &good.join("openapi.yaml"),
        Some(&good.join("provider.toml")),
        &out,
        "prefilled",
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for (path, text) in mine {
        assert_eq!(
            fs::read_to_string(out.join(path)).unwrap(),
            text,
            "{path} kept"
        );
        assert!(stdout.contains(path), "{path} is reported:\n{stdout}");
    }
    assert!(
        !out.join("src/old.rs").exists(),
        "the stale generated file is removed"
    );
    assert!(
        stdout.contains("1 removed") && stdout.contains("kept 4 file(s)"),
        "{stdout}"
    );
}

#[test]
fn crate_names_callers_cannot_use_are_refused() {
    let good = fixtures().join("auth_basic");
    let long = "a".repeat(65);
    for name in [
        "crate",
        "std",
        "core",
        "alloc",
        "serde",
        "test",
        "proc_macro",
        "self",
        &long,
    ] {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generator-cli/names");
        let _ = fs::remove_dir_all(&out);
        let result = generate(&good.join("openapi.yaml"), None, &out, name);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "`{name}`: {stderr}");
        assert!(
            stderr.contains("error: --name: "),
            "names the flag: {stderr}"
        );
        assert!(!out.exists(), "nothing written for `{name}`");
    }
}
