//! Located errors: every failure names the file and the place in it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file.
    File,
    /// A line and column (1-based), for syntax errors.
    Line { line: usize, column: usize },
    /// A JSON pointer (RFC 6901) into the parsed document, e.g. `/paths/~1media/get`.
    Pointer(String),
    /// A dotted key path in a TOML file, e.g. `auth.BasicAuth.template`.
    Key(String),
}

/// An error in one of the generator's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &Path, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            location,
            message: message.into(),
        }
    }

    pub fn at(file: &Path, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(file, Location::Pointer(pointer.to_string()), message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::File => write!(f, "{file}: {}", self.message),
            Location::Line { line, column } => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            Location::Pointer(p) if p.is_empty() => write!(f, "{file}: {}", self.message),
            Location::Pointer(p) => write!(f, "{file}#{p}: {}", self.message),
            Location::Key(k) => write!(f, "{file}: [{k}]: {}", self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends an escaped segment to a pointer. Written into one buffer: load and model join
/// a pointer for every key of the document.
pub fn join(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + segment.len() + 2);
    out.push_str(pointer);
    out.push('/');
    if segment.contains(['~', '/']) {
        out.push_str(&escape_segment(segment));
    } else {
        out.push_str(segment);
    }
    out
}
