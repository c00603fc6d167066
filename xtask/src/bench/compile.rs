//! Section 3: compile time and peak memory of the generated crates, ours and the peers'.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use super::generation::gen_command;
use super::measure::{self, Cmd};
use super::peers::{Peer, Tool};
use super::results::{CompileRow, Results, Samples, Subject, failed};
use super::stats::{secs, spread, summarize};
use super::{Plan, Tools, cargo, io_err};
use crate::Failure;

/// Builds the crate of every subject but the providers with every generator.
pub fn measure(
    tools: &Tools,
    subjects: &[Subject],
    peers: &[Peer],
    plan: &Plan,
    results: &mut Results,
) -> Result<(), Failure> {
    let compiled = |s: &&Subject| s.key != "providers" && !s.generation_only;
    // What a user who generates Graph beta and builds gets by default (its tags are off
    // past 2,500 operations): `cargo check` of the crate alone, once.
    if let Some(graph) = subjects
        .iter()
        .find(|s| s.key == "graph" && s.parts[0].name == "graph_beta")
    {
        let row = compile(tools, None, graph, 1, Build::CheckDefaults, results)?;
        results.compile.push(row);
    }
    for subject in subjects.iter().filter(compiled) {
        let runs = if subject.key == "github" {
            plan.compile_runs.1
        } else {
            plan.compile_runs.0
        };
        let generators = std::iter::once(None).chain(peers.iter().map(Some));
        for tool in generators {
            let row = compile(tools, tool, subject, runs, Build::Defaults, results)?;
            results.compile.push(row);
        }
        // Ours is split by tag (1,223 operations): what a user of two tags builds.
        if subject.key == "github" {
            let row = compile(tools, None, subject, runs, Build::Only(SELECTED), results)?;
            results.compile.push(row);
        }
    }
    Ok(())
}

/// The tags of GitHub's crate a typical user might build alone.
const SELECTED: &str = "issues,pulls";

/// What a row compiles.
#[derive(Clone, Copy)]
enum Build {
    /// `cargo build`, default features.
    Defaults,
    /// `cargo build` of only these features.
    Only(&'static str),
    /// `cargo check`, default features.
    CheckDefaults,
}

/// Generates a crate into a scratch folder with its own target directory, builds it once
/// (dependencies included), then times `runs` rebuilds of the crate alone (its `src/lib.rs`
/// touched before each).
fn compile(
    tools: &Tools,
    tool: Option<&Peer>,
    subject: &Subject,
    runs: usize,
    kind_of_build: Build,
    results: &mut Results,
) -> Result<CompileRow, Failure> {
    let kind = tool.map_or(Tool::Ours, |p| p.tool);
    let mut row = CompileRow {
        subject: match kind_of_build {
            Build::Defaults => subject.label.clone(),
            Build::Only(f) => format!("{}, features `{f}` only", subject.label),
            Build::CheckDefaults => format!("{}, `cargo check`, default features", subject.label),
        },
        tool: kind,
        files: 0,
        lines: 0,
        first_build: None,
        samples: Samples::default(),
    };
    let part = &subject.parts[0];
    let scratch = tools
        .cache
        .join("bench")
        .join("compile")
        .join(match kind_of_build {
            Build::Defaults => format!("{}-{}", subject.key, kind.label()),
            Build::Only(_) => format!("{}-{}-selected", subject.key, kind.label()),
            Build::CheckDefaults => format!("{}-{}-check", subject.key, kind.label()),
        });
    let krate = scratch.join("crate");
    let _ = fs::remove_dir_all(&krate);
    fs::create_dir_all(&scratch).map_err(io_err(&scratch))?;
    say!("compile: {} by {}", subject.label, kind.label());
    let cmd = gen_command(&tools.generator, tool, part, &krate);
    let r = measure::run(&cmd, &tools.probe, &tools.work).map_err(Failure::one)?;
    if !r.success {
        row.samples.failed = Some(failed("generation", &r));
        return Ok(row);
    }
    if tool.is_none() {
        // The workspace's lock file: the same dependency versions as generated/.
        let _ = fs::copy(tools.root.join("Cargo.lock"), krate.join("Cargo.lock"));
    }
    (row.files, row.lines) = count_rust(&krate.join("src"));
    let verb = match kind_of_build {
        Build::CheckDefaults => "check",
        _ => "build",
    };
    let mut build = Cmd::new(cargo())
        .args([verb, "--manifest-path"])
        .arg(krate.join("Cargo.toml"));
    if let Build::Only(f) = kind_of_build {
        build = build.args(["--no-default-features", "--features", f]);
    }
    let build = build
        .clean_cargo_env()
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        // A touched file must rebuild the whole crate: incremental compilation would reuse
        // most of the previous build and measure that instead.
        .env("CARGO_INCREMENTAL", "0");
    results.command("compile (first build, dependencies included)", &build);
    let first = measure::run(&build, &tools.probe, &tools.work).map_err(Failure::one)?;
    if !first.success {
        let log = scratch.join("build.log");
        let _ = fs::write(&log, format!("{}{}", first.stdout, first.stderr));
        row.samples.failed = Some(failed(
            format!("first build (log: {})", log.display()),
            &first,
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
        let r = measure::run(&build, &tools.probe, &tools.work).map_err(Failure::one)?;
        if !r.success {
            row.samples.failed = Some(failed("rebuild", &r));
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
