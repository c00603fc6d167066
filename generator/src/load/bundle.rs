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
//! Errors name the file the `$ref` is written in and the pointer of that `$ref`: a missing
//! file, a missing target inside a file, a remote (`http(s)://`) reference, and reference
//! cycles across files that no definition breaks.
//!
//! Later stages see only the bundled document, so bundling also returns [`Origins`]: where in
//! it each brought-in target went, and the file and pointer it came from. [`super::Spec::error`]
//! uses it, so an error found later inside such content names the other file and the place in
//! it (`schemas/media.yaml#/Media/properties/id`), not a place in the main document that the
//! author never wrote.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::parse;
use super::refs::{is_examples_map, percent_decode};
use crate::diagnostic::{Diagnostic, Location, escape_segment, join};

/// The `components` sections targets are placed in; anything else is inlined.
const SECTIONS: [&str; 6] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
];

/// Where a referenced target goes in the main document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Into `components/<section>`.
    Section(&'static str),
    /// In place of the reference.
    Inline,
}

/// A target: a file (normalised path) and a JSON pointer into it (`""` for the whole file).
type Key = (PathBuf, String);

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
                        Some((key, section)) => self.fill_slot(&referrer, key, section)?,
                        None => {
                            let kind = root_kind.or_else(|| kind_at(at));
                            self.reference(&referrer, kind)?
                        }
                    };
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
            if let Replacement::Ref(local) =
                self.reference(&referrer, Some(Kind::Section("schemas")))?
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

    /// A free name in `section` for `key`'s target (`Name`, `Name2`, …), or `Err` with the
    /// local reference of an identical, reference-free definition already there.
    fn name_for(
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
    fn target_of(&self, file: &Path, text: &str) -> Result<Option<Key>, String> {
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
    fn target_value(&mut self, referrer: &Referrer<'_>, key: &Key) -> Result<Value, Diagnostic> {
        if !self.docs.contains_key(&key.0) {
            let text = super::confine::read(&key.0, &self.root).map_err(|why| {
                let message = format!(
                    "`$ref: {}`: cannot read `{}`: {why}",
                    referrer.text,
                    key.0.display()
                );
                self.error(referrer, message)
            })?;
            let doc = parse::parse(&key.0, &text)?;
            self.docs.insert(key.0.clone(), doc);
        }
        match self.docs[&key.0].pointer(&key.1) {
            Some(value) => Ok(value.clone()),
            None => Err(self.dangling(referrer, key)),
        }
    }

    fn error(&self, referrer: &Referrer<'_>, message: String) -> Diagnostic {
        let file = self.given(referrer.file);
        Diagnostic::new(&file, Location::Pointer(referrer.pointer.clone()), message)
    }

    fn dangling(&self, referrer: &Referrer<'_>, key: &Key) -> Diagnostic {
        let message = format!(
            "dangling `$ref`: `{}` does not exist (no `{}` in `{}`)",
            referrer.text,
            if key.1.is_empty() { "/" } else { &key.1 },
            self.shown(&key.0)
        );
        self.error(referrer, message)
    }

    fn cycle(&self, referrer: &Referrer<'_>, from: usize, key: &Key) -> Diagnostic {
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
    fn shown(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.main_dir).unwrap_or(file);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// Adds the brought-in components to the main document, in the order they were met, and
    /// returns where everything brought in came from.
    fn finish(self, root: &mut Value) -> Origins {
        let Some(root) = root.as_object_mut() else {
            return self.origins;
        };
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

/// Where a main document keeps each section's definitions: `components/<section>`, and in a
/// Swagger 2.0 document (bundled before it is rewritten to OpenAPI 3.0) also `definitions`,
/// `parameters` and `responses` at the top.
fn main_locations(root: &Value) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = SECTIONS
        .iter()
        .map(|s| (*s, format!("/components/{s}")))
        .collect();
    if root.get("swagger").is_some() {
        out.push(("schemas", "/definitions".into()));
        out.push(("parameters", "/parameters".into()));
        out.push(("responses", "/responses".into()));
    }
    out
}

/// How the value at `at` is used, from where it stands; `None` when that does not say.
fn kind_at(at: &[String]) -> Option<Kind> {
    let n = at.len();
    let last = at.last()?.as_str();
    let parent = if n >= 2 { at[n - 2].as_str() } else { "" };
    let index = last.bytes().all(|b| b.is_ascii_digit());
    if n == 3 && at[0] == "components" {
        return SECTIONS
            .iter()
            .find(|s| **s == parent)
            .map(|s| Kind::Section(s));
    }
    let section = if matches!(parent, "properties" | "definitions" | "$defs")
        || matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(parent, "allOf" | "oneOf" | "anyOf") && index
    {
        "schemas"
    } else if parent == "parameters" && index {
        "parameters"
    } else if parent == "responses" {
        "responses"
    } else if last == "requestBody" {
        "requestBodies"
    } else if parent == "headers" {
        "headers"
    } else if parent == "examples" {
        "examples"
    } else {
        return None;
    };
    Some(Kind::Section(section))
}

/// How a target is used, from where it stands in its own file (when the reference's place
/// does not say): `components/<section>/...`, JSON Schema `definitions`, else inline.
fn kind_of_pointer(pointer: &str) -> Kind {
    let segs = segments(pointer);
    match segs.as_slice() {
        [c, section, _] if c == "components" => SECTIONS
            .iter()
            .find(|s| *s == section)
            .map_or(Kind::Inline, |s| Kind::Section(s)),
        [d, _] if d == "definitions" || d == "$defs" => Kind::Section("schemas"),
        _ => Kind::Inline,
    }
}

/// The component name for a target: its pointer's last segment, else the file's stem; only
/// characters OpenAPI allows in component names (`A-Z a-z 0-9 . - _`).
fn base_name(key: &Key) -> String {
    let from_pointer = segments(&key.1).pop().filter(|s| !s.is_empty());
    let raw = from_pointer.unwrap_or_else(|| {
        key.0
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    }
}

/// The unescaped segments of a JSON pointer.
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn pointer_of(at: &[String]) -> String {
    at.iter().fold(String::new(), |p, s| join(&p, s))
}

/// A local reference to a pointer (`%` encoded, as references are percent-decoded).
fn local_ref(pointer: &str) -> String {
    format!("#{}", pointer.replace('%', "%25"))
}

/// `scheme://…` (`http`, `https`, `file`, …).
fn is_url(path: &str) -> bool {
    path.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn has_spec_extension(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The reference of a reference object that points outside its document.
fn external_ref(value: &Value) -> Option<&str> {
    let text = value.as_object()?.get("$ref")?.as_str()?;
    (!text.starts_with('#')).then_some(text)
}

fn contains_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(contains_ref),
        Value::Array(items) => items.iter().any(contains_ref),
        _ => false,
    }
}

/// Whether anything in the document refers to another file (then it is bundled).
fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref") {
                return r.as_str().is_some_and(|t| !t.starts_with('#'));
            }
            map.iter().any(|(k, v)| {
                if k == "example" || k == "examples" && !is_examples_map(v) {
                    return false;
                }
                if k == "discriminator" {
                    return v
                        .get("mapping")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().filter_map(Value::as_str).any(|t| {
                                !t.starts_with('#') && (t.contains('#') || has_spec_extension(t))
                            })
                        });
                }
                has_external_refs(v)
            })
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (symbolic links are not followed,
/// so the same file reached two ways is read twice, which is harmless).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pointer: &str) -> Vec<String> {
        segments(pointer)
    }

    #[test]
    fn kind_follows_where_the_reference_stands() {
        let schema = Some(Kind::Section("schemas"));
        for p in [
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "/components/schemas/Pet",
            "/components/schemas/Pet/properties/owner",
            "/Pet/properties/parameters",
            "/Pet/properties/tags/items",
            "/Pet/allOf/0",
            "/Pet/additionalProperties",
        ] {
            assert_eq!(kind_at(&at(p)), schema, "{p}");
        }
        assert_eq!(
            kind_at(&at("/paths/~1a/get/parameters/0")),
            Some(Kind::Section("parameters"))
        );
        assert_eq!(
            kind_at(&at("/paths/~1a/get/responses/default")),
            Some(Kind::Section("responses"))
        );
        assert_eq!(
            kind_at(&at("/paths/~1a/post/requestBody")),
            Some(Kind::Section("requestBodies"))
        );
        assert_eq!(
            kind_at(&at("/components/responses/E/headers/X-Rate")),
            Some(Kind::Section("headers"))
        );
        assert_eq!(kind_at(&at("/paths/~1a")), None);
        assert_eq!(kind_at(&at("/components/links/L")), None);
        assert_eq!(
            kind_of_pointer("/components/schemas/X"),
            Kind::Section("schemas")
        );
        assert_eq!(kind_of_pointer("/definitions/X"), Kind::Section("schemas"));
        assert_eq!(kind_of_pointer("/paths/~1a"), Kind::Inline);
        assert_eq!(kind_of_pointer(""), Kind::Inline);
    }

    #[test]
    fn names_come_from_pointer_or_file_stem() {
        let key = |f: &str, p: &str| (PathBuf::from(f), p.to_string());
        assert_eq!(base_name(&key("s/pet.yaml", "")), "pet");
        assert_eq!(
            base_name(&key("s/pet.yaml", "/components/schemas/Pet")),
            "Pet"
        );
        assert_eq!(base_name(&key("s/pet.yaml", "/a~1b c")), "a_b_c");
    }

    #[test]
    fn paths_normalise_lexically() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yaml")),
            Path::new("a/c.yaml")
        );
        assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("/x/../../y")), Path::new("/y"));
        assert_eq!(
            normalize(Path::new("./openapi.yaml")),
            Path::new("openapi.yaml")
        );
    }

    #[test]
    fn origins_map_the_innermost_place_by_whole_segments() {
        let origins = Origins {
            entries: vec![
                ("/paths/~1a".into(), "paths/a.yaml".into(), String::new()),
                (
                    "/components/schemas/M".into(),
                    "s/m.yaml".into(),
                    "/M".into(),
                ),
                // An inlined target inside the path item brought in from paths/a.yaml.
                (
                    "/paths/~1a/get/x".into(),
                    "paths/x.yaml".into(),
                    "/X".into(),
                ),
            ],
        };
        let locate = |p| {
            origins
                .locate(p)
                .map(|(f, at)| format!("{}#{at}", f.display()))
        };
        assert_eq!(locate("/paths/~1a"), Some("paths/a.yaml#".into()));
        assert_eq!(
            locate("/paths/~1a/get/parameters/0"),
            Some("paths/a.yaml#/get/parameters/0".into())
        );
        assert_eq!(
            locate("/paths/~1a/get/x/y"),
            Some("paths/x.yaml#/X/y".into())
        );
        assert_eq!(
            locate("/components/schemas/M/properties/id"),
            Some("s/m.yaml#/M/properties/id".into())
        );
        assert_eq!(locate("/components/schemas/Mx"), None);
        assert_eq!(locate("/paths/~1ab"), None);
        let main = Path::new("openapi.yaml");
        let d = Diagnostic::at(main, "/components/schemas/M/type", "bad");
        assert_eq!(
            origins.relocate(main, d).to_string(),
            "s/m.yaml#/M/type: bad"
        );
    }

    #[test]
    fn urls_are_recognised() {
        assert!(is_url("https://example.com/a.yaml"));
        assert!(is_url("http://example.com/a.yaml"));
        assert!(is_url("file:///tmp/a.yaml"));
        assert!(!is_url("schemas/a.yaml"));
        assert!(!is_url("../a.yaml"));
    }
}
