//! The naming pass: the only place a Rust name is made.
//!
//! Spec names come in every style (`create-media`, `Add-media-track`, `retrieveMediaInputInfo`,
//! `get-signing_key_by_id`, `Default-Error`). Each is cased once here, escaped if it is a
//! keyword, and made unique within its scope by a [`Namer`], which hands out names in the order
//! asked, so the same spec always gives the same names.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::rust_words::NOT_RAW;

/// Type names a schema may not take: the generated code uses them unqualified (the prelude's
/// traits and types, serde's, the crate's own public items), and a type of that name in
/// `types` would shadow them there (`impl From<&str> for …` with a schema named `From`).
/// Such a schema gets the next free name (`From2`).
const RESERVED_TYPES: &[&str] = &[
    // The prelude (2021 and 2024 editions).
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "AsMut",
    "AsRef",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "IntoIterator",
    "Iterator",
    "FromIterator",
    "Future",
    "IntoFuture",
    "Clone",
    "Default",
    "Eq",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Hash",
    "Debug",
    "Display",
    "ToOwned",
    "ToString",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "BTreeMap",
    "Value",
    "Self",
    "Bytes",
    "Serialize",
    "Deserialize",
    "Deserializer",
    "Serializer",
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ByteStream",
    "FilePart",
    "Credentials",
    "Nullable",
    "Pending",
    "RawResponse",
    "RetryPolicy",
    "CallOptions",
    "Items",
    "Pages",
    "ChunkStream",
    "Request",
    "Response",
];

/// `snake_case`, never empty, never starting with a digit. May be a keyword: see `field_ident` in `emit/tokens.rs`.
pub fn snake(raw: &str) -> String {
    let cased = clean(raw).to_snake_case();
    match cased.chars().next() {
        None => "value".to_string(),
        Some(c) if c.is_ascii_digit() => format!("n{cased}"),
        Some(_) => cased,
    }
}

/// `UpperCamelCase`, never empty, never starting with a digit.
pub fn camel(raw: &str) -> String {
    let cased = clean(raw).to_upper_camel_case();
    match cased.chars().next() {
        None => "Value".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V{cased}"),
        Some(_) => cased,
    }
}

/// Type names `operations.rs` uses unqualified; a per-operation enum may not take them.
pub const OPERATION_MODULE_TYPES: &[&str] = &[
    "Client",
    "Error",
    "ApiError",
    "Method",
    "Scheme",
    "Request",
    "CallOptions",
    "RetryPolicy",
    "ByteStream",
    "JsonLines",
    "FilePart",
    "FormValue",
    "AuthFields",
    "Option",
    "Result",
    "String",
    "Vec",
    "Self",
];

/// The other media types of a request body (beside the default one), as the builder offers
/// them: one method per kind, named for the kind rather than the exact media type, so the
/// names read the same in every crate (`.form_body(..)`, `.multipart_body(..)`,
/// `.text_body(..)`, `.binary_body(..)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlternativeBodyKind {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// Any other media type, sent as raw bytes.
    Binary,
    /// A JSON value in place of the typed JSON body (an escape hatch, see
    /// `AlternativeKind::Json`).
    Json,
}

/// The builder method that sends the body in another media type (claimed in the builder's
/// scope, after the parameters, so a parameter keeps its own name).
pub fn alternative_body_method(kind: AlternativeBodyKind) -> &'static str {
    match kind {
        AlternativeBodyKind::Form => "form_body",
        AlternativeBodyKind::Multipart => "multipart_body",
        AlternativeBodyKind::Text => "text_body",
        AlternativeBodyKind::Binary => "binary_body",
        AlternativeBodyKind::Json => "body_json",
    }
}

/// The type holding the fields of a form-shaped alternative body (`CreateNoteForm`,
/// `CreateNoteMultipart`), in the operations module beside the builder.
pub fn alternative_body_type(operation_camel: &str, kind: AlternativeBodyKind) -> String {
    let suffix = match kind {
        AlternativeBodyKind::Multipart => "Multipart",
        _ => "Form",
    };
    format!("{operation_camel}{suffix}")
}

/// The method of a generated struct that sets the field `field` (`with_title`): fields are
/// public, so a method named like the field could shadow a trait method (`clone`); `with_`
/// never does.
pub fn setter(field: &str) -> String {
    format!("with_{}", field.trim_start_matches("r#"))
}

/// The builder's private field holding a body set through an alternative method.
pub const ALTERNATIVE_BODY_FIELD: &str = "alternative_body";

/// Method names of an alternative body's field type (its fields' setters may not take them).
pub const ALTERNATIVE_BODY_TYPE_METHODS: &[&str] = &["new", "into_body"];

/// The variant name for a response status: the reason phrase of a known code (`201` →
/// `Created`), `Status418` for others, `Success`/`Redirect`/`ClientError`/`ServerError` for a
/// `2XX`.. range (by its first digit), `Default` for `default`.
pub fn status_variant(status: &super::StatusMatch) -> String {
    use super::StatusMatch;
    let known = |code: u16| -> Option<&'static str> {
        Some(match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return None,
        })
    };
    match *status {
        StatusMatch::Code(code) => {
            known(code).map_or_else(|| format!("Status{code}"), str::to_string)
        }
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirect".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(d) => format!("Status{d}xx"),
        StatusMatch::Default => "Default".to_string(),
    }
}

/// `SCREAMING_SNAKE_CASE` for constants.
pub fn screaming(raw: &str) -> String {
    snake(raw).to_uppercase()
}

/// Keeps ASCII letters and digits; everything else separates words (`+1` and `-1` stay
/// apart). Other scripts are spelled in ASCII first (`Médias` → `Medias`, `日本` → `Ri Ben`):
/// cargo feature names must be ASCII on crates.io, and identifiers outside ASCII draw
/// `uncommon_codepoints`/`confusable_idents` warnings and are hard to type.
fn clean(raw: &str) -> String {
    let ascii = if raw.is_ascii() {
        std::borrow::Cow::Borrowed(raw)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode_with_tofu(raw, " "))
    };
    ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .replace("  ", " ")
}

pub use crate::rust_words::is_keyword;

/// The text of an identifier as it goes into code: keywords become raw identifiers, and the
/// few words that cannot be raw get a trailing underscore.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// Cargo feature names for tags (`Code Scanning` → `code-scanning`), unique and apart from
/// `reserved`; `default` is always taken.
pub fn feature_names(tags: &BTreeSet<&str>, reserved: &[&str]) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    taken.insert("default".to_string());
    let mut out = BTreeMap::new();
    for tag in tags {
        let mut base = snake(tag).replace('_', "-");
        if base.is_empty() {
            base = "untagged".to_string();
        }
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("tag-{base}");
        }
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or(base);
        taken.insert(name.clone());
        out.insert(tag.to_string(), name);
    }
    out
}

/// Hands out unique names in one scope, in the order they are asked for.
#[derive(Debug, Clone, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
    /// A scope of methods: names of [`TRAIT_METHODS`] get a trailing underscore.
    methods: bool,
}

/// Methods of the std traits generated types implement, or that callers reach by method
/// syntax on them (`Clone`, `Debug`, `Default`, `PartialEq`, `Hash`, `ToOwned`, `ToString`,
/// `Into`/`From`, `TryInto`, `IntoFuture`, `Borrow`, `AsRef`, `Any`, `Deref`, `Drop`). An
/// inherent method of the same name would win over the trait's: `client.clone()` would return
/// an operation's builder instead of a client. Such names get a trailing underscore
/// (`clone_`), as keywords that cannot be raw do (`self_`).
pub const TRAIT_METHODS: &[&str] = &[
    "as_mut",
    "as_ref",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "drop",
    "eq",
    "fmt",
    "from",
    "hash",
    "into",
    "into_future",
    "ne",
    "partial_cmp",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

impl Namer {
    /// A namer whose scope already holds `reserved`.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namer {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            methods: false,
        }
    }

    /// A namer for the methods of one type, whose own API (`reserved`) is taken and which
    /// never hands out a std trait method's name ([`TRAIT_METHODS`]) to a method.
    pub fn for_methods(reserved: &[&str]) -> Self {
        let mut namer = Self::with_reserved(reserved);
        namer.methods = true;
        namer
    }

    /// A namer for type names (the generated code's own type names are reserved).
    pub fn for_types() -> Self {
        Self::with_reserved(RESERVED_TYPES)
    }

    /// A namer for the type names of a module others glob-import (`auth`, `operations`):
    /// the prelude's names and the crate's own are taken, and so are `extra`, so no name it
    /// hands out can shadow them where the glob reaches (a security scheme named `default`
    /// would otherwise become `struct Default`, hiding the trait).
    pub fn for_module_types(extra: &[&str]) -> Self {
        let mut namer = Self::for_types();
        for name in extra {
            namer.reserve(name);
        }
        namer
    }

    /// A name in this scope that is not a method (a required parameter is an argument of the
    /// operation's method, not a setter), so it may be a std trait method's name.
    pub fn claim_plain(&mut self, wanted: &str) -> String {
        let methods = std::mem::replace(&mut self.methods, false);
        let name = self.claim(wanted);
        self.methods = methods;
        name
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, ... (snake names get `_2`).
    pub fn claim(&mut self, wanted: &str) -> String {
        let shadowing = self.methods && TRAIT_METHODS.contains(&wanted);
        let owned;
        let wanted = if shadowing {
            owned = format!("{wanted}_");
            owned.as_str()
        } else {
            wanted
        };
        let first = escape(wanted);
        if self.taken.insert(first.clone()) {
            return first;
        }
        let sep = if wanted.ends_with('_') {
            ""
        } else if wanted.contains('_') || wanted.chars().all(|c| !c.is_uppercase()) {
            "_"
        } else {
            ""
        };
        // Numbered from the unescaped name: `self`, `self` → `self_`, `self_2`.
        (2..)
            .map(|n| escape(&format!("{wanted}{sep}{n}")))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(first)
    }

    /// Marks a name as taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_of_every_style() {
        assert_eq!(snake("create-media"), "create_media");
        assert_eq!(snake("Add-media-track"), "add_media_track");
        assert_eq!(snake("retrieveMediaInputInfo"), "retrieve_media_input_info");
        assert_eq!(snake("get-signing_key_by_id"), "get_signing_key_by_id");
        assert_eq!(
            snake("create-playbackId-of-stream"),
            "create_playback_id_of_stream"
        );
        assert_eq!(snake("updated-mp4Support"), "updated_mp4_support");
    }

    #[test]
    fn type_names() {
        assert_eq!(camel("Default-Error"), "DefaultError");
        assert_eq!(camel("liveSimulcast"), "LiveSimulcast");
        assert_eq!(
            camel("CreateLiveStreamResponseDTO"),
            "CreateLiveStreamResponseDto"
        );
        assert_eq!(camel("1080p"), "V1080p");
        assert_eq!(camel("us-east-1"), "UsEast1");
        assert_eq!(camel(""), "Value");
    }

    #[test]
    fn names_from_other_scripts_are_ascii() {
        assert_eq!(camel("Médias"), "Medias");
        assert_eq!(snake("Médias"), "medias");
        assert_eq!(camel("日本"), "RiBen");
        assert_eq!(snake("Ünïcödé-Tag"), "unicode_tag");
        let tags = BTreeSet::from(["Médias", "日本", "medias"]);
        let features = feature_names(&tags, &[]);
        assert!(features.values().all(|f| f.is_ascii()), "{features:?}");
        assert_eq!(features["Médias"], "medias");
        assert_eq!(features["medias"], "medias-2");
        assert_eq!(features["日本"], "ri-ben");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut n = Namer::for_types();
        assert_eq!(n.claim("Media"), "Media");
        assert_eq!(n.claim("Media"), "Media2");
        assert_eq!(n.claim("String"), "String2");
        let mut f = Namer::default();
        assert_eq!(f.claim("media_id"), "media_id");
        assert_eq!(f.claim("media_id"), "media_id_2");
        assert_eq!(f.claim("self"), "self_");
        assert_eq!(f.claim("self"), "self_2");
    }

    #[test]
    fn methods_never_shadow_std_trait_methods() {
        let mut m = Namer::for_methods(&["send"]);
        assert_eq!(m.claim("clone"), "clone_");
        assert_eq!(m.claim("clone_"), "clone_2");
        assert_eq!(m.claim("fmt"), "fmt_");
        assert_eq!(m.claim("send"), "send_2");
        assert_eq!(m.claim("list"), "list");
        // An argument is not a method; it still gets a name of its own in the scope.
        assert_eq!(m.claim_plain("from"), "from");
        assert_eq!(m.claim_plain("list"), "list_2");
        // Outside a method scope the name is free (a struct field `clone` shadows nothing).
        assert_eq!(Namer::default().claim("clone"), "clone");
    }
}
