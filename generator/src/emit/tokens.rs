//! Small helpers every artefact emitter uses: identifiers, doc attributes, Rust types.

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::model::naming;
use crate::model::{Docs, TypeRef};

/// An identifier; keywords become raw identifiers (`r#type`).
pub fn ident(name: &str) -> Ident {
    if naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `attr` in front of every item in `items` (a sequence of whole items, as emitters make
/// them). An item ends at a `;` or a `{ ... }` block at its top level: no emitted item has a
/// top-level block before its end (attributes are `#[...]`, generics `<...>`).
fn each_item(attr: &TokenStream, items: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut start = true;
    for tree in items {
        if start {
            out.extend(attr.clone());
        }
        start = match &tree {
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            TokenTree::Punct(p) => p.as_char() == ';',
            _ => false,
        };
        out.extend([tree]);
    }
    out
}

/// `items` compiled only when one of `features` is on (all of them when `features` is empty).
pub fn gated(features: &[String], items: TokenStream) -> TokenStream {
    match features {
        [] => items,
        [one] => each_item(&quote!(#[cfg(feature = #one)]), items),
        many => each_item(&quote!(#[cfg(any(#(feature = #many),*))]), items),
    }
}

/// `#[doc = "..."]` lines for a docs block, plus `#[deprecated]` where the spec says so.
pub fn docs(docs: &Docs) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let paragraph = |text: &str, lines: &mut Vec<String>| {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(doc_lines(text));
    };
    if let Some(s) = &docs.summary {
        paragraph(s, &mut lines);
    }
    if let Some(d) = &docs.description
        && docs.summary.as_deref() != Some(d.as_str())
    {
        paragraph(d, &mut lines);
    }
    if !docs.notes.is_empty() {
        paragraph(&docs.notes.join(" "), &mut lines);
    }
    let deprecated = docs.deprecated.then(|| quote!(#[deprecated]));
    let attrs = doc_attrs(super::markdown::neutralise(lines));
    quote!(#attrs #deprecated)
}

/// `#[doc = " line"]` for each line as given (a blank line stays blank; code blocks are
/// left as they are, for the generator's own examples), bidirectional controls named.
pub fn doc_attrs(lines: impl IntoIterator<Item = String>) -> TokenStream {
    let attrs = lines.into_iter().map(|l| {
        let l = super::markdown::without_bidi(&l);
        let l = if l.is_empty() { l } else { format!(" {l}") };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Doc text lines, made safe for rustdoc: no indented code blocks (which would become
/// doctests), bare fences marked `text` (rustdoc would compile them as Rust), and a fence the
/// spec left open closed.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut open = false;
    let mut out = Vec::new();
    for line in text.trim().lines().map(str::trim) {
        if let Some(lang) = line.strip_prefix("```") {
            let runs_as_rust = lang.trim().is_empty() || lang.trim().starts_with("rust");
            let fence = if open {
                "```"
            } else if runs_as_rust {
                "```text"
            } else {
                line
            };
            out.push(fence.to_string());
            open = !open;
        } else if open {
            out.push(line.replace('\t', "    "));
        } else {
            // Tabs trip clippy's `tabs_in_doc_comments`; bare URLs trip rustdoc's `bare_urls`.
            out.push(link_bare_urls(&line.replace('\t', " ")));
        }
    }
    if open {
        out.push("```".to_string());
    }
    out
}

/// Wraps URLs that stand alone in prose as `<url>`, so rustdoc makes them links. URLs in
/// markdown links (`](…)`), angle brackets, quotes or inline code are left alone.
fn link_bare_urls(line: &str) -> String {
    if !line.contains("://") || line.contains('`') {
        return line.to_string();
    }
    let words: Vec<String> = line
        .split(' ')
        .map(|word| {
            let bare = word.starts_with("http://") || word.starts_with("https://");
            if !bare {
                return word.to_string();
            }
            let end = word
                .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                .len();
            let (url, tail) = word.split_at(end);
            format!("<{url}>{tail}")
        })
        .collect();
    words.join(" ")
}

/// One doc line as an attribute.
pub fn doc(text: &str) -> TokenStream {
    doc_attrs(super::markdown::neutralise(doc_lines(text)))
}

/// The Rust type of a [`TypeRef`]; `types` is the path prefix of named types.
pub fn rust_type(ty: &TypeRef, types: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(#types #n)
        }
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, types);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, types);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, types);
            quote!(Option<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn doc_text_is_made_safe_for_rustdoc_and_clippy() {
        let lines =
            doc_lines("See https://x.io/a. Or [docs](https://x.io/b), <https://x.io/c>\n\tTabbed");
        assert_eq!(
            lines[0],
            "See <https://x.io/a>. Or [docs](https://x.io/b), <https://x.io/c>"
        );
        assert_eq!(lines[1], "Tabbed");
        let code = doc_lines("```\nfn x() {}\n");
        assert_eq!(code, ["```text", "fn x() {}", "```"]);
        assert_eq!(doc_lines("`https://in.code`"), ["`https://in.code`"]);
    }
}
