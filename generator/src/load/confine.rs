//! Reading the files a spec names without trusting it: a `$ref` or an extras file may be
//! read only if it is a regular file (not a FIFO that never ends, not `/dev/zero`), no
//! larger than [`MAX_FILE_BYTES`], and inside the folder that holds the spec once every
//! symlink is resolved (`../../secret.json` and a symlink to `/etc` are both outside). A
//! provider whose spec is split over sibling folders widens that folder with `[load] root`
//! in provider.toml ([`configured_root`]).

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest file a spec may read: GitHub's REST description, the largest spec in the
/// corpus, is 13 MB.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The folder a spec may read from: the spec's own folder, symlinks resolved.
pub fn root_of(spec: &Path) -> Result<PathBuf, String> {
    let dir = match spec.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    dir.canonicalize()
        .map_err(|e| format!("cannot resolve the spec's folder: {e}"))
}

/// The folder `[load] root` names (relative to `config_file`'s folder), symlinks resolved,
/// which must hold the spec; the error names the key.
pub fn configured_root(spec: &Path, config_file: &Path, root: &Path) -> Result<PathBuf, String> {
    let base = config_file.parent().unwrap_or(Path::new(""));
    let real = base
        .join(root)
        .canonicalize()
        .map_err(|e| format!("cannot resolve `{}`: {e}", root.display()))?;
    if !real.is_dir() {
        return Err(format!("`{}` is not a folder", real.display()));
    }
    let spec_dir = root_of(spec)?;
    if !spec_dir.starts_with(&real) {
        return Err(format!(
            "`{}` does not hold the spec `{}`",
            real.display(),
            spec.display()
        ));
    }
    Ok(real)
}

/// The text of `path`, if the spec may read it (see the module docs); else why not.
pub fn read(path: &Path, root: &Path) -> Result<String, String> {
    let real = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        _ => e.to_string(),
    })?;
    check(&real, root)?;
    let file = std::fs::File::open(&real).map_err(|e| e.to_string())?;
    // Sized from the file's length (`take` hides it from `read_to_string`, which would
    // otherwise grow the text by doubling: Microsoft Graph's spec is 47 MB).
    let expected = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES);
    let mut text = String::with_capacity(usize::try_from(expected).unwrap_or(0).saturating_add(1));
    // `take`: a file that grows while it is read still stops at the cap.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

/// Whether an already resolved path may be read (inside `root`, a regular file, not too
/// large).
pub fn check(real: &Path, root: &Path) -> Result<(), String> {
    if !real.starts_with(root) {
        return Err(outside(real, root));
    }
    let meta = std::fs::metadata(real).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(())
}

/// A folder inside the spec's folder, symlinks resolved, or why not.
pub fn check_dir(path: &Path, root: &Path) -> Result<(), String> {
    let real = path.canonicalize().map_err(|e| e.to_string())?;
    if real.starts_with(root) {
        Ok(())
    } else {
        Err(outside(&real, root))
    }
}

fn outside(real: &Path, root: &Path) -> String {
    format!(
        "`{}` is outside `{}`, the folder the spec may read from (its own folder, unless \
         provider.toml sets `[load] root`)",
        real.display(),
        root.display()
    )
}

fn too_large() -> String {
    format!("larger than {MAX_FILE_BYTES} bytes, the most a spec may read from one file")
}
