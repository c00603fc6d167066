//! What a corpus run reports: a row per spec (an aligned table, and a TSV), and a summary
//! that groups failures and left-out items by message.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One row of the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub openapi: Option<String>,
    pub version: Option<String>,
    /// Operations in the spec.
    pub total: Option<usize>,
    /// Operations in the generated crate.
    pub generated: Option<usize>,
    pub types: Option<usize>,
    /// Items left out of the crate (its README's "Not generated"): (what, pointer, reason).
    pub skips: Vec<(String, String, String)>,
    pub millis: Option<u128>,
    /// Why generation failed (the message alone, for grouping), or `panic: …`.
    pub failure: Option<String>,
    /// `None` when the crate was not compiled (it did not generate, or is not in the sample).
    pub compiled: Option<bool>,
    pub errors: usize,
    pub first_error: Option<String>,
}

impl Row {
    fn compiled_cell(&self) -> String {
        match (self.compiled, self.errors) {
            (None, _) => "-".into(),
            (Some(true), _) => "yes".into(),
            (Some(false), 0) => "no".into(),
            (Some(false), 1) => "no (1 error)".into(),
            (Some(false), n) => format!("no ({n} errors)"),
        }
    }

    fn cells(&self) -> [String; 9] {
        let dash = || "-".to_string();
        let opt = |v: Option<usize>| v.map_or_else(dash, |n| n.to_string());
        // A spec's own text (its version) is cut to a column's width, so no value can make
        // the table unwieldy (or past `format!`'s width limit).
        let cell = |v: &Option<String>| v.as_deref().map_or_else(dash, |v| capped(v, 40));
        [
            self.label.clone(),
            cell(&self.openapi),
            cell(&self.version),
            format!("{}/{}", opt(self.generated), opt(self.total)),
            opt(self.types),
            self.generated
                .map_or_else(dash, |_| self.skips.len().to_string()),
            self.millis.map_or_else(dash, |m| m.to_string()),
            self.compiled_cell(),
            self.first_error
                .as_deref()
                .map(|e| capped(e, 300))
                .unwrap_or_default(),
        ]
    }
}

const HEADER: [&str; 9] = [
    "spec",
    "openapi",
    "version",
    "operations",
    "types",
    "skips",
    "ms",
    "compiled",
    "first error",
];

/// `text` cut to `max` characters, with `…` where it was cut.
pub fn capped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The rows as an aligned table.
pub fn table(rows: &[&Row]) -> String {
    let mut lines: Vec<[String; 9]> = vec![HEADER.map(str::to_string)];
    lines.extend(rows.iter().map(|r| r.cells()));
    let mut widths = [0; 9];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    lines
        .iter()
        .map(|line| {
            let cells: Vec<String> = line
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (cell, w))| match i {
                    8 => cell.clone(),
                    3..=6 => format!("{cell:>w$}"),
                    _ => format!("{cell:<w$}"),
                })
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A TSV cell: tabs and line breaks become spaces, and it is capped.
fn tsv_cell(text: &str) -> String {
    capped(&text.replace(['\t', '\n', '\r'], " "), 1000)
}

/// Every row as TSV, with a header line (`rows.tsv`).
pub fn rows_tsv(rows: &[Row]) -> String {
    let mut out = "spec\topenapi\tversion\toperations\toperations_in_spec\ttypes\tnot_generated\tms\tcompiled\terrors\tfirst_error\n".to_string();
    let opt = |v: Option<usize>| v.map(|n| n.to_string()).unwrap_or_default();
    for r in rows {
        let compiled = r.compiled.map(|c| if c { "yes" } else { "no" });
        let fields = [
            tsv_cell(&r.label),
            tsv_cell(r.openapi.as_deref().unwrap_or("")),
            tsv_cell(r.version.as_deref().unwrap_or("")),
            opt(r.generated),
            opt(r.total),
            opt(r.types),
            r.generated
                .map(|_| r.skips.len().to_string())
                .unwrap_or_default(),
            r.millis.map(|m| m.to_string()).unwrap_or_default(),
            compiled.unwrap_or("").to_string(),
            r.errors.to_string(),
            tsv_cell(r.first_error.as_deref().unwrap_or("")),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// Every item left out, one per line (`not-generated.tsv`).
pub fn skips_tsv(rows: &[Row]) -> String {
    let mut out = "spec\twhat\tpointer\treason\n".to_string();
    for r in rows {
        for (what, pointer, reason) in &r.skips {
            let fields = [&r.label, what, pointer, reason].map(|f| tsv_cell(f));
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
    }
    out
}

/// A message with its particulars (`quoted names`, "strings", numbers) replaced by `…`, so
/// that messages of one kind group together.
pub fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                out.push('…');
                quote = Some(c);
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            None => out.push(c),
        }
    }
    capped(&out, 200)
}

/// `count  message` lines, most frequent first.
fn grouped<'a>(messages: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for message in messages {
        *counts.entry(kind(message)).or_default() += 1;
    }
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
        .iter()
        .map(|(message, n)| format!("{n:>7}  {message}\n"))
        .collect()
}

/// Totals, failures grouped by message, and what was left out grouped by reason.
pub fn summary(rows: &[Row], sample: Option<&str>) -> String {
    let specs = rows.len();
    let generated = rows.iter().filter(|r| r.generated.is_some()).count();
    let panicked = rows
        .iter()
        .filter(|r| r.failure.as_deref().is_some_and(|f| f.starts_with("panic")))
        .count();
    let ops: usize = rows.iter().filter_map(|r| r.generated).sum();
    let ops_total: usize = rows.iter().filter_map(|r| r.total).sum();
    let checked: Vec<&Row> = rows.iter().filter(|r| r.compiled.is_some()).collect();
    let compiled = checked.iter().filter(|r| r.compiled == Some(true)).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "specs: {generated} of {specs} generated ({}), {} failed, {panicked} panicked",
        percent(generated, specs),
        specs - generated
    );
    let _ = writeln!(
        out,
        "operations: {ops} of {ops_total} generated ({})",
        percent(ops, ops_total)
    );
    let sample = sample.map(|s| format!(" ({s})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "compiled warning-free and clippy-clean: {compiled} of {} crates checked{sample}",
        checked.len()
    );
    let failures = rows.iter().filter_map(|r| r.failure.as_deref());
    let failures = grouped(failures);
    if !failures.is_empty() {
        let _ = write!(out, "\nfailures, by message (specs):\n{failures}");
    }
    let compile = checked
        .iter()
        .filter(|r| r.compiled == Some(false))
        .map(|r| r.first_error.as_deref().map_or("", compile_message));
    let compile = grouped(compile);
    if !compile.is_empty() {
        let _ = write!(
            out,
            "\ncompile failures, by first error (crates):\n{compile}"
        );
    }
    let skips = rows
        .iter()
        .flat_map(|r| r.skips.iter().map(|(_, _, reason)| reason.as_str()));
    let skips = grouped(skips);
    if !skips.is_empty() {
        let _ = write!(out, "\nnot generated, by reason (items):\n{skips}");
    }
    out
}

/// `crate/src/x.rs:1:2: error[E0412]: cannot find …` → `error[E0412]: cannot find …`.
fn compile_message(line: &str) -> &str {
    line.find(": error")
        .or_else(|| line.find(": warning"))
        .map_or(line, |i| &line[i + 2..])
}

/// `n ÷ of` as a percentage with two decimals, rounded down (so 99.999% never shows 100%).
pub fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        return "-".to_string();
    }
    let hundredths = (n as u128 * 10_000) / of as u128;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_capped_so_the_table_holds() {
        let row = Row {
            label: "min.json".into(),
            version: Some("x".repeat(3_400_000)),
            ..Row::default()
        };
        let rendered = table(&[&row]);
        assert!(rendered.lines().all(|l| l.chars().count() < 400));
    }

    #[test]
    fn messages_group_by_kind() {
        assert_eq!(
            kind("security scheme http `negotiate` is not supported (at 3 places)"),
            "security scheme http `…` is not supported (at N places)"
        );
        let rows = [
            Row {
                label: "a".into(),
                total: Some(4),
                failure: Some("no server URL in `a`".into()),
                ..Row::default()
            },
            Row {
                label: "b".into(),
                total: Some(6),
                failure: Some("no server URL in `b`".into()),
                ..Row::default()
            },
            Row {
                label: "c".into(),
                total: Some(10),
                generated: Some(9),
                skips: vec![(
                    "operation `x`".into(),
                    "/paths/~1x/get".into(),
                    "body `y` is odd".into(),
                )],
                failure: None,
                compiled: Some(false),
                errors: 1,
                first_error: Some("c/src/lib.rs:1:1: error: unused import: `z`".into()),
                ..Row::default()
            },
        ];
        let text = summary(&rows, Some("seed 7"));
        assert!(
            text.starts_with(
                "specs: 1 of 3 generated (33.33%), 2 failed, 0 panicked\n\
                 operations: 9 of 20 generated (45.00%)\n\
                 compiled warning-free and clippy-clean: 0 of 1 crates checked (seed 7)\n"
            ),
            "{text}"
        );
        assert!(text.contains("      2  no server URL in `…`\n"), "{text}");
        assert!(
            text.contains("      1  error: unused import: `…`\n"),
            "{text}"
        );
        assert!(text.contains("      1  body `…` is odd\n"), "{text}");
        let tsv = rows_tsv(&rows);
        assert_eq!(tsv.lines().count(), 4);
        assert!(tsv.lines().all(|l| l.split('\t').count() == 11), "{tsv}");
        assert_eq!(skips_tsv(&rows).lines().count(), 2);
    }

    #[test]
    fn percentages_round_down() {
        assert_eq!(percent(99_999, 100_000), "99.99%");
        assert_eq!(percent(1, 3), "33.33%");
        assert_eq!(percent(0, 0), "-");
    }
}
