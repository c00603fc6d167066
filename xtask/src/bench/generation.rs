//! Sections 1 and 2: generation by ours and by the peers, whole processes, interleaved.

use std::fs;
use std::path::Path;

use super::measure::{self, Cmd};
use super::peers::{Peer, Tool};
use super::results::{GenRow, Part, Results, Samples, Subject, failed};
use super::stats::{secs, spread, summarize};
use super::{Plan, Tools};
use crate::Failure;

/// Generates every subject `plan.runs` times with ours, and with the peers on the subjects
/// the plan gives them, rotating the order of the tools from run to run; on GitHub's spec,
/// also times the bare parse.
pub fn measure(
    tools: &Tools,
    subjects: &[Subject],
    peers: &[Peer],
    plan: &Plan,
    results: &mut Results,
) -> Result<(), Failure> {
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
    for subject in subjects {
        let mut generators: Vec<Option<&Peer>> = vec![None];
        if peer_keys.contains(&subject.key) && !subject.generation_only {
            generators.extend(peers.iter().map(Some));
        }
        say!("generation: {} ({} runs)", subject.label, plan.runs);
        let github_parse = subject.key == "github";
        let mut rows: Vec<Samples> = vec![Samples::default(); generators.len()];
        let mut parse = Samples::default();
        for run in 0..plan.runs {
            let n = generators.len();
            for k in 0..n {
                let index = (k + run) % n;
                if rows[index].failed.is_none() {
                    generate_once(tools, generators[index], subject, &mut rows[index], results)?;
                }
            }
            if github_parse {
                bare_parse(tools, &subject.parts[0], &mut parse, results)?;
            }
        }
        if github_parse {
            results.parse = Some(parse);
        }
        for (tool, samples) in generators.iter().zip(rows) {
            let row = GenRow {
                subject: subject.label.clone(),
                tool: tool.map_or(Tool::Ours, |p| p.tool),
                samples,
            };
            say!("  {}", gen_line(&row));
            results.generation.push(row);
        }
    }
    Ok(())
}

/// One run of `client-bench parse` on `part`'s spec.
fn bare_parse(
    tools: &Tools,
    part: &Part,
    parse: &mut Samples,
    results: &mut Results,
) -> Result<(), Failure> {
    let cmd = Cmd::new(&tools.client_bench).arg("parse").arg(&part.spec);
    results.command("bare parse (serde_json::Value)", &cmd);
    let r = measure::run(&cmd, &tools.probe, &tools.work).map_err(Failure::one)?;
    if r.success {
        parse.wall.push(r.secs());
        parse.peak_kib.extend(r.peak_kib.map(|k| k as f64));
        if let Some(ms) = field(&r.stdout, "parse_ms") {
            results.parse_in_process_ms.push(ms);
        }
    } else {
        parse.failed = Some(failed(part.name.clone(), &r));
    }
    Ok(())
}

/// The command generating `part` with `tool` (ours when `None`) into `out`.
pub fn gen_command(generator: &Path, tool: Option<&Peer>, part: &Part, out: &Path) -> Cmd {
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
pub fn generate_once(
    tools: &Tools,
    tool: Option<&Peer>,
    subject: &Subject,
    samples: &mut Samples,
    results: &mut Results,
) -> Result<(), Failure> {
    let label = tool.map_or(Tool::Ours, |p| p.tool).label();
    let (mut wall, mut peak, mut stages) = (0.0, 0.0f64, [0.0; 5]);
    for part in &subject.parts {
        let out = tools
            .work
            .join("out")
            .join(format!("{label}-{}", part.name));
        let _ = fs::remove_dir_all(&out);
        let cmd = gen_command(&tools.generator, tool, part, &out);
        results.command(&format!("generate ({label})"), &cmd);
        let r = measure::run(&cmd, &tools.probe, &tools.work).map_err(Failure::one)?;
        if !r.success {
            samples.failed = Some(failed(part.name.clone(), &r));
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

/// The text after `key=` in a line of `key=value` words.
pub fn word<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
}

/// The number after `key=` in a line of `key=value` words.
pub fn field(line: &str, key: &str) -> Option<f64> {
    word(line, key).and_then(|v| v.parse().ok())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tool_lines() {
        assert_eq!(
            parse_timings("timings: load_ms=1.5 model_ms=2 emit_ms=3.25 render_ms=4 write_ms=0.5"),
            Some([1.5, 2.0, 3.25, 4.0, 0.5])
        );
        assert_eq!(parse_timings("timings: load_ms=1.5"), None);
        assert_eq!(field("parse_ms=112.5 bytes=3", "parse_ms"), Some(112.5));
        assert_eq!(field("xparse_ms=1", "parse_ms"), None);
        assert_eq!(word("case=small conc=1", "case"), Some("small"));
    }
}
