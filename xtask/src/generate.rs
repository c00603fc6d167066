//! `cargo xtask generate`: one crate from one spec, into any folder. The command line and
//! its behaviour are the `generator` binary's (see [`generator::cli`]).

use std::ffi::OsString;

use generator::cli;

use crate::{Failure, stats_line};

pub use cli::Args;

pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
    Args::parse(args).map_err(failure)
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let (stats, elapsed, report, timings, write) = cli::run_timed(args).map_err(failure)?;
    say!("{}", stats_line(&args.name, &stats, elapsed));
    say!("{}: {report}", args.out.display());
    if args.timings {
        say!("{}", cli::timings_line(&timings, write));
    }
    Ok(())
}

fn failure(f: cli::Failure) -> Failure {
    match f {
        cli::Failure::Usage(message) => Failure::Usage(message),
        cli::Failure::Failed(message) => Failure::one(message),
    }
}
