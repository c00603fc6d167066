//! A generated crate's README lists, in its Install block, every crate its examples use: a
//! user who copies the block and an example gets code that compiles.

use integration_tests::workspace;

#[test]
fn the_install_block_lists_what_the_examples_use() {
    let generated = workspace().join("generated");
    let mut checked = 0;
    for entry in std::fs::read_dir(&generated).expect("generated/") {
        let readme = entry.expect("an entry").path().join("README.md");
        let Ok(text) = std::fs::read_to_string(&readme) else {
            continue;
        };
        let install = text
            .split("## Install")
            .nth(1)
            .and_then(|rest| rest.split("```").nth(1))
            .unwrap_or_else(|| panic!("{}: no Install block", readme.display()));
        for (used, dependency) in [("futures_util::", "futures-util"), ("tokio::", "tokio")] {
            if text.contains(used) {
                assert!(
                    install.contains(dependency),
                    "{}: the examples use `{used}` but the Install block lacks `{dependency}`:\n{install}",
                    readme.display()
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} crates");
}

/// Every hand-written module and example of a provider is listed in its crate's README, so
/// a user finds `SigningKey` or `convert_and_download` where they look.
#[test]
fn the_readme_lists_the_provider_extras() {
    let root = workspace();
    let mut listed = 0;
    for entry in std::fs::read_dir(root.join("specs")).expect("specs/") {
        let spec_dir = entry.expect("an entry").path();
        let provider = spec_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let readme =
            std::fs::read_to_string(root.join("generated").join(&provider).join("README.md"))
                .unwrap_or_default();
        let files = |dir: std::path::PathBuf| -> Vec<String> {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
                .filter(|n| n != "examples")
                .collect()
        };
        for module in files(spec_dir.join("extras")) {
            assert!(
                readme.contains(&format!("extras::{module}")),
                "{provider}: the README does not list `extras::{module}`"
            );
            listed += 1;
        }
        for example in files(spec_dir.join("extras/examples")) {
            assert!(
                readme.contains(&format!("--example {example}")),
                "{provider}: the README does not show how to run `{example}`"
            );
            listed += 1;
        }
    }
    assert!(listed >= 5, "only {listed} extras");
}
