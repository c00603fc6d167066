//! One spec's run: Prism on the spec, the caller against it, its lines read; whatever goes
//! wrong (no crate, no build, a mock that does not start, a caller that hangs or crashes)
//! becomes the spec's row instead of stopping the run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Spec;
use super::build::Prepared;
use super::outcome::{Call, Class};
use super::report::SpecResult;
use crate::prism::{self, Prism};

/// Prism's mode: responses generated from the schemas, seeded so that a run repeats; no
/// `--errors`, so that Prism answers every request and says what it found in `sl-violations`.
const MODE: &[&str] = &["--dynamic", "--seed", "1"];

/// Time for the caller to start and finish, on top of [`PER_CALL`] for each call (its own
/// limit for one call is 30 s; this is the backstop when the caller itself hangs).
const BASE_LIMIT: Duration = Duration::from_secs(60);
const PER_CALL: Duration = Duration::from_secs(35);

pub fn one(
    bin: &Path,
    scratch: &Path,
    spec: &Spec,
    prepared: Prepared,
    executable: Option<&Result<PathBuf, String>>,
) -> SpecResult {
    let mut result = SpecResult::new(spec);
    let (operations, skipped, unsatisfiable) = match prepared {
        Prepared::NotGenerated(message) => {
            result.problem = Some((Class::Spec, format!("not generated: {message}")));
            return result;
        }
        Prepared::Written {
            operations,
            skipped,
            unsatisfiable,
        } => (operations, skipped, unsatisfiable),
    };
    result.operations = operations;
    result.skipped = skipped;
    let exe = match executable {
        Some(Ok(exe)) => exe,
        Some(Err(error)) => {
            result.problem = Some((Class::Ours, format!("the caller did not build: {error}")));
            return result;
        }
        None => {
            result.problem = Some((Class::Ours, "the caller was not built".to_string()));
            return result;
        }
    };
    let log = scratch.join(&spec.name).join("prism.log");
    match call_all(bin, exe, spec, &log, operations) {
        Ok(mut calls) => {
            for call in &mut calls {
                call.unsatisfiable = unsatisfiable
                    .get(&call.operation)
                    .cloned()
                    .unwrap_or_default();
            }
            if calls.len() != operations {
                result.problem = Some((
                    Class::Ours,
                    format!(
                        "the caller made {} of {operations} calls (see {})",
                        calls.len(),
                        log.display()
                    ),
                ));
            }
            result.calls = calls;
        }
        Err((class, message)) => result.problem = Some((class, message)),
    }
    result
}

/// Starts Prism, runs the caller, stops Prism.
fn call_all(
    bin: &Path,
    exe: &Path,
    spec: &Spec,
    log: &Path,
    operations: usize,
) -> Result<Vec<Call>, (Class, String)> {
    let port = prism::free_port().map_err(|e| (Class::Mock, format!("no free port: {e}")))?;
    let mut server =
        Prism::start(bin, &spec.path, port, log, MODE).map_err(|e| (Class::Mock, e))?;
    server
        .wait_until_listening(prism::START_TIMEOUT)
        .map_err(|e| (Class::Mock, format!("Prism cannot serve the spec: {e}")))?;
    let limit = BASE_LIMIT + PER_CALL * u32::try_from(operations).unwrap_or(u32::MAX / 64);
    // Prism crashes on some requests; it is started again at once, and the calls it failed
    // meanwhile are the mock's (with the crash as evidence).
    let mut crashes: Vec<String> = Vec::new();
    let mut watch = || match server.revive() {
        Ok(Some(reason)) => crashes.push(reason),
        Ok(None) => {}
        Err(e) => crashes.push(format!("Prism crashed and did not start again: {e}")),
    };
    let lines = run_caller(exe, port, limit, &mut watch).map_err(|e| (Class::Ours, e))?;
    drop(server);
    let mut calls: Vec<Call> = lines.iter().filter_map(|l| Call::parse(l)).collect();
    if let Some(reason) = crashes.first() {
        let evidence = format!(
            "Prism crashed during the run ({} times): {reason}",
            crashes.len()
        );
        for call in calls.iter_mut().filter(|c| c.outcome == "transport") {
            call.mock_crash = Some(evidence.clone());
        }
    }
    Ok(calls)
}

/// The caller's output lines (`watch` runs while it waits); an error when it cannot start, exits with a failure before its
/// last line, or runs past `limit` (then it is killed).
fn run_caller(
    exe: &Path,
    port: u16,
    limit: Duration,
    watch: &mut dyn FnMut(),
) -> Result<Vec<String>, String> {
    let mut child = Command::new(exe)
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let (sender, receiver) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let stderr = child.stderr.take().map(|stderr| {
        std::thread::spawn(move || {
            let lines: Vec<String> = BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .collect();
            lines.join("\n")
        })
    });
    let started = Instant::now();
    let mut lines = Vec::new();
    let status = loop {
        while let Ok(line) = receiver.try_recv() {
            lines.push(line);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the caller ran past {} s and was stopped after {} lines",
                    limit.as_secs(),
                    lines.len()
                ));
            }
            Ok(None) => {
                watch();
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(format!("waiting for the caller: {e}")),
        }
    };
    // The reader thread ends with the pipe; take what is left.
    lines.extend(receiver.iter());
    let done = lines.iter().any(|l| l.starts_with("{\"done\":"));
    if status.success() && done {
        return Ok(lines);
    }
    let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    let client = lines
        .iter()
        .find(|l| l.starts_with("{\"client\":"))
        .cloned()
        .unwrap_or_default();
    Err(format!(
        "the caller exited with {status} after {} lines: {client}{}",
        lines.len(),
        tail(&stderr)
    ))
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}
