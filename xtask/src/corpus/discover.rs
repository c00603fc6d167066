//! Which specs a corpus folder holds, and what to call their crates.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One spec of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As shown in the table: the path under the corpus folder, or a folder name with a `/`.
    pub label: String,
    /// The generated crate's (package) name, unique in the run.
    pub name: String,
    pub spec: PathBuf,
    pub config: Option<PathBuf>,
}

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

fn is_spec_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// The entries of `dir`, sorted, hidden ones left out.
fn children(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let context = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(context)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()
        .map_err(context)?;
    paths.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
    });
    paths.sort();
    Ok(paths)
}

/// The specs in `dir`, sorted by file or folder name: every spec file directly in it, and
/// every `<name>/openapi.*` (with the `provider.toml` beside it). With `recursive`, every
/// spec file at any depth instead (a published directory of specs: no configs).
pub fn discover(dir: &Path, recursive: bool) -> io::Result<Vec<Entry>> {
    let mut found = Vec::new();
    if recursive {
        walk(dir, dir, &mut found)?;
    } else {
        for path in children(dir)? {
            if let Some(entry) = flat(&path)? {
                found.push(entry);
            }
        }
    }
    let mut names = BTreeSet::new();
    Ok(found
        .into_iter()
        .map(|(label, stem, spec, config)| {
            let base = crate_name(&stem);
            let mut name = base.clone();
            let mut n = 2;
            while !names.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            Entry {
                label,
                name,
                spec,
                config,
            }
        })
        .collect())
}

/// (label, name stem, spec, config)
type Found = (String, String, PathBuf, Option<PathBuf>);

fn flat(path: &Path) -> io::Result<Option<Found>> {
    let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(None);
    };
    if path.is_dir() {
        let Some(spec) = EXTENSIONS
            .iter()
            .map(|ext| path.join(format!("openapi.{ext}")))
            .find(|p| p.is_file())
        else {
            return Ok(None);
        };
        let config = Some(path.join("provider.toml")).filter(|p| p.is_file());
        return Ok(Some((
            format!("{file_name}/"),
            file_name.to_string(),
            spec,
            config,
        )));
    }
    if !is_spec_file(path) {
        return Ok(None);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    Ok(Some((
        file_name.to_string(),
        stem.to_string(),
        path.to_path_buf(),
        None,
    )))
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<Found>) -> io::Result<()> {
    for path in children(dir)? {
        if path.is_dir() {
            walk(root, &path, found)?;
            continue;
        }
        if !is_spec_file(&path) {
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let label = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let stem = relative.with_extension("").to_string_lossy().into_owned();
        found.push((label, stem, path, None));
    }
    Ok(())
}

/// The longest crate name [`crate_name`] makes: crates.io allows 64 characters, and a `_N`
/// suffix may be added to keep names apart.
const NAME_MAX: usize = 60;

/// A cargo package name from a file or folder name: lower-case ASCII letters, digits and `_`,
/// starting with a letter, at most [`NAME_MAX`] characters.
pub fn crate_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    let name = name.trim_matches('_').to_string();
    let name = match name.chars().next() {
        None => "spec".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => format!("spec_{name}"),
        Some(_) => name,
    };
    // ASCII only by now, so byte lengths are character counts.
    name[..name.len().min(NAME_MAX)]
        .trim_end_matches('_')
        .to_string()
}

/// The version a document declares (`openapi: 3.1.0`, `"swagger": "2.0"`), as written:
/// loading rewrites Swagger 2.0 and OpenAPI 3.1 documents to 3.0. The first top-level YAML
/// line or JSON member named `openapi` or `swagger`.
pub fn declared_version(spec: &Path) -> Option<String> {
    let text = fs::read_to_string(spec).ok()?;
    let mut found: Option<(usize, String)> = None;
    for key in ["openapi", "swagger"] {
        let yaml = text
            .match_indices(&format!("{key}:"))
            .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
            .map(|(i, m)| (i, &text[i + m.len()..]));
        let json = text
            .match_indices(&format!("\"{key}\""))
            .find_map(|(i, m)| Some((i, text[i + m.len()..].trim_start().strip_prefix(':')?)));
        for (at, rest) in yaml.into_iter().chain(json) {
            let value = scalar(rest);
            if !value.is_empty() && found.as_ref().is_none_or(|(i, _)| at < *i) {
                found = Some((at, value));
            }
        }
    }
    found.map(|(_, v)| v)
}

/// The scalar at the start of `rest`: a quoted string up to its closing quote, or a bare
/// word up to the end of the line, a comma, a brace or a comment (minified JSON is one line).
fn scalar(rest: &str) -> String {
    let rest = rest.trim_start();
    match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or("").to_string(),
        _ => rest
            .split(['\n', ',', '}', '#'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::tests::TempDir;

    #[test]
    fn crate_names_are_sanitised() {
        assert_eq!(crate_name("api.github.com"), "api_github_com");
        assert_eq!(crate_name("FastPix-2026-05"), "fastpix_2026_05");
        assert_eq!(crate_name("2fa"), "spec_2fa");
        assert_eq!(crate_name("--"), "spec");
        assert_eq!(
            crate_name("apideck.com/issue tracking"),
            "apideck_com_issue_tracking"
        );
        let long =
            crate_name("azure.com/sql-ManagedRestorableDroppedDatabaseBackupShortTermRetenion");
        assert_eq!(
            long,
            "azure_com_sql_managedrestorabledroppeddatabasebackupshortter"
        );
        assert!(long.len() <= NAME_MAX);
    }

    fn tree(dir: &Path, files: &[&str]) {
        for path in files {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "{}").unwrap();
        }
    }

    #[test]
    fn discovers_files_and_folders() {
        let dir = TempDir::new("corpus-discover");
        tree(
            &dir,
            &[
                "b.json",
                "a.yaml",
                "a.yml",
                "notes.txt",
                "x/openapi.json",
                "x/provider.toml",
                "y/openapi.yaml",
                "z/other.yaml",
            ],
        );
        let shown: Vec<(String, String, bool)> = discover(&dir, false)
            .unwrap()
            .into_iter()
            .map(|e| (e.label, e.name, e.config.is_some()))
            .collect();
        let expected = [
            ("a.yaml", "a", false),
            ("a.yml", "a_2", false),
            ("b.json", "b", false),
            ("x/", "x", true),
            ("y/", "y", false),
        ];
        assert_eq!(
            shown,
            expected.map(|(l, n, c)| (l.to_string(), n.to_string(), c))
        );
    }

    /// A published directory: specs at any depth, named by their path; hidden folders and
    /// other files left out.
    #[test]
    fn discovers_a_directory_recursively() {
        let dir = TempDir::new("corpus-discover-recursive");
        tree(
            &dir,
            &[
                "1forge.com.json",
                "apideck.com/ats.json",
                "apideck.com/lead.yaml",
                "nasa.gov/asteroids neows.json",
                "deep/a/b/c.json",
                ".hidden/x.json",
                "_index.js",
            ],
        );
        let shown: Vec<(String, String)> = discover(&dir, true)
            .unwrap()
            .into_iter()
            .map(|e| (e.label, e.name))
            .collect();
        let expected = [
            ("1forge.com.json", "spec_1forge_com"),
            ("apideck.com/ats.json", "apideck_com_ats"),
            ("apideck.com/lead.yaml", "apideck_com_lead"),
            ("deep/a/b/c.json", "deep_a_b_c"),
            ("nasa.gov/asteroids neows.json", "nasa_gov_asteroids_neows"),
        ];
        assert_eq!(shown, expected.map(|(l, n)| (l.to_string(), n.to_string())));
    }

    #[test]
    fn reads_the_declared_version() {
        let dir = TempDir::new("corpus-version");
        for (file, text, version) in [
            ("a.yaml", "# c\nswagger: \"2.0\"\ninfo: {}\n", "2.0"),
            ("b.yaml", "openapi: 3.1.0\n", "3.1.0"),
            (
                "c.json",
                "{\n  \"openapi\": \"3.0.3\",\n  \"x\": {\"swagger\": 1}}",
                "3.0.3",
            ),
        ] {
            fs::write(dir.join(file), text).unwrap();
            assert_eq!(declared_version(&dir.join(file)).as_deref(), Some(version));
        }
    }

    /// Minified JSON is one line: the version is the value, not the rest of the line.
    #[test]
    fn minified_json_gives_the_version_alone() {
        let dir = TempDir::new("corpus-minified");
        let long = "x".repeat(100_000);
        let text = format!(
            "{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"{long}\",\"version\":\"1\"}}}}"
        );
        fs::write(dir.join("min.json"), &text).unwrap();
        assert_eq!(
            declared_version(&dir.join("min.json")).as_deref(),
            Some("3.0.0")
        );
    }
}
