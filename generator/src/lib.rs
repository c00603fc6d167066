//! Turns an OpenAPI document plus a `provider.toml` into a self-contained Rust client crate.
//!
//! The pipeline runs one way: [`load`] reads and resolves the spec, [`model`] builds a typed
//! intermediate representation in which every Rust name is decided once, [`emit`] turns the
//! model into token streams (one module per artefact), and [`render`] formats them into an
//! in-memory file tree. [`generate`] is a pure function from inputs to that tree: writing,
//! comparing (`--check`) and reporting are the caller's job (see `xtask`).

mod chains;
pub mod changes;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod disk;
pub mod emit;
pub mod generated_by;
pub mod load;
pub mod model;
pub mod render;
mod rust_words;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Location};

/// What to generate from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The OpenAPI document (YAML or JSON). Hand-written extras, if any, are read from the
    /// `extras/` folder beside it.
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
    /// What was left out, with where and why (the README's "Not generated").
    pub skipped: Vec<model::Skip>,
}

/// Numbers reported by `cargo xtask regenerate`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub operations: usize,
    pub types: usize,
    pub lines: usize,
    /// Items left out (see the crate README's "Not generated").
    pub skipped: usize,
}

/// Wall-clock time spent in each stage of one generation (see [`generate_timed`]), for
/// `generator generate --timings` and `cargo xtask bench`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading the spec, the config and the extras.
    pub load: Duration,
    /// Building the model, the version and the API surface.
    pub model: Duration,
    /// Emitting the artefacts (tokens and text).
    pub emit: Duration,
    /// Formatting them into the file tree.
    pub render: Duration,
}

/// How to generate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Fail on anything that would otherwise be skipped.
    pub strict: bool,
}

/// What the previous generation of a crate left in its folder: the API surface it was
/// generated with and its changelog. The caller reads them; generation stays pure.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// Where the surface was read from, for diagnostics.
    pub path: &'a Path,
    /// The contents of `api-surface.json`.
    pub surface: &'a str,
    /// The contents of `CHANGELOG.md`, if there was one.
    pub changelog: Option<&'a str>,
    /// The crate's previous sources (`src/…` path, text), those of
    /// [`changes::runtime::SOURCES`] at least: its runtime API, when the surface is older than
    /// format 5 and does not record it.
    pub sources: &'a [(String, String)],
}

/// Generates one crate as a first version. Reads only its inputs (the spec, the config, and the
/// spec's `extras/` folder if there is one: see [`load::extras`]); never writes.
pub fn generate(input: &Input<'_>) -> Result<Output, Diagnostic> {
    generate_with_history(input, None).map(|(output, _)| output)
}

/// Generates one crate after `history`: the version follows from the API changes, which are
/// returned as a report and added to the changelog.
pub fn generate_with_history(
    input: &Input<'_>,
    history: Option<&History<'_>>,
) -> Result<(Output, changes::Report), Diagnostic> {
    generate_with(input, history, Options::default())
}

/// [`generate_with_history`] with [`Options`].
pub fn generate_with(
    input: &Input<'_>,
    history: Option<&History<'_>>,
    options: Options,
) -> Result<(Output, changes::Report), Diagnostic> {
    generate_stages(input, history, options, &mut Timings::default())
}

/// [`generate_with`] without history, also returning the time spent in each stage.
pub fn generate_timed(
    input: &Input<'_>,
    options: Options,
) -> Result<(Output, Timings), Diagnostic> {
    let mut timings = Timings::default();
    let (output, _) = generate_stages(input, None, options, &mut timings)?;
    Ok((output, timings))
}

/// The pipeline; records each stage's wall-clock time in `timings`.
fn generate_stages(
    input: &Input<'_>,
    history: Option<&History<'_>>,
    options: Options,
    timings: &mut Timings,
) -> Result<(Output, changes::Report), Diagnostic> {
    let mut mark = Instant::now();
    let mut lap = || {
        let now = Instant::now();
        let elapsed = now - mark;
        mark = now;
        elapsed
    };
    let mut config = config::load(input.config, input.name)?;
    config.strict = options.strict;
    let folder = load::read_root(input.spec, &config)?;
    let spec = load::load_within(input.spec, &folder)?;
    let extras = load::extras::load(input.spec, &folder)?;
    timings.load = lap();
    let mut api = model::build(&spec, &config)?;
    // The model owns what it needs: the document (hundreds of megabytes for the largest
    // specs) is not kept through emitting and rendering, where memory peaks.
    drop(spec);
    let runtime = changes::runtime::of_sources(
        emit::runtime_sources(&api, &extras)
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    );
    let report = version_after(&mut api, &config, history, Some(&runtime))?;
    let surface = changes::Surface::of(&api).with_runtime(runtime);
    timings.model = lap();
    let mut files = emit::emit(&api, &extras);
    files.push((
        changes::surface::FILE.to_string(),
        emit::Artefact::Json(surface.to_json()),
    ));
    let changelog = changes::changelog(history.and_then(|h| h.changelog), &report);
    files.push((
        "CHANGELOG.md".to_string(),
        emit::Artefact::Markdown(changelog),
    ));
    timings.emit = lap();
    let output = render::render(files, &api)?;
    timings.render = lap();
    Ok((output, report))
}

/// The calls of a conformance run for the crate `generate(input)` makes: every operation,
/// called once with values the spec allows (`cargo xtask conformance`).
pub fn conformance_calls(input: &Input<'_>) -> Result<emit::conformance::Calls, Diagnostic> {
    let (api, _) = model_of(input)?;
    Ok(emit::conformance::calls(&api))
}

/// The change report between two specs (as `cargo xtask diff` prints it).
pub fn diff_specs(old: &Input<'_>, new: &Input<'_>) -> Result<changes::Report, Diagnostic> {
    let (old_api, _) = model_of(old)?;
    let text = changes::Surface::of(&old_api).to_json();
    let history = History {
        path: old.spec,
        surface: &text,
        changelog: None,
        sources: &[],
    };
    let (mut new_api, config) = model_of(new)?;
    version_after(&mut new_api, &config, Some(&history), None)
}

/// The model of a spec; a crate name is not needed to compare two specs.
fn model_of(input: &Input<'_>) -> Result<(model::Api, config::Config), Diagnostic> {
    let mut config = config::load(input.config, input.name)?;
    let spec = load::load_within(input.spec, &load::read_root(input.spec, &config)?)?;
    config.krate.name.get_or_insert_with(|| "api".to_string());
    Ok((model::build(&spec, &config)?, config))
}

/// Sets `api.version` from the previous surface and the changes since, and reports them.
fn version_after(
    api: &mut model::Api,
    config: &config::Config,
    history: Option<&History<'_>>,
    runtime: Option<&BTreeMap<String, String>>,
) -> Result<changes::Report, Diagnostic> {
    let config_file = config.file();
    let floor = match &config.krate.version {
        None => None,
        Some(v) => Some(changes::Version::parse(v).ok_or_else(|| {
            let key = Location::Key("crate.version".into());
            Diagnostic::new(
                config_file,
                key,
                format!("`{v}` is not a `major.minor.patch` version"),
            )
        })?),
    };
    let mut new = changes::Surface::of(api);
    new.runtime = runtime.cloned();
    let Some(history) = history else {
        return Ok(changes::Report {
            package: api.package.clone(),
            old_version: None,
            new_version: api.version.clone(),
            api_version: api.spec_version.clone(),
            changes: Vec::new(),
        });
    };
    let old: changes::Surface = serde_json::from_str(history.surface).map_err(|e| {
        let at = Location::Line {
            line: e.line(),
            column: e.column(),
        };
        let msg = format!(
            "cannot read the previous API surface ({e}); delete the file to start a new history"
        );
        Diagnostic::new(history.path, at, msg)
    })?;
    let old_version = changes::Version::parse(&old.version).ok_or_else(|| {
        Diagnostic::new(
            history.path,
            Location::Pointer("/version".into()),
            format!("`{}` is not a `major.minor.patch` version", old.version),
        )
    })?;
    let mut old = old;
    if old.runtime.is_none() && !history.sources.is_empty() {
        let sources = history.sources.iter();
        old.runtime = Some(changes::runtime::of_sources(
            sources.map(|(path, text)| (path.as_str(), text.as_str())),
        ));
    }
    let changes = changes::diff(&old, &new);
    let breaking = changes.iter().any(|c| c.breaking);
    let mut version = old_version.bump(breaking, !changes.is_empty());
    if let Some(floor) = floor {
        version = version.max(floor);
    }
    api.version = version.to_string();
    Ok(changes::Report {
        package: api.package.clone(),
        old_version: Some(old.version),
        new_version: api.version.clone(),
        api_version: api.spec_version.clone(),
        changes,
    })
}
