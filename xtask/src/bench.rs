//! `cargo xtask bench [--quick] [--output FILE]`: generation speed and memory against the
//! peers, compile time of the generated crates, client overhead at run time, and scaling;
//! written to `BENCHMARKS.md` with the machine, the commands and the date.
//!
//! Every comparison is a ratio of runs made in the same invocation, interleaved (the order of
//! the generators rotates from run to run), reported as the median of the per-run ratios with
//! their spread (min–max), because the machines are shared and noisy. Timings are whole
//! processes (start to exit, output written) of release builds; peak memory is read as
//! [`measure`] describes. A peer that fails on a spec is a result (exit code and first error
//! line), not a failure of the benchmark.
//!
//! `--quick` (under two minutes once the tools are built and installed): 3 runs, the peers
//! only on FastPix's published spec, no compile benchmark, fewer client requests, and a
//! scaling set of 100, 300 and 1,000 operations.
//!
//! One file per part: [`inputs`] (the specs, the peers, our version), [`generation`]
//! (sections 1 and 2), [`compile`] (3), [`client`] (4), [`scaling`] (5), [`targets`] (the
//! target lines), [`report`] (the Markdown); [`results`] holds what they measure.

mod cells;
mod client;
mod compile;
mod generation;
mod inputs;
pub mod machine;
mod measure;
mod peers;
mod report;
mod results;
mod scaling;
mod stats;
mod synth;
mod targets;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use machine::Machine;
use measure::{Cmd, Probe};
use results::Results;

use crate::{Failure, fetch_corpus, unexpected};

/// `[--quick] [--output FILE]`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    pub quick: bool,
    pub output: Option<PathBuf>,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut parsed = Args::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--quick") if !parsed.quick => parsed.quick = true,
                Some("--output") if parsed.output.is_none() => {
                    let value = args
                        .next()
                        .filter(|v| !v.is_empty() && !v.to_string_lossy().starts_with("--"))
                        .ok_or_else(|| Failure::Usage("`--output` needs a file".into()))?;
                    parsed.output = Some(PathBuf::from(value));
                }
                _ => return Err(unexpected(arg)),
            }
        }
        Ok(parsed)
    }
}

/// How much to run.
#[derive(Debug, Clone)]
pub struct Plan {
    quick: bool,
    runs: usize,
    /// Peers run on every subject, or only on the first available of FastPix's published
    /// spec and the providers.
    peers_everywhere: bool,
    compile: bool,
    /// Runs of the timed rebuild of each crate (FastPix, GitHub).
    compile_runs: (usize, usize),
    /// Client benchmark: rounds, small-body requests, large-body requests per batch.
    client: (usize, usize, usize),
    /// Instructions counted under callgrind, small then large body: warm-up requests, then
    /// the two numbers of requests whose difference is counted.
    counted: ((usize, usize, usize), (usize, usize, usize)),
    scaling: Vec<usize>,
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                runs: 3,
                peers_everywhere: false,
                compile: false,
                compile_runs: (0, 0),
                client: (5, 5000, 100),
                counted: ((100, 200, 1200), (3, 3, 13)),
                scaling: vec![100, 300, 1000],
            }
        } else {
            Plan {
                quick,
                runs: 5,
                peers_everywhere: true,
                compile: true,
                compile_runs: (3, 1),
                client: (11, 20000, 300),
                counted: ((200, 500, 2500), (5, 5, 25)),
                scaling: vec![100, 1000, 10_000],
            }
        }
    }
}

/// The programs and folders every section uses.
#[derive(Debug)]
pub struct Tools {
    pub root: PathBuf,
    /// Our generator, release build.
    pub generator: PathBuf,
    /// `client-bench`, release build.
    pub client_bench: PathBuf,
    /// Scratch folder under the target directory, emptied at the start.
    pub work: PathBuf,
    /// `~/.cache/openapi-clientgen`: the peers, the corpus, the compile scratch folders.
    pub cache: PathBuf,
    pub probe: Probe,
}

use crate::cargo;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure::one(format!("{}: {e}", path.display()))
}

/// Runs the benchmarks in the workspace at `root` and writes the report.
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    let started = SystemTime::now();
    let plan = Plan::new(args.quick);
    let probe = Probe::detect();
    let mut results = Results {
        machine: Machine::probe(),
        date: machine::now_utc(),
        probe: probe.describe(),
        quick: plan.quick,
        runs: plan.runs,
        ..Results::default()
    };
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|v| !v.is_empty())
        .map_or_else(|| root.join("target"), PathBuf::from);
    let work = target.join("bench");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(io_err(&work))?;
    let cache = fetch_corpus::default_dir()
        .map_err(Failure::one)?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| Failure::one("no cache folder"))?;

    // Release builds of the generator and the client benchmark.
    let build = Cmd::new(cargo())
        .args([
            "build",
            "--release",
            "-p",
            "openapi-clientgen",
            "-p",
            "client-bench",
        ])
        .dir(root);
    say!("building: {}", build.shown());
    let built = measure::run(&build, &Probe::Proc, &work).map_err(Failure::one)?;
    if !built.success {
        return Err(Failure::one(format!(
            "the release build failed:\n{}",
            built.stderr.trim_end()
        )));
    }
    results.command("release build", &build);
    results.versions.push((
        "ours".into(),
        format!(
            "openapi-clientgen {} ({})",
            env!("CARGO_PKG_VERSION"),
            inputs::git_state(root)
        ),
    ));

    let mut subjects = inputs::subjects(root, &mut results);
    if plan.quick {
        results
            .notes
            .push("Microsoft Graph was not generated (`--quick`).".into());
    } else {
        subjects.extend(inputs::graph_subjects(&mut results));
    }
    let peers = inputs::install_peers(&cache, &mut results);

    let tools = Tools {
        root: root.to_path_buf(),
        generator: target.join("release").join("generator"),
        client_bench: target.join("release").join("client-bench"),
        work: work.clone(),
        cache,
        probe,
    };
    generation::measure(&tools, &subjects, &peers, &plan, &mut results)?;
    if plan.compile {
        compile::measure(&tools, &subjects, &peers, &plan, &mut results)?;
    } else {
        results
            .notes
            .push("Compile times were not measured (`--quick`).".into());
    }
    client::measure(&tools, &plan, &mut results)?;
    scaling::measure(&tools, &plan, &mut results)?;

    let report = report::render(&results);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| root.join("BENCHMARKS.md"));
    fs::write(&output, &report).map_err(io_err(&output))?;
    let _ = fs::remove_dir_all(work.join("out"));
    say!("\n{}", targets::targets_section(&results));
    say!(
        "wrote {} ({:.0} s)",
        output.display(),
        started.elapsed().map_or(0.0, |d| d.as_secs_f64())
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_args() {
        assert_eq!(Args::parse(&args(&[])).unwrap(), Args::default());
        let a = Args::parse(&args(&["--quick", "--output", "x.md"])).unwrap();
        assert!(a.quick);
        assert_eq!(a.output, Some(PathBuf::from("x.md")));
        for bad in [
            &["--quick", "--quick"][..],
            &["--output"][..],
            &["--output", "--quick"][..],
            &["fast"][..],
        ] {
            assert!(
                matches!(Args::parse(&args(bad)), Err(Failure::Usage(_))),
                "{bad:?}"
            );
        }
    }
}
