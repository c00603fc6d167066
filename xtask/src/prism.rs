//! Stoplight Prism, the spec-validating mock of `cargo xtask e2e` and `cargo xtask
//! conformance`: installed with npm into a cache folder outside the repository when missing,
//! started on a free port of 127.0.0.1, stopped by its process ID whatever happens
//! ([`Prism`]'s `Drop`).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Failure;

/// The Prism release used: 5.14.2 is the last one whose engines field allows Node 20.
pub const PRISM_VERSION: &str = "5.14.2";

/// How long Prism may take to load a spec and listen.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A port that was free a moment ago (bound to port 0, read, released).
pub fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Where Prism is installed: `$XDG_CACHE_HOME/openapi-clientgen/prism-<version>`, else
/// `$HOME/.cache/openapi-clientgen/prism-<version>`.
fn cache_dir() -> Result<PathBuf, String> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = match (non_empty("XDG_CACHE_HOME"), non_empty("HOME")) {
        (Some(cache), _) => PathBuf::from(cache),
        (None, Some(home)) => PathBuf::from(home).join(".cache"),
        (None, None) => return Err("neither XDG_CACHE_HOME nor HOME is set".to_string()),
    };
    Ok(base
        .join("openapi-clientgen")
        .join(format!("prism-{PRISM_VERSION}")))
}

/// The `prism` executable, installed first if missing (or reinstalled if the cached copy does
/// not run, e.g. after an interrupted install).
pub fn ensure_prism() -> Result<PathBuf, Failure> {
    let dir = cache_dir().map_err(Failure::one)?;
    let bin = dir.join("node_modules").join(".bin").join("prism");
    if bin.is_file() {
        match prism_version(&bin) {
            Ok(()) => return Ok(bin),
            Err(problem) => {
                say!("the cached Prism does not run ({problem}); reinstalling");
                std::fs::remove_dir_all(&dir)
                    .map_err(|e| Failure::one(format!("{}: {e}", dir.display())))?;
            }
        }
    }
    say!("installing Prism {PRISM_VERSION} into {}", dir.display());
    let started = Instant::now();
    std::fs::create_dir_all(&dir).map_err(|e| Failure::one(format!("{}: {e}", dir.display())))?;
    let output = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&dir)
        .args(["--no-audit", "--no-fund"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Failure::one(format!(
                "cannot run npm ({e}): `cargo xtask e2e` needs Node.js 20 and npm"
            ))
        })?;
    if !output.status.success() || !bin.is_file() {
        return Err(Failure::one(format!(
            "npm install @stoplight/prism-cli@{PRISM_VERSION} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    prism_version(&bin).map_err(|problem| {
        Failure::one(format!(
            "Prism was installed into {} but does not run: {problem}",
            dir.display()
        ))
    })?;
    say!(
        "installed Prism in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(bin)
}

/// Checks that `prism --version` runs and prints [`PRISM_VERSION`].
fn prism_version(bin: &Path) -> Result<(), String> {
    let output = Command::new(bin)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if output.status.success() && version == PRISM_VERSION {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(format!(
            "`prism --version` printed `{version}` and {}, expected {PRISM_VERSION}{}{}",
            output.status,
            if stderr.trim().is_empty() { "" } else { ": " },
            stderr.trim()
        ))
    }
}

/// A running Prism; dropping it kills the process and reaps it, on every path out.
///
/// Prism runs as one node process (no `--multiprocess`), started directly (the `.bin/prism`
/// script execs node), so its process ID is the server's and killing it leaves nothing behind.
/// It stays in our process group, so a Ctrl-C in the terminal stops it too.
pub struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
    /// The command, to start it again after a crash.
    command: Vec<std::ffi::OsString>,
}

impl Prism {
    /// Starts `prism mock` on `spec` at 127.0.0.1:`port` with `mode` (`--errors`, or
    /// `--dynamic` and its seed), its output going to `log`.
    pub fn start(
        bin: &Path,
        spec: &Path,
        port: u16,
        log: &Path,
        mode: &[&str],
    ) -> Result<Prism, String> {
        let mut command: Vec<std::ffi::OsString> = vec![bin.into(), "mock".into()];
        command.extend(["-h", "127.0.0.1", "-p"].map(Into::into));
        command.push(port.to_string().into());
        command.extend(mode.iter().map(Into::into));
        command.push(spec.into());
        let file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = spawn(&command, file, log)?;
        Ok(Prism {
            child,
            port,
            log: log.to_path_buf(),
            command,
        })
    }

    /// If Prism has exited (it crashes on some requests: an unparsable `Content-Type`),
    /// starts it again on the same port, its output appended to the log, and returns why it
    /// stopped (the last error line of its output); `None` while it runs.
    pub fn revive(&mut self) -> Result<Option<String>, String> {
        if let Ok(None) = self.child.try_wait() {
            return Ok(None);
        }
        let reason = self
            .log_tail()
            .lines()
            .rev()
            .find(|l| l.contains("Error"))
            .map_or_else(|| "Prism exited".to_string(), |l| l.trim().to_string());
        let file = File::options()
            .append(true)
            .open(&self.log)
            .map_err(|e| format!("{}: {e}", self.log.display()))?;
        self.child = spawn(&self.command, file, &self.log)?;
        self.wait_until_listening(START_TIMEOUT)?;
        Ok(Some(reason))
    }

    /// Polls the port until Prism accepts connections; fails with Prism's output if it exits
    /// first or takes longer than `timeout`.
    pub fn wait_until_listening(&mut self, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before listening on port {}:\n{}",
                    self.port,
                    self.log_tail()
                ));
            }
            if started.elapsed() > timeout {
                return Err(format!(
                    "Prism did not listen on port {} within {} s:\n{}",
                    self.port,
                    timeout.as_secs(),
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The end of Prism's output, to show why it failed.
    pub fn log_tail(&self) -> String {
        const MAX: u64 = 4000;
        let mut tail = Vec::new();
        if let Ok(mut file) = File::open(&self.log) {
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            let _ = file.seek(SeekFrom::Start(len.saturating_sub(MAX)));
            let _ = file.read_to_end(&mut tail);
        }
        format!(
            "{}\n(full output: {})",
            String::from_utf8_lossy(&tail).trim_end(),
            self.log.display()
        )
    }
}

/// Runs `command` with its output going to `file`.
fn spawn(command: &[std::ffi::OsString], file: File, log: &Path) -> Result<Child, String> {
    let err_file = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "no Prism command".to_string())?;
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", Path::new(program).display()))
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_free_port() {
        let port = free_port().unwrap();
        assert_ne!(port, 0);
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }
}
