//! The `generator` command: `generator generate --spec FILE --out DIR --name CRATE [--config FILE]`.
//!
//! Behaves exactly like `cargo xtask generate`: the crate is generated in memory, then `DIR`
//! (created if missing) is brought in line with it by [`generator::files::write_crate`], which
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
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use generator::{Input, files};

const USAGE: &str = "\
usage: generator generate --spec FILE --out DIR --name CRATE [--config FILE]

Generates a Rust client crate named CRATE from the OpenAPI document FILE (YAML or JSON),
optionally configured by a provider.toml, into DIR. DIR is created if missing; only files
whose contents differ are written and files that are no longer generated are removed.
A non-empty DIR that is not a previously generated crate is refused.

options:
  --spec FILE      the OpenAPI document
  --out DIR        the crate folder to write
  --name CRATE     the crate name (overrides [crate] name in the config)
  --config FILE    the provider.toml
  -h, --help       print this text
  -V, --version    print the version

exit codes: 0 success, 1 failure, 2 usage error";

enum Failure {
    Usage(String),
    Failed(String),
}

struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: String,
    config: Option<PathBuf>,
}

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
        Command::Generate(args) => run(&args),
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

fn run(args: &Args) -> Result<(), Failure> {
    let start = Instant::now();
    let output = generator::generate(&Input {
        spec: &args.spec,
        config: args.config.as_deref(),
        name: Some(&args.name),
    })
    .map_err(|diagnostic| Failure::Failed(diagnostic.to_string()))?;
    let elapsed = start.elapsed();
    let tree = files::tree(&output.files).map_err(|e| Failure::Failed(e.to_string()))?;
    let report =
        files::write_crate(&args.out, &tree).map_err(|e| Failure::Failed(e.to_string()))?;
    say!(
        "{}: {} operations, {} types, {} lines, {} ms",
        args.name,
        output.stats.operations,
        output.stats.types,
        output.stats.lines,
        elapsed.as_millis()
    );
    say!("{}: {report}", args.out.display());
    Ok(())
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
        Some("generate") => parse_generate(rest).map(Command::Generate),
        _ => Err(Failure::Usage(format!(
            "unknown command `{}`",
            command.to_string_lossy()
        ))),
    }
}

/// Flags in any order, as `--flag VALUE` or `--flag=VALUE`, each at most once.
fn parse_generate(args: &[OsString]) -> Result<Args, Failure> {
    let unexpected =
        |arg: &OsString| Failure::Usage(format!("unexpected argument `{}`", arg.to_string_lossy()));
    let (mut spec, mut out, mut name, mut config) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let text = arg.to_str().ok_or_else(|| unexpected(arg))?;
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
    })
}
