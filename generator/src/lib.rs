//! Turns an OpenAPI document plus a `provider.toml` into a self-contained Rust client crate.
//!
//! The pipeline runs one way: [`load`] reads and resolves the spec, [`model`] builds a typed
//! intermediate representation in which every Rust name is decided once, [`emit`] turns the
//! model into token streams (one module per artefact), and [`render`] formats them into an
//! in-memory file tree. [`generate`] is a pure function from inputs to that tree: writing,
//! comparing (`--check`) and reporting are the caller's job (see `xtask`).

pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod files;
pub mod load;
pub mod model;
pub mod render;

use std::collections::BTreeMap;
use std::path::Path;

pub use diagnostic::{Diagnostic, Location};

/// What to generate from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The OpenAPI document (YAML or JSON).
    pub spec: &'a Path,
    /// The provider's `provider.toml`, if any.
    pub config: Option<&'a Path>,
    /// Crate name; overrides `[crate] name` from the config.
    pub name: Option<&'a str>,
}

/// A generated crate: relative path (with `/` separators) to file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub stats: Stats,
}

/// Numbers reported by `cargo xtask regenerate`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub operations: usize,
    pub types: usize,
    pub lines: usize,
}

/// Generates one crate. Reads only the two input files; never writes.
pub fn generate(input: &Input<'_>) -> Result<Output, Diagnostic> {
    let spec = load::load(input.spec)?;
    let config = config::load(input.config, input.name)?;
    let api = model::build(&spec, &config)?;
    let files = emit::emit(&api)?;
    render::render(files, &api)
}
