//! The whole pipeline on a fixed spec with a mutated `provider.toml`. Errors are fine; a panic
//! is the bug.
//!
//! Input: a first line naming the spec (a folder under `tests/fixtures/` or `specs/` of this
//! repository that has a `provider.toml`, e.g. `auth_multiple`), then the `provider.toml`
//! text. A first line that names no such folder picks one by a hash of itself. The specs
//! are read in place (with their `extras/` and the files they `$ref`); only the config is
//! written, to one file in a directory of this process's own under `$TMPDIR`.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

struct Setup {
    /// (folder name, spec path), sorted by name.
    specs: Vec<(String, PathBuf)>,
    config: PathBuf,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = Vec::new();
        for parent in ["tests/fixtures", "specs"] {
            let entries = std::fs::read_dir(root.join(parent)).expect("read the fixtures");
            for entry in entries.flatten() {
                let folder = entry.path();
                if !folder.join("provider.toml").is_file() {
                    continue;
                }
                let spec = ["openapi.yaml", "openapi.json"]
                    .into_iter()
                    .map(|file| folder.join(file))
                    .find(|path| path.is_file());
                if let Some(spec) = spec {
                    specs.push((entry.file_name().to_string_lossy().into_owned(), spec));
                }
            }
        }
        specs.sort();
        assert!(!specs.is_empty(), "no fixture with a provider.toml found");
        let dir =
            std::env::temp_dir().join(format!("clientgen-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the fuzz directory");
        Setup {
            specs,
            config: dir.join("provider.toml"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (first, rest) = data.split_at(split);
    let config = rest.get(1..).unwrap_or_default();
    let spec = match setup
        .specs
        .iter()
        .find(|(name, _)| name.as_bytes() == first)
    {
        Some((_, spec)) => spec,
        None => {
            let hash = first
                .iter()
                .fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(b as usize));
            &setup.specs[hash % setup.specs.len()].1
        }
    };
    std::fs::write(&setup.config, config).expect("write the config");
    let _ = generator::generate(&generator::Input {
        spec,
        config: Some(&setup.config),
        name: None,
    });
});
