//! The model of an operation: its parameters, request body (and the other media types it
//! offers), responses per status, security and pagination.

use super::{Docs, TypeRef};

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// The client method (`snake_case`).
    pub method: String,
    /// The fluent builder type (`UpperCamelCase`).
    pub builder: String,
    pub http_method: String,
    pub path: String,
    pub tag: Option<String>,
    /// The permission the caller's credentials need (provider.toml `[[permissions]]`).
    pub permission: Option<String>,
    /// The cargo feature (named after the tag) that compiles this operation, when the crate
    /// is split by tag (see `model/features.rs`).
    pub feature: Option<String>,
    pub docs: Docs,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The body of the lowest documented 2xx response (all of them when they agree).
    pub response: ResponseKind,
    /// When the documented 2xx responses have different bodies: one variant per status, and
    /// `send` returns this enum instead of `response`.
    pub responses: Option<StatusEnum>,
    /// JSON error bodies documented per status (exact codes, `4XX`/`5XX`, `default`).
    pub error_bodies: Option<StatusEnum>,
    /// The headers its success responses document, parsed by `send_with_headers`.
    pub response_headers: Option<ResponseHeaders>,
    /// The `Accept` header its requests send: the media types its responses declare.
    pub accept: Option<String>,
    /// The 3xx statuses it documents beside a 2xx: responses, not errors.
    pub statuses_3xx: Vec<u16>,
    /// Alternatives of security requirements; each alternative needs all of its schemes.
    /// Empty: no authentication.
    pub security: Vec<Vec<Requirement>>,
    /// Credentials the `in_request` templates put into this request, as (scheme, credential
    /// index, wire name).
    pub auth_query: Vec<(usize, usize, String)>,
    pub auth_body: Vec<(usize, usize, String)>,
    /// Pointer of the operation in the spec, for diagnostics and docs.
    pub pointer: String,
    /// Whether a non-idempotent operation may be retried all the same: `x-idempotent: true`
    /// in the spec or `[retry] safe_operations` in provider.toml.
    pub retry_safe: bool,
    /// How to walk the pages of a list operation (from provider.toml).
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// Every type the operation's parameters, body and responses use.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out = self.sent_type_refs();
        out.extend(self.received_type_refs());
        out
    }

    /// The types a caller passes in: parameters and bodies (the alternative ones too).
    pub fn sent_type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self.params.iter().map(|p| &p.ty).collect();
        match self.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json(ty)) => out.push(ty),
            Some(BodyKind::Multipart(fields) | BodyKind::UrlEncoded(fields)) => {
                out.extend(fields.iter().filter_map(|f| f.ty.as_ref()));
            }
            _ => {}
        }
        for alternative in self.body.iter().flat_map(Body::alternative_bodies) {
            if let AlternativeKind::Form { fields, .. } = &alternative.kind {
                out.extend(fields.iter().filter_map(|f| f.ty.as_ref()));
            }
        }
        out
    }

    /// The types of what comes back: responses, error bodies, the items of a list.
    fn received_type_refs(&self) -> Vec<&TypeRef> {
        let mut out = Vec::new();
        let variants = self
            .responses
            .iter()
            .chain(&self.error_bodies)
            .flat_map(|e| &e.variants)
            .map(|v| &v.kind);
        for kind in std::iter::once(&self.response).chain(variants) {
            match kind {
                ResponseKind::Json(ty) => out.push(ty),
                ResponseKind::JsonLines(lines) => out.push(&lines.item),
                ResponseKind::EventStream(data) => out.push(data),
                _ => {}
            }
        }
        let headers = self.response_headers.iter().flat_map(|h| &h.headers);
        out.extend(headers.map(|h| &h.ty));
        if let Some(p) = &self.pagination {
            out.push(&p.param_type);
            out.push(&p.item_type);
            out.extend(p.size.as_ref().map(|(_, ty)| ty));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: crate::config::PageStyle,
    /// The builder field (a parameter's Rust name) that moves through the list.
    pub param: String,
    pub param_type: TypeRef,
    /// The page-size parameter's Rust name and type.
    pub size: Option<(String, TypeRef)>,
    /// JSON pointer to the items in a page.
    pub items: String,
    pub item_type: TypeRef,
    /// Cursor style: JSON pointer to the next cursor.
    pub next: Option<String>,
    /// Where a walk starts by default (number styles).
    pub first: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    /// How the value is written.
    pub style: ParamStyle,
}

/// How a parameter's value is written: OpenAPI's `style`, `explode` and `allowReserved`, or
/// a JSON `content` entry (the runtime's `params.rs` writes every combination).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamStyle {
    pub style: Style,
    pub explode: bool,
    /// Reserved characters are sent as they are (queries only).
    pub allow_reserved: bool,
    /// The parameter is described by `content: application/json` (or another JSON media
    /// type): its value is sent as JSON text.
    pub json: bool,
}

impl ParamStyle {
    /// `form`, exploded: queries' and cookies' default.
    pub const FORM: ParamStyle = ParamStyle::of(Style::Form, true);
    /// `simple`, not exploded: paths' and headers' default.
    pub const SIMPLE: ParamStyle = ParamStyle::of(Style::Simple, false);

    pub const fn of(style: Style, explode: bool) -> ParamStyle {
        ParamStyle {
            style,
            explode,
            allow_reserved: false,
            json: false,
        }
    }

    /// The style a parameter in `location` has when the spec names none.
    pub fn default_for(location: ParamLocation) -> ParamStyle {
        match location {
            ParamLocation::Query | ParamLocation::Cookie => ParamStyle::FORM,
            ParamLocation::Path | ParamLocation::Header => ParamStyle::SIMPLE,
        }
    }
}

impl Default for ParamStyle {
    fn default() -> Self {
        ParamStyle::FORM
    }
}

/// An OpenAPI parameter style (Swagger 2.0's `collectionFormat`s map onto these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// Swagger 2.0's `tsv`, which OpenAPI 3 has no style for.
    TabDelimited,
    DeepObject,
}

/// The headers an operation's success responses document (all of them, once each), as the
/// struct `send_with_headers` returns them in.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// The struct's Rust name (claimed in the operations module).
    pub name: String,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The field's Rust name.
    pub name: String,
    /// The header's name as the spec writes it.
    pub wire: String,
    pub ty: TypeRef,
    pub docs: Docs,
}

/// A per-operation enum with one variant per documented status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEnum {
    /// The Rust type name (made by the naming pass).
    pub name: String,
    /// In matching order: exact codes, then ranges, then `default`.
    pub variants: Vec<StatusVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    pub status: StatusMatch,
    pub kind: ResponseKind,
    pub description: Option<String>,
}

/// Which statuses a response in the spec covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// `404`.
    Code(u16),
    /// `4XX`: the class digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// `404`, `4XX`, `default`: as the spec writes it.
    pub fn spec_text(&self) -> String {
        match self {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(d) => format!("{d}XX"),
            StatusMatch::Default => "default".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The default media type: JSON when the body offers it, else multipart, form, then the
    /// first listed.
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Docs,
    /// The body's other media types, each reachable through a builder method of its own.
    pub alternatives: Option<Alternatives>,
}

/// A request body's media types beside the default one.
///
/// Design: the builder keeps the default body exactly as before (a required JSON body stays
/// the client method's argument), and gains one method per other kind of media type that
/// *replaces* it (`.form_body(..)`, `.multipart_body(..)`, `.text_body(..)`,
/// `.binary_body(..)`); the last one set wins. This keeps every existing call
/// source-compatible and one operation one builder, at the cost that a caller sending a form
/// to an operation whose JSON body is required still passes a JSON value, which is then not
/// sent (the generated docs say so).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    /// The builder's private field holding the body an alternative method set.
    pub field: String,
    pub bodies: Vec<AlternativeBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeBody {
    /// The builder method (`form_body`).
    pub method: String,
    pub kind: AlternativeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlternativeKind {
    /// `application/x-www-form-urlencoded` or `multipart/form-data`: the fields go into a
    /// type of their own (`type_name`, in the operations module), built like a request
    /// builder: required fields in `new`, optional ones by setters.
    Form {
        media: String,
        multipart: bool,
        type_name: String,
        fields: Vec<FormField>,
    },
    /// `text/*` media types, sent from a `String`.
    Text(Vec<String>),
    /// Other media types, sent as raw bytes.
    Binary(Vec<String>),
    /// Any JSON value in place of the typed body of a JSON operation: an escape hatch for
    /// what the spec does not allow (a `null` where it forgot `nullable`, an unlisted field).
    Json,
}

impl Body {
    /// The alternative bodies (none for a body with one media type).
    pub fn alternative_bodies(&self) -> &[AlternativeBody] {
        self.alternatives.as_ref().map_or(&[], |a| &a.bodies)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// `application/json` (or `+json`) with this type.
    Json(TypeRef),
    /// `multipart/form-data`, one entry per form field.
    Multipart(Vec<FormField>),
    /// `application/x-www-form-urlencoded`, one entry per field (no files).
    UrlEncoded(Vec<FormField>),
    /// Raw bytes with this content type.
    Binary(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub name: String,
    pub wire: String,
    /// `None` for a file part (`format: binary`).
    pub ty: Option<TypeRef>,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// No body is expected (204 or no content).
    Empty,
    Json(TypeRef),
    /// A byte stream (downloads).
    Binary,
    Text,
    /// A stream of JSON values, one per line (`application/x-ndjson`, `application/jsonl`)
    /// or per record (`application/json-seq`), each of the item type.
    JsonLines(JsonLines),
    /// Server-sent events (`text/event-stream`), each event's `data` of this type (`String`
    /// when the spec describes it as text).
    EventStream(TypeRef),
}

/// A streamed response of JSON values (see [`ResponseKind::JsonLines`]).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonLines {
    pub item: TypeRef,
    /// RFC 7464's record separator (`json-seq`) splits the values, not a line feed.
    pub record_separator: bool,
}

/// One scheme of a security requirement alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The scheme (an index into `Api::auth`).
    pub scheme: usize,
    /// The scopes it asks for (OAuth 2.0; roles for other schemes, which send none).
    pub scopes: Vec<String>,
}
