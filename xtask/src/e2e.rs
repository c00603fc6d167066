//! `cargo xtask e2e [--provider NAME]`: every operation of every generated crate, called
//! against Stoplight Prism serving that provider's spec.
//!
//! Prism (`@stoplight/prism-cli`, [`PRISM_VERSION`], the last release that runs on Node 20)
//! is installed with npm into a cache folder outside the repository when it is missing. For
//! each provider, Prism is started on a free port of 127.0.0.1 with `--errors`, so it answers
//! a request that does not match the spec with an error (401 for missing credentials, 422 or
//! the spec's 400 for bad parameters and bodies) instead of a best-effort mock; then the
//! `e2e-calls` binary (`tests/e2e/`) calls every operation and prints one row per operation.
//! Prism is stopped by its process ID whatever happens ([`Prism`]'s `Drop`).

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::tree;
use crate::{Failure, unexpected};

/// The Prism release used: 5.14.2 is the last one whose engines field allows Node 20.
pub const PRISM_VERSION: &str = "5.14.2";

/// How long Prism may take to load a spec and listen.
const START_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    /// Only this provider (a folder of `specs/`).
    pub provider: Option<String>,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut parsed = Args::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--provider") if parsed.provider.is_none() => {
                    let value = args
                        .next()
                        .and_then(|v| v.to_str())
                        .filter(|v| !v.is_empty() && !v.starts_with("--"))
                        .ok_or_else(|| Failure::Usage("`--provider` needs a name".into()))?;
                    parsed.provider = Some(value.to_string());
                }
                _ => return Err(unexpected(arg)),
            }
        }
        Ok(parsed)
    }
}

/// One provider's result.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    passed: usize,
    failed: usize,
}

/// Runs the command in the workspace at `root` (made the current folder, so that paths in
/// messages are short and relative).
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    let started = Instant::now();
    std::env::set_current_dir(root)
        .map_err(|e| Failure::one(format!("{}: {e}", root.display())))?;
    let (providers, warnings) =
        tree::discover(Path::new("specs")).map_err(|e| Failure::one(e.to_string()))?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let providers: Vec<tree::Provider> = match &args.provider {
        None => providers,
        Some(name) => {
            let known: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
            let chosen: Vec<tree::Provider> = providers
                .iter()
                .filter(|p| &p.name == name)
                .cloned()
                .collect();
            if chosen.is_empty() {
                return Err(Failure::Usage(format!(
                    "unknown provider `{name}` (specs/ has: {})",
                    known.join(", ")
                )));
            }
            chosen
        }
    };

    let prism = ensure_prism()?;
    let calls = build_calls()?;
    let logs = Path::new("target").join("e2e");
    std::fs::create_dir_all(&logs).map_err(|e| Failure::one(format!("{}: {e}", logs.display())))?;
    let mut errors = Vec::new();
    let mut results = Vec::new();
    for provider in &providers {
        let provider_started = Instant::now();
        let log = logs.join(format!("prism-{}.log", provider.name));
        match run_provider(&calls, &prism, provider, &log) {
            Ok(tally) => {
                say!(
                    "{}: {} passed, {} failed ({:.1} s; Prism's log: {})",
                    provider.name,
                    tally.passed,
                    tally.failed,
                    provider_started.elapsed().as_secs_f64(),
                    log.display()
                );
                if tally.failed > 0 {
                    errors.push(format!(
                        "{}: {} of {} calls failed",
                        provider.name,
                        tally.failed,
                        tally.passed + tally.failed
                    ));
                }
                results.push((provider.name.clone(), tally));
            }
            Err(message) => {
                // Its operations count as failed, so that the total does not look clean.
                let operations = count_operations(&provider.name);
                say!(
                    "{}: not run, its {operations} operations count as failed (see the error below)",
                    provider.name
                );
                errors.push(format!("{}: {message}", provider.name));
                results.push((
                    provider.name.clone(),
                    Tally {
                        passed: 0,
                        failed: operations,
                    },
                ));
            }
        }
    }

    let total = results.iter().fold(Tally::default(), |sum, (_, t)| Tally {
        passed: sum.passed + t.passed,
        failed: sum.failed + t.failed,
    });
    say!(
        "\n{} providers, {:.1} s in all",
        providers.len(),
        started.elapsed().as_secs_f64()
    );
    say!("e2e: {} passed, {} failed", total.passed, total.failed);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(errors))
    }
}

/// Starts Prism for one provider, runs its calls, stops Prism.
fn run_provider(
    calls: &Path,
    prism: &Path,
    provider: &tree::Provider,
    log: &Path,
) -> Result<Tally, String> {
    let port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    let mut server = Prism::start(prism, &provider.spec, port, log)?;
    server.wait_until_listening(START_TIMEOUT)?;

    let mut child = Command::new(calls)
        .args(["--provider", &provider.name])
        .args(["--base-url", &format!("http://127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run e2e-calls: {e}"))?;
    let mut summary = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            match parse_summary(&line) {
                Some(tally) => summary = Some(tally),
                None => say!("{line}"),
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for e2e-calls: {e}"))?;
    drop(server);
    match summary {
        Some(tally) if status.success() || tally.failed > 0 => Ok(tally),
        Some(_) => Err(format!(
            "e2e-calls reported no failure but exited with {status}"
        )),
        None => Err(format!("e2e-calls exited with {status} before its summary")),
    }
}

/// Builds the `e2e-calls` binary once (so that every provider runs the same build, and no
/// provider waits for cargo) and returns its path, which cargo reports in its JSON messages.
fn build_calls() -> Result<PathBuf, Failure> {
    say!("building e2e-calls");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--package", "e2e-calls"])
        .arg("--message-format=json-render-diagnostics")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure::one(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(Failure::one("building e2e-calls failed"));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains("\"name\":\"e2e-calls\""))
        .find_map(executable)
        .ok_or_else(|| Failure::one("cargo did not report the e2e-calls executable"))
}

/// The `"executable":"…"` of one of cargo's JSON messages.
fn executable(message: &str) -> Option<PathBuf> {
    let (_, rest) = message.split_once("\"executable\":\"")?;
    let mut path = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(PathBuf::from(path)),
            '\\' => path.push(chars.next()?),
            c => path.push(c),
        }
    }
    None
}

/// The number of operations of a generated crate (its `fn send`s), at least 1.
fn count_operations(provider: &str) -> usize {
    let path = Path::new("generated")
        .join(provider)
        .join("src")
        .join("operations.rs");
    std::fs::read_to_string(path)
        .map(|text| text.matches("pub fn send(self)").count())
        .unwrap_or(0)
        .max(1)
}

/// `68 passed, 0 failed`.
fn parse_summary(line: &str) -> Option<Tally> {
    let (passed, failed) = line.trim().split_once(" passed, ")?;
    let failed = failed.strip_suffix(" failed")?;
    Some(Tally {
        passed: passed.parse().ok()?,
        failed: failed.parse().ok()?,
    })
}

/// A port that was free a moment ago (bound to port 0, read, released).
fn free_port() -> std::io::Result<u16> {
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
fn ensure_prism() -> Result<PathBuf, Failure> {
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
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    fn start(bin: &Path, spec: &Path, port: u16, log: &Path) -> Result<Prism, String> {
        let file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err_file = file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(bin)
            .arg("mock")
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--errors"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Prism {
            child,
            port,
            log: log.to_path_buf(),
        })
    }

    /// Polls the port until Prism accepts connections; fails with Prism's output if it exits
    /// first or takes longer than `timeout`.
    fn wait_until_listening(&mut self, timeout: Duration) -> Result<(), String> {
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
    fn log_tail(&self) -> String {
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

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_provider() {
        assert_eq!(Args::parse(&args(&[])).unwrap(), Args::default());
        assert_eq!(
            Args::parse(&args(&["--provider", "fastpix"]))
                .unwrap()
                .provider
                .as_deref(),
            Some("fastpix")
        );
        for bad in [
            &["--provider"][..],
            &["--provider", "--check"][..],
            &["--provider", "a", "--provider", "b"][..],
            &["fastpix"][..],
        ] {
            assert!(
                matches!(Args::parse(&args(bad)), Err(Failure::Usage(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_summary_lines() {
        assert_eq!(
            parse_summary("68 passed, 0 failed"),
            Some(Tally {
                passed: 68,
                failed: 0
            })
        );
        assert_eq!(
            parse_summary("3 passed, 2 failed\n"),
            Some(Tally {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(
            parse_summary("fastpix  list-media  GET /on-demand  OK"),
            None
        );
        assert_eq!(parse_summary("x passed, 0 failed"), None);
    }

    #[test]
    fn reads_the_executable_from_cargo_messages() {
        let message = r#"{"reason":"compiler-artifact","target":{"name":"e2e-calls"},"executable":"/w/target/debug/e2e-calls","fresh":true}"#;
        assert_eq!(
            executable(message),
            Some(PathBuf::from("/w/target/debug/e2e-calls"))
        );
        assert_eq!(
            executable(r#"{"executable":"C:\\t\\e2e-calls.exe"}"#),
            Some(PathBuf::from(r"C:\t\e2e-calls.exe"))
        );
        assert_eq!(executable(r#"{"executable":null}"#), None);
    }

    #[test]
    fn finds_a_free_port() {
        let port = free_port().unwrap();
        assert_ne!(port, 0);
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }
}
