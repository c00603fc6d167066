//! The change report: what a person updating `specs/` reads before the diff, and what the
//! crate's `CHANGELOG.md` keeps.

use std::fmt;

use super::diff::Change;

/// The changes from one generation of a crate to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub package: String,
    /// `None`: first generation.
    pub old_version: Option<String>,
    pub new_version: String,
    pub api_version: String,
    pub changes: Vec<Change>,
}

impl Report {
    /// Nothing to report: no API change and the same version.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self
                .old_version
                .as_deref()
                .is_none_or(|v| v == self.new_version)
    }

    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// The `## version` entry for the changelog.
    pub fn changelog_entry(&self) -> String {
        let mut out = format!(
            "## {} (API version {})\n\n",
            self.new_version, self.api_version
        );
        if self.old_version.is_none() {
            out.push_str("First generated version.\n");
            return out;
        }
        if self.changes.is_empty() {
            out.push_str(
                "No API changes; the version was raised by `[crate] version` in provider.toml.\n",
            );
            return out;
        }
        for (title, breaking) in [("Breaking", true), ("Compatible", false)] {
            let lines: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.breaking == breaking)
                .collect();
            if !lines.is_empty() {
                out.push_str(&format!("{title}:\n"));
                for c in lines {
                    out.push_str(&format!("- {}\n", c.text));
                }
                out.push('\n');
            }
        }
        out.trim_end().to_string() + "\n"
    }
}

/// Terminal form: a headline, then one line per change marked breaking or compatible.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let from = self.old_version.as_deref().unwrap_or("(new)");
        let n = self.changes.len();
        let s = if n == 1 { "" } else { "s" };
        writeln!(
            f,
            "{}: {from} → {} ({n} API change{s}, {} breaking)",
            self.package,
            self.new_version,
            self.breaking()
        )?;
        for c in &self.changes {
            let mark = if c.breaking {
                "breaking  "
            } else {
                "compatible"
            };
            writeln!(f, "  {mark}  {}", c.text)?;
        }
        Ok(())
    }
}

const HEADER: &str = "# Changelog\n\nEach entry lists the API changes since the previous generation of this crate, as the generator's model of the API sees them, each marked breaking or compatible for code that uses the crate. The version follows from them (semver).\n";

/// The changelog after this report: the new entry first, earlier entries kept as they were.
pub fn changelog(previous: Option<&str>, report: &Report) -> String {
    let earlier = previous
        .and_then(|text| {
            text.find("\n## ")
                .map(|i| text[i + 1..].trim_end().to_string())
        })
        .unwrap_or_default();
    let starts_with_this = earlier.starts_with(&format!("## {} ", report.new_version));
    let mut out = format!("{HEADER}\n");
    if !starts_with_this {
        out.push_str(&report.changelog_entry());
        if !earlier.is_empty() {
            out.push('\n');
        }
    }
    if !earlier.is_empty() {
        out.push_str(&earlier);
        out.push('\n');
    }
    out
}
