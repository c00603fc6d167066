//! `multipart/form-data` bodies: text fields and file parts.

use bytes::Bytes;

use crate::error::Error;

/// A file to upload: its bytes, and optionally a file name and content type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    data: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part from bytes already in memory.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        FilePart {
            data: data.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the server sees (many servers use its extension). Default: the form
    /// field's name.
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

    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &self.data.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One form field's value.
#[derive(Debug, Clone)]
pub(crate) enum FormValue {
    Text(String),
    File(FilePart),
}

/// Builds the form anew for every attempt (a form can be sent only once).
pub(crate) fn form(
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
                let part = reqwest::multipart::Part::stream(file.data.clone())
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
