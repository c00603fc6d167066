//! What is measured and with what: the specs, the peers, our version.

use std::path::Path;

use super::peers::{self, Peer};
use super::results::{Part, Results, Subject};
use crate::{fetch_corpus, tree};

/// `abc1234`, or `abc1234 + uncommitted changes`.
pub fn git_state(root: &Path) -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        None => "not a git checkout".into(),
        Some(sha) => match git(&["status", "--porcelain"]) {
            Some(s) if !s.is_empty() => format!("git {sha} + uncommitted changes"),
            _ => format!("git {sha}"),
        },
    }
}

/// The specs: the four providers, FastPix's published spec, GitHub's REST description.
pub fn subjects(root: &Path, results: &mut Results) -> Vec<Subject> {
    let mut subjects = Vec::new();
    match tree::discover(&root.join("specs")) {
        Ok((providers, _)) if !providers.is_empty() => subjects.push(Subject {
            key: "providers",
            label: format!(
                "the {} providers (specs/*, {} processes per run, times summed)",
                providers.len(),
                providers.len()
            ),
            parts: providers
                .into_iter()
                .map(|p| Part {
                    name: p.name,
                    spec: p.spec,
                    config: Some(p.config),
                })
                .collect(),
        }),
        Ok(_) => results.notes.push("specs/ has no providers.".into()),
        Err(e) => results.notes.push(format!("specs/: {e}")),
    }
    let fastpix = root
        .parent()
        .map(|p| p.join("shared/upstream/fastpix/openapi.yaml"));
    match fastpix.filter(|p| p.is_file()) {
        Some(spec) => subjects.push(Subject {
            key: "fastpix",
            label: "FastPix, published spec (490 KB YAML)".into(),
            parts: vec![Part {
                name: "fastpix".into(),
                spec,
                config: None,
            }],
        }),
        None => results.notes.push(
            "FastPix's published spec (../shared/upstream/fastpix/openapi.yaml) is absent: skipped."
                .into(),
        ),
    }
    say!("fetching the corpus (GitHub's REST description)");
    let fetched = fetch_corpus::run(&fetch_corpus::Args::default());
    let github = fetch_corpus::default_dir()
        .ok()
        .map(|d| d.join("github.json"));
    let source = fetch_corpus::SOURCES
        .iter()
        .find(|s| s.file == "github.json");
    match (fetched, github.filter(|p| p.is_file()), source) {
        (Ok(()), Some(spec), Some(source)) => {
            results.versions.push((
                "GitHub spec".into(),
                format!(
                    "`{}@{}` `{}`, sha256 `{}`",
                    source.package, source.version, source.path, source.sha256
                ),
            ));
            subjects.push(Subject {
                key: "github",
                label: "GitHub REST API (13 MB JSON)".into(),
                parts: vec![Part {
                    name: "github".into(),
                    spec,
                    config: None,
                }],
            });
        }
        _ => results.notes.push(
            "GitHub's REST description could not be fetched (`cargo xtask fetch-corpus` needs npm): skipped."
                .into(),
        ),
    }
    subjects
}

/// The peers, installed when missing; one that is not available is noted in the versions.
pub fn install_peers(cache: &Path, results: &mut Results) -> Vec<Peer> {
    let mut peers = Vec::new();
    for (label, found) in [
        ("progenitor", peers::progenitor(cache)),
        ("openapi-generator", peers::openapi_generator(cache)),
    ] {
        match found {
            Ok(peer) => {
                results.versions.push((label.into(), peer.version.clone()));
                peers.push(peer);
            }
            Err(e) => {
                say!("warning: {label} is not available: {e}");
                results
                    .versions
                    .push((label.into(), format!("not available: {e}")));
            }
        }
    }
    peers
}
