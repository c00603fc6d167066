//! `cargo xtask e2e [--provider NAME]`: every operation of every generated crate, called
//! against Stoplight Prism serving that provider's spec.
//!
//! Prism (`@stoplight/prism-cli`, [`PRISM_VERSION`](crate::prism::PRISM_VERSION), the last release that runs on Node 20)
//! is installed with npm (`crate::prism`) into a cache folder outside the repository when it is missing. For
//! each provider, Prism is started on a free port of 127.0.0.1 with `--errors`, so it answers
//! a request that does not match the spec with an error (401 for missing credentials, 422 or
//! the spec's 400 for bad parameters and bodies) instead of a best-effort mock; then the
//! `e2e-calls` binary (`tests/e2e/`) calls every operation and prints one row per operation.
//! Prism is stopped by its process ID whatever happens ([`Prism`]'s `Drop`).

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::prism::{Prism, START_TIMEOUT, ensure_prism, free_port};
use crate::tree;
use crate::{Failure, unexpected};

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
    let mut server = Prism::start(prism, &provider.spec, port, log, &["--errors"])?;
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
}
