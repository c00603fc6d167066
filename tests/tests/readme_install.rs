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
