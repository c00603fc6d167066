//! `multipart/form-data` bodies: text fields and file parts. A file part is read from memory,
//! from a path, or from a stream, and rebuilt for every attempt, so an upload can be retried
//! and a large file is never read into memory whole.

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};

use crate::error::Error;

/// A stream of chunks for one attempt of an upload.
pub type ChunkStream = std::pin::Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Called once per attempt.
    Stream(Arc<dyn Fn() -> ChunkStream + Send + Sync>),
}

/// A file to upload, with an optional file name and content type.
#[derive(Clone)]
pub struct FilePart {
    source: Source,
    length: Option<u64>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part from bytes already in memory.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        let data = data.into();
        FilePart {
            length: Some(data.len() as u64),
            source: Source::Bytes(data),
            file_name: None,
            content_type: None,
        }
    }

    /// A file read from disk while it is sent (opened anew for every attempt). The file
    /// name defaults to the path's last component.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FilePart {
            source: Source::Path(path),
            length: None,
            file_name,
            content_type: None,
        }
    }

    /// A file produced by a stream; `make` is called once per attempt, so a retried upload
    /// sends the whole file again. Give `length` if known (some servers require it).
    pub fn stream<F>(make: F, length: Option<u64>) -> Self
    where
        F: Fn() -> ChunkStream + Send + Sync + 'static,
    {
        FilePart {
            source: Source::Stream(Arc::new(make)),
            length,
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the server sees (many servers use its extension). Default: the path's
    /// file name, else the form field's name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's content type (default: guessed from the file name, else
    /// `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The size in bytes, when known before sending.
    pub fn len(&self) -> Option<u64> {
        self.length
    }

    /// Whether the file is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.length == Some(0)
    }

    /// The body of one attempt.
    async fn body(&self, operation: &'static str) -> Result<(reqwest::Body, Option<u64>), Error> {
        match &self.source {
            Source::Bytes(data) => Ok((reqwest::Body::from(data.clone()), Some(data.len() as u64))),
            Source::Path(path) => {
                let unreadable = |e: std::io::Error| Error::InvalidRequest {
                    operation,
                    message: format!("cannot read `{}`: {e}", path.display()),
                };
                let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
                let length = file.metadata().await.map_err(unreadable)?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                Ok((reqwest::Body::wrap_stream(stream), Some(length)))
            }
            Source::Stream(make) => {
                let stream = make().map_err(std::io::Error::other);
                Ok((reqwest::Body::wrap_stream(stream), self.length))
            }
        }
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Bytes(_) => "bytes".to_string(),
            Source::Path(p) => format!("path {}", p.display()),
            Source::Stream(_) => "stream".to_string(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("length", &self.length)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One form field's value.
#[derive(Debug, Clone)]
pub(crate) enum FormValue {
    // A crate whose forms carry only files never builds one.
    #[allow(dead_code)]
    Text(String),
    // A crate whose forms carry only text fields never builds one.
    #[allow(dead_code)]
    File(FilePart),
}

/// Builds the form anew for every attempt (a form can be sent only once).
pub(crate) async fn form(
    operation: &'static str,
    parts: &[(String, FormValue)],
) -> Result<reqwest::multipart::Form, Error> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        form = match value {
            FormValue::Text(text) => form.text(name.clone(), text.clone()),
            FormValue::File(file) => {
                // Servers tell a file part from a text field by its file name: never omit it.
                let file_name = file.file_name.clone().unwrap_or_else(|| name.clone());
                let guessed = mime_guess::from_path(&file_name).first_or_octet_stream();
                let mime = file
                    .content_type
                    .as_deref()
                    .unwrap_or(guessed.essence_str());
                let (body, length) = file.body(operation).await?;
                let part = match length {
                    Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                    None => reqwest::multipart::Part::stream(body),
                };
                let part = part
                    .file_name(file_name.clone())
                    .mime_str(mime)
                    .map_err(|_| Error::InvalidRequest {
                        operation,
                        message: format!("`{mime}` is not a valid content type for part `{name}`"),
                    })?;
                form.part(name.clone(), part)
            }
        };
    }
    Ok(form)
}
