//! Provider extras: hand-written Rust kept beside a provider's spec and merged into its crate.
//!
//! A spec's folder may hold an `extras/` folder:
//!
//! - `extras/<name>.rs`: a module, emitted as `src/extras/<name>.rs` and declared in a generated
//!   `src/extras/mod.rs` (`pub mod <name>;`), itself declared as `pub mod extras;` in `lib.rs`.
//! - `extras/examples/<name>.rs`: an example, emitted as `examples/<name>.rs`.
//!
//! Reading them is part of loading: generation stays a function of its input files. Their
//! dependencies come from the `[extras]` table of `provider.toml` (see [`crate::config`]).
//! Every file must be UTF-8 Rust that parses; names must be plain identifiers.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::confine;
use crate::diagnostic::{Diagnostic, Location};

/// The folder, beside the spec, that holds a provider's extras.
pub const FOLDER: &str = "extras";
/// The sub-folder of [`FOLDER`] that holds examples.
pub const EXAMPLES: &str = "examples";

/// One hand-written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Module or example name: the file name without `.rs`.
    pub name: String,
    /// Where it came from, relative to the spec's folder, with `/` separators
    /// (`extras/signing.rs`). Never absolute, so output does not depend on where specs live.
    pub source: String,
    /// The file's contents, as written.
    pub text: String,
    /// The first paragraph of the file's `//!` docs, if any (listed in `src/extras/mod.rs`).
    pub summary: Option<String>,
    /// The first code block of the file's `//!` docs, with its fence (shown in the README).
    pub example: Option<String>,
}

/// A provider's extras, each list sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// `extras/*.rs`: modules of `crate::extras`.
    pub modules: Vec<File>,
    /// `extras/examples/*.rs`: examples of the crate.
    pub examples: Vec<File>,
}

impl Extras {
    /// True when there is nothing to merge.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.examples.is_empty()
    }
}

/// Reads the extras beside `spec` (in `<spec's folder>/extras/`), only from inside `folder`
/// (see [`super::read_root`]). A missing folder means no extras; anything unreadable,
/// misnamed or not parseable as Rust is a located error.
pub fn load(spec: &Path, folder: &Path) -> Result<Extras, Diagnostic> {
    let dir = spec.parent().unwrap_or(Path::new("")).join(FOLDER);
    let Some(entries) = list(&dir)? else {
        return Ok(Extras::default());
    };
    // Symlinks are followed only where they stay in the folder.
    let root = folder.to_path_buf();
    let inside = |path: &Path| {
        confine::check_dir(path, &root).map_err(|e| Diagnostic::new(path, Location::File, e))
    };
    inside(&dir)?;
    let mut extras = Extras::default();
    for (path, name) in entries {
        if path.is_dir() {
            if name == EXAMPLES {
                inside(&path)?;
                for (path, file) in list(&path)?.unwrap_or_default() {
                    if let Some(stem) = rust_file(&path, &file)? {
                        check_example_name(&path, stem)?;
                        let source = format!("{FOLDER}/{EXAMPLES}/{file}");
                        extras.examples.push(read(&path, &root, stem, source)?);
                    }
                }
            }
            // Other folders (fixtures, notes) are the provider's business.
            continue;
        }
        if let Some(stem) = rust_file(&path, &name)? {
            check_module_name(&path, stem)?;
            extras
                .modules
                .push(read(&path, &root, stem, format!("{FOLDER}/{name}"))?);
        }
    }
    Ok(extras)
}

/// The entries of a folder as (path, UTF-8 name), sorted by name; `None` if it does not exist.
fn list(dir: &Path) -> Result<Option<Vec<(PathBuf, String)>>, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::new(
            dir,
            Location::File,
            format!("cannot read the extras folder: {e}"),
        )
    };
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    let mut entries = Vec::new();
    for entry in read {
        let entry = entry.map_err(cannot)?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let message = "file name is not UTF-8";
            return Err(Diagnostic::new(&path, Location::File, message));
        };
        entries.push((path, name));
    }
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Some(entries))
}

/// The stem of a `.rs` file; `None` for files that are not Rust (a README beside the modules).
fn rust_file<'a>(path: &Path, name: &'a str) -> Result<Option<&'a str>, Diagnostic> {
    let Some(stem) = name.strip_suffix(".rs") else {
        return Ok(None);
    };
    if !path.is_file() {
        let message = "not a regular file";
        return Err(Diagnostic::new(path, Location::File, message));
    }
    Ok(Some(stem))
}

fn check_module_name(path: &Path, stem: &str) -> Result<(), Diagnostic> {
    let plain = is_plain_ident(stem);
    if plain && stem != "mod" && !crate::rust_words::is_keyword(stem) {
        return Ok(());
    }
    let message = if stem == "mod" {
        "`extras/mod.rs` is generated (one `pub mod` per file); put code in a named module".into()
    } else {
        format!(
            "`{stem}` cannot be a module name: use lower-case letters, digits and `_`, not starting with a digit, and not a Rust keyword"
        )
    };
    Err(Diagnostic::new(path, Location::File, message))
}

fn check_example_name(path: &Path, stem: &str) -> Result<(), Diagnostic> {
    let ok = stem.starts_with(|c: char| c.is_ascii_lowercase())
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        return Ok(());
    }
    let message = format!(
        "`{stem}` cannot be an example name: use lower-case letters, digits, `_` and `-`, starting with a letter"
    );
    Err(Diagnostic::new(path, Location::File, message))
}

/// Lower-case ASCII identifier: `[a-z_][a-z0-9_]*`, not `_` alone.
fn is_plain_ident(name: &str) -> bool {
    name != "_"
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn read(path: &Path, root: &Path, stem: &str, source: String) -> Result<File, Diagnostic> {
    let text = confine::read(path, root)
        .map_err(|e| Diagnostic::new(path, Location::File, format!("cannot read: {e}")))?;
    if let Err(e) = syn::parse_file(&text) {
        let start = e.span().start();
        let location = if start.line == 0 {
            Location::File
        } else {
            Location::Line {
                line: start.line,
                column: start.column + 1,
            }
        };
        let message = format!("not valid Rust: {e}");
        return Err(Diagnostic::new(path, location, message));
    }
    Ok(File {
        name: stem.to_string(),
        source,
        summary: summary(&text),
        example: example(&text),
        text,
    })
}

/// The first fenced code block of a file's leading `//!` comment, fences included, the
/// opening one marked `rust` (`no_run` → `rust,no_run`) so that a README shows it as Rust.
fn example(text: &str) -> Option<String> {
    let docs: Vec<&str> = text
        .lines()
        .map_while(|line| line.trim_start().strip_prefix("//!"))
        .map(|doc| doc.strip_prefix(' ').unwrap_or(doc))
        .collect();
    let start = docs
        .iter()
        .position(|l| l.trim_start().starts_with("```"))?;
    let end = start
        + 1
        + docs[start + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with("```"))?;
    let info = docs[start].trim_start().trim_start_matches('`').trim();
    let fence = match info {
        "" => "```rust".to_string(),
        info if info.starts_with("rust") => format!("```{info}"),
        info => format!("```rust,{info}"),
    };
    let body = docs[start + 1..end].join("\n");
    Some(format!("{fence}\n{body}\n```"))
}

/// The first paragraph of a file's leading `//!` comment, joined into one line.
fn summary(text: &str) -> Option<String> {
    let mut words = Vec::new();
    for line in text.lines() {
        let Some(doc) = line.trim_start().strip_prefix("//!") else {
            break;
        };
        let doc = doc.trim();
        if doc.is_empty() {
            if words.is_empty() {
                continue;
            }
            break;
        }
        words.push(doc);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system temp folder, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("clientgen-extras-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn spec(&self) -> PathBuf {
            self.0.join("openapi.yaml")
        }
    }

    /// [`load`] confined to the spec's own folder, as without `[load] root`.
    fn load_beside(spec: &Path) -> Result<Extras, Diagnostic> {
        load(spec, &confine::root_of(spec).unwrap())
    }

    impl Scratch {
        fn write(&self, rel: &str, text: &str) {
            let path = self.0.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_missing_extras_folder_means_no_extras() {
        let dir = Scratch::new("missing");
        assert_eq!(load_beside(&dir.spec()).unwrap(), Extras::default());
        assert!(load_beside(&dir.spec()).unwrap().is_empty());
    }

    #[test]
    fn an_unreadable_extras_folder_is_a_located_error() {
        let dir = Scratch::new("unreadable");
        // A file where the folder should be: reading it as a folder fails on every platform,
        // even for root (for whom permission bits do not stop a read).
        dir.write("extras", "not a folder");
        let err = load_beside(&dir.spec()).unwrap_err();
        assert_eq!(err.file, dir.0.join("extras"));
        assert_eq!(err.location, Location::File);
        assert!(
            err.message.contains("cannot read the extras folder"),
            "{err}"
        );
    }

    #[test]
    fn modules_and_examples_are_read_sorted_with_relative_sources() {
        let dir = Scratch::new("read");
        dir.write("extras/zeta.rs", "//! Last one.\n\npub fn z() {}\n");
        dir.write(
            "extras/alpha.rs",
            "//! First line\n//! continues here.\n//!\n//! Details.\n\npub fn a() {}\n",
        );
        dir.write("extras/README.md", "notes are ignored\n");
        dir.write("extras/fixtures/data.rs", "ignored: not a module\n");
        dir.write("extras/examples/quick-start.rs", "fn main() {}\n");
        let extras = load_beside(&dir.spec()).unwrap();
        let names: Vec<_> = extras.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["alpha", "zeta"]);
        assert_eq!(extras.modules[0].source, "extras/alpha.rs");
        assert_eq!(
            extras.modules[0].summary.as_deref(),
            Some("First line continues here.")
        );
        assert_eq!(extras.examples.len(), 1);
        assert_eq!(extras.examples[0].name, "quick-start");
        assert_eq!(extras.examples[0].source, "extras/examples/quick-start.rs");
        assert_eq!(extras.examples[0].summary, None);
    }

    #[test]
    fn the_first_doc_example_is_kept_as_rust() {
        let text = "//! Jobs.\n//!\n//! ```no_run\n//! # fn f() {}\n//! let x = 1;\n//! ```\n//!\n//! ```\n//! second\n//! ```\nfn g() {}\n";
        assert_eq!(
            example(text).as_deref(),
            Some("```rust,no_run\n# fn f() {}\nlet x = 1;\n```")
        );
        assert_eq!(example("//! No code.\nfn g() {}\n"), None);
        assert_eq!(example("//! ```\n//! open\n"), None);
    }

    #[test]
    fn bad_names_and_bad_rust_are_located_errors() {
        let dir = Scratch::new("bad");
        dir.write("extras/Bad-Name.rs", "");
        let err = load_beside(&dir.spec()).unwrap_err();
        assert!(err.file.ends_with("extras/Bad-Name.rs"), "{err}");
        assert!(err.message.contains("cannot be a module name"), "{err}");

        let dir = Scratch::new("mod");
        dir.write("extras/mod.rs", "");
        let err = load_beside(&dir.spec()).unwrap_err();
        assert!(err.message.contains("is generated"), "{err}");

        let dir = Scratch::new("keyword");
        dir.write("extras/type.rs", "");
        assert!(load_beside(&dir.spec()).is_err());

        let dir = Scratch::new("syntax");
        dir.write("extras/broken.rs", "pub fn ok() {}\n\npub fn broken( {\n");
        let err = load_beside(&dir.spec()).unwrap_err();
        assert!(err.file.ends_with("extras/broken.rs"), "{err}");
        assert!(
            matches!(err.location, Location::Line { line: 3, .. }),
            "{err}"
        );
        assert!(err.message.starts_with("not valid Rust"), "{err}");
    }
}
