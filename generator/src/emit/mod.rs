//! Emit: one module per artefact of a generated crate, each turning the model into tokens
//! (Rust files) or text (Cargo.toml, README.md). Runtime files are hand-written Rust,
//! copied in with the parts the crate does not need cut out.

mod auth;
mod cargo;
mod client;
pub mod conformance;
mod constructors;
mod error_format;
mod examples;
mod extras;
mod lib_rs;
mod markdown;
mod object_decode;
mod operations;
mod readme;
mod readme_client;
mod readme_events;
mod readme_mock;
mod readme_oauth2;
mod readme_webhooks;
mod runtime_files;
mod tokens;
mod types;
mod union_from;
mod webhooks;

use proc_macro2::TokenStream;

use crate::model::Api;

/// One file of a generated crate, before rendering.
pub enum Artefact<'a> {
    /// Generated Rust, to be formatted.
    Rust(TokenStream),
    /// A large generated Rust file as a head (inner attributes, `use`s) and items made on
    /// demand, so render can format a few at a time on every core instead of holding one
    /// huge syntax tree (GitHub's `types.rs` is over 300,000 lines).
    RustItems { head: TokenStream, items: Items<'a> },
    /// Hand-written Rust, copied as is.
    RustText(String),
    /// A provider's hand-written extra (see [`crate::load::extras`]), copied as is under a line that
    /// names its source, relative to the spec's folder.
    HandWritten { source: String, text: String },
    /// `Cargo.toml`.
    Toml(String),
    /// `README.md`, `CHANGELOG.md`.
    Markdown(String),
    /// JSON data (`api-surface.json`), whose first key carries the "generated" line.
    Json(String),
}

/// The items of a Rust file, each made when asked for by its index, from any thread.
pub struct Items<'a> {
    pub len: usize,
    make: Box<dyn Fn(usize) -> TokenStream + Sync + 'a>,
}

impl<'a> Items<'a> {
    pub fn new(len: usize, make: impl Fn(usize) -> TokenStream + Sync + 'a) -> Self {
        Items {
            len,
            make: Box::new(make),
        }
    }

    /// The tokens of item `index` (one or more whole Rust items).
    pub fn make(&self, index: usize) -> TokenStream {
        (self.make)(index)
    }
}

/// The sources the runtime API is read from (`changes::runtime::SOURCES`): `lib.rs` and
/// `client.rs` as tokens, the hand-written runtime as text. Made apart from [`emit`] because
/// the crate's version, which `emit` writes, follows from what changed in them.
pub fn runtime_sources(api: &Api, extras: &crate::load::extras::Extras) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "src/lib.rs".to_string(),
            lib_rs::emit(api, extras).to_string(),
        ),
        ("src/client.rs".to_string(), client::emit(api).to_string()),
    ];
    // One builder: the generics they share.
    if let Artefact::RustItems { items, .. } = operations::emit(api)
        && items.len > 0
    {
        out.push(("src/operations.rs".to_string(), items.make(0).to_string()));
    }
    out.extend(runtime_files::files(api));
    out
}

/// The crate's files. `extras` (hand-written modules and examples) are merged in; without
/// them, the output is the generated crate alone.
pub fn emit<'a>(api: &'a Api, extras: &crate::load::extras::Extras) -> Vec<(String, Artefact<'a>)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Artefact::Toml(cargo::emit(api))),
        (
            "README.md".to_string(),
            Artefact::Markdown(readme::emit(api, extras)),
        ),
        (
            "src/lib.rs".to_string(),
            Artefact::Rust(lib_rs::emit(api, extras)),
        ),
        ("src/auth.rs".to_string(), Artefact::Rust(auth::emit(api))),
        (
            "src/client.rs".to_string(),
            Artefact::Rust(client::emit(api)),
        ),
        (
            "src/error_format.rs".to_string(),
            Artefact::Rust(error_format::emit(api)),
        ),
        ("src/operations.rs".to_string(), operations::emit(api)),
        ("src/types.rs".to_string(), types::emit(api)),
    ];
    if let Some(hooks) = &api.webhooks {
        let tokens = webhooks::emit(hooks);
        files.push(("src/webhooks.rs".to_string(), Artefact::Rust(tokens)));
    }
    for (path, text) in runtime_files::files(api) {
        files.push((path, Artefact::RustText(text)));
    }
    files.extend(extras::emit(extras));
    files
}
