//! The `generate` command, shared by the `generator` binary and `cargo xtask generate` so
//! that both take exactly the same command line:
//! `generate --spec FILE --out DIR --name CRATE [--config FILE] [--strict] [--timings]`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{Input, Options, Stats, Timings, disk};

/// Why the command did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A bad command line (exit code 2).
    Usage(String),
    /// The command failed (exit code 1).
    Failed(String),
}

fn unexpected(arg: &OsString) -> Failure {
    Failure::Usage(format!("unexpected argument `{}`", arg.to_string_lossy()))
}

/// `--spec FILE --out DIR --name CRATE [--config FILE] [--strict] [--timings]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub name: String,
    pub config: Option<PathBuf>,
    /// Fail instead of leaving out what cannot be generated.
    pub strict: bool,
    /// Print the time spent in each stage ([`timings_line`]).
    pub timings: bool,
}

impl Args {
    /// Parses the arguments after `generate`; flags may come in any order, as `--flag VALUE`
    /// or `--flag=VALUE`.
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let (mut spec, mut out, mut name, mut config) = (None, None, None, None);
        let (mut strict, mut timings) = (false, false);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let text = arg.to_str().ok_or_else(|| unexpected(arg))?;
            if text == "--strict" && !strict {
                strict = true;
                continue;
            }
            if text == "--timings" && !timings {
                timings = true;
                continue;
            }
            let (flag, inline) = match text.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
                _ => (text, None),
            };
            let slot = match flag {
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--name" => &mut name,
                "--config" => &mut config,
                _ => return Err(unexpected(arg)),
            };
            if slot.is_some() {
                return Err(Failure::Usage(format!("`{flag}` given more than once")));
            }
            let value = match inline {
                Some(value) => OsString::from(value),
                None => args
                    .next()
                    .cloned()
                    .ok_or_else(|| Failure::Usage(format!("`{flag}` needs a value")))?,
            };
            if value.is_empty() {
                return Err(Failure::Usage(format!("`{flag}` needs a value")));
            }
            *slot = Some(value);
        }
        let required = |value: Option<OsString>, flag: &str| {
            value.ok_or_else(|| Failure::Usage(format!("`{flag}` is required")))
        };
        let spec = required(spec, "--spec")?;
        let out = required(out, "--out")?;
        let name = required(name, "--name")?
            .into_string()
            .map_err(|_| Failure::Usage("`--name` must be valid UTF-8".into()))?;
        Ok(Args {
            spec: spec.into(),
            out: out.into(),
            name,
            config: config.map(PathBuf::from),
            strict,
            timings,
        })
    }
}

/// Generates the crate in memory, then brings `--out` in line with it (see
/// [`disk::write_crate`]: a non-empty folder that is not a generated crate is refused).
/// Returns the numbers and the write report for the caller to print.
pub fn run(args: &Args) -> Result<(Stats, Duration, disk::WriteReport), Failure> {
    run_timed(args).map(|(stats, elapsed, report, _, _)| (stats, elapsed, report))
}

/// [`run`], also returning the time spent in each stage of generation and in writing.
pub fn run_timed(
    args: &Args,
) -> Result<(Stats, Duration, disk::WriteReport, Timings, Duration), Failure> {
    let start = Instant::now();
    let input = Input {
        spec: &args.spec,
        config: args.config.as_deref(),
        name: Some(&args.name),
    };
    let options = Options {
        strict: args.strict,
    };
    let (output, timings) = crate::generate_timed(&input, options)
        .map_err(|diagnostic| Failure::Failed(diagnostic.to_string()))?;
    let elapsed = start.elapsed();
    let tree = disk::into_tree(output.files).map_err(|e| Failure::Failed(e.to_string()))?;
    let report = disk::write_crate(&args.out, &tree).map_err(|e| Failure::Failed(e.to_string()))?;
    let write = start.elapsed() - elapsed;
    Ok((output.stats, elapsed, report, timings, write))
}

/// One parseable line: `timings: load_ms=12.345 model_ms=… emit_ms=… render_ms=… write_ms=…`.
pub fn timings_line(timings: &Timings, write: Duration) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "timings: load_ms={:.3} model_ms={:.3} emit_ms={:.3} render_ms={:.3} write_ms={:.3}",
        ms(timings.load),
        ms(timings.model),
        ms(timings.emit),
        ms(timings.render),
        ms(write)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Args, Failure> {
        Args::parse(&list.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_flags_in_any_order_and_both_forms() {
        let args = parse(&["--name", "demo", "--out=out/demo", "--spec", "api.yaml"]).unwrap();
        assert_eq!(
            args,
            Args {
                spec: "api.yaml".into(),
                out: "out/demo".into(),
                name: "demo".into(),
                config: None,
                strict: false,
                timings: false,
            }
        );
        let args = parse(&[
            "--spec=a.json",
            "--out",
            "o",
            "--name",
            "n",
            "--config",
            "p.toml",
        ])
        .unwrap();
        assert_eq!(args.config, Some(PathBuf::from("p.toml")));
        assert!(!args.strict);
        let strict = parse(&["--strict", "--spec", "a", "--out", "o", "--name", "n"]).unwrap();
        assert!(strict.strict);
        let timed = parse(&["--spec", "a", "--timings", "--out", "o", "--name", "n"]).unwrap();
        assert!(timed.timings && !timed.strict);
    }

    #[test]
    fn formats_timings() {
        let timings = Timings {
            load: Duration::from_micros(1500),
            model: Duration::from_millis(2),
            emit: Duration::from_nanos(3_000_400),
            render: Duration::ZERO,
        };
        assert_eq!(
            timings_line(&timings, Duration::from_millis(7)),
            "timings: load_ms=1.500 model_ms=2.000 emit_ms=3.000 render_ms=0.000 write_ms=7.000"
        );
    }

    #[test]
    fn rejects_bad_flags() {
        for bad in [
            &["--spec", "a", "--out", "o"][..],
            &["--spec", "a", "--out", "o", "--name"][..],
            &["--spec", "a", "--out", "o", "--name", "n", "--spec", "b"][..],
            &["--spec", "a", "--out", "o", "--name", "n", "--verbose"][..],
            &["--spec", "a", "--out", "o", "--name", "n", "stray"][..],
            &["--spec=", "--out", "o", "--name", "n"][..],
            &[
                "--strict", "--strict", "--spec", "a", "--out", "o", "--name", "n",
            ][..],
        ] {
            assert!(
                matches!(parse(bad), Err(Failure::Usage(_))),
                "{bad:?} should be a usage error"
            );
        }
    }
}
