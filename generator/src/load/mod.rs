//! Load: read a YAML or JSON document, apply the overlay beside it (`overlay.rs`), gate the version (rewriting OpenAPI 3.1 and Swagger 2.0
//! documents into the OpenAPI 3.0 shape the model reads), check every `$ref`.
//!
//! The document is kept as a `serde_json::Value` (in source order) rather than deserialised
//! into a fixed OpenAPI type tree: real specs carry quirks (non-standard formats, examples of
//! the wrong type, vendor extensions) that a strict tree rejects, and a value lets every later
//! error name its JSON pointer.

mod bundle;
pub mod confine;
pub mod extras;
mod openapi31;
pub mod overlay;
mod parse;
mod refs;
mod swagger2;
mod version;
mod yaml_nesting;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};

pub use bundle::Origins;
pub use refs::Resolver;

/// The HTTP methods a path item may hold operations for: OpenAPI 3.x's, which the Swagger
/// 2.0 conversion uses too (2.0 lacks `trace`, but real 2.0 specs use it).
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A loaded, version-checked document whose `$ref`s all resolve.
#[derive(Debug, Clone)]
pub struct Spec {
    pub path: PathBuf,
    /// The document, with what its `$ref`s to other files name brought in.
    pub root: Value,
    /// Where that brought-in content came from.
    pub origins: Origins,
    /// The overlay applied to the document (`overlay.yaml` beside it), if any.
    pub overlay: Option<overlay::Applied>,
}

impl Spec {
    /// A located error in this spec: `pointer` is a place in `root`; the diagnostic names the
    /// file and the place that content was written in (another file's, for bundled content).
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        match self.origins.locate(pointer) {
            Some((file, at)) => Diagnostic::at(file, &at, message),
            None => Diagnostic::at(&self.path, pointer, message),
        }
    }

    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(self)
    }
}

/// Reads and checks a spec file, which may read files only from its own folder.
pub fn load(path: &Path) -> Result<Spec, Diagnostic> {
    let folder = confine::root_of(path).map_err(|e| Diagnostic::new(path, Location::File, e))?;
    load_within(path, &folder)
}

/// The folder a spec may read from: `[load] root` of its provider.toml, else its own.
pub fn read_root(path: &Path, config: &Config) -> Result<PathBuf, Diagnostic> {
    match (&config.load.root, &config.path) {
        (Some(root), Some(config_file)) => confine::configured_root(path, config_file, root)
            .map_err(|e| Diagnostic::new(config_file, Location::Key("load.root".into()), e)),
        _ => confine::root_of(path).map_err(|e| Diagnostic::new(path, Location::File, e)),
    }
}

/// [`load`], reading files only from `folder` (see [`read_root`]).
pub fn load_within(path: &Path, folder: &Path) -> Result<Spec, Diagnostic> {
    let cannot = |e: String| Diagnostic::new(path, Location::File, format!("cannot read: {e}"));
    let text = confine::read(path, folder).map_err(cannot)?;
    let mut root = parse::parse(path, &text)?;
    // Before anything reads the document: the fixes are part of what the spec says.
    let overlay = overlay::apply_beside(path, folder, &mut root)?;
    let mut spec = Spec {
        path: path.to_path_buf(),
        root,
        origins: Origins::default(),
        overlay,
    };
    let version = version::check(&spec)?;
    spec.origins = bundle::bundle(&spec.path, folder, &mut spec.root)?;
    // After bundling, so what other files brought in is rewritten too.
    version::normalise(&mut spec, version).map_err(|d| spec.origins.relocate(&spec.path, d))?;
    refs::check_all(&spec)?;
    Ok(spec)
}
