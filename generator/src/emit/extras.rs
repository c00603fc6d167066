//! A provider's hand-written extras (see [`crate::load::extras`]): `src/extras/<name>.rs` and
//! `examples/<name>.rs` copied as written, and a generated `src/extras/mod.rs` declaring the
//! modules. `lib.rs` declares `pub mod extras;` when there is at least one module.

use quote::quote;

use super::Artefact;
use super::tokens::ident;
use crate::load::extras::Extras;

pub fn emit(extras: &Extras) -> Vec<(String, Artefact<'static>)> {
    let mut files = Vec::new();
    if !extras.modules.is_empty() {
        files.push((
            "src/extras/mod.rs".to_string(),
            Artefact::Rust(mod_rs(extras)),
        ));
    }
    for module in &extras.modules {
        files.push((
            format!("src/extras/{}.rs", module.name),
            hand_written(module),
        ));
    }
    for example in &extras.examples {
        files.push((
            format!("examples/{}.rs", example.name),
            hand_written(example),
        ));
    }
    files
}

fn hand_written(file: &crate::load::extras::File) -> Artefact<'static> {
    Artefact::HandWritten {
        source: file.source.clone(),
        text: file.text.clone(),
    }
}

fn mod_rs(extras: &Extras) -> proc_macro2::TokenStream {
    let mut lines = vec![
        " Hand-written additions for this provider: kept in `extras/` beside its OpenAPI spec,"
            .to_string(),
        " merged into the crate by the generator, built and tested with it.".to_string(),
        String::new(),
    ];
    for module in &extras.modules {
        let line = match &module.summary {
            Some(summary) => format!(" - [`{}`]: {summary}", module.name),
            None => format!(" - [`{}`]", module.name),
        };
        lines.push(line);
    }
    let docs = lines.iter().map(|l| quote!(#![doc = #l]));
    let modules = extras.modules.iter().map(|m| {
        let name = ident(&m.name);
        quote!(pub mod #name;)
    });
    quote! {
        #(#docs)*
        #(#modules)*
    }
}
