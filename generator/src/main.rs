//! The `generator` command: `generator generate --spec FILE --out DIR --name CRATE [--config FILE]`.
//!
//! Behaves exactly like `cargo xtask generate`: the crate is generated in memory, then `DIR`
//! (created if missing) is brought in line with it by [`generator::disk::write_crate`], which
//! writes only changed files, removes extras, and refuses a non-empty folder that is not a
//! previously generated crate. Exit codes: 0 success, 1 failure, 2 usage error.

/// `println!` that ignores a closed stdout (`cargo xtask regenerate | head` must not panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

use std::ffi::OsString;
use std::process::ExitCode;

/// Generation allocates and frees millions of small token and syntax-tree nodes; mimalloc
/// does that markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use generator::cli::{Args, Failure, run_timed, timings_line};

const USAGE: &str = "\
usage: generator generate --spec FILE --out DIR --name CRATE [--config FILE] [--strict] [--timings]

Generates a Rust client crate named CRATE from the OpenAPI document FILE (YAML or JSON),
optionally configured by a provider.toml, into DIR. DIR is created if missing; only files
whose contents differ are written and files that are no longer generated are removed.
A non-empty DIR that is not a previously generated crate is refused.

options:
  --spec FILE      the OpenAPI document
  --out DIR        the crate folder to write
  --name CRATE     the crate name (overrides [crate] name in the config)
  --config FILE    the provider.toml
  --strict         fail on anything that would be left out (listed under \"Not generated\")
  --timings        also print the time per stage as one line (`timings: load_ms=… model_ms=…
                   emit_ms=… render_ms=… write_ms=…`)
  -h, --help       print this text
  -V, --version    print the version

exit codes: 0 success, 1 failure, 2 usage error";

enum Command {
    Help,
    Version,
    Generate(Args),
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let result = parse(&args).and_then(|command| match command {
        Command::Help => {
            say!("{USAGE}");
            Ok(())
        }
        Command::Version => {
            say!("generator {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Command::Generate(args) => {
            let (stats, elapsed, report, timings, write) = run_timed(&args)?;
            let skipped = match stats.skipped {
                0 => String::new(),
                n => format!(", {n} not generated (see the crate README)"),
            };
            say!(
                "{}: {} operations, {} types, {} lines, {} ms{skipped}",
                args.name,
                stats.operations,
                stats.types,
                stats.lines,
                elapsed.as_millis()
            );
            say!("{}: {report}", args.out.display());
            if args.timings {
                say!("{}", timings_line(&timings, write));
            }
            Ok(())
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {message}");
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
        Some("--version" | "-V") if rest.is_empty() => Ok(Command::Version),
        Some("generate") => Args::parse(rest).map(Command::Generate),
        _ => Err(Failure::Usage(format!(
            "unknown command `{}`",
            command.to_string_lossy()
        ))),
    }
}
