//! The previous generator, for `cargo xtask semver-check`'s pair across generator versions:
//! the commit named in `xtask/previous-generator`, its sources taken with `git archive` (no
//! worktree, nothing added to the repository's metadata) and its `generator` binary built in
//! a target directory of its own (a binary built from one checkout must never stand in for
//! another's). Both are kept under `target/semver-check/` and reused while the commit is the
//! same.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Failure;

/// The file naming the previous generator's commit.
pub const PIN: &str = "xtask/previous-generator";

/// A built previous generator: its sources (for its own copy of the specs and extras) and
/// its binary.
pub struct Previous {
    pub commit: String,
    pub sources: PathBuf,
    pub binary: PathBuf,
}

/// Reads the pin, unpacks that commit and builds its generator (once per commit).
pub fn build(root: &Path, work: &Path) -> Result<Previous, Failure> {
    let commit = pinned(root)?;
    let base = work.join("previous-generator");
    let sources = base.join("src");
    let marker = base.join("commit");
    if fs::read_to_string(&marker).ok().as_deref() != Some(commit.as_str()) {
        let _ = fs::remove_dir_all(&sources);
        fs::create_dir_all(&sources).map_err(|e| Failure::io(&sources, e))?;
        unpack(root, &commit, &sources)?;
        fs::write(&marker, &commit).map_err(|e| Failure::io(&marker, e))?;
    }
    let target = base.join("target");
    say!("building the generator of {commit} (the previous generator, {PIN})");
    let status = Command::new(crate::cargo())
        .args([
            "build",
            "--quiet",
            "--locked",
            "-p",
            "openapi-clientgen",
            "--bin",
            "generator",
        ])
        .current_dir(&sources)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| Failure::one(format!("cargo build in {}: {e}", sources.display())))?;
    if !status.success() {
        return Err(Failure::one(format!(
            "the previous generator ({commit}) does not build ({status}); see above"
        )));
    }
    Ok(Previous {
        commit,
        sources,
        binary: target.join("debug").join("generator"),
    })
}

impl Previous {
    /// Generates a crate with the previous generator.
    pub fn generate(
        &self,
        spec: &Path,
        config: Option<&Path>,
        name: &str,
        out: &Path,
    ) -> Result<(), Failure> {
        let mut command = Command::new(&self.binary);
        command.arg("generate").arg("--spec").arg(spec);
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        let output = command
            .args(["--name", name, "--out"])
            .arg(out)
            .stdout(Stdio::null())
            .output()
            .map_err(|e| Failure::one(format!("{}: {e}", self.binary.display())))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(Failure::one(format!(
                "the previous generator ({}) failed on {}: {}",
                self.commit,
                spec.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            )))
        }
    }
}

/// The commit in the pin file: its first word that is not a comment.
fn pinned(root: &Path) -> Result<String, Failure> {
    let path = root.join(PIN);
    let text = fs::read_to_string(&path).map_err(|e| Failure::io(&path, e))?;
    let commit = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_whitespace().next())
        .filter(|c| c.len() == 40 && c.chars().all(|ch| ch.is_ascii_hexdigit()))
        .ok_or_else(|| {
            Failure::one(format!(
                "{}: no commit (40 hex digits) on its first line that is not a comment",
                path.display()
            ))
        })?;
    Ok(commit.to_string())
}

/// `git archive COMMIT | tar -x -C DIR`, through a file so that each step's failure is its own.
fn unpack(root: &Path, commit: &str, dir: &Path) -> Result<(), Failure> {
    let tar = dir.join("sources.tar");
    let archived = Command::new("git")
        .args(["archive", "--format=tar", "-o"])
        .arg(&tar)
        .arg(commit)
        .current_dir(root)
        .output()
        .map_err(|e| Failure::one(format!("git archive: {e}")))?;
    if !archived.status.success() {
        return Err(Failure::one(format!(
            "git archive {commit} failed ({}): the pair across generator versions needs the checkout's history (a shallow clone: `git fetch --unshallow`)",
            String::from_utf8_lossy(&archived.stderr).trim()
        )));
    }
    let unpacked = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .current_dir(dir)
        .status()
        .map_err(|e| Failure::one(format!("tar: {e}")))?;
    let _ = fs::remove_file(&tar);
    if unpacked.success() {
        Ok(())
    } else {
        Err(Failure::one(format!("tar -xf {} failed", tar.display())))
    }
}
