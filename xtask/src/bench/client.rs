//! Section 4: the run-time cost of the generated FastPix client against a hand-written
//! reqwest call (`client-bench`): requests/s and CPU time per request in interleaved rounds,
//! and instructions per request counted by callgrind, which the machine's noise leaves alone.

use std::fs;
use std::path::Path;

use super::generation::{field, word};
use super::measure::{self, Cmd, Probe};
use super::results::{ClientRound, Instructions, Results};
use super::{Plan, Tools};
use crate::Failure;

/// The cases of the wall-clock rounds: body and requests in flight.
pub const CASES: [(&str, usize); 4] = [("small", 1), ("small", 8), ("large", 1), ("large", 8)];

const VALGRIND: &str = "/usr/bin/valgrind";

/// Runs `client-bench client`, then counts instructions with callgrind.
pub fn measure(tools: &Tools, plan: &Plan, results: &mut Results) -> Result<(), Failure> {
    let (rounds, small, large) = plan.client;
    let cmd = Cmd::new(&tools.client_bench).args([
        "client".to_string(),
        "--rounds".into(),
        rounds.to_string(),
        "--small".into(),
        small.to_string(),
        "--large".into(),
        large.to_string(),
    ]);
    say!("client overhead: {}", cmd.shown());
    results.command("client overhead", &cmd);
    let r = measure::run(&cmd, &Probe::Proc, &tools.work).map_err(Failure::one)?;
    if r.success {
        results.client = r.stdout.lines().filter_map(parse_client_line).collect();
        results.client_bodies = r
            .stdout
            .lines()
            .find(|l| l.starts_with("bodies "))
            .unwrap_or("")
            .to_string();
    } else {
        results.notes.push(format!(
            "The client benchmark failed ({:?}): {}",
            r.code,
            measure::first_error_line(&r.stderr, &r.stdout)
        ));
    }
    count_instructions(tools, plan, results)
}

/// Instructions per request of each client, concurrency 1: `client-bench count` under
/// callgrind with two numbers of requests (the same warm-up), counting the client's thread
/// only; the difference divided by the difference in requests cancels start-up and warm-up.
fn count_instructions(tools: &Tools, plan: &Plan, results: &mut Results) -> Result<(), Failure> {
    if !Path::new(VALGRIND).is_file() {
        results.notes.push(format!(
            "{VALGRIND} is missing: instructions per request were not counted."
        ));
        return Ok(());
    }
    let dir = tools.work.join("callgrind");
    fs::create_dir_all(&dir).map_err(super::io_err(&dir))?;
    for (case, (warmup, low, high)) in [("small", plan.counted.0), ("large", plan.counted.1)] {
        say!("instructions per request: {case} body, {low} and {high} requests (callgrind)");
        let mut per_request = Vec::new();
        for client in ["ours", "reqwest"] {
            let mut totals = Vec::new();
            for requests in [low, high] {
                let out = dir.join(format!("{client}-{case}-{requests}.out"));
                let cmd = Cmd::new(VALGRIND)
                    .args(["--tool=callgrind", "--separate-threads=yes"])
                    .arg(format!("--callgrind-out-file={}", out.display()))
                    .arg(&tools.client_bench)
                    .args(["count", "--client", client, "--case", case])
                    .args(["--warmup".to_string(), warmup.to_string()])
                    .args(["--requests".to_string(), requests.to_string()]);
                results.command("instructions (callgrind)", &cmd);
                let r = measure::run(&cmd, &Probe::Proc, &tools.work).map_err(Failure::one)?;
                // Thread 1 is the client's (the runtime runs on the main thread).
                let thread = dir.join(format!("{client}-{case}-{requests}.out-01"));
                let total = fs::read_to_string(&thread)
                    .ok()
                    .and_then(|t| totals_line(&t));
                match (r.success, total) {
                    (true, Some(total)) => totals.push(total),
                    _ => {
                        results.notes.push(format!(
                            "Counting instructions failed ({client}, {case} body, {:?}): {}",
                            r.code,
                            measure::first_error_line(&r.stderr, &r.stdout)
                        ));
                        return Ok(());
                    }
                }
            }
            per_request.push((totals[1] - totals[0]) / (high - low) as f64);
        }
        say!(
            "  ours {:.0}, reqwest {:.0} instructions per request",
            per_request[0],
            per_request[1]
        );
        results.instructions.push(Instructions {
            case: case.to_string(),
            ours: per_request[0],
            reqwest: per_request[1],
        });
    }
    Ok(())
}

/// The `totals:` (or `summary:`) count of a callgrind output file.
fn totals_line(text: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// `round case=small conc=1 client=ours requests=2000 secs=0.41 cpu_ns=398000000`
pub fn parse_client_line(line: &str) -> Option<ClientRound> {
    let rest = line.strip_prefix("round ")?;
    Some(ClientRound {
        case: word(rest, "case")?.to_string(),
        conc: word(rest, "conc")?.parse().ok()?,
        client: word(rest, "client")?.to_string(),
        requests: word(rest, "requests")?.parse().ok()?,
        secs: field(rest, "secs")?,
        cpu_ns: field(rest, "cpu_ns")?,
    })
}

/// Per-round requests/s of ours and of reqwest, then CPU µs per request of each.
pub type ClientCase = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);

/// Client rounds of one case: (ours, hand) as per-round requests/s and CPU µs per request.
pub fn client_case(rounds: &[ClientRound], case: &str, conc: usize) -> Option<ClientCase> {
    let pick = |client: &str| -> (Vec<f64>, Vec<f64>) {
        rounds
            .iter()
            .filter(|r| r.case == case && r.conc == conc && r.client == client)
            .map(|r| {
                (
                    r.requests as f64 / r.secs,
                    r.cpu_ns / 1000.0 / r.requests as f64,
                )
            })
            .unzip()
    };
    let (ours_rps, ours_cpu) = pick("ours");
    let (hand_rps, hand_cpu) = pick("reqwest");
    (!ours_rps.is_empty() && ours_rps.len() == hand_rps.len())
        .then_some((ours_rps, hand_rps, ours_cpu, hand_cpu))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_client_lines() {
        assert_eq!(
            parse_client_line(
                "round case=small conc=8 client=ours requests=2000 secs=0.5 cpu_ns=1000000"
            ),
            Some(ClientRound {
                case: "small".into(),
                conc: 8,
                client: "ours".into(),
                requests: 2000,
                secs: 0.5,
                cpu_ns: 1e6,
            })
        );
        assert_eq!(parse_client_line("bodies small_bytes=1"), None);
    }

    #[test]
    fn reads_callgrind_totals() {
        let text = "events: Ir\nsummary: 180057926\n\n\ntotals: 180057926\n";
        assert_eq!(totals_line(text), Some(180057926.0));
        assert_eq!(totals_line("summary: 12\n"), Some(12.0));
        assert_eq!(totals_line("events: Ir\n"), None);
    }
}
