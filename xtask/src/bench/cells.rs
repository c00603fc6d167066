//! How one measurement reads in a table cell: a time or memory with its spread, a speedup,
//! or how the run failed. Shared by the report and the targets section.

use super::results::{Failed, Samples};
use super::stats::{Summary, mem, ratios, secs, spread, summarize};

pub fn failure_text((part, code, line): &Failed) -> String {
    let code = code.map_or("killed by a signal".into(), |c| format!("exit {c}"));
    format!("failed on {part} ({code}): `{}`", line.replace('`', "'"))
}

pub fn peak_text(s: &Samples) -> String {
    summarize(&s.peak_kib).map_or("-".into(), |p| spread(&p, mem))
}

pub fn wall_text(s: &Samples) -> String {
    summarize(&s.wall).map_or("-".into(), |p| spread(&p, secs))
}

/// The per-run ratio `peer / ours` of wall time, when both completed every run.
pub fn speedup(ours: &Samples, peer: &Samples) -> Option<Summary> {
    if ours.failed.is_some() || peer.failed.is_some() || ours.wall.len() != peer.wall.len() {
        return None;
    }
    summarize(&ratios(&peer.wall, &ours.wall))
}

/// The median time with its spread, or how it failed.
pub fn time_text(s: &Samples) -> String {
    match &s.failed {
        Some(f) => failure_text(f),
        None => wall_text(s),
    }
}
