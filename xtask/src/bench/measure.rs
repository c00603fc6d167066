//! Running a command and measuring its wall-clock time and peak memory.
//!
//! Peak memory is the maximum resident set size that `wait4` reports for the process and the
//! descendants it waited for (the largest single process, not a sum: for `cargo build`, the
//! biggest `rustc`). It is read through GNU time (`/usr/bin/time -f '%e %M' -o FILE`) when that
//! is installed; otherwise the process's own `VmHWM` is polled from `/proc/<pid>/status`
//! every 5 ms, which misses its children (said in the report). Wall-clock time is always
//! measured here, from spawn to exit.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A command to run, kept as data so that the report can show it exactly.
#[derive(Debug, Clone, Default)]
pub struct Cmd {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub dir: Option<PathBuf>,
    pub env: Vec<(OsString, OsString)>,
    pub env_remove: Vec<OsString>,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        Cmd {
            program: program.as_ref().to_owned(),
            ..Cmd::default()
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Cmd {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Cmd {
        self.dir = Some(dir.into());
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Variables the outer `cargo run` of xtask sets that must not leak into another build.
    pub fn clean_cargo_env(mut self) -> Cmd {
        for name in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_PKG_NAME",
            "CARGO_TARGET_DIR",
            "RUSTFLAGS",
        ] {
            self.env_remove.push(name.into());
        }
        self
    }

    /// As it would be typed in a shell: `(cd DIR && A=b prog 'arg 1' arg2)`.
    pub fn shown(&self) -> String {
        let mut words: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{}={}", k.to_string_lossy(), quote(v)))
            .collect();
        words.push(quote(&self.program));
        words.extend(self.args.iter().map(|a| quote(a)));
        let line = words.join(" ");
        match &self.dir {
            Some(dir) => format!("(cd {} && {line})", quote(dir.as_os_str())),
            None => line,
        }
    }

    /// The command, run through `wrapper` (a program and its arguments) if given.
    fn command(&self, wrapper: Option<(&OsStr, &[OsString])>) -> Command {
        let mut command = match wrapper {
            Some((program, prefix)) => {
                let mut c = Command::new(program);
                c.args(prefix).arg(&self.program);
                c
            }
            None => Command::new(&self.program),
        };
        command.args(&self.args);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        for name in &self.env_remove {
            command.env_remove(name);
        }
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command.stdin(Stdio::null());
        command
    }
}

/// Single-quotes a word for a POSIX shell when it needs it.
fn quote(word: &OsStr) -> String {
    let text = word.to_string_lossy();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%~".contains(c));
    if plain {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// How peak memory is read.
#[derive(Debug, Clone)]
pub enum Probe {
    /// GNU time at this path.
    GnuTime(PathBuf),
    /// Polling `/proc/<pid>/status` (the process only, not its children).
    Proc,
}

impl Probe {
    /// GNU time if `/usr/bin/time` is GNU time (it answers `--version`), else polling.
    pub fn detect() -> Probe {
        let path = PathBuf::from("/usr/bin/time");
        let gnu = Command::new(&path)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| {
                let text = format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                );
                text.contains("GNU")
            });
        if gnu {
            Probe::GnuTime(path)
        } else {
            Probe::Proc
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Probe::GnuTime(path) => format!(
                "`{} -f '%e %M'` (max RSS of the process and of its waited-for descendants, the largest one)",
                path.display()
            ),
            Probe::Proc => "`VmHWM` of `/proc/<pid>/status`, polled every 5 ms (GNU time is not installed; the process itself only, not its children)".to_string(),
        }
    }
}

/// What one run of a command did.
#[derive(Debug, Clone)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set size in KiB, if it could be read.
    pub peak_kib: Option<u64>,
    /// The exit code; `None` if killed by a signal.
    pub code: Option<i32>,
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn secs(&self) -> f64 {
        self.wall.as_secs_f64()
    }
}

/// Runs `cmd` to completion, measuring it. `scratch` is a folder for GNU time's output file.
pub fn run(cmd: &Cmd, probe: &Probe, scratch: &Path) -> Result<Run, String> {
    let shown = cmd.shown();
    match probe {
        Probe::GnuTime(time) => {
            let out = scratch.join(format!(".time-{}", std::process::id()));
            let _ = fs::remove_file(&out);
            let prefix: Vec<OsString> = vec![
                "-f".into(),
                "%e %M".into(),
                "-o".into(),
                out.clone().into_os_string(),
            ];
            let mut command = cmd.command(Some((time.as_os_str(), &prefix)));
            let start = Instant::now();
            let output = command
                .output()
                .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
            let wall = start.elapsed();
            let report = fs::read_to_string(&out).unwrap_or_default();
            let _ = fs::remove_file(&out);
            let peak_kib = parse_gnu_time(&report).map(|(_, kib)| kib);
            let code = output.status.code();
            // GNU time exits 127 when it cannot run the command.
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            if code == Some(127) && stderr.contains("cannot run") {
                return Err(format!("cannot run `{shown}`: {}", stderr.trim()));
            }
            Ok(Run {
                wall,
                peak_kib,
                code,
                success: output.status.success(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr,
            })
        }
        Probe::Proc => {
            let mut command = cmd.command(None);
            let out_file = scratch.join(format!(".stdout-{}", std::process::id()));
            let err_file = scratch.join(format!(".stderr-{}", std::process::id()));
            let open = |p: &Path| fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()));
            command.stdout(open(&out_file)?).stderr(open(&err_file)?);
            let start = Instant::now();
            let mut child = command
                .spawn()
                .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
            let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
            let mut peak = None;
            let status = loop {
                if let Some(kib) = fs::read_to_string(&status_file)
                    .ok()
                    .and_then(|t| parse_vm_hwm(&t))
                {
                    peak = Some(peak.map_or(kib, |p: u64| p.max(kib)));
                }
                match child.try_wait() {
                    Ok(Some(status)) => break status,
                    Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                    Err(e) => return Err(format!("waiting for `{shown}`: {e}")),
                }
            };
            let wall = start.elapsed();
            let read = |p: &Path| {
                let text = fs::read(p).map(|b| String::from_utf8_lossy(&b).into_owned());
                let _ = fs::remove_file(p);
                text.unwrap_or_default()
            };
            Ok(Run {
                wall,
                peak_kib: peak,
                code: status.code(),
                success: status.success(),
                stdout: read(&out_file),
                stderr: read(&err_file),
            })
        }
    }
}

/// GNU time's `-f '%e %M'` output: the last non-empty line is `SECONDS KIB` (a line before
/// it may say `Command exited with non-zero status 1` or `Command terminated by signal 9`).
pub fn parse_gnu_time(text: &str) -> Option<(f64, u64)> {
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut words = line.split_whitespace();
    let secs = words.next()?.parse().ok()?;
    let kib = words.next()?.parse().ok()?;
    words.next().is_none().then_some((secs, kib))
}

/// `VmHWM:    40740 kB` in `/proc/<pid>/status`.
pub fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line["VmHWM:".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The line that says why a tool failed: the first line mentioning an error, a panic or an
/// exception (stderr first, then stdout), else the first non-empty line of stderr, else of
/// stdout; at most 200 characters.
pub fn first_error_line(stderr: &str, stdout: &str) -> String {
    let telling = |text: &str| {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let line = lines.find(|l| {
            let lower = l.to_ascii_lowercase();
            ["error", "panicked", "exception", "fail"]
                .iter()
                .any(|w| lower.contains(w))
        })?;
        // `thread 'main' panicked at /long/path/src/x.rs:1:2:` then the message.
        if let Some((_, place)) = line.split_once(" panicked at ") {
            let place = place.trim_end_matches(':');
            let short: Vec<&str> = place.rsplit('/').take(3).collect();
            let short: Vec<&str> = short.into_iter().rev().collect();
            let message = lines.next().unwrap_or("");
            return Some(format!("panicked at {}: {message}", short.join("/")));
        }
        Some(line.to_string())
    };
    let first = |text: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
    };
    let line = telling(stderr)
        .or_else(|| telling(stdout))
        .or_else(|| first(stderr))
        .or_else(|| first(stdout))
        .unwrap_or_else(|| "(no output)".to_string());
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(199).collect();
        format!("{cut}…")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gnu_time_output() {
        assert_eq!(parse_gnu_time("0.21 40740\n"), Some((0.21, 40740)));
        assert_eq!(
            parse_gnu_time("Command exited with non-zero status 1\n3.02 951232\n"),
            Some((3.02, 951232))
        );
        assert_eq!(
            parse_gnu_time("Command terminated by signal 9\n12.50 10485760\n\n"),
            Some((12.5, 10485760))
        );
        assert_eq!(parse_gnu_time(""), None);
        assert_eq!(parse_gnu_time("0.21 40740 extra"), None);
        assert_eq!(parse_gnu_time("garbage"), None);
    }

    #[test]
    fn reads_vm_hwm() {
        let status =
            "Name:\tgenerator\nVmPeak:\t  50000 kB\nVmHWM:\t   40740 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(40740));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn finds_the_first_error_line() {
        assert_eq!(
            first_error_line(
                "note: x\nthread 'main' (10) panicked at /r/.cargo/registry/src/i/progenitor-impl-0.15.1/src/method.rs:1220:9:\nassertion failed: x <= 1\nstack backtrace:\n",
                ""
            ),
            "panicked at progenitor-impl-0.15.1/src/method.rs:1220:9: assertion failed: x <= 1"
        );
        assert_eq!(
            first_error_line(
                "gen fail: UnexpectedFormat(\"x\")\nError: generation experienced errors\n",
                ""
            ),
            "gen fail: UnexpectedFormat(\"x\")"
        );
        assert_eq!(
            first_error_line(
                "",
                "[main] INFO x\nException in thread \"main\" java.lang.X\n"
            ),
            "Exception in thread \"main\" java.lang.X"
        );
        assert_eq!(first_error_line("\n  odd\n", "y"), "odd");
        assert_eq!(first_error_line("", ""), "(no output)");
        assert_eq!(
            first_error_line(&"error ".repeat(100), "").chars().count(),
            200
        );
    }

    #[test]
    fn shows_commands_as_typed() {
        let cmd = Cmd::new("target/release/generator")
            .args(["generate", "--name", "fast pix"])
            .arg("it's")
            .env("RUST_LOG", "off")
            .dir("/tmp/x y");
        assert_eq!(
            cmd.shown(),
            r"(cd '/tmp/x y' && RUST_LOG=off target/release/generator generate --name 'fast pix' 'it'\''s')"
        );
    }

    #[test]
    fn measures_a_command() {
        let dir = crate::tree::tests::TempDir::new("bench-measure");
        for probe in [Probe::detect(), Probe::Proc] {
            let run = run(
                &Cmd::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
                &probe,
                &dir,
            )
            .unwrap();
            assert_eq!(run.code, Some(3));
            assert!(!run.success);
            assert_eq!(run.stdout.trim(), "out");
            assert!(run.stderr.contains("err"), "{probe:?}: {}", run.stderr);
            if matches!(probe, Probe::GnuTime(_)) {
                assert!(run.peak_kib.is_some_and(|k| k > 0));
            }
        }
        assert!(run(&Cmd::new("/nonexistent/tool"), &Probe::Proc, &dir).is_err());
        assert!(run(&Cmd::new("/nonexistent/tool"), &Probe::detect(), &dir).is_err());
    }
}
