//! What the benchmark measured: the rows every section fills and the report reads.

use std::path::PathBuf;

use super::machine::Machine;
use super::measure::{Cmd, Run, first_error_line};
use super::peers::Tool;

/// One spec to generate from (the providers' subject has four).
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub spec: PathBuf,
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Subject {
    pub key: &'static str,
    pub label: String,
    pub parts: Vec<Part>,
}

/// What failed (a part, a build step), its exit code (None: signal) and first error line.
pub type Failed = (String, Option<i32>, String);

/// The failure of `r` on `what`.
pub fn failed(what: impl Into<String>, r: &Run) -> Failed {
    (what.into(), r.code, first_error_line(&r.stderr, &r.stdout))
}

/// What one generator did on one subject over all runs.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    pub wall: Vec<f64>,
    pub peak_kib: Vec<f64>,
    /// Ours only: load, model, emit, render, write (seconds), summed over the parts.
    pub stages: Vec<[f64; 5]>,
    pub failed: Option<Failed>,
}

#[derive(Debug, Clone)]
pub struct GenRow {
    pub subject: String,
    pub tool: Tool,
    pub samples: Samples,
}

#[derive(Debug, Clone)]
pub struct CompileRow {
    pub subject: String,
    pub tool: Tool,
    pub files: usize,
    pub lines: usize,
    pub first_build: Option<f64>,
    pub samples: Samples,
}

/// A line of `client-bench client`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRound {
    pub case: String,
    pub conc: usize,
    pub client: String,
    pub requests: usize,
    pub secs: f64,
    pub cpu_ns: f64,
}

/// Instructions per request of one case (concurrency 1), counted by callgrind.
#[derive(Debug, Clone, PartialEq)]
pub struct Instructions {
    pub case: String,
    pub ours: f64,
    pub reqwest: f64,
}

#[derive(Debug, Clone)]
pub struct ScaleRow {
    pub operations: usize,
    pub samples: Samples,
}

/// Everything measured.
#[derive(Debug, Default)]
pub struct Results {
    pub machine: Machine,
    pub date: String,
    pub probe: String,
    pub quick: bool,
    pub runs: usize,
    pub versions: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub commands: Vec<(String, String)>,
    pub generation: Vec<GenRow>,
    pub parse: Option<Samples>,
    pub parse_in_process_ms: Vec<f64>,
    pub compile: Vec<CompileRow>,
    pub client: Vec<ClientRound>,
    pub client_bodies: String,
    pub instructions: Vec<Instructions>,
    pub scaling: Vec<ScaleRow>,
}

impl Results {
    /// Keeps the first command of each kind for the report.
    pub fn command(&mut self, kind: &str, cmd: &Cmd) {
        if !self.commands.iter().any(|(k, _)| k == kind) {
            self.commands.push((kind.to_string(), cmd.shown()));
        }
    }

    /// Our generation row of `subject`, or a peer's.
    pub fn generation_of(&self, subject: &str, tool: Tool) -> Option<&GenRow> {
        self.generation
            .iter()
            .find(|r| r.subject == subject && r.tool == tool)
    }
}
