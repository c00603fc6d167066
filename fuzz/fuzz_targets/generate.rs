//! load + model + emit + render on a mutated spec. Errors are fine; a panic is the bug.
//!
//! Input: one selector byte, then the document. An even first byte writes the document as
//! `openapi.json` (the JSON parser), an odd one as `openapi.yaml` (the YAML parser); the seeds
//! made by `.ci/fuzz` start with `j` (0x6a) or `y` (0x79).
//!
//! `generator::generate` reads a path, so every run rewrites one file in a directory of this
//! process's own (under `$TMPDIR`, which `.ci/fuzz` points into `fuzz/target/`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("clientgen-fuzz-generate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the fuzz directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, document)) = data.split_first() else {
        return;
    };
    let (name, other) = if selector % 2 == 0 {
        ("openapi.json", "openapi.yaml")
    } else {
        ("openapi.yaml", "openapi.json")
    };
    let dir = dir();
    // One document at a time, so a `$ref` to the other name never reads a stale input.
    let _ = std::fs::remove_file(dir.join(other));
    let spec = dir.join(name);
    std::fs::write(&spec, document).expect("write the spec");
    let _ = generator::generate(&generator::Input {
        spec: &spec,
        config: None,
        name: Some("fuzzed"),
    });
});
