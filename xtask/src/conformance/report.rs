//! The report of a conformance run: per spec and in total, calls made, accepted, decoded;
//! every failure with its class and evidence. Markdown for people (`docs/conformance.md`),
//! JSON for tools; both from the same rows.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use serde_json::json;

use super::Spec;
use super::outcome::{Call, Class};
use crate::bench::machine::Machine;
use crate::prism::PRISM_VERSION;

/// One spec's result.
#[derive(Debug, Clone)]
pub struct SpecResult {
    pub label: String,
    /// Operations the crate has (and the caller calls).
    pub operations: usize,
    /// Items the generator left out (listed in the crate's README).
    pub skipped: usize,
    pub calls: Vec<Call>,
    /// Why the spec did not run through (or not every call was made), with its class.
    pub problem: Option<(Class, String)>,
}

impl SpecResult {
    pub fn new(spec: &Spec) -> SpecResult {
        SpecResult {
            label: spec.label.clone(),
            operations: 0,
            skipped: 0,
            calls: Vec::new(),
            problem: None,
        }
    }

    fn tally(&self) -> Tally {
        let mut tally = Tally {
            specs: 1,
            operations: self.operations,
            ..Tally::default()
        };
        for call in &self.calls {
            let verdict = call.verdict();
            tally.called += 1;
            tally.accepted += usize::from(verdict.accepted);
            tally.decoded += usize::from(verdict.decoded);
            match verdict.failure {
                None => tally.passed += 1,
                Some((class, _)) => *tally.failed.entry(class).or_default() += 1,
            }
        }
        // Operations never called count against the spec's problem's class.
        if let Some((class, _)) = &self.problem {
            let missing = self.operations.saturating_sub(self.calls.len());
            *tally.failed.entry(*class).or_default() += missing;
        }
        tally
    }

    /// `fastpix: 68 calls, 68 accepted, 67 decoded (1 ours)`.
    pub fn progress(&self) -> String {
        let t = self.tally();
        let mut line = format!(
            "{}: {} calls, {} accepted, {} decoded, {} passed",
            self.label, t.called, t.accepted, t.decoded, t.passed
        );
        if !t.failed.is_empty() {
            let classes: Vec<String> = t
                .failed
                .iter()
                .map(|(c, n)| format!("{n} {}", c.label()))
                .collect();
            let _ = write!(line, " (failed: {})", classes.join(", "));
        }
        if let Some((class, problem)) = &self.problem {
            let _ = write!(line, "; {} problem: {}", class.label(), first_line(problem));
        }
        line
    }
}

/// Counts over one spec or many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Tally {
    specs: usize,
    operations: usize,
    called: usize,
    accepted: usize,
    decoded: usize,
    passed: usize,
    failed: BTreeMap<Class, usize>,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.specs += other.specs;
        self.operations += other.operations;
        self.called += other.called;
        self.accepted += other.accepted;
        self.decoded += other.decoded;
        self.passed += other.passed;
        for (class, n) in &other.failed {
            *self.failed.entry(*class).or_default() += n;
        }
    }

    /// The counts in the order the summary and the total row show them.
    fn cells(&self) -> [String; 10] {
        [
            self.specs.to_string(),
            self.operations.to_string(),
            self.called.to_string(),
            self.accepted.to_string(),
            self.decoded.to_string(),
            self.passed.to_string(),
            self.failed(Class::Ours).to_string(),
            self.failed(Class::Spec).to_string(),
            self.failed(Class::Mock).to_string(),
            self.rate(),
        ]
    }

    fn failed(&self, class: Class) -> usize {
        self.failed.get(&class).copied().unwrap_or(0)
    }

    /// Passed over the operations once the spec's and the mock's failures are set aside.
    fn rate(&self) -> String {
        let judged = self
            .operations
            .saturating_sub(self.failed(Class::Spec) + self.failed(Class::Mock));
        if judged == 0 {
            return "n/a".to_string();
        }
        format!("{:.1}%", self.passed as f64 * 100.0 / judged as f64)
    }
}

pub struct Report<'a> {
    pub command: String,
    pub results: &'a [SpecResult],
    pub elapsed: Duration,
}

impl Report<'_> {
    fn total(&self) -> Tally {
        let mut total = Tally::default();
        for r in self.results {
            total.add(&r.tally());
        }
        total
    }

    pub fn failures_of(&self, class: Class) -> usize {
        self.total().failed(class)
    }

    pub fn summary(&self) -> String {
        let t = self.total();
        let labels = [
            "specs",
            "operations",
            "called",
            "accepted",
            "decoded",
            "passed",
            "ours",
            "the spec's",
            "the mock's",
            "passed once the spec's and the mock's are set aside",
        ];
        let counts: Vec<String> = t
            .cells()
            .iter()
            .zip(labels)
            .map(|(n, label)| format!("{n} {label}"))
            .collect();
        format!(
            "conformance: {} ({:.0} s)",
            counts.join(", "),
            self.elapsed.as_secs_f64()
        )
    }

    pub fn markdown(&self) -> String {
        let machine = Machine::probe();
        let t = self.total();
        let mut out = String::new();
        let _ = writeln!(out, "# Conformance\n");
        let _ = writeln!(
            out,
            "Written by `{}`; do not edit. Every operation of each generated crate, called once through its public API with values the spec allows, against Stoplight Prism {PRISM_VERSION} serving the spec (dynamic responses, seed 1). A call passes when Prism accepts every request it sent and the response decodes into the generated type. A failure is *ours* (the client is wrong), *the spec's* or *the mock's*; the last two carry their evidence.\n",
            self.command
        );
        let node = crate::bench::machine::tool_version("node", &["--version"])
            .unwrap_or_else(|| "unknown".to_string());
        let _ = writeln!(
            out,
            "Machine: {} cores, {}, {}, {}; {}; Node {node}. Took {:.0} s.\n",
            machine.cores,
            machine.cpu,
            machine.memory,
            machine.os,
            machine.rustc,
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(out, "## Total\n");
        let _ = writeln!(
            out,
            "| specs | operations | called | accepted | decoded | passed | ours | the spec's | the mock's | passed, spec's and mock's set aside |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        let _ = writeln!(out, "| {} |\n", t.cells().join(" | "));
        let _ = writeln!(out, "## Specs\n");
        let _ = writeln!(
            out,
            "| spec | operations | not generated | called | accepted | decoded | passed | ours | the spec's | the mock's |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for r in self.results {
            let s = r.tally();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.label,
                s.operations,
                r.skipped,
                s.called,
                s.accepted,
                s.decoded,
                s.passed,
                s.failed(Class::Ours),
                s.failed(Class::Spec),
                s.failed(Class::Mock)
            );
        }
        for class in [Class::Ours, Class::Spec, Class::Mock] {
            let _ = writeln!(out, "\n## Failures: {}\n", class.label());
            let rows = self.failures(class);
            if rows.is_empty() {
                let _ = writeln!(out, "None.");
            }
            for row in rows {
                let _ = writeln!(out, "- {}", markdown_text(&row));
            }
        }
        out
    }

    /// `` `spec` `operation` (`GET /path`): evidence `` for each failure of `class`.
    fn failures(&self, class: Class) -> Vec<String> {
        let mut rows = Vec::new();
        for r in self.results {
            if let Some((c, problem)) = &r.problem
                && *c == class
            {
                rows.push(format!("`{}`: {}", r.label, capped(problem)));
            }
            for call in &r.calls {
                if let Some((c, evidence)) = call.verdict().failure
                    && c == class
                {
                    rows.push(format!(
                        "`{}` `{}` (`{} {}`): {}",
                        r.label,
                        call.operation,
                        call.method,
                        call.path,
                        capped(&evidence)
                    ));
                }
            }
        }
        rows
    }

    pub fn json(&self) -> String {
        let specs: Vec<serde_json::Value> = self
            .results
            .iter()
            .map(|r| {
                let calls: Vec<serde_json::Value> = r
                    .calls
                    .iter()
                    .map(|c| {
                        let v = c.verdict();
                        json!({
                            "operation": c.operation,
                            "method": c.method,
                            "path": c.path,
                            "outcome": c.outcome,
                            "accepted": v.accepted,
                            "decoded": v.decoded,
                            "class": v.failure.as_ref().map(|f| f.0.key()),
                            "evidence": v.failure.map(|f| f.1),
                            "requests": c.exchanges.iter().map(|e| json!({"request": e.request, "status": e.status})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({
                    "spec": r.label,
                    "operations": r.operations,
                    "not_generated": r.skipped,
                    "problem": r.problem.as_ref().map(|(c, p)| json!({"class": c.key(), "evidence": p})),
                    "calls": calls,
                })
            })
            .collect();
        let t = self.total();
        let text = json!({
            "command": self.command,
            "prism": PRISM_VERSION,
            "seconds": self.elapsed.as_secs(),
            "total": {
                "specs": t.specs, "operations": t.operations, "called": t.called,
                "accepted": t.accepted, "decoded": t.decoded, "passed": t.passed,
                "ours": t.failed(Class::Ours), "spec": t.failed(Class::Spec), "mock": t.failed(Class::Mock),
            },
            "specs": specs,
        });
        serde_json::to_string_pretty(&text).unwrap_or_default()
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Evidence as one line of at most 400 characters.
fn capped(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(400) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// Text safe in a Markdown list item (no table or HTML surprises from spec text).
fn markdown_text(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}
