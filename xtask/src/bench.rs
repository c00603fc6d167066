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

mod machine;
mod measure;
mod peers;
mod stats;
mod synth;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use machine::Machine;
use measure::{Cmd, Probe, first_error_line};
use peers::{Peer, Tool};
use stats::{Summary, mem, ratio, ratios, secs, spread, summarize};

use crate::{Failure, fetch_corpus, tree, unexpected};

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
struct Plan {
    quick: bool,
    runs: usize,
    /// Peers run on every subject, or only on the first available of FastPix's published
    /// spec and the providers.
    peers_everywhere: bool,
    compile: bool,
    /// Runs of the timed rebuild of each crate (FastPix, GitHub).
    compile_runs: (usize, usize),
    client: (usize, usize, usize),
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
                client: (3, 5000, 100),
                scaling: vec![100, 300, 1000],
            }
        } else {
            Plan {
                quick,
                runs: 5,
                peers_everywhere: true,
                compile: true,
                compile_runs: (3, 1),
                client: (7, 20000, 300),
                scaling: vec![100, 1000, 10_000],
            }
        }
    }
}

/// One spec to generate from (the providers' subject has four).
#[derive(Debug, Clone)]
struct Part {
    name: String,
    spec: PathBuf,
    config: Option<PathBuf>,
}

#[derive(Debug, Clone)]
struct Subject {
    key: &'static str,
    label: String,
    parts: Vec<Part>,
}

/// What one generator did on one subject over all runs.
#[derive(Debug, Clone, Default)]
struct Samples {
    wall: Vec<f64>,
    peak_kib: Vec<f64>,
    /// Ours only: load, model, emit, render, write (seconds), summed over the parts.
    stages: Vec<[f64; 5]>,
    /// Exit code (None: signal) and first error line, with the part that failed.
    failed: Option<(String, Option<i32>, String)>,
}

#[derive(Debug, Clone)]
struct GenRow {
    subject: String,
    tool: Tool,
    samples: Samples,
}

#[derive(Debug, Clone)]
struct CompileRow {
    subject: String,
    tool: Tool,
    files: usize,
    lines: usize,
    first_build: Option<f64>,
    samples: Samples,
}

/// A line of `client-bench client`.
#[derive(Debug, Clone, PartialEq)]
struct ClientRound {
    case: String,
    conc: usize,
    client: String,
    requests: usize,
    secs: f64,
    cpu_ns: f64,
}

#[derive(Debug, Clone)]
struct ScaleRow {
    operations: usize,
    samples: Samples,
}

/// Everything measured.
#[derive(Debug, Default)]
struct Results {
    machine: Machine,
    date: String,
    probe: String,
    quick: bool,
    runs: usize,
    versions: Vec<(String, String)>,
    notes: Vec<String>,
    commands: Vec<(String, String)>,
    generation: Vec<GenRow>,
    parse: Option<Samples>,
    parse_in_process_ms: Vec<f64>,
    compile: Vec<CompileRow>,
    client: Vec<ClientRound>,
    client_bodies: String,
    scaling: Vec<ScaleRow>,
}

impl Results {
    fn command(&mut self, kind: &str, cmd: &Cmd) {
        if !self.commands.iter().any(|(k, _)| k == kind) {
            self.commands.push((kind.to_string(), cmd.shown()));
        }
    }
}

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
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = Cmd::new(&cargo)
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
    let generator = target.join("release").join("generator");
    let client_bench = target.join("release").join("client-bench");
    results.versions.push((
        "ours".into(),
        format!(
            "openapi-clientgen {} ({})",
            env!("CARGO_PKG_VERSION"),
            git_state(root)
        ),
    ));

    let subjects = subjects(root, &mut results);
    let peers = install_peers(&cache, &mut results);

    // 1 and 2: generation, ours and the peers.
    let peer_keys: Vec<&str> = if plan.peers_everywhere {
        subjects.iter().map(|s| s.key).collect()
    } else {
        subjects
            .iter()
            .map(|s| s.key)
            .find(|k| *k == "fastpix")
            .or_else(|| subjects.first().map(|s| s.key))
            .into_iter()
            .collect()
    };
    for subject in &subjects {
        let mut tools: Vec<Option<&Peer>> = vec![None];
        if peer_keys.contains(&subject.key) {
            tools.extend(peers.iter().map(Some));
        }
        say!("generation: {} ({} runs)", subject.label, plan.runs);
        let github_parse = subject.key == "github";
        let mut rows: Vec<Samples> = vec![Samples::default(); tools.len()];
        let mut parse = Samples::default();
        for run in 0..plan.runs {
            let n = tools.len();
            for k in 0..n {
                let index = (k + run) % n;
                if rows[index].failed.is_some() {
                    continue;
                }
                let tool = tools[index];
                generate_once(
                    &generator,
                    tool,
                    subject,
                    &work,
                    &probe,
                    &mut rows[index],
                    &mut results,
                )?;
            }
            if github_parse {
                let part = &subject.parts[0];
                let cmd = Cmd::new(&client_bench).arg("parse").arg(&part.spec);
                results.command("bare parse (serde_json::Value)", &cmd);
                let r = measure::run(&cmd, &probe, &work).map_err(Failure::one)?;
                if r.success {
                    parse.wall.push(r.secs());
                    parse.peak_kib.extend(r.peak_kib.map(|k| k as f64));
                    if let Some(ms) = field(&r.stdout, "parse_ms") {
                        results.parse_in_process_ms.push(ms);
                    }
                } else {
                    parse.failed = Some((
                        part.name.clone(),
                        r.code,
                        first_error_line(&r.stderr, &r.stdout),
                    ));
                }
            }
        }
        if github_parse {
            results.parse = Some(parse);
        }
        for (tool, samples) in tools.iter().zip(rows) {
            let row = GenRow {
                subject: subject.label.clone(),
                tool: tool.map_or(Tool::Ours, |p| p.tool),
                samples,
            };
            say!("  {}", gen_line(&row));
            results.generation.push(row);
        }
    }

    // 3: compile time of the generated crates.
    if plan.compile {
        for subject in subjects.iter().filter(|s| s.key != "providers") {
            let runs = if subject.key == "github" {
                plan.compile_runs.1
            } else {
                plan.compile_runs.0
            };
            let mut tools: Vec<Option<&Peer>> = vec![None];
            tools.extend(peers.iter().map(Some));
            for tool in tools {
                let row = compile(
                    &generator,
                    tool,
                    subject,
                    &cache,
                    &work,
                    &probe,
                    runs,
                    root,
                    &mut results,
                )?;
                results.compile.push(row);
            }
        }
    } else {
        results
            .notes
            .push("Compile times were not measured (`--quick`).".into());
    }

    // 4: client overhead.
    let (rounds, small, large) = plan.client;
    let cmd = Cmd::new(&client_bench).args([
        "client".to_string(),
        "--rounds".into(),
        rounds.to_string(),
        "--small".into(),
        small.to_string(),
        "--large".into(),
        large.to_string(),
    ]);
    say!("client overhead: {}", cmd.shown());
    results.command("client overhead", &cmd);
    let r = measure::run(&cmd, &Probe::Proc, &work).map_err(Failure::one)?;
    if r.success {
        results.client = r.stdout.lines().filter_map(parse_client_line).collect();
        results.client_bodies = r
            .stdout
            .lines()
            .find(|l| l.starts_with("bodies "))
            .unwrap_or("")
            .to_string();
    } else {
        results.notes.push(format!(
            "The client benchmark failed ({:?}): {}",
            r.code,
            first_error_line(&r.stderr, &r.stdout)
        ));
    }

    // 5: scaling.
    let synth_dir = work.join("synthetic");
    fs::create_dir_all(&synth_dir).map_err(io_err(&synth_dir))?;
    let mut scale_subjects = Vec::new();
    for &n in &plan.scaling {
        let spec = synth_dir.join(format!("ops{n}.json"));
        fs::write(&spec, synth::spec(n)).map_err(io_err(&spec))?;
        scale_subjects.push(Subject {
            key: "synthetic",
            label: format!("synthetic, {n} operations"),
            parts: vec![Part {
                name: format!("synthetic{n}"),
                spec,
                config: None,
            }],
        });
    }
    let mut scale_rows: Vec<Samples> = vec![Samples::default(); scale_subjects.len()];
    say!(
        "scaling: {:?} operations ({} runs)",
        plan.scaling,
        plan.runs
    );
    for _ in 0..plan.runs {
        for (subject, samples) in scale_subjects.iter().zip(scale_rows.iter_mut()) {
            if samples.failed.is_none() {
                generate_once(
                    &generator,
                    None,
                    subject,
                    &work,
                    &probe,
                    samples,
                    &mut results,
                )?;
            }
        }
    }
    results.scaling = plan
        .scaling
        .iter()
        .zip(scale_rows)
        .map(|(&operations, samples)| ScaleRow {
            operations,
            samples,
        })
        .collect();

    let report = render(&results);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| root.join("BENCHMARKS.md"));
    fs::write(&output, &report).map_err(io_err(&output))?;
    let _ = fs::remove_dir_all(work.join("out"));
    say!("\n{}", targets_section(&results));
    say!(
        "wrote {} ({:.0} s)",
        output.display(),
        started.elapsed().map_or(0.0, |d| d.as_secs_f64())
    );
    Ok(())
}

/// `abc1234`, or `abc1234 + uncommitted changes`.
fn git_state(root: &Path) -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        None => "not a git checkout".into(),
        Some(sha) => match git(&["status", "--porcelain"]) {
            Some(s) if !s.is_empty() => format!("git {sha} + uncommitted changes"),
            _ => format!("git {sha}"),
        },
    }
}

/// The specs: the four providers, FastPix's published spec, GitHub's REST description.
fn subjects(root: &Path, results: &mut Results) -> Vec<Subject> {
    let mut subjects = Vec::new();
    match tree::discover(&root.join("specs")) {
        Ok((providers, _)) if !providers.is_empty() => subjects.push(Subject {
            key: "providers",
            label: format!(
                "the {} providers (specs/*, {} processes per run, times summed)",
                providers.len(),
                providers.len()
            ),
            parts: providers
                .into_iter()
                .map(|p| Part {
                    name: p.name,
                    spec: p.spec,
                    config: Some(p.config),
                })
                .collect(),
        }),
        Ok(_) => results.notes.push("specs/ has no providers.".into()),
        Err(e) => results.notes.push(format!("specs/: {e}")),
    }
    let fastpix = root
        .parent()
        .map(|p| p.join("shared/upstream/fastpix/openapi.yaml"));
    match fastpix.filter(|p| p.is_file()) {
        Some(spec) => subjects.push(Subject {
            key: "fastpix",
            label: "FastPix, published spec (490 KB YAML)".into(),
            parts: vec![Part {
                name: "fastpix".into(),
                spec,
                config: None,
            }],
        }),
        None => results.notes.push(
            "FastPix's published spec (../shared/upstream/fastpix/openapi.yaml) is absent: skipped."
                .into(),
        ),
    }
    say!("fetching the corpus (GitHub's REST description)");
    let fetched = fetch_corpus::run(&fetch_corpus::Args::default());
    let github = fetch_corpus::default_dir()
        .ok()
        .map(|d| d.join("github.json"));
    let source = fetch_corpus::SOURCES
        .iter()
        .find(|s| s.file == "github.json");
    match (fetched, github.filter(|p| p.is_file()), source) {
        (Ok(()), Some(spec), Some(source)) => {
            results.versions.push((
                "GitHub spec".into(),
                format!(
                    "`{}@{}` `{}`, sha256 `{}`",
                    source.package, source.version, source.path, source.sha256
                ),
            ));
            subjects.push(Subject {
                key: "github",
                label: "GitHub REST API (13 MB JSON)".into(),
                parts: vec![Part {
                    name: "github".into(),
                    spec,
                    config: None,
                }],
            });
        }
        _ => results.notes.push(
            "GitHub's REST description could not be fetched (`cargo xtask fetch-corpus` needs npm): skipped."
                .into(),
        ),
    }
    subjects
}

fn install_peers(cache: &Path, results: &mut Results) -> Vec<Peer> {
    let mut peers = Vec::new();
    for (label, found) in [
        ("progenitor", peers::progenitor(cache)),
        ("openapi-generator", peers::openapi_generator(cache)),
    ] {
        match found {
            Ok(peer) => {
                results.versions.push((label.into(), peer.version.clone()));
                peers.push(peer);
            }
            Err(e) => {
                say!("warning: {label} is not available: {e}");
                results
                    .versions
                    .push((label.into(), format!("not available: {e}")));
            }
        }
    }
    peers
}

/// The command generating `part` with `tool` (ours when `None`) into `out`.
fn gen_command(generator: &Path, tool: Option<&Peer>, part: &Part, out: &Path) -> Cmd {
    match tool {
        Some(peer) => peer.command(&part.spec, out, &part.name),
        None => {
            let mut cmd = Cmd::new(generator)
                .arg("generate")
                .arg("--spec")
                .arg(&part.spec)
                .arg("--out")
                .arg(out)
                .args(["--name", &part.name]);
            if let Some(config) = &part.config {
                cmd = cmd.arg("--config").arg(config);
            }
            cmd.arg("--timings")
        }
    }
}

/// One run of one generator over all parts of a subject, into fresh folders.
fn generate_once(
    generator: &Path,
    tool: Option<&Peer>,
    subject: &Subject,
    work: &Path,
    probe: &Probe,
    samples: &mut Samples,
    results: &mut Results,
) -> Result<(), Failure> {
    let label = tool.map_or(Tool::Ours, |p| p.tool).label();
    let (mut wall, mut peak, mut stages) = (0.0, 0.0f64, [0.0; 5]);
    for part in &subject.parts {
        let out = work.join("out").join(format!("{label}-{}", part.name));
        let _ = fs::remove_dir_all(&out);
        let cmd = gen_command(generator, tool, part, &out);
        results.command(&format!("generate ({label})"), &cmd);
        let r = measure::run(&cmd, probe, work).map_err(Failure::one)?;
        if !r.success {
            samples.failed = Some((
                part.name.clone(),
                r.code,
                first_error_line(&r.stderr, &r.stdout),
            ));
            return Ok(());
        }
        wall += r.secs();
        peak = peak.max(r.peak_kib.unwrap_or(0) as f64);
        if tool.is_none() {
            let line = r.stdout.lines().find(|l| l.starts_with("timings:"));
            if let Some(t) = line.and_then(parse_timings) {
                for (sum, v) in stages.iter_mut().zip(t) {
                    *sum += v / 1000.0;
                }
            }
        }
    }
    samples.wall.push(wall);
    if peak > 0.0 {
        samples.peak_kib.push(peak);
    }
    if tool.is_none() {
        samples.stages.push(stages);
    }
    Ok(())
}

/// `timings: load_ms=1.5 model_ms=2 emit_ms=3 render_ms=4 write_ms=5` → milliseconds.
fn parse_timings(line: &str) -> Option<[f64; 5]> {
    let mut out = [0.0; 5];
    for (slot, key) in
        out.iter_mut()
            .zip(["load_ms", "model_ms", "emit_ms", "render_ms", "write_ms"])
    {
        *slot = field(line, key)?;
    }
    Some(out)
}

/// The number after `key=` in a line of `key=value` words.
fn field(line: &str, key: &str) -> Option<f64> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

/// `round case=small conc=1 client=ours requests=2000 secs=0.41 cpu_ns=398000000`
fn parse_client_line(line: &str) -> Option<ClientRound> {
    let rest = line.strip_prefix("round ")?;
    let text = |key: &str| {
        rest.split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    Some(ClientRound {
        case: text("case")?,
        conc: text("conc")?.parse().ok()?,
        client: text("client")?,
        requests: text("requests")?.parse().ok()?,
        secs: field(rest, "secs")?,
        cpu_ns: field(rest, "cpu_ns")?,
    })
}

/// Generates a crate into a scratch folder with its own target directory, builds it once
/// (dependencies included), then times `runs` rebuilds of the crate alone (its `src/lib.rs`
/// touched before each).
#[allow(clippy::too_many_arguments)]
fn compile(
    generator: &Path,
    tool: Option<&Peer>,
    subject: &Subject,
    cache: &Path,
    work: &Path,
    probe: &Probe,
    runs: usize,
    root: &Path,
    results: &mut Results,
) -> Result<CompileRow, Failure> {
    let kind = tool.map_or(Tool::Ours, |p| p.tool);
    let mut row = CompileRow {
        subject: subject.label.clone(),
        tool: kind,
        files: 0,
        lines: 0,
        first_build: None,
        samples: Samples::default(),
    };
    let part = &subject.parts[0];
    let scratch =
        cache
            .join("bench")
            .join("compile")
            .join(format!("{}-{}", subject.key, kind.label()));
    let krate = scratch.join("crate");
    let _ = fs::remove_dir_all(&krate);
    fs::create_dir_all(&scratch).map_err(io_err(&scratch))?;
    say!("compile: {} by {}", subject.label, kind.label());
    let cmd = gen_command(generator, tool, part, &krate);
    let r = measure::run(&cmd, probe, work).map_err(Failure::one)?;
    if !r.success {
        row.samples.failed = Some((
            "generation".into(),
            r.code,
            first_error_line(&r.stderr, &r.stdout),
        ));
        return Ok(row);
    }
    if tool.is_none() {
        // The workspace's lock file: the same dependency versions as generated/.
        let _ = fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"));
    }
    (row.files, row.lines) = count_rust(&krate.join("src"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = Cmd::new(cargo)
        .args(["build", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .clean_cargo_env()
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        // A touched file must rebuild the whole crate: incremental compilation would reuse
        // most of the previous build and measure that instead.
        .env("CARGO_INCREMENTAL", "0");
    results.command("compile (first build, dependencies included)", &build);
    let first = measure::run(&build, probe, work).map_err(Failure::one)?;
    if !first.success {
        let log = scratch.join("build.log");
        let _ = fs::write(&log, format!("{}{}", first.stdout, first.stderr));
        row.samples.failed = Some((
            format!("first build (log: {})", log.display()),
            first.code,
            first_error_line(&first.stderr, &first.stdout),
        ));
        return Ok(row);
    }
    row.first_build = Some(first.secs());
    let lib = krate.join("src").join("lib.rs");
    for _ in 0..runs {
        fs::File::options()
            .append(true)
            .open(&lib)
            .and_then(|f| f.set_modified(SystemTime::now()))
            .map_err(io_err(&lib))?;
        results.command("compile (the crate alone: src/lib.rs touched)", &build);
        let r = measure::run(&build, probe, work).map_err(Failure::one)?;
        if !r.success {
            row.samples.failed = Some((
                "rebuild".into(),
                r.code,
                first_error_line(&r.stderr, &r.stdout),
            ));
            return Ok(row);
        }
        row.samples.wall.push(r.secs());
        row.samples.peak_kib.extend(r.peak_kib.map(|k| k as f64));
    }
    say!(
        "  {} files, {} lines; first build {}; rebuild {}",
        row.files,
        row.lines,
        secs(first.secs()),
        summarize(&row.samples.wall).map_or("-".into(), |s| spread(&s, secs))
    );
    Ok(row)
}

/// Rust files and lines under a folder.
fn count_rust(dir: &Path) -> (usize, usize) {
    let mut stack = vec![dir.to_path_buf()];
    let (mut files, mut lines) = (0, 0);
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                lines += fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    (files, lines)
}

fn gen_line(row: &GenRow) -> String {
    match (&row.samples.failed, summarize(&row.samples.wall)) {
        (Some((part, code, line)), _) => format!(
            "{}: failed on {part} (exit {}): {line}",
            row.tool.label(),
            code.map_or("signal".into(), |c| c.to_string())
        ),
        (None, Some(s)) => format!("{}: {}", row.tool.label(), spread(&s, secs)),
        (None, None) => format!("{}: no runs", row.tool.label()),
    }
}

// ---------------------------------------------------------------------------------------
// The report.

/// A GitHub-flavoured Markdown table; `|` in cells is escaped, line breaks become spaces.
fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| c.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn failure_text((part, code, line): &(String, Option<i32>, String)) -> String {
    let code = code.map_or("killed by a signal".into(), |c| format!("exit {c}"));
    format!("failed on {part} ({code}): `{}`", line.replace('`', "'"))
}

fn peak_text(s: &Samples) -> String {
    summarize(&s.peak_kib).map_or("-".into(), |p| spread(&p, mem))
}

fn wall_text(s: &Samples) -> String {
    summarize(&s.wall).map_or("-".into(), |p| spread(&p, secs))
}

fn find<'a>(results: &'a Results, subject: &str, tool: Tool) -> Option<&'a GenRow> {
    results
        .generation
        .iter()
        .find(|r| r.subject == subject && r.tool == tool)
}

/// The per-run ratio `peer / ours` of wall time, when both completed every run.
fn speedup(ours: &Samples, peer: &Samples) -> Option<Summary> {
    if ours.failed.is_some() || peer.failed.is_some() || ours.wall.len() != peer.wall.len() {
        return None;
    }
    summarize(&ratios(&peer.wall, &ours.wall))
}

/// Marginal time per operation between consecutive sizes, and the ratio of the last to the
/// first (1.0 is perfectly linear; a quadratic term makes it grow with size).
fn linearity(points: &[(usize, f64)]) -> Option<(Vec<f64>, f64)> {
    let slopes: Vec<f64> = points
        .windows(2)
        .filter(|w| w[1].0 > w[0].0)
        .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0) as f64)
        .collect();
    let (first, last) = (slopes.first()?, slopes.last()?);
    if slopes.len() < 2 || *first <= 0.0 {
        return None;
    }
    Some((slopes.clone(), last / first))
}

/// Per-round requests/s of ours and of reqwest, then CPU µs per request of each.
type ClientCase = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);

/// Client rounds of one case: (ours, hand) as per-round requests/s and CPU µs per request.
fn client_case(rounds: &[ClientRound], case: &str, conc: usize) -> Option<ClientCase> {
    let pick = |client: &str| -> (Vec<f64>, Vec<f64>) {
        rounds
            .iter()
            .filter(|r| r.case == case && r.conc == conc && r.client == client)
            .map(|r| {
                (
                    r.requests as f64 / r.secs,
                    r.cpu_ns / 1000.0 / r.requests as f64,
                )
            })
            .unzip()
    };
    let (ours_rps, ours_cpu) = pick("ours");
    let (hand_rps, hand_cpu) = pick("reqwest");
    (!ours_rps.is_empty() && ours_rps.len() == hand_rps.len())
        .then_some((ours_rps, hand_rps, ours_cpu, hand_cpu))
}

/// `- **met**: text (value)`.
fn target(lines: &mut String, ok: Option<bool>, text: &str, value: &str) {
    let status = match ok {
        Some(true) => "**met**",
        Some(false) => "**missed**",
        None => "not measured",
    };
    let _ = writeln!(lines, "- {status}: {text}: {value}");
}

fn targets_section(results: &Results) -> String {
    let mut out = String::from("## Targets (from issue 5), computed from the numbers below\n\n");
    let github = results
        .generation
        .iter()
        .find(|r| r.tool == Tool::Ours && r.subject.starts_with("GitHub"));
    // Generation ≤ 4× bare parse.
    match (github, &results.parse) {
        (Some(g), Some(p)) if g.samples.failed.is_none() && p.failed.is_none() => {
            let r = summarize(&ratios(&g.samples.wall, &p.wall));
            target(
                &mut out,
                r.map(|r| r.median <= 4.0),
                "GitHub generation at most 4× the bare parse of its JSON into a `serde_json::Value` (whole processes)",
                &r.map_or("-".into(), |r| spread(&r, ratio)),
            );
        }
        _ => target(
            &mut out,
            None,
            "GitHub generation at most 4× the bare parse",
            "GitHub spec not generated",
        ),
    }
    // ≥ 10× faster than each peer that succeeds.
    let mut any_peer = false;
    for row in results.generation.iter().filter(|r| r.tool != Tool::Ours) {
        any_peer = true;
        let text = format!(
            "at least 10× faster than {} on {}",
            row.tool.label(),
            row.subject
        );
        match (&row.samples.failed, find(results, &row.subject, Tool::Ours)) {
            (Some(f), _) => {
                let _ = writeln!(
                    out,
                    "- n/a: {text}: {} {}",
                    row.tool.label(),
                    failure_text(f)
                );
            }
            (None, Some(ours)) => {
                let s = speedup(&ours.samples, &row.samples);
                target(
                    &mut out,
                    s.map(|s| s.median >= 10.0),
                    &text,
                    &s.map_or("-".into(), |s| spread(&s, ratio)),
                );
            }
            (None, None) => target(&mut out, None, &text, "-"),
        }
    }
    if !any_peer {
        target(
            &mut out,
            None,
            "at least 10× faster than each peer",
            "no peer ran",
        );
    }
    // < 300 MB peak.
    for row in results.generation.iter().filter(|r| r.tool == Tool::Ours) {
        let peak = summarize(&row.samples.peak_kib);
        target(
            &mut out,
            peak.map(|p| p.max * 1024.0 < 300e6),
            &format!("under 300 MB peak memory generating {}", row.subject),
            &peak.map_or("-".into(), |p| format!("max {}", mem(p.max))),
        );
    }
    // Compile: GitHub crate ≥ 3× faster and ≤ 1/3 memory of openapi-generator's.
    let compile_of = |tool: Tool| {
        results
            .compile
            .iter()
            .find(|r| r.tool == tool && r.subject.starts_with("GitHub"))
    };
    match (compile_of(Tool::Ours), compile_of(Tool::OpenApiGenerator)) {
        (Some(o), Some(g)) if o.samples.failed.is_none() && g.samples.failed.is_none() => {
            let (ow, gw) = (summarize(&o.samples.wall), summarize(&g.samples.wall));
            let (om, gm) = (
                summarize(&o.samples.peak_kib),
                summarize(&g.samples.peak_kib),
            );
            let speed = ow.zip(gw).map(|(o, g)| g.median / o.median);
            target(
                &mut out,
                speed.map(|s| s >= 3.0),
                "the GitHub crate builds at least 3× faster than openapi-generator's",
                &speed.map_or("-".into(), ratio),
            );
            let memory = om.zip(gm).map(|(o, g)| o.median / g.median);
            target(
                &mut out,
                memory.map(|m| m <= 1.0 / 3.0),
                "with at most a third of its peak memory (ours / theirs)",
                &memory.map_or("-".into(), ratio),
            );
        }
        (Some(o), Some(g)) => {
            let why = o
                .samples
                .failed
                .as_ref()
                .map(|f| format!("ours {}", failure_text(f)))
                .or_else(|| {
                    g.samples
                        .failed
                        .as_ref()
                        .map(|f| format!("openapi-generator's {}", failure_text(f)))
                })
                .unwrap_or_default();
            target(
                &mut out,
                None,
                "the GitHub crate builds at least 3× faster, a third of the memory",
                &why,
            );
        }
        _ => target(
            &mut out,
            None,
            "the GitHub crate builds at least 3× faster than openapi-generator's, with a third of the memory",
            if results.quick {
                "`--quick`"
            } else {
                "not built"
            },
        ),
    }
    // Client overhead within 5%.
    let mut any_client = false;
    for (case, conc) in [("small", 1), ("small", 8), ("large", 1), ("large", 8)] {
        if let Some((orps, hrps, ocpu, hcpu)) = client_case(&results.client, case, conc) {
            any_client = true;
            let rps = summarize(&ratios(&orps, &hrps));
            let cpu = summarize(&ratios(&ocpu, &hcpu));
            let ok = rps
                .zip(cpu)
                .map(|(r, c)| r.median >= 0.95 && c.median <= 1.05);
            target(
                &mut out,
                ok,
                &format!(
                    "client overhead within 5% of hand-written reqwest, {case} body, concurrency {conc}"
                ),
                &format!(
                    "requests/s ours/reqwest {}, CPU per request ours/reqwest {}",
                    rps.map_or("-".into(), |s| spread(&s, ratio)),
                    cpu.map_or("-".into(), |s| spread(&s, ratio))
                ),
            );
        }
    }
    if !any_client {
        target(
            &mut out,
            None,
            "client overhead within 5%",
            "the client benchmark did not run",
        );
    }
    // Linear scaling.
    let points: Vec<(usize, f64)> = results
        .scaling
        .iter()
        .filter_map(|r| Some((r.operations, summarize(&r.samples.wall)?.median)))
        .collect();
    let lin = linearity(&points);
    target(
        &mut out,
        lin.as_ref().map(|(_, r)| *r <= 1.5),
        "linear growth with the number of operations (marginal time per operation of the largest step ÷ the smallest step ≤ 1.5)",
        &lin.map_or("-".into(), |(_, r)| ratio(r)),
    );
    out
}

fn render(results: &Results) -> String {
    let mut out = String::new();
    let m = &results.machine;
    let mode = if results.quick { " --quick" } else { "" };
    let _ = writeln!(
        out,
        "# Benchmarks\n\nWritten by `cargo xtask bench{mode}` on {}; do not edit, rerun it. Every \
         comparison is a ratio of runs made in this same invocation, interleaved (the order of \
         the tools rotates from run to run), given as the median of {} runs with the spread \
         (min–max) unless a table says otherwise. Times are whole processes, start to exit \
         (output written), of release builds. Peak memory: {}.\n",
        results.date, results.runs, results.probe
    );
    let _ = writeln!(out, "## Machine\n");
    out.push_str(&markdown_table(
        &["", ""],
        &[
            vec!["cores".into(), m.cores.to_string()],
            vec!["CPU".into(), m.cpu.clone()],
            vec!["memory".into(), m.memory.clone()],
            vec!["OS".into(), m.os.clone()],
            vec!["kernel".into(), m.kernel.clone()],
            vec!["rustc".into(), m.rustc.clone()],
            vec!["java".into(), m.java.clone()],
            vec!["python".into(), m.python.clone()],
        ],
    ));
    let _ = writeln!(out, "\n## Versions\n");
    out.push_str(&markdown_table(
        &["", ""],
        &results
            .versions
            .iter()
            .map(|(a, b)| vec![a.clone(), b.clone()])
            .collect::<Vec<_>>(),
    ));
    out.push('\n');
    out.push_str(&targets_section(results));
    for note in &results.notes {
        let _ = writeln!(out, "\nNote: {note}");
    }

    // 1. Generation.
    let _ = writeln!(
        out,
        "\n## 1. Generation (ours)\n\nStages are measured inside the process (`generator generate --timings`); \
         \"other\" is the rest of the process: start-up, freeing memory, exit. The two large files \
         (`types.rs`, `operations.rs`) are emitted item by item inside render, on every core, so \
         their emit time counts as render.\n"
    );
    let mut rows = Vec::new();
    let mut stage_rows = Vec::new();
    for row in results.generation.iter().filter(|r| r.tool == Tool::Ours) {
        let s = &row.samples;
        rows.push(vec![
            row.subject.clone(),
            match &s.failed {
                Some(f) => failure_text(f),
                None => wall_text(s),
            },
            peak_text(s),
        ]);
        if !s.stages.is_empty() {
            let col = |i: usize| {
                let v: Vec<f64> = s.stages.iter().map(|st| st[i]).collect();
                summarize(&v).map_or("-".into(), |x| secs(x.median))
            };
            let other: Vec<f64> = s
                .stages
                .iter()
                .zip(&s.wall)
                .map(|(st, w)| w - st.iter().sum::<f64>())
                .collect();
            let mut cells = vec![row.subject.clone()];
            cells.extend((0..5).map(col));
            cells.push(summarize(&other).map_or("-".into(), |x| secs(x.median)));
            // The largest stage, for "what bounds it".
            let medians: Vec<f64> = (0..5)
                .map(|i| {
                    let v: Vec<f64> = s.stages.iter().map(|st| st[i]).collect();
                    summarize(&v).map_or(0.0, |x| x.median)
                })
                .collect();
            let names = ["load", "model", "emit", "render", "write"];
            let (top, value) =
                medians.iter().enumerate().fold(
                    (0, 0.0),
                    |acc, (i, v)| if *v > acc.1 { (i, *v) } else { acc },
                );
            let total = summarize(&s.wall).map_or(0.0, |x| x.median);
            cells.push(format!(
                "{} ({:.0}%)",
                names[top],
                if total > 0.0 {
                    value / total * 100.0
                } else {
                    0.0
                }
            ));
            stage_rows.push(cells);
        }
    }
    if let Some(p) = &results.parse {
        let in_process = summarize(&results.parse_in_process_ms).map_or(String::new(), |s| {
            format!("; in-process {}", spread(&s, |v| secs(v / 1000.0)))
        });
        rows.push(vec![
            "GitHub: bare parse into `serde_json::Value` (`client-bench parse`)".into(),
            match &p.failed {
                Some(f) => failure_text(f),
                None => format!("{}{in_process}", wall_text(p)),
            },
            peak_text(p),
        ]);
    }
    out.push_str(&markdown_table(&["spec", "time", "peak memory"], &rows));
    out.push('\n');
    out.push_str(&markdown_table(
        &[
            "spec", "load", "model", "emit", "render", "write", "other", "largest",
        ],
        &stage_rows,
    ));

    // 2. Peers.
    let _ = writeln!(
        out,
        "\n## 2. The peers on the same specs\n\nThe ratio is the peer's time ÷ ours, per run (how many times faster ours is). \
         The peers get the spec alone (no `provider.toml`).\n"
    );
    let mut rows = Vec::new();
    for row in results.generation.iter().filter(|r| r.tool != Tool::Ours) {
        let s = &row.samples;
        let ours = find(results, &row.subject, Tool::Ours);
        let r = ours.and_then(|o| speedup(&o.samples, s));
        let mem_ratio = ours
            .and_then(|o| summarize(&o.samples.peak_kib))
            .zip(summarize(&s.peak_kib))
            .map(|(o, p)| p.median / o.median);
        rows.push(vec![
            row.subject.clone(),
            row.tool.label().into(),
            match &s.failed {
                Some(f) => failure_text(f),
                None => wall_text(s),
            },
            peak_text(s),
            r.map_or("-".into(), |r| spread(&r, ratio)),
            mem_ratio.map_or("-".into(), ratio),
        ]);
    }
    if rows.is_empty() {
        let _ = writeln!(out, "No peer ran.");
    } else {
        out.push_str(&markdown_table(
            &[
                "spec",
                "peer",
                "time",
                "peak memory",
                "time ÷ ours",
                "memory ÷ ours",
            ],
            &rows,
        ));
    }

    // 3. Compile.
    let _ = writeln!(
        out,
        "\n## 3. Compile time of the generated crates\n\n`cargo build` (debug) of the crate alone, its dependencies \
         already built (its `src/lib.rs` touched before each run, `CARGO_INCREMENTAL=0` so the whole crate is compiled again), in a scratch folder with its own target \
         directory under `~/.cache/openapi-clientgen/bench/compile/`; ours uses the workspace's `Cargo.lock`. \
         Peak memory is the largest process (the crate's `rustc`).\n"
    );
    let rows: Vec<Vec<String>> = results
        .compile
        .iter()
        .map(|row| {
            let ours = results
                .compile
                .iter()
                .find(|r| r.subject == row.subject && r.tool == Tool::Ours);
            let vs = |f: &dyn Fn(&Samples) -> &Vec<f64>| {
                ours.filter(|o| row.tool != Tool::Ours && o.samples.failed.is_none())
                    .and_then(|o| summarize(f(&o.samples)))
                    .zip(summarize(f(&row.samples)))
                    .map_or("-".into(), |(o, p)| ratio(p.median / o.median))
            };
            vec![
                row.subject.clone(),
                row.tool.label().into(),
                if row.files == 0 {
                    "-".to_string()
                } else {
                    format!("{} files, {} lines", row.files, row.lines)
                },
                row.first_build.map_or("-".into(), secs),
                match &row.samples.failed {
                    Some(f) => failure_text(f),
                    None => wall_text(&row.samples),
                },
                peak_text(&row.samples),
                vs(&|s| &s.wall),
                vs(&|s| &s.peak_kib),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "Not measured{}.",
            if results.quick { " (`--quick`)" } else { "" }
        );
    } else {
        out.push_str(&markdown_table(
            &[
                "spec",
                "generator",
                "size (src/**/*.rs)",
                "first build (with deps)",
                "build of the crate",
                "peak memory",
                "time ÷ ours",
                "memory ÷ ours",
            ],
            &rows,
        ));
    }

    // 4. Client.
    let _ = writeln!(
        out,
        "\n## 4. Client overhead at run time\n\nThe generated FastPix client (`get_media` for the small body, \
         `list_media` for the ~1 MB one) against a hand-written reqwest call making the same request (Basic auth, \
         status check, decoding into the same generated type), both against a minimal keep-alive HTTP/1.1 server \
         on 127.0.0.1 in the same process; the client runs on a current-thread tokio runtime and its CPU time is \
         that thread's. Interleaved rounds; medians and spreads over rounds. {}\n",
        results.client_bodies
    );
    let mut rows = Vec::new();
    for (case, conc) in [("small", 1), ("small", 8), ("large", 1), ("large", 8)] {
        if let Some((orps, hrps, ocpu, hcpu)) = client_case(&results.client, case, conc) {
            let s = |v: &[f64], f: &dyn Fn(f64) -> String| {
                summarize(v).map_or("-".into(), |x| spread(&x, f))
            };
            let rps = |v: f64| format!("{v:.0}");
            let us = |v: f64| format!("{v:.1} µs");
            rows.push(vec![
                format!("{case} body, concurrency {conc}"),
                s(&orps, &rps),
                s(&hrps, &rps),
                s(&ratios(&orps, &hrps), &ratio),
                s(&ocpu, &us),
                s(&hcpu, &us),
                s(&ratios(&ocpu, &hcpu), &ratio),
            ]);
        }
    }
    if rows.is_empty() {
        let _ = writeln!(out, "Not measured.");
    } else {
        out.push_str(&markdown_table(
            &[
                "case",
                "requests/s, ours",
                "requests/s, reqwest",
                "ours ÷ reqwest",
                "CPU/request, ours",
                "CPU/request, reqwest",
                "ours ÷ reqwest",
            ],
            &rows,
        ));
    }

    // 5. Scaling.
    let _ = writeln!(
        out,
        "\n## 5. Scaling\n\nSynthetic specs (`xtask/src/bench/synth.rs`): CRUD resources of five operations, one \
         schema each. The marginal time per operation is the time added per operation since the previous size.\n"
    );
    let mut rows = Vec::new();
    let mut prev: Option<(usize, f64)> = None;
    for row in &results.scaling {
        let median = summarize(&row.samples.wall).map(|s| s.median);
        let marginal = match (prev, median) {
            (Some((n0, t0)), Some(t)) => {
                format!("{:.0} µs", (t - t0) / (row.operations - n0) as f64 * 1e6)
            }
            _ => "-".into(),
        };
        rows.push(vec![
            row.operations.to_string(),
            match &row.samples.failed {
                Some(f) => failure_text(f),
                None => wall_text(&row.samples),
            },
            peak_text(&row.samples),
            median.map_or("-".into(), |t| {
                format!("{:.0} µs", t / row.operations as f64 * 1e6)
            }),
            marginal,
        ]);
        prev = median.map(|t| (row.operations, t));
    }
    out.push_str(&markdown_table(
        &[
            "operations",
            "time",
            "peak memory",
            "time per operation",
            "marginal per operation",
        ],
        &rows,
    ));

    // Commands.
    let _ = writeln!(
        out,
        "\n## Commands\n\nThe first command of each kind, exactly as run (output folders are fresh for every run).\n"
    );
    for (kind, cmd) in &results.commands {
        let _ = writeln!(out, "- {kind}: `{cmd}`");
    }
    let _ = writeln!(out, "\nRerun: `cargo xtask bench{mode}`.");
    out
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

    #[test]
    fn reads_tool_lines() {
        assert_eq!(
            parse_timings("timings: load_ms=1.5 model_ms=2 emit_ms=3.25 render_ms=4 write_ms=0.5"),
            Some([1.5, 2.0, 3.25, 4.0, 0.5])
        );
        assert_eq!(parse_timings("timings: load_ms=1.5"), None);
        assert_eq!(
            parse_client_line(
                "round case=small conc=8 client=ours requests=2000 secs=0.5 cpu_ns=1000000"
            ),
            Some(ClientRound {
                case: "small".into(),
                conc: 8,
                client: "ours".into(),
                requests: 2000,
                secs: 0.5,
                cpu_ns: 1e6,
            })
        );
        assert_eq!(parse_client_line("bodies small_bytes=1"), None);
        assert_eq!(field("parse_ms=112.5 bytes=3", "parse_ms"), Some(112.5));
        assert_eq!(field("xparse_ms=1", "parse_ms"), None);
    }

    #[test]
    fn renders_tables() {
        let table = markdown_table(
            &["a", "b"],
            &[
                vec!["1".into(), "x|y".into()],
                vec!["two\nlines".into(), String::new()],
            ],
        );
        assert_eq!(
            table,
            "| a | b |\n|---|---|\n| 1 | x\\|y |\n| two lines |  |\n"
        );
    }

    #[test]
    fn checks_linearity() {
        // 10 ms start-up plus 1 ms per operation: perfectly linear.
        let linear = [(100, 0.11), (1000, 1.01), (10_000, 10.01)];
        let (slopes, r) = linearity(&linear).unwrap();
        assert_eq!(slopes.len(), 2);
        assert!((r - 1.0).abs() < 1e-9);
        // Quadratic: t = n² / 1e6.
        let quadratic = [(100, 0.01), (1000, 1.0), (10_000, 100.0)];
        assert!(linearity(&quadratic).unwrap().1 > 5.0);
        assert!(linearity(&[(100, 0.1)]).is_none());
        assert!(linearity(&[(100, 0.1), (1000, 0.2)]).is_none());
    }

    #[test]
    fn computes_targets_from_numbers() {
        let samples = |wall: &[f64], peak: f64| Samples {
            wall: wall.to_vec(),
            peak_kib: vec![peak; wall.len()],
            ..Samples::default()
        };
        let results = Results {
            generation: vec![
                GenRow {
                    subject: "GitHub".into(),
                    tool: Tool::Ours,
                    samples: samples(&[0.4, 0.5, 0.6], 200_000.0),
                },
                GenRow {
                    subject: "GitHub".into(),
                    tool: Tool::OpenApiGenerator,
                    samples: samples(&[10.0, 11.0, 3.0], 950_000.0),
                },
                GenRow {
                    subject: "GitHub".into(),
                    tool: Tool::Progenitor,
                    samples: Samples {
                        failed: Some(("github".into(), Some(101), "panicked".into())),
                        ..Samples::default()
                    },
                },
            ],
            parse: Some(samples(&[0.1, 0.1, 0.2], 100_000.0)),
            ..Results::default()
        };
        let text = targets_section(&results);
        // 0.4/0.1, 0.5/0.1, 0.6/0.2 → median 4.0: met.
        assert!(
            text.contains("- **met**: GitHub generation at most 4×"),
            "{text}"
        );
        // 25, 22, 5 → median 22.
        assert!(text.contains("- **met**: at least 10× faster than openapi-generator on GitHub: 22.0× (5.00×–25.0×)"), "{text}");
        assert!(text.contains("- n/a: at least 10× faster than progenitor on GitHub: progenitor failed on github (exit 101)"), "{text}");
        assert!(
            text.contains("- **met**: under 300 MB peak memory generating GitHub"),
            "{text}"
        );
        assert!(text.contains("- not measured: client overhead"), "{text}");
        let report = render(&results);
        assert!(report.contains("## 2. The peers on the same specs"));
    }
}
