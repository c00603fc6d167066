//! Render: formats emitted artefacts into the final file tree. Every file opens with the
//! "generated, do not edit" line; Rust files also carry a `rustfmt::skip` so `cargo fmt`
//! leaves prettyplease's layout alone (the two formatters disagree on details).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::diagnostic::{Diagnostic, Location};
use crate::emit::{Artefact, Items};
use crate::generated_by::PREAMBLE;
use crate::model::Api;
use crate::{Output, Stats};

pub fn render(files: Vec<(String, Artefact<'_>)>, api: &Api) -> Result<Output, Diagnostic> {
    let mut out = BTreeMap::new();
    for (path, artefact) in files {
        let text = match artefact {
            Artefact::Rust(tokens) => rust(&path, tokens)?,
            Artefact::RustItems { head, items } => rust_items(&path, head, &items)?,
            Artefact::RustText(text) => format!("// {PREAMBLE}\n\n{text}"),
            Artefact::HandWritten { source, text } => {
                format!(
                    "// {PREAMBLE}\n// source: {source} beside the spec; edit that file\n\n{text}"
                )
            }
            Artefact::Toml(text) => format!("# {PREAMBLE}\n{text}"),
            Artefact::Markdown(text) => format!("<!-- {PREAMBLE} -->\n\n{text}"),
            Artefact::Json(text) => text,
        };
        out.insert(path, text);
    }
    let lines = out.values().map(|t| t.lines().count()).sum();
    Ok(Output {
        files: out,
        stats: Stats {
            operations: api.operations.len(),
            skipped: api.skipped.len(),
            types: api.types.len(),
            lines,
        },
        skipped: api.skipped.clone(),
    })
}

fn rust(path: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    Ok(format!(
        "// {PREAMBLE}\n\n{}",
        format(path, with_skip(tokens))?
    ))
}

/// Formats the head, then the items in blocks spread over the machine's cores, joined in
/// index order, so the text does not depend on the number of threads. prettyplease prints a
/// file as its inner attributes followed by each item in turn, so formatting the items apart
/// gives the same text as formatting the whole file, with a small syntax tree at a time.
fn rust_items(path: &str, head: TokenStream, items: &Items<'_>) -> Result<String, Diagnostic> {
    let blocks: Vec<(usize, usize)> = (0..items.len)
        .step_by(BLOCK)
        .map(|start| (start, (start + BLOCK).min(items.len)))
        .collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(usize, Result<String, Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(blocks.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let b = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(start, end)) = blocks.get(b) else {
                            break out;
                        };
                        let tokens: TokenStream = (start..end).map(|i| items.make(i)).collect();
                        out.push((b, format(path, tokens)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(b, _)| *b);
    let head = format!("// {PREAMBLE}\n\n{}", format(path, with_skip(head))?);
    // Sized once: growing by doubling would copy the text so far at each step and, for
    // Microsoft Graph's 130 MB of operations, hold two copies at the last one.
    let length = done
        .iter()
        .map(|(_, block)| block.as_ref().map_or(0, String::len))
        .sum::<usize>();
    let mut text = String::with_capacity(head.len() + length);
    text.push_str(&head);
    for (_, block) in done {
        text.push_str(&block?);
    }
    Ok(text)
}

/// Items formatted together by one thread: enough to amortise the work, small enough to
/// keep a few syntax trees in memory.
const BLOCK: usize = 64;

fn with_skip(tokens: TokenStream) -> TokenStream {
    let mut all: TokenStream = quote::quote!(#![cfg_attr(rustfmt, rustfmt::skip)]);
    all.extend(tokens);
    all
}

fn format(path: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        // Emitters must produce valid Rust; this is a generator bug, reported as such.
        let message =
            format!("internal error: the generator produced invalid Rust for {path}: {e}");
        Diagnostic::new(std::path::Path::new(path), Location::File, message)
    })?;
    Ok(prettyplease::unparse(&file))
}
