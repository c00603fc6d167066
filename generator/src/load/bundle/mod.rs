//! Multi-file specs: `$ref`s to other files are loaded and brought into the main document, so
//! every later stage sees one self-contained document whose references are all local.
//!
//! A reference to another file is a relative path (`schemas/pet.yaml`, `./common.json`,
//! `../shared/errors.yaml`), optionally followed by a JSON pointer (`#/components/schemas/Pet`,
//! `#/Pet`); without one it names the whole file. Paths are relative to the file the `$ref` is
//! written in, and references inside a loaded file (local `#/...` ones included) are followed
//! relative to that file, recursively. Each file is read and parsed once.
//!
//! Where a target goes in the main document depends on where it is used: a schema (under
//! `schema`, `items`, `properties`, `allOf`, …) goes to `components/schemas/<Name>`; a
//! parameter, response, request body, header or example to its own `components` section; a
//! target used anywhere else (a path item, a link, a callback) is inlined. `<Name>` is the
//! pointer's last segment, or the file's stem for a whole-file reference; when the name is
//! taken by a different definition, `Name2`, `Name3`, … in the order the references are met
//! (document order; an identical definition without references is shared instead), so the
//! result depends only on the files' contents and their relative paths, never on where they
//! are. A main-document component that is nothing but a reference to another file
//! (`components/schemas/Pet: {$ref: schemas/pet.yaml}`) receives the target itself, under its
//! own name. Bundling runs before Swagger 2.0 and OpenAPI 3.1 documents are rewritten to 3.0
//! (so what other files bring in is rewritten too); in a Swagger document, `definitions`,
//! `parameters` and `responses` count as taken names and as such components.
//!
//! A reference that cannot be brought in (a missing file, a missing target inside a file, a
//! file that does not parse, a remote `http(s)://` reference, a reference cycle across files
//! that no definition breaks) fails only what uses it: it is rewritten to point at its
//! reason, which names the file the `$ref` is written in and the pointer of that `$ref` (see
//! [`super::refs::UNRESOLVED`]); the operation, path or schema that needs it is left out and
//! listed with that reason.
//!
//! Later stages see only the bundled document, so bundling also returns [`Origins`]: where in
//! it each brought-in target went, and the file and pointer it came from. [`super::Spec::error`]
//! uses it, so an error found later inside such content names the other file and the place in
//! it (`schemas/media.yaml#/Media/properties/id`), not a place in the main document that the
//! author never wrote.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

mod places;
mod targets;
#[cfg(test)]
mod tests;

use super::refs::{UNRESOLVED, is_examples_map, is_names_map, unresolved_ref};
use crate::diagnostic::{Diagnostic, Location, escape_segment, join};
use places::*;

/// Where content brought in from other files went in the bundled document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// (pointer in the bundled document, file, pointer in that file), in the order placed.
    entries: Vec<(String, PathBuf, String)>,
}

impl Origins {
    /// The file and the pointer in it that `pointer` (in the bundled document) came from;
    /// `None` for the main document's own content. The innermost brought-in target wins.
    pub fn locate(&self, pointer: &str) -> Option<(&Path, String)> {
        self.entries
            .iter()
            .filter(|(at, _, _)| {
                pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(at, _, _)| at.len())
            .map(|(at, file, from)| (file.as_path(), format!("{from}{}", &pointer[at.len()..])))
    }

    /// `diagnostic` (made against `main`, the bundled document) pointed at the file its place
    /// came from.
    pub fn relocate(&self, main: &Path, diagnostic: Diagnostic) -> Diagnostic {
        match &diagnostic.location {
            Location::Pointer(p) if diagnostic.file == main => match self.locate(p) {
                Some((file, pointer)) => {
                    Diagnostic::new(file, Location::Pointer(pointer), diagnostic.message)
                }
                None => diagnostic,
            },
            _ => diagnostic,
        }
    }
}

/// Brings every target of a `$ref` to another file into `root`, the document read from
/// `path`, and rewrites those references to local ones. A document without such references
/// is left untouched. Only files inside `folder` are read. Returns where the brought-in
/// content came from.
pub fn bundle(path: &Path, folder: &Path, root: &mut Value) -> Result<Origins, Diagnostic> {
    if !has_external_refs(root) {
        return Ok(Origins::default());
    }
    let main = normalize(path);
    let mut bundler = Bundler {
        main_dir: main.parent().map(Path::to_path_buf).unwrap_or_default(),
        main: main.clone(),
        main_given: path.to_path_buf(),
        root: folder.to_path_buf(),
        docs: HashMap::from([(main, root.clone())]),
        placed: HashMap::new(),
        slots: HashMap::new(),
        locations: main_locations(root),
        stack: Vec::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        origins: Origins::default(),
        unresolved: Vec::new(),
    };
    bundler.claim_main_names(root);
    bundler.register_slots(root);
    let main = bundler.main.clone();
    bundler.process(root, &main, &mut Vec::new(), None)?;
    Ok(bundler.finish(root))
}

/// One target being brought in (for cycle detection).
struct Frame {
    key: Key,
    /// The target is itself nothing but a reference.
    pure_ref: bool,
    /// Where the target goes in the bundled document (`None`: not known, e.g. a target only
    /// met through another file's local reference to a main-document definition).
    bundled: Option<String>,
}

/// A component added to the main document.
struct Added {
    section: &'static str,
    name: String,
    /// The target as written, to reuse an identical definition under the same name.
    raw: Value,
    value: Option<Value>,
}

/// Where a `$ref` is written.
struct Referrer<'a> {
    file: &'a Path,
    /// Pointer of the `$ref` (or `mapping` entry) in `file`.
    pointer: String,
    text: &'a str,
    /// Where the reference object stands in the bundled document (what an inlined target
    /// replaces).
    place: Option<String>,
}

enum Replacement {
    /// Point the reference here (a local `#/...` reference).
    Ref(String),
    /// Replace the reference object with this value.
    Inline(Value),
}

struct Bundler {
    /// The main document's path, normalised.
    main: PathBuf,
    main_dir: PathBuf,
    /// The main document's path as given, for diagnostics.
    main_given: PathBuf,
    /// The folder every file read must be in (the main document's, symlinks resolved).
    root: PathBuf,
    /// Parsed files by normalised path; the main document as read.
    docs: HashMap<PathBuf, Value>,
    /// Targets already placed in `components`, and their local reference.
    placed: HashMap<Key, String>,
    /// Main-document components (their pointer) that receive their external target, and
    /// their section.
    slots: HashMap<String, (Key, &'static str)>,
    /// Where the main document keeps each section's definitions.
    locations: Vec<(&'static str, String)>,
    stack: Vec<Frame>,
    /// Names in use per section.
    taken: HashMap<&'static str, BTreeSet<String>>,
    added: Vec<Added>,
    origins: Origins,
    /// Why each reference that could not be brought in was not (see `UNRESOLVED`).
    unresolved: Vec<String>,
}

impl Bundler {
    fn claim_main_names(&mut self, root: &Value) {
        for (section, prefix) in &self.locations {
            let names = root.pointer(prefix).and_then(Value::as_object);
            let taken = self.taken.entry(section).or_default();
            taken.extend(names.into_iter().flat_map(|m| m.keys().cloned()));
        }
    }

    /// `components/<section>/<Name>: {$ref: other.yaml#/X}` in the main document: `other.yaml#/X`
    /// is placed there, so references to it from anywhere point at `<Name>`.
    fn register_slots(&mut self, root: &Value) {
        for (section, prefix) in self.locations.clone() {
            let Some(map) = root.pointer(&prefix).and_then(Value::as_object) else {
                continue;
            };
            for (name, value) in map {
                let Some(text) = external_ref(value) else {
                    continue;
                };
                let Ok(Some(key)) = self.target_of(&self.main, text) else {
                    continue; // reported when the reference is processed
                };
                if key.0 == self.main || self.placed.contains_key(&key) {
                    continue;
                }
                let at = join(&prefix, name);
                self.placed.insert(key.clone(), local_ref(&at));
                self.slots.insert(at, (key, section));
            }
        }
    }

    /// The main document's own definition `name` in `section`, if any.
    fn main_definition(&self, section: &str, name: &str) -> Option<(&Value, String)> {
        self.locations
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, prefix)| join(prefix, name))
            .find_map(|at| Some((self.docs[&self.main].pointer(&at)?, at)))
    }

    /// Rewrites the references in `value`, found at `at` in `file`. `root_kind` is how `value`
    /// itself is used when it is the target of a reference.
    fn process(
        &mut self,
        value: &mut Value,
        file: &Path,
        at: &mut Vec<String>,
        root_kind: Option<Kind>,
    ) -> Result<(), Diagnostic> {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref") {
                    let Some(text) = r.as_str() else {
                        return Ok(()); // not a string: reported by the reference check
                    };
                    if file == self.main && text.starts_with('#') {
                        return Ok(());
                    }
                    let text = text.to_string();
                    let pointer = join(&pointer_of(at), "$ref");
                    let referrer = Referrer {
                        file,
                        pointer,
                        text: &text,
                        place: self.bundled_at(at),
                    };
                    let slot = (file == self.main)
                        .then(|| self.slots.get(&pointer_of(at)).cloned())
                        .flatten();
                    let replacement = match slot {
                        Some((key, section)) => self.fill_slot(&referrer, key, section),
                        None => {
                            let kind = root_kind.or_else(|| kind_at(at));
                            self.reference(&referrer, kind)
                        }
                    };
                    // What cannot be brought in fails only what uses it (see `UNRESOLVED`).
                    let replacement = replacement.unwrap_or_else(|d| self.unresolved(&d));
                    match replacement {
                        Replacement::Ref(local) => {
                            map.insert("$ref".to_string(), Value::String(local));
                        }
                        Replacement::Inline(v) => *value = v,
                    }
                    return Ok(());
                }
                for (k, v) in map.iter_mut() {
                    // Examples are free-form data: a `$ref` key inside one is not a reference.
                    if k == "example" || k == "examples" && !is_examples_map(v) {
                        continue;
                    }
                    at.push(k.clone());
                    if k == "discriminator" {
                        self.mapping(v, file, at)?;
                    } else if let Some(names) = v.as_object_mut().filter(|_| is_names_map(k)) {
                        // Its keys are names (a property may be called `$ref`).
                        for (name, schema) in names.iter_mut() {
                            at.push(name.clone());
                            self.process(schema, file, at, None)?;
                            at.pop();
                        }
                    } else {
                        self.process(v, file, at, None)?;
                    }
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    at.push(i.to_string());
                    self.process(v, file, at, None)?;
                    at.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `discriminator.mapping` values are references too (or bare schema names, left alone).
    fn mapping(&mut self, value: &mut Value, file: &Path, at: &[String]) -> Result<(), Diagnostic> {
        let Some(mapping) = value.get_mut("mapping").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        let base = join(&pointer_of(at), "mapping");
        for (tag, target) in mapping.iter_mut() {
            let Some(text) = target.as_str() else {
                continue;
            };
            // A local reference inside another file is relative to that file.
            let local = text.starts_with('#');
            let external = !local && (text.contains('#') || has_spec_extension(text));
            let follow = external || local && file != self.main;
            if !follow {
                continue;
            }
            let text = text.to_string();
            let referrer = Referrer {
                file,
                pointer: join(&base, tag),
                text: &text,
                place: None,
            };
            // A mapping entry that names nothing matches no part: left as written.
            if let Ok(Replacement::Ref(local)) =
                self.reference(&referrer, Some(Kind::Section("schemas")))
            {
                *target = Value::String(local);
            }
        }
        Ok(())
    }

    /// What a reference becomes in the main document.
    fn reference(
        &mut self,
        referrer: &Referrer<'_>,
        kind: Option<Kind>,
    ) -> Result<Replacement, Diagnostic> {
        let key = match self.target_of(referrer.file, referrer.text) {
            Ok(Some(key)) => key,
            Ok(None) => return Ok(Replacement::Ref(referrer.text.to_string())),
            Err(message) => return Err(self.error(referrer, message)),
        };
        if key.0 == self.main {
            if self.docs[&self.main].pointer(&key.1).is_none() {
                return Err(self.dangling(referrer, &key));
            }
            return Ok(Replacement::Ref(local_ref(&key.1)));
        }
        if let Some(i) = self.stack.iter().position(|f| f.key == key) {
            let breaks = self.stack[i..].iter().any(|f| !f.pure_ref);
            match self.placed.get(&key) {
                Some(local) if breaks => return Ok(Replacement::Ref(local.clone())),
                _ => return Err(self.cycle(referrer, i, &key)),
            }
        }
        if let Some(local) = self.placed.get(&key) {
            return Ok(Replacement::Ref(local.clone()));
        }
        let raw = self.target_value(referrer, &key)?;
        let kind = kind.unwrap_or_else(|| kind_of_pointer(&key.1));
        let Kind::Section(section) = kind else {
            let place = referrer.place.clone();
            let value = self.bring_in(raw, &key, Kind::Inline, place)?;
            return Ok(Replacement::Inline(value));
        };
        let name = match self.name_for(section, &key, &raw) {
            Ok(name) => name,
            Err(existing) => return Ok(Replacement::Ref(existing)),
        };
        let bundled = format!("/components/{section}/{}", escape_segment(&name));
        let local = local_ref(&bundled);
        self.placed.insert(key.clone(), local.clone());
        let index = self.added.len();
        self.added.push(Added {
            section,
            name,
            raw: raw.clone(),
            value: None,
        });
        let value = self.bring_in(raw, &key, kind, Some(bundled))?;
        self.added[index].value = Some(value);
        Ok(Replacement::Ref(local))
    }

    /// A reference that cannot be brought in, pointed at its reason (see `UNRESOLVED`). The
    /// reason is written relative to the spec's folder, so the crate's README (where it is
    /// listed) does not depend on where the spec is.
    fn unresolved(&mut self, diagnostic: &Diagnostic) -> Replacement {
        let mut reason = diagnostic.to_string();
        let given_dir = self.main_given.parent().unwrap_or(Path::new(""));
        for dir in [&self.main_dir, &self.root, given_dir] {
            let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
            if prefix.len() > 1 {
                reason = reason.replace(&prefix, "");
            }
        }
        self.unresolved.push(reason);
        let mut object = Map::new();
        object.insert(
            "$ref".to_string(),
            Value::String(unresolved_ref(self.unresolved.len() - 1)),
        );
        Replacement::Inline(Value::Object(object))
    }

    /// A main-document component whose reference is replaced by its target.
    fn fill_slot(
        &mut self,
        referrer: &Referrer<'_>,
        key: Key,
        section: &'static str,
    ) -> Result<Replacement, Diagnostic> {
        let raw = self.target_value(referrer, &key)?;
        let place = referrer.place.clone();
        let value = self.bring_in(raw, &key, Kind::Section(section), place)?;
        Ok(Replacement::Inline(value))
    }

    /// Processes a copy of a target, relative to its own file; `bundled` is where it goes in
    /// the bundled document.
    fn bring_in(
        &mut self,
        mut raw: Value,
        key: &Key,
        kind: Kind,
        bundled: Option<String>,
    ) -> Result<Value, Diagnostic> {
        if let Some(at) = &bundled {
            let entry = (at.clone(), self.given(&key.0), key.1.clone());
            self.origins.entries.push(entry);
        }
        self.stack.push(Frame {
            key: key.clone(),
            pure_ref: raw.get("$ref").is_some(),
            bundled,
        });
        let mut at = segments(&key.1);
        let result = self.process(&mut raw, &key.0, &mut at, Some(kind));
        self.stack.pop();
        result.map(|()| raw)
    }

    /// Where `at` (a place in the file being processed) lands in the bundled document: the
    /// same place in the main document, else relative to the target being brought in.
    fn bundled_at(&self, at: &[String]) -> Option<String> {
        let Some(frame) = self.stack.last() else {
            return Some(pointer_of(at));
        };
        let base = frame.bundled.as_ref()?;
        let rest = at.get(segments(&frame.key.1).len()..)?;
        Some(format!("{base}{}", pointer_of(rest)))
    }

    /// A file as diagnostics name it: the main document as given, others as reached from it.
    fn given(&self, file: &Path) -> PathBuf {
        if file == self.main {
            self.main_given.clone()
        } else {
            file.to_path_buf()
        }
    }

    /// Adds the brought-in components to the main document, in the order they were met, and
    /// returns where everything brought in came from.
    fn finish(self, root: &mut Value) -> Origins {
        let Some(root) = root.as_object_mut() else {
            return self.origins;
        };
        if !self.unresolved.is_empty() {
            let reasons = self.unresolved.into_iter().map(Value::String).collect();
            root.insert(UNRESOLVED.to_string(), Value::Array(reasons));
        }
        for added in self.added {
            let components = root
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(components) = components.as_object_mut() else {
                continue;
            };
            let section = components
                .entry(added.section)
                .or_insert_with(|| Value::Object(Map::new()));
            if let (Some(section), Some(value)) = (section.as_object_mut(), added.value) {
                section.insert(added.name, value);
            }
        }
        self.origins
    }
}
