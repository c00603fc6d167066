//! `cargo xtask`: the workspace's maintenance commands (see [`USAGE`]).
//!
//! Dependency-light on purpose: the standard library plus the generator library, whose
//! [`generator::disk`] module does all comparing and writing of file trees.

/// `println!` that ignores a closed stdout (`cargo xtask regenerate | head` must not panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod bench;
mod conformance;
mod corpus;
mod diff;
mod e2e;
mod fetch_corpus;
mod generate;
mod previous_generator;
mod prism;
mod regenerate;
mod semver;
mod tree;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use generator::Stats;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  regenerate             regenerate generated/<provider>/ from specs/<provider>/, and
                         report API changes (breaking or compatible) per provider
  regenerate --check     only check that generated/ is up to date with specs/
  generate --spec FILE --out DIR --name CRATE [--config FILE] [--strict] [--timings]
                         generate one crate into DIR
  diff OLD_SPEC NEW_SPEC [--config FILE]
                         print the API change report between two specs
  e2e [--provider NAME]  call every operation of the generated crates against Prism
                         mocks of their specs (installs Prism with npm if missing)
  conformance [--providers] [--spec FILE [--config FILE]] [--directory [--sample N]
              [--seed S]] [--report FILE]
                         call every operation of each spec's generated crate once, with
                         values the spec allows, against Prism; each call accepted, decoded,
                         or a failure classed as ours, the spec's or the mock's (default: the
                         providers; --directory: a sample of APIs.guru's, 40 with seed 7);
                         report in target/conformance/report.{md,json}
  corpus DIR [--recursive] [--sample N [--seed S]] [--jobs J]
                         generate every spec in DIR (*.yaml|*.yml|*.json, <name>/openapi.*;
                         --recursive: spec files at any depth) on J threads, compile the
                         crates (or a seeded sample of N) warning-free and clippy-clean; rows
                         in target/corpus/rows.tsv, failures and skips grouped by message
  fetch-corpus [--dir D] [--directory]
                         download the pinned real-world specs (GitHub's REST API; with
                         --directory, the APIs.guru directory of 2,639 specs) into D
                         (default ~/.cache/openapi-clientgen/corpus), checked by sha256
  semver-check           check the API change report against cargo-semver-checks on every
                         change-fixture pair, FastPix's, and FastPix across generator versions
                         (xtask/previous-generator; needs cargo-semver-checks and git history)
  bench [--quick] [--output FILE]
                         generation time and memory against progenitor and openapi-generator,
                         compile time of the generated crates, client overhead, scaling;
                         writes BENCHMARKS.md (--quick: reduced set, under two minutes)
  help, --help           print this text

exit codes: 0 success, 1 failure or generated/ out of date, 2 usage error";

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Bad command line: the message, then the usage text; exit code 2.
    Usage(String),
    /// The command failed; each message is printed as `error: …` (anything else has already
    /// been printed); exit code 1.
    Failed(Vec<String>),
}

impl Failure {
    pub fn one(message: impl Into<String>) -> Self {
        Failure::Failed(vec![message.into()])
    }

    /// A file operation that failed, with the file's path.
    pub fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        Failure::one(format!("{}: {error}", path.display()))
    }
}

enum Command {
    Help,
    Regenerate { check: bool },
    Generate(generate::Args),
    Diff(diff::Args),
    E2e(e2e::Args),
    Conformance(conformance::Args),
    Corpus(corpus::Args),
    FetchCorpus(fetch_corpus::Args),
    Bench(bench::Args),
    SemverCheck,
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let result = parse(&args).and_then(|command| match command {
        Command::Help => {
            say!("{USAGE}");
            Ok(())
        }
        Command::Regenerate { check } => {
            // Run from the workspace root so that paths in messages are short and relative.
            let root = workspace_root();
            std::env::set_current_dir(&root)
                .map_err(|e| Failure::one(format!("{}: {e}", root.display())))?;
            regenerate::run(Path::new(""), check)
        }
        Command::Generate(args) => generate::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::E2e(args) => e2e::run(&workspace_root(), &args),
        Command::Conformance(args) => conformance::run(&workspace_root(), &args),
        Command::Corpus(args) => corpus::run(&workspace_root(), &args),
        Command::FetchCorpus(args) => fetch_corpus::run(&args),
        Command::Bench(args) => bench::run(&workspace_root(), &args),
        Command::SemverCheck => semver::run(&workspace_root()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(messages)) => {
            for message in messages {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[OsString]) -> Result<Command, Failure> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    match command.to_str() {
        Some("help") if rest.is_empty() => Ok(Command::Help),
        Some("regenerate") => {
            let mut check = false;
            for arg in rest {
                match arg.to_str() {
                    Some("--check") if !check => check = true,
                    _ => return Err(unexpected(arg)),
                }
            }
            Ok(Command::Regenerate { check })
        }
        Some("generate") => generate::parse(rest).map(Command::Generate),
        Some("diff") => diff::Args::parse(rest).map(Command::Diff),
        Some("e2e") => e2e::Args::parse(rest).map(Command::E2e),
        Some("conformance") => conformance::Args::parse(rest).map(Command::Conformance),
        Some("corpus") => corpus::Args::parse(rest).map(Command::Corpus),
        Some("fetch-corpus") => fetch_corpus::Args::parse(rest).map(Command::FetchCorpus),
        Some("bench") => bench::Args::parse(rest).map(Command::Bench),
        Some("semver-check") => match rest.first() {
            None => Ok(Command::SemverCheck),
            Some(arg) => Err(unexpected(arg)),
        },
        _ => Err(Failure::Usage(format!(
            "unknown command `{}`",
            command.to_string_lossy()
        ))),
    }
}

/// The usage error for an argument that is not expected where it appears.
pub fn unexpected(arg: &OsString) -> Failure {
    Failure::Usage(format!("unexpected argument `{}`", arg.to_string_lossy()))
}

/// The cargo that runs xtask, or the one on the `PATH`.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"))
}

/// The workspace root: the folder above this crate's, as `cargo run` says at run time (a
/// path baked in at compile time would point into another checkout when cargo reuses this
/// binary from a shared target directory); run directly, the nearest folder up from the
/// current one that holds `xtask/Cargo.toml`.
fn workspace_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
        && let Some(root) = dir
            .parent()
            .filter(|r| r.join("xtask/Cargo.toml").is_file())
    {
        return root.to_path_buf();
    }
    let here = std::env::current_dir().unwrap_or_default();
    here.ancestors()
        .find(|dir| dir.join("xtask/Cargo.toml").is_file())
        .unwrap_or(&here)
        .to_path_buf()
}

/// `fastpix: 68 operations, 120 types, 14502 lines, 83 ms`
pub fn stats_line(name: &str, stats: &Stats, elapsed: Duration) -> String {
    let skipped = match stats.skipped {
        0 => String::new(),
        n => format!(", {n} not generated (see the crate README)"),
    };
    format!(
        "{name}: {} operations, {} types, {} lines, {} ms{skipped}",
        stats.operations,
        stats.types,
        stats.lines,
        elapsed.as_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_commands() {
        assert!(matches!(parse(&args(&["--help"])), Ok(Command::Help)));
        assert!(matches!(parse(&args(&["help"])), Ok(Command::Help)));
        assert!(matches!(
            parse(&args(&["regenerate", "--help"])),
            Ok(Command::Help)
        ));
        assert!(matches!(
            parse(&args(&["regenerate"])),
            Ok(Command::Regenerate { check: false })
        ));
        assert!(matches!(
            parse(&args(&["regenerate", "--check"])),
            Ok(Command::Regenerate { check: true })
        ));
        for bad in [
            &[][..],
            &["frobnicate"][..],
            &["regenerate", "--chekc"][..],
            &["regenerate", "--check", "--check"][..],
            &["regenerate", "extra"][..],
            &["help", "me"][..],
        ] {
            assert!(
                matches!(parse(&args(bad)), Err(Failure::Usage(_))),
                "{bad:?} should be a usage error"
            );
        }
    }

    #[test]
    fn formats_stats_line() {
        let mut stats = Stats {
            operations: 68,
            types: 120,
            lines: 14502,
            skipped: 0,
        };
        assert_eq!(
            stats_line("fastpix", &stats, Duration::from_micros(83_900)),
            "fastpix: 68 operations, 120 types, 14502 lines, 83 ms"
        );
        stats.skipped = 2;
        assert_eq!(
            stats_line("x", &stats, Duration::from_millis(5)),
            "x: 68 operations, 120 types, 14502 lines, 5 ms, 2 not generated (see the crate README)"
        );
    }
}
