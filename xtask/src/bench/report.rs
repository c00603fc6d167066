//! `BENCHMARKS.md`: the tables of every section, from the numbers measured.

use std::fmt::Write as _;

use super::cells::{failure_text, peak_text, speedup, time_text, wall_text};
use super::client::{CASES, client_case};
use super::peers::Tool;
use super::results::{Results, Samples};
use super::stats::{ratio, ratios, secs, spread, summarize};
use super::targets::targets_section;

/// The whole of `BENCHMARKS.md`.
/// Notes from profiling, kept as text beside the code (see the file).
const BOUNDS: &str = include_str!("bounds.md");
/// The compile-time levers of issue 22, measured one by one (see the file).
const LEVERS: &str = include_str!("levers.md");

pub fn render(results: &Results) -> String {
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

    generation_section(results, &mut out);
    peers_section(results, &mut out);
    compile_section(results, &mut out);
    client_section(results, &mut out);
    scaling_section(results, &mut out);
    // What the profiles say about the targets that are hard to reach; full runs only.
    if !results.quick {
        out.push_str(LEVERS);
        out.push_str(BOUNDS);
    }

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

/// Section 1: our generation time and memory per spec, and the time per stage.
fn generation_section(results: &Results, out: &mut String) {
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
        rows.push(vec![row.subject.clone(), time_text(s), peak_text(s)]);
        if !s.stages.is_empty() {
            let stage = |i: usize| {
                let v: Vec<f64> = s.stages.iter().map(|st| st[i]).collect();
                summarize(&v).map(|x| x.median)
            };
            let other: Vec<f64> = s
                .stages
                .iter()
                .zip(&s.wall)
                .map(|(st, w)| w - st.iter().sum::<f64>())
                .collect();
            let mut cells = vec![row.subject.clone()];
            cells.extend((0..5).map(|i| stage(i).map_or("-".into(), secs)));
            cells.push(summarize(&other).map_or("-".into(), |x| secs(x.median)));
            // The largest stage, for "what bounds it".
            let medians: Vec<f64> = (0..5).map(|i| stage(i).unwrap_or(0.0)).collect();
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
}

/// Section 2: the peers on the same specs.
fn peers_section(results: &Results, out: &mut String) {
    // 2. Peers.
    let _ = writeln!(
        out,
        "\n## 2. The peers on the same specs\n\nThe ratio is the peer's time ÷ ours, per run (how many times faster ours is). \
         The peers get the spec alone (no `provider.toml`).\n"
    );
    let mut rows = Vec::new();
    for row in results.generation.iter().filter(|r| r.tool != Tool::Ours) {
        let s = &row.samples;
        let ours = results.generation_of(&row.subject, Tool::Ours);
        let r = ours.and_then(|o| speedup(&o.samples, s));
        let mem_ratio = ours
            .and_then(|o| summarize(&o.samples.peak_kib))
            .zip(summarize(&s.peak_kib))
            .map(|(o, p)| p.median / o.median);
        rows.push(vec![
            row.subject.clone(),
            row.tool.label().into(),
            time_text(s),
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
}

/// Section 3: compile time of the generated crates.
fn compile_section(results: &Results, out: &mut String) {
    // 3. Compile.
    let _ = writeln!(
        out,
        "\n## 3. Compile time of the generated crates\n\n`cargo build` (debug) of the crate alone, its dependencies \
         already built (its `src/lib.rs` touched before each run, `CARGO_INCREMENTAL=0` so the whole crate is compiled again), in a scratch folder with its own target \
         directory under `~/.cache/openapi-clientgen/bench/compile/`; ours uses the workspace's `Cargo.lock`. \
         Peak memory is the largest process (the crate's `rustc`). Our GitHub crate has one cargo feature per \
         tag, all on by default: its first row builds everything, the row with `only` what a user of two tags \
         builds (`--no-default-features --features issues,pulls`).\n"
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
                time_text(&row.samples),
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
}

/// Section 4: client overhead at run time.
fn client_section(results: &Results, out: &mut String) {
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
    for (case, conc) in CASES {
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
    let _ = writeln!(
        out,
        "\nInstructions per request, concurrency 1, counted by callgrind (`client-bench count` \
         under `valgrind --tool=callgrind --separate-threads=yes`, the client's thread only, \
         so the server's work is left out): two runs of each client with the same warm-up and \
         different numbers of requests, the difference divided by the difference in requests, \
         which cancels start-up and warm-up. Deterministic, unlike the CPU times above.\n"
    );
    if results.instructions.is_empty() {
        let _ = writeln!(out, "Not measured.");
    } else {
        let rows: Vec<Vec<String>> = results
            .instructions
            .iter()
            .map(|i| {
                vec![
                    format!("{} body", i.case),
                    format!("{:.0}", i.ours),
                    format!("{:.0}", i.reqwest),
                    ratio(i.ours / i.reqwest),
                ]
            })
            .collect();
        out.push_str(&markdown_table(
            &[
                "case",
                "instructions/request, ours",
                "instructions/request, reqwest",
                "ours ÷ reqwest",
            ],
            &rows,
        ));
    }
}

/// Section 5: generation time and memory as specs grow.
fn scaling_section(results: &Results, out: &mut String) {
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
            time_text(&row.samples),
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
}
pub fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
