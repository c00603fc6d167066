//! `cargo xtask corpus DIR [--recursive] [--sample N] [--seed S] [--jobs J]`: the generator
//! against a folder of real-world specs.
//!
//! The specs in `DIR` are every `*.yaml`, `*.yml` and `*.json` file directly in it, and every
//! `DIR/<name>/openapi.{yaml,yml,json}` (with its `provider.toml`, if there is one beside it);
//! with `--recursive`, every spec file at any depth (a published directory such as APIs.guru's).
//! Specs are generated in memory on `--jobs` threads (default: one per core), largest first;
//! a panic is caught and reported as that spec's failure. The crates to compile (all, or a
//! seeded random `--sample` of the specs) are written into a scratch cargo workspace,
//! `target/corpus/<crate>/`, which shares the main workspace's `Cargo.lock` and one target
//! directory, `target/corpus-target/`; then `cargo clippy` runs once over them (`--keep-going`,
//! warnings denied). The crate name is the spec's path, sanitised.
//!
//! Output: a table of the rows (every row for up to 100 specs; else the failing ones), the
//! rows as `target/corpus/rows.tsv`, every item left out as `target/corpus/not-generated.tsv`,
//! cargo's output as `target/corpus/check.log`, and a summary: totals, failures grouped by
//! message, compile errors and left-out items grouped by reason. Exit code 1 if any spec
//! failed to generate or any compiled crate failed to compile.

mod check;
mod discover;
mod report;

use std::ffi::OsString;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use generator::load::METHODS;
use generator::{Input, disk};

pub use discover::{Entry, crate_name, discover};
use report::Row;

use crate::{Failure, unexpected};

/// `DIR [--recursive] [--sample N] [--seed S] [--jobs J]`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    pub dir: std::path::PathBuf,
    pub recursive: bool,
    /// Compile only this many crates, chosen at random (by `seed`) among the specs.
    pub sample: Option<usize>,
    pub seed: u64,
    /// Generation threads; `None`: one per core.
    pub jobs: Option<usize>,
}

/// Rows printed in full up to this many specs; past it, only the failing ones.
const FULL_TABLE: usize = 100;

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut parsed = Args {
            seed: 1,
            ..Args::default()
        };
        let (mut dir, mut seed_given) = (None, false);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let text = arg.to_str().ok_or_else(|| unexpected(arg))?;
            let (flag, inline) = match text.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
                _ => (text, None),
            };
            let mut number = |name: &str| -> Result<u64, Failure> {
                let value = inline
                    .clone()
                    .or_else(|| args.next().and_then(|v| v.to_str()).map(str::to_string));
                value
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| Failure::Usage(format!("`{name}` needs a number")))
            };
            match flag {
                "--recursive" if inline.is_none() && !parsed.recursive => parsed.recursive = true,
                "--sample" if parsed.sample.is_none() => {
                    parsed.sample = Some(number(flag)? as usize)
                }
                "--seed" if !seed_given => {
                    parsed.seed = number(flag)?;
                    seed_given = true;
                }
                "--jobs" if parsed.jobs.is_none() => {
                    parsed.jobs = Some((number(flag)? as usize).max(1))
                }
                _ if !text.starts_with("--") && !text.is_empty() && dir.is_none() => {
                    dir = Some(std::path::PathBuf::from(arg))
                }
                _ => return Err(unexpected(arg)),
            }
        }
        if seed_given && parsed.sample.is_none() {
            return Err(Failure::Usage("`--seed` chooses a `--sample`".into()));
        }
        parsed.dir =
            dir.ok_or_else(|| Failure::Usage("`corpus` needs a folder of specs".into()))?;
        Ok(parsed)
    }
}

/// Runs the command; `root` is the main workspace (for `target/` and `Cargo.lock`).
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    let entries = discover(&args.dir, args.recursive).map_err(|e| Failure::one(e.to_string()))?;
    if entries.is_empty() {
        return Err(Failure::one(format!(
            "{}: no specs (*.yaml, *.yml, *.json, or <name>/openapi.*)",
            args.dir.display()
        )));
    }
    let scratch = root.join("target").join("corpus");
    let target_dir = root.join("target").join("corpus-target");
    fs::create_dir_all(&scratch)
        .map_err(|e| Failure::one(format!("{}: {e}", scratch.display())))?;

    let to_compile = match args.sample {
        Some(n) => sample(entries.len(), n, args.seed),
        None => vec![true; entries.len()],
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let start = Instant::now();
    let results = generate_all(&entries, &to_compile, &scratch, jobs);
    eprintln!(
        "generated {} specs in {:.1} s on {jobs} threads",
        entries.len(),
        start.elapsed().as_secs_f64()
    );
    let (mut rows, written): (Vec<Row>, Vec<bool>) = results.into_iter().unzip();
    let members: Vec<String> = entries
        .iter()
        .zip(&written)
        .filter(|(_, w)| **w)
        .map(|(e, _)| e.name.clone())
        .collect();
    remove_stale(&scratch, &members);
    write_workspace(root, &scratch, &members)?;

    if !members.is_empty() {
        eprintln!("cargo clippy of {} crates ...", members.len());
        let start = Instant::now();
        let check = check::run(&scratch, &target_dir)?;
        eprintln!(
            "cargo clippy: {:.1} s; output in {}",
            start.elapsed().as_secs_f64(),
            scratch.join("check.log").display()
        );
        for (row, entry) in rows.iter_mut().zip(&entries) {
            if row.compiled.is_none() && members.contains(&entry.name) {
                let (ok, errors, first) = check.of(&entry.name);
                row.compiled = Some(ok);
                row.errors = errors;
                row.first_error = first;
            }
        }
    }

    write_file(&scratch.join("rows.tsv"), &report::rows_tsv(&rows))?;
    write_file(
        &scratch.join("not-generated.tsv"),
        &report::skips_tsv(&rows),
    )?;
    let failed = |r: &&Row| r.generated.is_none() || r.compiled == Some(false);
    let shown: Vec<&Row> = if rows.len() <= FULL_TABLE {
        rows.iter().collect()
    } else {
        rows.iter().filter(failed).collect()
    };
    if !shown.is_empty() {
        say!("{}\n", report::table(&shown));
    }
    let sampled = args
        .sample
        .map(|n| format!("a sample of {n}, seed {}", args.seed));
    say!("{}", report::summary(&rows, sampled.as_deref()));
    say!(
        "rows: {}; not generated: {}",
        scratch.join("rows.tsv").display(),
        scratch.join("not-generated.tsv").display()
    );
    let failures = rows.iter().filter(failed).count();
    if failures == 0 {
        Ok(())
    } else {
        Err(Failure::Failed(vec![format!(
            "{failures} of {} specs failed to generate or compile",
            rows.len()
        )]))
    }
}

/// Which of `len` specs to compile: `n` of them, chosen by a generator seeded with `seed`
/// (fastrand's, pinned by `Cargo.lock`), so a seed names the same sample on every machine.
pub fn sample(len: usize, n: usize, seed: u64) -> Vec<bool> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut chosen = vec![false; len];
    for i in rng.choose_multiple(0..len, n) {
        chosen[i] = true;
    }
    chosen
}

/// Generates every entry on `jobs` threads, largest spec first (so the long ones do not end
/// up last on one thread); each result in the entry's place.
fn generate_all(
    entries: &[Entry],
    to_compile: &[bool],
    scratch: &Path,
    jobs: usize,
) -> Vec<(Row, bool)> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    let size = |i: &usize| fs::metadata(&entries[*i].spec).map_or(0, |m| m.len());
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(Row, bool)>>> = Mutex::new(vec![None; entries.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(entries.len()) {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = generate(&entries[i], to_compile[i], scratch);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(entries)
        .map(|(result, entry)| {
            result.unwrap_or_else(|| {
                let row = Row {
                    label: entry.label.clone(),
                    failure: Some("not generated (a worker thread stopped)".into()),
                    ..Row::default()
                };
                (row, false)
            })
        })
        .collect()
}

/// Generates one spec, and writes it into `scratch/<name>/` when it is to be compiled; the
/// row so far, and whether it was written. A panic is the spec's failure.
fn generate(entry: &Entry, write: bool, scratch: &Path) -> (Row, bool) {
    let mut row = Row {
        label: entry.label.clone(),
        ..Row::default()
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        generate_into(entry, write, scratch, &mut row)
    }));
    match outcome {
        Ok(written) => (row, written),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            row.failure = Some(format!("panic: {message}"));
            row.first_error = row.failure.clone();
            row.generated = None;
            (row, false)
        }
    }
}

fn generate_into(entry: &Entry, write: bool, scratch: &Path, row: &mut Row) -> bool {
    if let Ok(spec) = generator::load::load(&entry.spec) {
        let text = |p: &str| {
            spec.resolver().get(p).map(|v| match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            })
        };
        row.openapi = discover::declared_version(&entry.spec).or_else(|| text("/openapi"));
        row.version = text("/info/version");
        row.total = Some(count_operations(&spec));
    }
    let start = Instant::now();
    let result = generator::generate(&Input {
        spec: &entry.spec,
        config: entry.config.as_deref(),
        name: Some(&entry.name),
    });
    row.millis = Some(start.elapsed().as_millis());
    let output = match result {
        Ok(output) => output,
        Err(diagnostic) => {
            row.failure = Some(diagnostic.message.clone());
            row.first_error = Some(diagnostic.to_string());
            return false;
        }
    };
    row.generated = Some(output.stats.operations);
    row.types = Some(output.stats.types);
    row.skips = output
        .skipped
        .iter()
        .map(|s| (s.what.clone(), s.pointer.clone(), s.reason.clone()))
        .collect();
    if !write {
        return false;
    }
    let written = disk::tree(&output.files)
        .and_then(|tree| disk::write_crate(&scratch.join(&entry.name), &tree));
    if let Err(e) = written {
        row.first_error = Some(format!("writing the crate: {e}"));
        row.compiled = Some(false);
        return false;
    }
    true
}

/// Operations in a spec: the HTTP methods of every path item.
fn count_operations(spec: &generator::load::Spec) -> usize {
    let resolver = spec.resolver();
    let Some(paths) = resolver.get("/paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .iter()
        .filter_map(|(path, item)| {
            let pointer = format!("/paths/{}", path.replace('~', "~0").replace('/', "~1"));
            resolver.resolve(item, &pointer).ok().map(|(item, _)| item)
        })
        .filter_map(|item| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    fs::write(path, text).map_err(|e| Failure::one(format!("{}: {e}", path.display())))
}

/// Removes crates of an earlier run that are not in this one (only generated ones).
fn remove_stale(scratch: &Path, members: &[String]) {
    let Ok(entries) = fs::read_dir(scratch) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let generated = fs::read_to_string(path.join("Cargo.toml"))
            .is_ok_and(|t| t.starts_with("# generated by"));
        if path.is_dir() && generated && !members.contains(&name) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// The scratch workspace's manifest, and the main workspace's lock file (same versions, so
/// what is compiled in the shared target directory is reused from run to run).
fn write_workspace(root: &Path, scratch: &Path, members: &[String]) -> Result<(), Failure> {
    let list: String = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest = format!(
        "# written by `cargo xtask corpus`\n[workspace]\nresolver = \"3\"\nmembers = [\n{list}]\n"
    );
    write_file(&scratch.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, scratch.join("Cargo.lock"))
            .map_err(|e| Failure::one(format!("{}: {e}", lock.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Args, Failure> {
        Args::parse(&list.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_args() {
        let args = parse(&["specs"]).unwrap();
        assert_eq!(args.dir, std::path::PathBuf::from("specs"));
        assert_eq!(
            (args.recursive, args.sample, args.jobs),
            (false, None, None)
        );
        let args = parse(&[
            "d",
            "--recursive",
            "--sample",
            "30",
            "--seed=7",
            "--jobs",
            "2",
        ])
        .unwrap();
        assert!(args.recursive);
        assert_eq!((args.sample, args.seed, args.jobs), (Some(30), 7, Some(2)));
        for bad in [
            &[][..],
            &["a", "b"][..],
            &["--dir"][..],
            &["d", "--sample"][..],
            &["d", "--sample", "x"][..],
            &["d", "--seed", "3"][..],
            &["d", "--recursive", "--recursive"][..],
        ] {
            assert!(matches!(parse(bad), Err(Failure::Usage(_))), "{bad:?}");
        }
    }

    /// A seed names one sample: the same on every run, another for another seed, of the
    /// size asked (or all of them, when fewer).
    #[test]
    fn samples_are_seeded() {
        let a = sample(2639, 30, 13);
        assert_eq!(a.iter().filter(|c| **c).count(), 30);
        assert_eq!(a, sample(2639, 30, 13));
        assert_ne!(a, sample(2639, 30, 14));
        assert!(sample(5, 30, 1).iter().all(|c| *c));
    }
}
