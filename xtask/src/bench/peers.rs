//! The other generators, pinned, installed into a cache folder outside the repository when
//! missing: progenitor's CLI with `cargo install`, openapi-generator with pip into a venv
//! (the PyPI package bundles the jar; it needs Java).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::measure::Cmd;

pub const PROGENITOR_VERSION: &str = "0.15.1";
pub const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

/// A generator under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Ours,
    Progenitor,
    OpenApiGenerator,
}

impl Tool {
    pub fn label(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::OpenApiGenerator => "openapi-generator",
        }
    }
}

/// An installed peer: the program to run.
#[derive(Debug, Clone)]
pub struct Peer {
    pub tool: Tool,
    pub program: PathBuf,
    pub version: String,
}

impl Peer {
    /// The command generating crate `name` from `spec` into `out` (which must not exist).
    pub fn command(&self, spec: &Path, out: &Path, name: &str) -> Cmd {
        match self.tool {
            Tool::Progenitor => Cmd::new(&self.program)
                .arg("progenitor")
                .arg("-i")
                .arg(spec)
                .arg("-o")
                .arg(out)
                .args(["-n", name, "-v", "0.1.0"]),
            Tool::OpenApiGenerator | Tool::Ours => Cmd::new(&self.program)
                .args(["generate", "-g", "rust", "-i"])
                .arg(spec)
                .arg("-o")
                .arg(out)
                .args(["--package-name", name]),
        }
    }
}

/// `cargo-progenitor` in `<cache>/peers/progenitor/bin`, installed if missing.
pub fn progenitor(cache: &Path) -> Result<Peer, String> {
    let root = cache.join("peers").join("progenitor");
    let program = root.join("bin").join("cargo-progenitor");
    let pinned = format!("\"cargo-progenitor {PROGENITOR_VERSION} ");
    let installed = || {
        program.is_file()
            && fs::read_to_string(root.join(".crates.toml")).is_ok_and(|t| t.contains(&pinned))
    };
    if !installed() {
        say!(
            "installing cargo-progenitor {PROGENITOR_VERSION} into {} (compiles for a few minutes)",
            root.display()
        );
        let started = Instant::now();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let cmd = Cmd::new(cargo)
            .args(["install", "cargo-progenitor", "--locked", "--version"])
            .arg(PROGENITOR_VERSION)
            .arg("--root")
            .arg(&root)
            .clean_cargo_env();
        install(&cmd)?;
        say!(
            "installed cargo-progenitor in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        if !installed() {
            return Err(format!(
                "{} is missing after `cargo install`",
                program.display()
            ));
        }
    }
    Ok(Peer {
        tool: Tool::Progenitor,
        program,
        version: format!(
            "cargo-progenitor {PROGENITOR_VERSION} (crates.io, `cargo install --locked`)"
        ),
    })
}

/// `openapi-generator-cli` in the venv `<cache>/peers/openapi-generator`, installed if missing.
pub fn openapi_generator(cache: &Path) -> Result<Peer, String> {
    let venv = cache.join("peers").join("openapi-generator");
    let program = venv.join("bin").join("openapi-generator-cli");
    let version = |program: &Path| {
        Command::new(program)
            .arg("version")
            .stdin(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if version(&program).as_deref() != Some(OPENAPI_GENERATOR_VERSION) {
        say!(
            "installing openapi-generator-cli {OPENAPI_GENERATOR_VERSION} (PyPI) into {}",
            venv.display()
        );
        if !venv.join("bin").join("pip").is_file() {
            install(&Cmd::new("python3").args(["-m", "venv"]).arg(&venv))?;
        }
        install(
            &Cmd::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!(
                    "openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"
                )),
        )?;
        match version(&program) {
            Some(v) if v == OPENAPI_GENERATOR_VERSION => {}
            Some(v) => return Err(format!("{} reports version {v}", program.display())),
            None => {
                return Err(format!(
                    "`{} version` does not run (openapi-generator needs Java 11 or later)",
                    program.display()
                ));
            }
        }
    }
    Ok(Peer {
        tool: Tool::OpenApiGenerator,
        program,
        version: format!(
            "openapi-generator {OPENAPI_GENERATOR_VERSION} (PyPI `openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}`, bundled jar), generator `rust`"
        ),
    })
}

/// Runs an installation step, failing with its output.
fn install(cmd: &Cmd) -> Result<(), String> {
    let mut command = Command::new(&cmd.program);
    command.args(&cmd.args).stdin(Stdio::null());
    for name in &cmd.env_remove {
        command.env_remove(name);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run `{}`: {e}", cmd.shown()))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!(
            "`{}` failed ({}):\n{}",
            cmd.shown(),
            output.status,
            tail.join("\n")
        ))
    }
}
