//! Parameter serialisation: OpenAPI's `style` and `explode` for path, query, header and
//! cookie parameters, which are RFC 6570's expansions (`{;x}`, `{.x}`, `{x}`, `{?x}`) plus
//! OpenAPI's own delimited and `deepObject` styles. One serialiser for every location; the
//! cells of the specification's style-examples table are its unit tests.
//!
//! A value is read through serde in the order it serialises, so an object's members come in
//! the order of its struct's fields (the schema's property order), whatever map type
//! serde_json is built with.

// Every generated crate carries this file whole; each uses the styles its operations need.
#![allow(dead_code)]

use std::fmt::Write as _;

/// An OpenAPI parameter style (Swagger 2.0's `collectionFormat`s map onto these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `{x}`: `blue,black,brown` (paths and headers).
    Simple,
    /// `{.x}`: `.blue` (paths).
    Label,
    /// `{;x}`: `;color=blue` (paths).
    Matrix,
    /// `{?x}`: `color=blue` (queries and cookies).
    Form,
    /// Items joined by a space (`color=blue%20black`); Swagger 2.0's `ssv`.
    SpaceDelimited,
    /// Items joined by `|` (`color=blue%7Cblack`); Swagger 2.0's `pipes`.
    PipeDelimited,
    /// Items joined by a tab; Swagger 2.0's `tsv`, which OpenAPI 3 has no style for.
    TabDelimited,
    /// `color[R]=100&color[G]=200` (queries).
    DeepObject,
}

/// How one parameter is written: its style, `explode`, `allowReserved`, and whether the
/// spec describes it by a JSON `content` entry rather than a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Styled {
    pub style: Style,
    pub explode: bool,
    /// Reserved characters (`:/?#[]@!$&'()*+,;=`) are sent as they are (queries only).
    pub allow_reserved: bool,
    /// The value is sent as its JSON text (a parameter with `content: application/json`).
    pub json: bool,
}

// One name per style and `explode`, so that generated code says it in a few words.
impl Styled {
    /// Paths' and headers' default: `simple`, not exploded.
    pub const SIMPLE: Styled = Styled::of(Style::Simple, false);
    pub const SIMPLE_EXPLODED: Styled = Styled::of(Style::Simple, true);
    pub const LABEL: Styled = Styled::of(Style::Label, false);
    pub const LABEL_EXPLODED: Styled = Styled::of(Style::Label, true);
    pub const MATRIX: Styled = Styled::of(Style::Matrix, false);
    pub const MATRIX_EXPLODED: Styled = Styled::of(Style::Matrix, true);
    /// Queries' and cookies' default: `form`, exploded.
    pub const FORM: Styled = Styled::of(Style::Form, true);
    pub const FORM_UNEXPLODED: Styled = Styled::of(Style::Form, false);
    pub const SPACE_DELIMITED: Styled = Styled::of(Style::SpaceDelimited, false);
    pub const SPACE_DELIMITED_EXPLODED: Styled = Styled::of(Style::SpaceDelimited, true);
    pub const PIPE_DELIMITED: Styled = Styled::of(Style::PipeDelimited, false);
    pub const PIPE_DELIMITED_EXPLODED: Styled = Styled::of(Style::PipeDelimited, true);
    pub const TAB_DELIMITED: Styled = Styled::of(Style::TabDelimited, false);
    pub const TAB_DELIMITED_EXPLODED: Styled = Styled::of(Style::TabDelimited, true);
    /// `deepObject` (which `explode` does not change).
    pub const DEEP_OBJECT: Styled = Styled::of(Style::DeepObject, true);

    pub const fn of(style: Style, explode: bool) -> Styled {
        Styled {
            style,
            explode,
            allow_reserved: false,
            json: false,
        }
    }

    pub const fn reserved(mut self) -> Styled {
        self.allow_reserved = true;
        self
    }

    pub const fn json(mut self) -> Styled {
        self.json = true;
        self
    }
}

/// A parameter's value as the styles see it: RFC 6570's string, list and associative array,
/// each member in serialisation order. `null`, an empty list and an empty object are
/// undefined (nothing is written).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    /// A string.
    Scalar(String),
    /// A number or a boolean, as JSON writes it.
    Literal(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Reads `value` through serde; `json` keeps it as one string, its JSON text.
    pub fn of<T: serde::Serialize + ?Sized>(value: &T, json: bool) -> Node {
        // serde_json writes a struct's fields in declaration order; reading that text back
        // into `Node` keeps it (serde_json::Value would sort the members).
        let Ok(text) = serde_json::to_string(value) else {
            return Node::Null;
        };
        if json {
            return match text.as_str() {
                "null" => Node::Null,
                _ => Node::Scalar(text),
            };
        }
        serde_json::from_str(&text).unwrap_or(Node::Null)
    }

    fn undefined(&self) -> bool {
        match self {
            Node::Null => true,
            Node::List(items) => items.iter().all(Node::undefined),
            Node::Object(members) => members.iter().all(|(_, v)| v.undefined()),
            Node::Scalar(_) | Node::Literal(_) => false,
        }
    }

    /// The text of a scalar, or of a value inside a list or object: a scalar as itself, a
    /// nested list or object (which RFC 6570 does not define) as its JSON text.
    pub fn text(&self) -> String {
        match self {
            Node::Scalar(s) | Node::Literal(s) => s.clone(),
            other => {
                let mut out = String::new();
                other.write_json(&mut out);
                out
            }
        }
    }

    /// The value as JSON text, members in order.
    fn write_json(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Literal(s) => out.push_str(s),
            Node::Scalar(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Node::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap_or_default());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // As serde_json writes it (`1.5`, `1e+300`), not as Rust's `Display` does.
        Ok(Node::Literal(match serde_json::Number::from_f64(v) {
            Some(n) => n.to_string(),
            None => v.to_string(),
        }))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Node::Object(members))
    }
}

/// Which characters a value keeps as they are.
#[derive(Clone, Copy)]
enum Keep {
    /// RFC 3986 unreserved characters only: everything else is percent-encoded.
    Unreserved,
    /// Unreserved and reserved characters, and `%XX` triplets (RFC 6570's `+` expansion).
    Reserved,
    /// Everything (header values are not URL text).
    All,
}

/// `text` with every byte `keep` does not keep percent-encoded.
fn encoded(text: &str, keep: Keep) -> String {
    if matches!(keep, Keep::All) {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, &b) in bytes.iter().enumerate() {
        let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
        let kept = unreserved(b)
            || matches!(keep, Keep::Reserved)
                && (b":/?#[]@!$&'()*+,;=".contains(&b) || b == b'%' && hex(i + 1) && hex(i + 2));
        if kept {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// The delimiter a non-exploded list or object is joined with, as sent.
fn delimiter(style: Style, keep: Keep) -> &'static str {
    let raw = matches!(keep, Keep::All);
    match style {
        Style::SpaceDelimited if raw => " ",
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited if raw => "|",
        Style::PipeDelimited => "%7C",
        Style::TabDelimited if raw => "\t",
        Style::TabDelimited => "%09",
        _ => ",",
    }
}

/// A defined value, flattened and encoded: one scalar, a list's items, or an object's
/// members (nested lists and objects as their JSON text, undefined members left out).
enum Flat {
    Scalar(String),
    Items(Vec<String>),
    Members(Vec<(String, String)>),
}

fn flat(node: &Node, keep: Keep) -> Option<Flat> {
    if node.undefined() {
        return None;
    }
    Some(match node {
        Node::Scalar(s) | Node::Literal(s) => Flat::Scalar(encoded(s, keep)),
        Node::List(list) => Flat::Items(
            list.iter()
                .filter(|n| !n.undefined())
                .map(|n| encoded(&n.text(), keep))
                .collect(),
        ),
        Node::Object(members) => Flat::Members(
            members
                .iter()
                .filter(|(_, v)| !v.undefined())
                .map(|(k, v)| (encoded(k, keep), encoded(&v.text(), keep)))
                .collect(),
        ),
        Node::Null => return None,
    })
}

/// `k,v,k,v` (or `k=v,k=v` exploded) joined by `delimiter`.
fn members_text(members: &[(String, String)], explode: bool, delimiter: &str) -> String {
    let parts: Vec<String> = match explode {
        true => members.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        false => members
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect(),
    };
    parts.join(delimiter)
}

/// `;name=value`, or `;name` when the value is empty (RFC 6570's `;` expansion).
fn matrix_pair(name: &str, value: &str) -> String {
    match value.is_empty() {
        true => format!(";{name}"),
        false => format!(";{name}={value}"),
    }
}

/// A path parameter's expansion, percent-encoded: `blue`, `.blue`, `;color=blue`, ...
/// Undefined (`null`, empty list or object) gives the empty string.
pub(crate) fn path(name: &str, node: &Node, styled: Styled) -> String {
    let keep = Keep::Unreserved;
    let Some(value) = flat(node, keep) else {
        return String::new();
    };
    let explode = styled.explode;
    match styled.style {
        Style::Label => {
            let joiner = if explode { "." } else { "," };
            match value {
                Flat::Scalar(s) => format!(".{s}"),
                Flat::Items(items) => format!(".{}", items.join(joiner)),
                Flat::Members(members) => format!(".{}", members_text(&members, explode, joiner)),
            }
        }
        Style::Matrix => {
            let name = encoded(name, keep);
            match value {
                Flat::Scalar(s) => matrix_pair(&name, &s),
                Flat::Items(items) if explode => {
                    items.iter().map(|v| matrix_pair(&name, v)).collect()
                }
                Flat::Items(items) => format!(";{name}={}", items.join(",")),
                Flat::Members(members) if explode => {
                    members.iter().map(|(k, v)| matrix_pair(k, v)).collect()
                }
                Flat::Members(members) => {
                    format!(";{name}={}", members_text(&members, false, ","))
                }
            }
        }
        style => simple(value, explode, delimiter(style, keep)),
    }
}

/// `simple` (and the delimited styles outside a query): items joined, members as
/// `k,v` or, exploded, `k=v` joined by commas.
fn simple(value: Flat, explode: bool, delimiter: &str) -> String {
    match value {
        Flat::Scalar(s) => s,
        Flat::Items(items) => items.join(delimiter),
        Flat::Members(members) if explode => members_text(&members, true, ","),
        Flat::Members(members) => members_text(&members, false, delimiter),
    }
}

/// A query parameter's `(name, value)` pairs, both already percent-encoded, in order.
/// Undefined gives none.
pub(crate) fn query(name: &str, node: &Node, styled: Styled) -> Vec<(String, String)> {
    let keep = match styled.allow_reserved {
        true => Keep::Reserved,
        false => Keep::Unreserved,
    };
    pairs(name, node, styled, keep)
}

/// A header parameter's value (`simple`), or `None` when undefined.
pub(crate) fn header(node: &Node, styled: Styled) -> Option<String> {
    let value = flat(node, Keep::All)?;
    Some(simple(
        value,
        styled.explode,
        delimiter(styled.style, Keep::All),
    ))
}

/// A cookie parameter's `name=value` pairs (`form`), percent-encoded; the caller joins the
/// pairs of all cookies with `; `. Exploded, each list item or object member is a cookie
/// of its own, as RFC 6265 writes several.
pub(crate) fn cookie(name: &str, node: &Node, styled: Styled) -> Vec<String> {
    pairs(name, node, styled, Keep::Unreserved)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect()
}

/// `form` and the styles written like it: a scalar is `name=value`; exploded, a list
/// repeats the name and an object's members are pairs of their own (the delimited styles
/// exploded are `form`, as the specification says); otherwise one pair, joined.
fn pairs(name: &str, node: &Node, styled: Styled, keep: Keep) -> Vec<(String, String)> {
    if styled.style == Style::DeepObject && matches!(node, Node::List(_) | Node::Object(_)) {
        let mut out = Vec::new();
        deep_object(name, node, keep, &mut out);
        return out;
    }
    let Some(value) = flat(node, keep) else {
        return Vec::new();
    };
    let key = encoded(name, Keep::Unreserved);
    let joiner = delimiter(styled.style, keep);
    match value {
        Flat::Scalar(s) => vec![(key, s)],
        Flat::Items(items) if styled.explode => {
            items.into_iter().map(|v| (key.clone(), v)).collect()
        }
        Flat::Items(items) => vec![(key, items.join(joiner))],
        Flat::Members(members) if styled.explode => members,
        Flat::Members(members) => vec![(key, members_text(&members, false, joiner))],
    }
}

/// `deepObject`: `name[key]=value`, nested objects nesting the brackets, lists repeating the
/// key; the brackets are percent-encoded like the rest of the name.
fn deep_object(key: &str, node: &Node, keep: Keep, out: &mut Vec<(String, String)>) {
    match node {
        Node::Object(members) => {
            for (k, v) in members {
                deep_object(&format!("{key}[{k}]"), v, keep, out);
            }
        }
        Node::List(items) => {
            for item in items {
                deep_object(key, item, keep, out);
            }
        }
        Node::Null => {}
        Node::Scalar(s) | Node::Literal(s) => {
            out.push((encoded(key, Keep::Unreserved), encoded(s, keep)))
        }
    }
}
