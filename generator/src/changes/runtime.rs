//! The public runtime API of a generated crate: what the generator writes into every crate
//! besides the spec's operations and types (the client and its builder, `Error` and its
//! variants, `RetryPolicy`, `CallOptions`, the methods every request builder has, the test
//! double, …). A generator upgrade can change it without any change to the spec, so the
//! surface records it too, read from the crate's sources with syn: one entry per public item,
//! field, variant, method and trait implementation, keyed by path (`Error::Timeout.limit`,
//! `ClientBuilder::attempt_timeout`, `Error: From<ApiError>`), valued by its signature.
//!
//! Public means reachable by a caller: an item of a `pub mod`, or one `lib.rs` re-exports
//! (`pub use error::{ApiError, Error}`), and the members of such types. Bodies, doc comments
//! and values are left out: only what a caller's code can depend on.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock, PoisonError};

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, TraitItem, UseTree, Visibility};

/// The files of a crate the runtime surface is read from (`types.rs` and the operations are
/// the spec's, and the API surface records them already).
pub const SOURCES: &[&str] = &[
    "src/lib.rs",
    // Only for the generics every request builder shares (see `builder_generics`).
    "src/operations.rs",
    "src/client.rs",
    "src/download.rs",
    "src/error.rs",
    "src/lines.rs",
    "src/mock.rs",
    "src/multipart.rs",
    "src/nullable.rs",
    "src/oauth2.rs",
    "src/pagination.rs",
    "src/response.rs",
    "src/retry.rs",
    "src/sse.rs",
    "src/transport.rs",
];

/// Key of the methods every request builder has (from `transport.rs`'s `builder_methods!`).
const BUILDERS: &str = "<request builders>";

/// The runtime surface of a crate from its sources (`(path, text)`, paths as in
/// [`SOURCES`]); a file that does not parse contributes nothing.
pub fn of_sources<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, String> {
    let files: Vec<(&str, &str)> = files
        .into_iter()
        .filter(|(path, _)| SOURCES.contains(path))
        .collect();
    let Some(lib) = files
        .iter()
        .find(|(path, _)| *path == "src/lib.rs")
        .and_then(|(_, text)| syn::parse_file(text).ok())
    else {
        return BTreeMap::new();
    };
    let exports = Exports::of(&lib);
    let mut out = BTreeMap::new();
    for name in &exports.crates {
        out.insert(name.clone(), "crate re-export".to_string());
    }
    for (path, text) in files {
        let module = path.trim_start_matches("src/").trim_end_matches(".rs");
        match module {
            "lib" => {}
            // Thousands of operations are not parsed for one declaration's generics.
            "operations" => {
                if let Some(generics) = builder_generics(text) {
                    out.insert(BUILDERS.to_string(), tidy(&generics));
                }
            }
            _ => out.extend(module_surface(module, text, &exports)),
        }
    }
    out
}

/// A module's entries: path → signature.
type Entries = Vec<(String, String)>;

/// The entries of one module. The hand-written runtime's files are the same text in every
/// crate (up to the parts a crate needs): each is parsed once per process and its entries
/// kept, keyed by its text and what `lib.rs` exports of it, so that generating the 2,639
/// specs of a directory parses them a handful of times, not 2,639. `client.rs` differs per
/// crate and is read each time.
fn module_surface(module: &str, text: &str, exports: &Exports) -> Entries {
    use std::hash::{Hash, Hasher};
    static CACHE: OnceLock<Mutex<HashMap<u64, Entries>>> = OnceLock::new();
    let cacheable = module != "client";
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (module, text, exports.modules.contains(module)).hash(&mut hasher);
    exports
        .names
        .iter()
        .filter(|(m, _)| m == module)
        .for_each(|name| name.hash(&mut hasher));
    let key = hasher.finish();
    let cache = CACHE.get_or_init(Default::default);
    if cacheable
        && let Some(entries) = cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
    {
        return entries.clone();
    }
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    let mut entries = BTreeMap::new();
    if exports.modules.contains(module) {
        entries.insert(module.to_string(), "module".to_string());
    }
    Module {
        exports,
        prefix: exports.prefix(module),
        module: module.to_string(),
        out: &mut entries,
    }
    .read(&file.items);
    let entries: Entries = entries.into_iter().collect();
    if cacheable {
        cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, entries.clone());
    }
    entries
}

/// `struct<'a>`: the generics of the first request builder (`pub struct …Builder<'a> {`) in
/// the text of `operations.rs`, found without parsing the file. Every builder has the same.
fn builder_generics(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("pub struct ") {
        let after = &rest[at + "pub struct ".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if after[..end].ends_with("Builder") {
            let tail = &after[end..];
            let generics = &tail[..tail.find(['{', '(', ';']).unwrap_or(tail.len())];
            return Some(format!("struct{}", generics.trim()));
        }
        rest = after;
    }
    None
}

/// What `lib.rs` makes public: whole modules, and names re-exported from private ones.
struct Exports {
    modules: BTreeSet<String>,
    names: BTreeSet<(String, String)>,
    /// Crates re-exported whole (`pub use reqwest;`).
    crates: BTreeSet<String>,
}

impl Exports {
    fn of(lib: &syn::File) -> Exports {
        let mut exports = Exports {
            modules: BTreeSet::new(),
            names: BTreeSet::new(),
            crates: BTreeSet::new(),
        };
        for item in &lib.items {
            match item {
                Item::Mod(m) if is_pub(&m.vis) => {
                    exports.modules.insert(m.ident.to_string());
                }
                Item::Use(u) if is_pub(&u.vis) => exports.uses(&u.tree, None),
                _ => {}
            }
        }
        exports
    }

    fn uses(&mut self, tree: &UseTree, module: Option<&str>) {
        match tree {
            UseTree::Path(p) if module.is_none() => self.uses(&p.tree, Some(&p.ident.to_string())),
            UseTree::Group(g) => g.items.iter().for_each(|t| self.uses(t, module)),
            UseTree::Name(n) => match module {
                Some(m) => {
                    self.names.insert((m.to_string(), n.ident.to_string()));
                }
                None => {
                    self.crates.insert(n.ident.to_string());
                }
            },
            UseTree::Rename(r) => {
                if let Some(m) = module {
                    self.names.insert((m.to_string(), r.ident.to_string()));
                }
            }
            _ => {}
        }
    }

    /// `mock::` for an item of a public module, else nothing (re-exported at the root).
    fn prefix(&self, module: &str) -> String {
        if self.modules.contains(module) {
            format!("{module}::")
        } else {
            String::new()
        }
    }

    fn public(&self, module: &str, name: &str) -> bool {
        self.modules.contains(module)
            || self.names.contains(&(module.to_string(), name.to_string()))
    }
}

/// One module's items, written into `out`.
struct Module<'a> {
    exports: &'a Exports,
    module: String,
    prefix: String,
    out: &'a mut BTreeMap<String, String>,
}

impl Module<'_> {
    fn read(&mut self, items: &[Item]) {
        // Types first: impls and derives attach to the public ones only.
        let mut types = BTreeSet::new();
        for item in items {
            let (vis, ident) = match item {
                Item::Struct(s) => (&s.vis, &s.ident),
                Item::Enum(e) => (&e.vis, &e.ident),
                Item::Trait(t) => (&t.vis, &t.ident),
                Item::Type(t) => (&t.vis, &t.ident),
                _ => continue,
            };
            if is_pub(vis) && self.exports.public(&self.module, &ident.to_string()) {
                types.insert(ident.to_string());
            }
        }
        for item in items {
            self.item(item, &types);
        }
    }

    fn add(&mut self, key: String, value: String) {
        self.out
            .insert(tidy(&format!("{}{key}", self.prefix)), tidy(&value));
    }

    fn item(&mut self, item: &Item, types: &BTreeSet<String>) {
        match item {
            Item::Struct(s) if types.contains(&s.ident.to_string()) => {
                let name = s.ident.to_string();
                self.derives(&name, &s.attrs);
                let header = format!(
                    "struct{}{}",
                    s.generics.to_token_stream(),
                    non_exhaustive(&s.attrs)
                );
                self.add(name.clone(), header);
                self.fields(&name, &s.fields, false);
            }
            Item::Enum(e) if types.contains(&e.ident.to_string()) => self.enumeration(e),
            Item::Trait(t) if types.contains(&t.ident.to_string()) => self.trait_definition(t),
            Item::Type(t) if types.contains(&t.ident.to_string()) => {
                let value = format!(
                    "type{} = {}",
                    t.generics.to_token_stream(),
                    t.ty.to_token_stream()
                );
                self.add(t.ident.to_string(), value);
            }
            Item::Fn(f) if self.visible(&f.vis, &f.sig.ident) => {
                self.add(
                    format!("{}()", f.sig.ident),
                    f.sig.to_token_stream().to_string(),
                );
            }
            Item::Const(c) if self.visible(&c.vis, &c.ident) => {
                let ty = c.ty.to_token_stream();
                self.add(
                    c.ident.to_string(),
                    format!("const: {ty}{}", deprecated(&c.attrs)),
                );
            }
            Item::Impl(i) => self.implementation(i, types),
            Item::Macro(m) if m.ident.as_ref().is_some_and(|i| i == "builder_methods") => {
                self.builder_methods(&m.mac.tokens);
            }
            _ => {}
        }
    }

    /// An enum: its header, and each variant with its fields.
    fn enumeration(&mut self, e: &syn::ItemEnum) {
        let name = e.ident.to_string();
        self.derives(&name, &e.attrs);
        let header = format!(
            "enum{}{}",
            e.generics.to_token_stream(),
            non_exhaustive(&e.attrs)
        );
        self.add(name.clone(), header);
        for v in &e.variants {
            let kind = match v.fields {
                Fields::Named(_) => "struct variant",
                Fields::Unnamed(_) => "tuple variant",
                Fields::Unit => "unit variant",
            };
            let key = format!("{name}::{}", v.ident);
            self.add(key.clone(), format!("{kind}{}", non_exhaustive(&v.attrs)));
            self.fields(&key, &v.fields, true);
        }
    }

    /// A trait: its header and supertraits, and each of its items.
    fn trait_definition(&mut self, t: &syn::ItemTrait) {
        let name = t.ident.to_string();
        let supertraits = t.supertraits.to_token_stream().to_string();
        self.add(
            name.clone(),
            format!("trait{}: {supertraits}", t.generics.to_token_stream()),
        );
        for item in &t.items {
            let (ident, value) = match item {
                TraitItem::Fn(f) => (f.sig.ident.to_string(), f.sig.to_token_stream()),
                TraitItem::Type(ty) => {
                    let bounds = ty.bounds.to_token_stream();
                    (ty.ident.to_string(), quote::quote!(type: #bounds))
                }
                TraitItem::Const(c) => {
                    let ty = &c.ty;
                    (c.ident.to_string(), quote::quote!(const: #ty))
                }
                _ => continue,
            };
            self.add(format!("{name}::{ident}"), value.to_string());
        }
    }

    fn visible(&self, vis: &Visibility, ident: &syn::Ident) -> bool {
        is_pub(vis) && self.exports.public(&self.module, &ident.to_string())
    }

    /// A struct's public fields, or every field of a variant (public with its enum).
    fn fields(&mut self, owner: &str, fields: &Fields, variant: bool) {
        for (i, field) in fields.iter().enumerate() {
            if !variant && !is_pub(&field.vis) {
                continue;
            }
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| i.to_string(), ToString::to_string);
            self.add(
                format!("{owner}.{name}"),
                field.ty.to_token_stream().to_string(),
            );
        }
    }

    fn derives(&mut self, name: &str, attrs: &[syn::Attribute]) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let _ = attr.parse_nested_meta(|meta| {
                let derived = meta.path.to_token_stream().to_string();
                // Derived or written out, the same to a caller.
                self.add(format!("{name}: {derived}"), "impl".to_string());
                Ok(())
            });
        }
    }

    fn implementation(&mut self, i: &syn::ItemImpl, types: &BTreeSet<String>) {
        let syn::Type::Path(path) = &*i.self_ty else {
            return;
        };
        let Some(last) = path.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        if !types.contains(&name) {
            return;
        }
        if let Some((trait_path, _)) = &i.trait_ {
            // By its name: `std::fmt::Debug`, `fmt::Debug` and a derived `Debug` are one trait.
            let Some(last) = trait_path.segments.last() else {
                return;
            };
            let key = format!("{name}: {}", last.to_token_stream());
            self.add(key, "impl".to_string());
            return;
        }
        for item in &i.items {
            match item {
                ImplItem::Fn(f) if is_pub(&f.vis) => {
                    let key = format!("{name}::{}", f.sig.ident);
                    let sig = f.sig.to_token_stream();
                    self.add(key, format!("{sig}{}", deprecated(&f.attrs)));
                }
                ImplItem::Const(c) if is_pub(&c.vis) => {
                    let key = format!("{name}::{}", c.ident);
                    let ty = c.ty.to_token_stream();
                    self.add(key, format!("const: {ty}{}", deprecated(&c.attrs)));
                }
                _ => {}
            }
        }
    }

    /// The methods `builder_methods!` gives every request builder: its one arm's body, read
    /// as the items of an `impl`.
    fn builder_methods(&mut self, tokens: &proc_macro2::TokenStream) {
        let text = tokens
            .to_string()
            .replace("$ crate", "crate")
            .replace("$crate", "crate");
        let Some(start) = text.find("=>") else {
            return;
        };
        let body = text[start + 2..].trim().trim_end_matches(';');
        let Ok(block) = syn::parse_str::<syn::ItemImpl>(&format!("impl Builder {body}")) else {
            return;
        };
        for item in &block.items {
            if let ImplItem::Fn(f) = item
                && is_pub(&f.vis)
            {
                let key = format!("{BUILDERS}::{}", f.sig.ident);
                let sig = f.sig.to_token_stream();
                self.add(key, format!("{sig}{}", deprecated(&f.attrs)));
            }
        }
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// ` #[deprecated] note` for a deprecated item (a change of its own, and compatible).
fn deprecated(attrs: &[syn::Attribute]) -> String {
    let Some(attr) = attrs.iter().find(|a| a.path().is_ident("deprecated")) else {
        return String::new();
    };
    let mut note = String::new();
    let _ = attr.parse_nested_meta(|meta| {
        let value = meta.value()?.parse::<syn::LitStr>()?;
        if meta.path.is_ident("note") {
            note = value.value();
        }
        Ok(())
    });
    format!(" {DEPRECATED} {note}")
}

/// Marks a deprecated item's signature, followed by its note.
pub const DEPRECATED: &str = "#[deprecated]";

fn non_exhaustive(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        " #[non_exhaustive]"
    } else {
        ""
    }
}

/// Token text as a person writes it: `&'static str`, `Option<Duration>`, `fn f(self) -> T`.
fn tidy(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& '", "&'"),
        ("& ", "&"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" > ", "> "),
        (" >", ">"),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        (" ;", ";"),
        (" :", ":"),
        ("# [", "#["),
        (" !", "!"),
        ("- >", "->"),
        (",)", ")"),
        (", )", ")"),
        // A binding's `mut` is the function's own business, not its signature's.
        ("(mut self", "(self"),
        (", mut ", ", "),
        ("(mut ", "("),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    let out = out.trim().trim_end_matches(',');
    // `fn name (` → `fn name(`, but `-> (A, B)` keeps its space.
    let mut tidy = String::with_capacity(out.len());
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        let before = tidy.chars().last();
        let name_end = before.is_some_and(|b| b.is_alphanumeric() || b == '_')
            || (before == Some('>') && !tidy.ends_with("->"));
        if c == ' ' && chars.peek() == Some(&'(') && name_end {
            continue;
        }
        tidy.push(c);
    }
    tidy
}

#[cfg(test)]
mod tests;
