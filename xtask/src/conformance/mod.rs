//! `cargo xtask conformance [--providers] [--spec FILE [--config provider.toml]]
//! [--directory [--sample N] [--seed S]] [--report FILE]`: every operation of a generated
//! crate, called once against Stoplight Prism serving its spec, and judged by Prism.
//!
//! For each spec: the crate is generated with a caller program (`build.rs`) that calls every
//! operation through the crate's public API with values the spec allows (the model's samples,
//! `generator::emit::conformance`), with credentials for every scheme; all callers are built
//! at once. Then, spec by spec, Prism starts in dynamic mode (`--dynamic --seed 1`: responses
//! generated from the schemas, the same on every run) without `--errors`, so that it answers
//! every request and reports what it found in its `sl-violations` header; the caller sends
//! through a relay that reads that header, and prints one JSON line per call. Each call is
//! classed (`outcome.rs`); the report (`report.rs`) is Markdown and JSON.
//!
//! Without a spec flag the four providers of `specs/` are run. `--directory` samples
//! APIs.guru's directory (fetched like `cargo xtask fetch-corpus --directory`). The exit code
//! is 1 when any failure is classed as ours, or a spec could not be built or run.

mod build;
mod outcome;
mod report;
mod run;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::{Failure, corpus, fetch_corpus, prism, tree, unexpected};

pub use outcome::Class;

/// Which specs, and where the report goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    pub providers: bool,
    pub spec: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub directory: bool,
    pub sample: Option<usize>,
    pub seed: Option<u64>,
    /// Also write the Markdown report here (`docs/conformance.md`).
    pub report: Option<PathBuf>,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut parsed = Args::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let text = arg.to_str().ok_or_else(|| unexpected(arg))?;
            let mut value = |name: &str| {
                args.next()
                    .and_then(|v| v.to_str())
                    .filter(|v| !v.is_empty() && !v.starts_with("--"))
                    .map(str::to_string)
                    .ok_or_else(|| Failure::Usage(format!("`{name}` needs a value")))
            };
            match text {
                "--providers" if !parsed.providers => parsed.providers = true,
                "--directory" if !parsed.directory => parsed.directory = true,
                "--spec" if parsed.spec.is_none() => parsed.spec = Some(value(text)?.into()),
                "--config" if parsed.config.is_none() => parsed.config = Some(value(text)?.into()),
                "--report" if parsed.report.is_none() => parsed.report = Some(value(text)?.into()),
                "--sample" if parsed.sample.is_none() => {
                    let n = value(text)?;
                    parsed.sample = Some(n.parse().map_err(|_| number(text))?);
                }
                "--seed" if parsed.seed.is_none() => {
                    let n = value(text)?;
                    parsed.seed = Some(n.parse().map_err(|_| number(text))?);
                }
                _ => return Err(unexpected(arg)),
            }
        }
        if parsed.config.is_some() && parsed.spec.is_none() {
            return Err(Failure::Usage("`--config` goes with `--spec`".into()));
        }
        if (parsed.sample.is_some() || parsed.seed.is_some()) && !parsed.directory {
            return Err(Failure::Usage(
                "`--sample` and `--seed` go with `--directory`".into(),
            ));
        }
        if parsed.spec.is_none() && !parsed.directory {
            parsed.providers = true;
        }
        Ok(parsed)
    }

    /// The command line that reproduces this run (for the report).
    fn command(&self) -> String {
        let mut parts = vec!["cargo xtask conformance".to_string()];
        if self.providers {
            parts.push("--providers".into());
        }
        if let Some(spec) = &self.spec {
            parts.push(format!("--spec {}", spec.display()));
        }
        if let Some(config) = &self.config {
            parts.push(format!("--config {}", config.display()));
        }
        if self.directory {
            parts.push("--directory".into());
        }
        if let Some(n) = self.sample {
            parts.push(format!("--sample {n}"));
        }
        if let Some(s) = self.seed {
            parts.push(format!("--seed {s}"));
        }
        if let Some(report) = &self.report {
            parts.push(format!("--report {}", report.display()));
        }
        parts.join(" ")
    }
}

fn number(flag: &str) -> Failure {
    Failure::Usage(format!("`{flag}` needs a number"))
}

/// One spec to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// As shown in the report.
    pub label: String,
    /// The crate's package name (unique in the run).
    pub name: String,
    pub path: PathBuf,
    pub config: Option<PathBuf>,
}

/// The directory's sample when no `--sample` is given.
const DEFAULT_SAMPLE: usize = 40;
const DEFAULT_SEED: u64 = 7;

/// Runs the command in the workspace at `root` (made the current folder).
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    let started = Instant::now();
    std::env::set_current_dir(root)
        .map_err(|e| Failure::one(format!("{}: {e}", root.display())))?;
    let specs = specs(args)?;
    let bin = prism::ensure_prism()?;
    let scratch = Path::new("target").join("conformance");
    fs::create_dir_all(&scratch)
        .map_err(|e| Failure::one(format!("{}: {e}", scratch.display())))?;
    let scratch = fs::canonicalize(&scratch)
        .map_err(|e| Failure::one(format!("{}: {e}", scratch.display())))?;

    say!("conformance: {} specs; generating", specs.len());
    let prepared: Vec<build::Prepared> =
        specs.iter().map(|s| build::prepare(s, &scratch)).collect();
    let written: Vec<String> = specs
        .iter()
        .zip(&prepared)
        .filter(|(_, p)| matches!(p, build::Prepared::Written { .. }))
        .map(|(s, _)| s.name.clone())
        .collect();
    say!("building {} callers", written.len());
    let build_started = Instant::now();
    // The main target directory: the dependencies `cargo test --workspace` built are reused.
    let target_dir = root.join("target");
    let executables = build::build_all(root, &scratch, &target_dir, &written)?;
    say!("built in {:.1} s", build_started.elapsed().as_secs_f64());

    let mut results = Vec::new();
    for (i, (spec, prepared)) in specs.iter().zip(prepared).enumerate() {
        let spec_started = Instant::now();
        let result = run::one(&bin, &scratch, spec, prepared, executables.get(&spec.name));
        say!(
            "[{}/{}] {} ({:.1} s)",
            i + 1,
            specs.len(),
            result.progress(),
            spec_started.elapsed().as_secs_f64()
        );
        results.push(result);
    }
    let elapsed = started.elapsed();
    let report = report::Report {
        command: args.command(),
        results: &results,
        elapsed,
    };
    let markdown = report.markdown();
    let write = |path: &Path, text: &str| {
        fs::write(path, text).map_err(|e| Failure::one(format!("{}: {e}", path.display())))
    };
    write(&scratch.join("report.md"), &markdown)?;
    write(&scratch.join("report.json"), &report.json())?;
    if let Some(path) = &args.report {
        write(path, &markdown)?;
    }
    say!("\n{}", report.summary());
    say!(
        "report: {} (and report.json beside it)",
        scratch.join("report.md").display()
    );
    let ours = report.failures_of(Class::Ours);
    let broken = results.iter().filter(|r| r.problem.is_some()).count();
    if ours == 0 && broken == 0 {
        Ok(())
    } else {
        Err(Failure::Failed(vec![format!(
            "{ours} calls failed by our fault; {broken} specs could not be built or run"
        )]))
    }
}

/// The specs of this run, in order.
fn specs(args: &Args) -> Result<Vec<Spec>, Failure> {
    let mut specs = Vec::new();
    if args.providers {
        let (providers, warnings) =
            tree::discover(Path::new("specs")).map_err(|e| Failure::one(e.to_string()))?;
        for warning in warnings {
            eprintln!("warning: {warning}");
        }
        specs.extend(providers.into_iter().map(|p| Spec {
            label: p.name.clone(),
            name: p.name,
            path: p.spec,
            config: Some(p.config),
        }));
    }
    if let Some(path) = &args.spec {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        specs.push(Spec {
            label: path.display().to_string(),
            name: corpus::crate_name(&stem),
            path: path.clone(),
            config: args.config.clone(),
        });
    }
    if args.directory {
        let dir = fetch_corpus::DIRECTORY.dest(&fetch_corpus::default_dir().map_err(Failure::one)?);
        if !dir.is_dir() {
            fetch_corpus::run(&fetch_corpus::Args {
                dir: None,
                directory: true,
            })?;
        }
        let entries = corpus::discover(&dir, true).map_err(|e| Failure::one(e.to_string()))?;
        let chosen = corpus::sample(
            entries.len(),
            args.sample.unwrap_or(DEFAULT_SAMPLE),
            args.seed.unwrap_or(DEFAULT_SEED),
        );
        specs.extend(
            entries
                .into_iter()
                .zip(chosen)
                .filter(|(_, c)| *c)
                .map(|(e, _)| Spec {
                    label: e.label,
                    name: e.name,
                    path: e.spec,
                    config: e.config,
                }),
        );
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Args, Failure> {
        Args::parse(&list.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_args() {
        let args = parse(&[]).unwrap();
        assert!(args.providers && !args.directory && args.spec.is_none());
        let args = parse(&["--directory", "--sample", "40", "--seed", "7"]).unwrap();
        assert!(!args.providers && args.directory);
        assert_eq!((args.sample, args.seed), (Some(40), Some(7)));
        assert_eq!(
            args.command(),
            "cargo xtask conformance --directory --sample 40 --seed 7"
        );
        let args = parse(&["--spec", "a.yaml", "--config", "p.toml", "--providers"]).unwrap();
        assert!(args.providers);
        assert_eq!(args.config, Some(PathBuf::from("p.toml")));
        for bad in [
            &["--config", "p.toml"][..],
            &["--sample", "3"][..],
            &["--directory", "--sample", "x"][..],
            &["--spec"][..],
            &["--spec", "--providers"][..],
            &["--providers", "--providers"][..],
            &["other"][..],
        ] {
            assert!(matches!(parse(bad), Err(Failure::Usage(_))), "{bad:?}");
        }
    }
}
