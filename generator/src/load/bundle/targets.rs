//! Finding a reference's target: the file and pointer it names, the value there, the name it
//! gets in the main document, and the errors that name the referring place.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::places::*;
use super::{Bundler, Referrer};
use crate::diagnostic::{Diagnostic, Location, escape_segment};
use crate::load::refs::percent_decode;

impl Bundler {
    /// A free name in `section` for `key`'s target (`Name`, `Name2`, …), or `Err` with the
    /// local reference of an identical, reference-free definition already there.
    pub(super) fn name_for(
        &mut self,
        section: &'static str,
        key: &Key,
        raw: &Value,
    ) -> Result<String, String> {
        let base = base_name(key);
        let reusable = !contains_ref(raw);
        for n in 1usize.. {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            };
            let taken = self.taken.entry(section).or_default();
            if taken.insert(name.clone()) {
                return Ok(name);
            }
            if !reusable {
                continue;
            }
            if let Some((value, at)) = self.main_definition(section, &name)
                && value == raw
            {
                return Err(local_ref(&at));
            }
            let in_added = self
                .added
                .iter()
                .any(|a| a.section == section && a.name == name && &a.raw == raw);
            if in_added {
                let at = format!("/components/{section}/{}", escape_segment(&name));
                return Err(local_ref(&at));
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }

    /// The file and pointer a reference written in `file` names; `None` for a local reference
    /// in the main document; `Err` with the message when it cannot be followed.
    pub(super) fn target_of(&self, file: &Path, text: &str) -> Result<Option<Key>, String> {
        let (path_part, fragment) = match text.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (text, None),
        };
        if is_url(path_part) {
            return Err(format!(
                "remote $ref not supported: `{text}` (refer to files next to the spec by relative path)"
            ));
        }
        let pointer = percent_decode(fragment.unwrap_or(""));
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!(
                "`$ref: {text}`: the part after `#` must be a JSON pointer (`#/...`)"
            ));
        }
        if path_part.is_empty() {
            if file == self.main {
                return Ok(None);
            }
            return Ok(Some((file.to_path_buf(), pointer)));
        }
        let relative = PathBuf::from(percent_decode(path_part));
        if relative.has_root() || relative.is_absolute() {
            return Err(format!(
                "`$ref: {text}`: absolute paths are not supported; use a path relative to this file"
            ));
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        Ok(Some((normalize(&dir.join(relative)), pointer)))
    }

    /// The value a target names, read from its file (parsed once).
    pub(super) fn target_value(
        &mut self,
        referrer: &Referrer<'_>,
        key: &Key,
    ) -> Result<Value, Diagnostic> {
        if !self.docs.contains_key(&key.0) {
            let text = crate::load::confine::read(&key.0, &self.root).map_err(|why| {
                let message = format!(
                    "`$ref: {}`: cannot read `{}`: {why}",
                    referrer.text,
                    key.0.display()
                );
                self.error(referrer, message)
            })?;
            let doc = crate::load::parse::parse(&key.0, &text)?;
            self.docs.insert(key.0.clone(), doc);
        }
        match self.docs[&key.0].pointer(&key.1) {
            Some(value) => Ok(value.clone()),
            None => Err(self.dangling(referrer, key)),
        }
    }

    pub(super) fn error(&self, referrer: &Referrer<'_>, message: String) -> Diagnostic {
        let file = self.given(referrer.file);
        Diagnostic::new(&file, Location::Pointer(referrer.pointer.clone()), message)
    }

    pub(super) fn dangling(&self, referrer: &Referrer<'_>, key: &Key) -> Diagnostic {
        let message = format!(
            "dangling `$ref`: `{}` does not exist (no `{}` in `{}`)",
            referrer.text,
            if key.1.is_empty() { "/" } else { &key.1 },
            self.shown(&key.0)
        );
        self.error(referrer, message)
    }

    pub(super) fn cycle(&self, referrer: &Referrer<'_>, from: usize, key: &Key) -> Diagnostic {
        let chain: Vec<String> = self.stack[from..]
            .iter()
            .map(|f| &f.key)
            .chain([key])
            .map(|(file, pointer)| format!("{}#{pointer}", self.shown(file)))
            .collect();
        let message = format!("`$ref` cycle across files: {}", chain.join(" → "));
        self.error(referrer, message)
    }

    /// A file's path relative to the main document's folder, with `/`.
    pub(super) fn shown(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.main_dir).unwrap_or(file);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }
}
