//! Shared helpers for the integration tests: where the workspace and its fixtures are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// This package's folder, as cargo says when it runs the tests (not the path it was built
/// in: cargo may reuse a test binary for another checkout sharing its target directory);
/// cargo also runs tests from it.
fn package() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    package()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    package().join("fixtures").join(name)
}

/// Runs `cargo <args>` in `dir` with `target_dir`, as a build of its own: the variables the
/// outer `cargo test` set for this crate do not leak into it. Logs how long it took.
pub fn run_cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> Output {
    let start = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_MANIFEST_PATH")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", env!("CARGO")));
    eprintln!(
        "cargo {} in {}: {:.1} s",
        args.join(" "),
        dir.display(),
        start.elapsed().as_secs_f64()
    );
    output
}
