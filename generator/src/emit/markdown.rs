//! Spec text made safe to put in doc comments. rustdoc compiles and runs every code block
//! it takes for Rust, and the generated crates are workspace members, so a description
//! with a code block would run a provider's code in `cargo test --workspace`. Code blocks
//! are found the way rustdoc finds them, with pulldown-cmark (its Markdown parser), in
//! every form: backtick and tilde fences, inside block quotes, lists and footnotes, and
//! indented code; each becomes a `text` block, which rustdoc shows and never runs.
//!
//! Unicode bidirectional controls are replaced by their names: rustc rejects them in
//! comments (`text_direction_codepoint_in_comment`), since they can make code read
//! differently from how it compiles.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// How many rounds of rewriting fences are tried before the whole text is fenced.
const ROUNDS: usize = 4;

/// The doc lines with every code block a `text` block.
pub fn neutralise(lines: Vec<String>) -> Vec<String> {
    let mut text = lines.join("\n");
    if !may_hold_code(&text) {
        // Most doc texts are prose: no Markdown parse for them (three per text otherwise,
        // a few percent of generating Microsoft Graph).
        return text.split('\n').map(str::to_string).collect();
    }
    for _ in 0..ROUNDS {
        let blocks = runnable(&text);
        if blocks.is_empty() {
            return text.split('\n').map(str::to_string).collect();
        }
        if blocks.iter().any(|b| !b.fenced) {
            // Indented code keeps its meaning only with its indentation: fence it all.
            break;
        }
        for block in blocks.iter().rev() {
            mark_as_text(&mut text, block.range.start);
        }
    }
    fence_all(&text)
}

/// Whether `text` may hold a code block: a fence needs three backticks or tildes, indented
/// code four columns of indentation (spaces, or a tab) inside whatever contains it. Without
/// any of them no Markdown reading finds one.
fn may_hold_code(text: &str) -> bool {
    text.contains("```") || text.contains("~~~") || text.contains("    ") || text.contains('\t')
}

/// A code block rustdoc could run.
struct Block {
    range: Range<usize>,
    fenced: bool,
}

/// The option sets a doc text is parsed with: none, rustdoc's, and every container a
/// Markdown extension adds. A block any of them finds counts, so a block hidden from one
/// reading (a fence inside a footnote) is still found.
fn option_sets() -> [Options; 3] {
    let rustdoc = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    [
        Options::empty(),
        rustdoc,
        rustdoc | Options::ENABLE_DEFINITION_LIST | Options::ENABLE_GFM,
    ]
}

/// Every code block that is not already a `text` block, in text order, without repeats.
fn runnable(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for options in option_sets() {
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            let fenced = match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    if info.trim() == "text" {
                        continue;
                    }
                    true
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
                _ => continue,
            };
            if !out.iter().any(|b| b.range.start == range.start) {
                out.push(Block { range, fenced });
            }
        }
    }
    out.sort_by_key(|b| b.range.start);
    out
}

/// Replaces the info string of the fence that opens at or after `at` (on that line) by
/// `text`.
fn mark_as_text(text: &mut String, at: usize) {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[at..line_end];
    let Some(start) = line.find(['`', '~']) else {
        return;
    };
    let fence = line[start..].chars().next().unwrap_or('`');
    let run = line[start..].len() - line[start..].trim_start_matches(fence).len();
    text.replace_range(at + start + run..line_end, "text");
}

/// The whole text as one `text` block, behind a fence longer than any run of backticks
/// in it, so nothing inside can close it.
fn fence_all(text: &str) -> Vec<String> {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = vec![format!("{fence}text")];
    out.extend(text.split('\n').map(str::to_string));
    out.push(fence);
    out
}

/// `line` with bidirectional controls (U+202A–U+202E, U+2066–U+2069) written as `<U+202E>`.
pub fn without_bidi(line: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !line.contains(bidi) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        if bidi(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{may_hold_code, neutralise, runnable, without_bidi};

    fn safe(text: &str) -> String {
        let lines = neutralise(text.split('\n').map(str::to_string).collect());
        let out = lines.join("\n");
        assert!(runnable(&out).is_empty(), "still runnable:\n{out}");
        out
    }

    #[test]
    fn every_form_of_code_block_becomes_text() {
        let hostile = [
            "```\nstd::fs::write(\"pwned\", \"\").unwrap();\n```",
            "~~~\nstd::fs::write(\"pwned\", \"\").unwrap();\n~~~",
            "~~~rust\nx\n~~~",
            "```rust,no_run\nx\n```",
            "````\n```\nx\n````",
            "> ```\n> std::fs::write(\"pwned\", \"\").unwrap();\n> ```",
            "> ~~~\n> x\n> ~~~",
            ">     indented in a quote",
            "- item\n\n      indented in a list",
            "1.      code after a list marker",
            "- ```\n  x\n  ```",
            "[^1]: ```\n    x\n    ```\n\nText[^1].",
            "Some text\n\n```\nunclosed",
            "> > ```\n> > nested\n> > ```",
            "   ```\n   three spaces\n   ```",
        ];
        for text in hostile {
            let out = safe(text);
            assert!(out.contains("text"), "{text:?} → {out:?}");
        }
    }

    /// The quick check that spares prose the Markdown parse never passes over a code block:
    /// every text in which a reading finds one is one it sends to the parse.
    #[test]
    fn the_quick_check_never_skips_a_code_block() {
        let texts = [
            "```\nx\n```",
            "~~~\nx\n~~~",
            ">     indented in a quote",
            ">\t\tindented by tabs in a quote",
            "\tindented by a tab",
            "- item\n\n      indented in a list",
            "1.      code after a list marker",
            "[^1]: ```\n    x\n    ```\n\nText[^1].",
            "> > ```\n> > nested\n> > ```",
            "   ```\n   three spaces\n   ```",
            "Term\n: ```\n  x\n  ```",
            "| a |\n|---|\n\n    code after a table",
        ];
        for text in texts {
            assert!(
                !runnable(text).is_empty(),
                "no block in {text:?}: not a test of the check"
            );
            assert!(may_hold_code(text), "{text:?} would skip the parse");
        }
        for prose in [
            "A `code` span, *emphasis*, a list:\n- one\n   - two",
            "> a quote\n\ntext",
        ] {
            assert!(!may_hold_code(prose), "{prose:?}");
            assert_eq!(safe(prose), prose);
        }
    }

    #[test]
    fn prose_and_text_blocks_are_left_as_they_are() {
        let text = "A list:\n- one\n- two\n\n```text\nas is\n```\n\n> a quote";
        assert_eq!(safe(text), text);
    }

    #[test]
    fn a_json_example_stays_readable() {
        assert_eq!(safe("```json\n{\"a\": 1}\n```"), "```text\n{\"a\": 1}\n```");
    }

    #[test]
    fn bidirectional_controls_are_named() {
        assert_eq!(without_bidi("a\u{202E}b\u{2066}c"), "a<U+202E>b<U+2066>c");
    }
}
