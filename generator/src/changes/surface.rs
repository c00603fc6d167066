//! The API surface of a generated crate: what a caller's code can depend on (operations and
//! their parameters, types and their fields, enum values, auth schemes, base URL), taken from
//! the model. It is stored in each crate as `api-surface.json`, so the next regeneration can
//! tell what changed without the old spec.
//!
//! The file's `format` says which of these keys it was written with: keys newer than an old
//! file's format are unknown in it, not absent, and [`super::diff`] leaves them out of the
//! comparison (so a generator that records more does not report changes that are not there).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    Api, BodyKind, Docs, ParamLocation, ResponseKind, StatusEnum, Struct, TypeKind, TypeRef,
};

pub const FILE: &str = "api-surface.json";

/// The surface format this generator writes. 1 (files without `format`): no per-status
/// responses or typed errors; `response` named the lowest 2xx body even when `send` returned
/// a per-status enum. 2: `responses`, `errors`, and `response` is what `send` returns.
/// 3: structs are `#[non_exhaustive]`, and `build` says how a caller builds each one.
/// 4: `headers`, the response headers `send_with_headers` parses.
/// 5: `runtime`, the public API the generator writes into every crate (see
/// `changes/runtime.rs`).
pub const FORMAT: u32 = 5;

fn format_1() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// The "generated, do not edit" line (JSON has no comments).
    #[serde(rename = "//")]
    pub note: String,
    /// See [`FORMAT`].
    #[serde(default = "format_1")]
    pub format: u32,
    pub package: String,
    /// The crate version this surface was generated as.
    pub version: String,
    /// `info.version` of the spec.
    pub api_version: String,
    pub base_url: String,
    pub auth: BTreeMap<String, AuthSurface>,
    pub operations: BTreeMap<String, OperationSurface>,
    pub types: BTreeMap<String, TypeSurface>,
    /// The runtime API: item path → signature (format 5; `None`: not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<BTreeMap<String, String>>,
    /// The actions of the overlay applied to the spec (`file: description`), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlay: Vec<String>,
    /// The `webhooks` module, if the crate has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<WebhooksSurface>,
}

/// What a caller of the `webhooks` module relies on: the events and their payloads, the field
/// that names them, and how deliveries are checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhooksSurface {
    /// The body field naming the event (`None`: every body is the one event).
    pub event_field: Option<String>,
    /// Event name → `Variant(PayloadType)`.
    pub events: BTreeMap<String, String>,
    /// The signature scheme in words (`None`: deliveries are unsigned, `parse_unverified` only).
    pub signature: Option<String>,
    pub tolerance_seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthSurface {
    /// The `ClientBuilder` method.
    pub builder: String,
    pub credentials: Vec<String>,
    /// What is sent, in words.
    pub sends: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `METHOD /path` as in the spec.
    pub request: String,
    /// The method's arguments in order (`name: Type`): the required inputs.
    #[serde(default)]
    pub arguments: Vec<String>,
    pub params: BTreeMap<String, ParamSurface>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodySurface>,
    /// What `send` returns: a type, or the per-status enum of `responses`.
    pub response: String,
    /// The per-status enum `send` returns when the 2xx responses have different bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<StatusesSurface>,
    /// The operation's typed error enum (`from_error`), when it documents JSON error bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<StatusesSurface>,
    /// Whether the builder has `pages()` and `items()`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paginated: bool,
    /// The documented response headers `send_with_headers` parses: wire name → type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The permission the credentials need (provider.toml `[[permissions]]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
}

impl OperationSurface {
    /// `response` as format 1 wrote it: the body of the lowest documented 2xx status, which
    /// is the first variant (status texts sort as the model orders 2xx codes: `200`, `201`,
    /// `2XX`).
    pub fn format_1_response(&self) -> String {
        let Some(first) = self
            .responses
            .as_ref()
            .and_then(|r| r.variants.values().next())
        else {
            return self.response.clone();
        };
        match first.split_once('(') {
            Some((_, ty)) => ty.strip_suffix(')').unwrap_or(ty).to_string(),
            None => "()".to_string(),
        }
    }
}

/// A per-operation enum with one variant per documented status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusesSurface {
    #[serde(rename = "enum")]
    pub name: String,
    /// The status as the spec writes it (`200`, `4XX`, `default`) → the variant as a caller
    /// matches it (`Ok(Media)`, `NoContent`).
    pub variants: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamSurface {
    pub wire: String,
    /// `path`, `query`, `header`, `cookie` or `form`.
    pub location: String,
    pub ty: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodySurface {
    pub ty: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeSurface {
    Struct {
        fields: BTreeMap<String, FieldSurface>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        additional: Option<String>,
        /// How a caller builds one; absent before format 3 (struct literals).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        build: Option<BuildSurface>,
    },
    Enum {
        values: Vec<String>,
    },
    Union {
        variants: BTreeMap<String, String>,
    },
    Alias {
        ty: String,
    },
    /// `pub struct Name(pub Ty)`.
    Newtype {
        ty: String,
    },
}

/// How a caller builds a struct (see `model/construction.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildSurface {
    /// The arguments of `new`, in order; absent when there is no `new`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Vec<String>>,
    /// A `with_` setter for every field `new` does not take.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub setters: bool,
    /// It implements `Default`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    pub wire: String,
    pub ty: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<String, String>,
}

impl Surface {
    pub fn of(api: &Api) -> Surface {
        Surface {
            note: crate::generated_by::PREAMBLE.to_string(),
            format: FORMAT,
            package: api.package.clone(),
            version: api.version.clone(),
            api_version: api.spec_version.clone(),
            base_url: api.base_url.clone(),
            auth: api
                .auth
                .iter()
                .map(|s| {
                    let surface = AuthSurface {
                        builder: s.name.clone(),
                        credentials: s.credentials.iter().map(|c| c.name.clone()).collect(),
                        sends: s.explain(),
                    };
                    (s.key.clone(), surface)
                })
                .collect(),
            operations: api
                .operations
                .iter()
                .map(|op| (op.method.clone(), operation(op)))
                .collect(),
            types: api
                .types
                .iter()
                .map(|t| (t.name.clone(), type_surface(&t.kind)))
                .collect(),
            runtime: None,
            webhooks: api.webhooks.as_ref().map(webhooks),
            overlay: api
                .overlay
                .iter()
                .flat_map(|o| o.actions.iter().map(|(d, _)| format!("{}: {d}", o.file)))
                .collect(),
        }
    }

    /// With the runtime API recorded (see `changes/runtime.rs`).
    pub fn with_runtime(mut self, runtime: BTreeMap<String, String>) -> Surface {
        self.runtime = Some(runtime);
        self
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn webhooks(hooks: &crate::model::webhooks::Webhooks) -> WebhooksSurface {
    use crate::model::webhooks::Signature;
    WebhooksSurface {
        event_field: hooks.event_field.clone(),
        events: hooks
            .events
            .iter()
            .map(|e| {
                let payload = format!("{}({})", e.variant, e.payload.caller_text());
                (e.name.clone(), payload)
            })
            .collect(),
        signature: hooks.signature.as_ref().map(|s| match s {
            Signature::StandardWebhooks => "Standard Webhooks".to_string(),
            Signature::Hmac {
                header,
                prefix,
                hex,
                timestamp_header,
                separator,
                secret,
            } => format!(
                "HMAC-SHA256 in `{header}` ({prefix}{}) over {}; secret as {secret:?}",
                if *hex { "hex" } else { "base64" },
                match timestamp_header {
                    Some(t) => format!("`{t}` + `{separator}` + body"),
                    None => "the body".to_string(),
                }
            ),
        }),
        tolerance_seconds: hooks.tolerance_seconds,
    }
}

fn operation(op: &crate::model::Operation) -> OperationSurface {
    let mut params: BTreeMap<String, ParamSurface> = op
        .params
        .iter()
        .map(|p| {
            let location = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let surface = ParamSurface {
                wire: p.wire.clone(),
                location: location.to_string(),
                ty: p.ty.caller_text(),
                required: p.required,
                constraints: p.docs.constraints.clone(),
            };
            (p.name.clone(), surface)
        })
        .collect();
    let mut body = None;
    match op.body.as_ref().map(|b| (&b.kind, b.required)) {
        Some((BodyKind::Json(ty), required)) => {
            body = Some(BodySurface {
                ty: ty.caller_text(),
                required,
            })
        }
        Some((BodyKind::Binary(content_type), required)) => {
            body = Some(BodySurface {
                ty: format!("bytes ({content_type})"),
                required,
            })
        }
        Some((BodyKind::Multipart(fields) | BodyKind::UrlEncoded(fields), _)) => {
            for f in fields {
                let surface = ParamSurface {
                    wire: f.wire.clone(),
                    location: "form".to_string(),
                    ty: f
                        .ty
                        .as_ref()
                        .map_or_else(|| "FilePart".to_string(), TypeRef::caller_text),
                    required: f.required,
                    constraints: f.docs.constraints.clone(),
                };
                params.insert(f.name.clone(), surface);
            }
        }
        None => {}
    }
    OperationSurface {
        paginated: op.pagination.is_some(),
        arguments: arguments(op),
        request: format!("{} {}", op.http_method, op.path),
        params,
        body,
        response: match &op.responses {
            Some(e) => e.name.clone(),
            None => kind_text(&op.response),
        },
        responses: op.responses.as_ref().map(statuses),
        errors: op.error_bodies.as_ref().map(statuses),
        headers: op
            .response_headers
            .iter()
            .flat_map(|h| &h.headers)
            .map(|h| (h.wire.clone(), h.ty.caller_text()))
            .collect(),
        permission: op.permission.clone(),
    }
}

fn kind_text(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Empty => "()".to_string(),
        ResponseKind::Json(ty) => ty.caller_text(),
        ResponseKind::Binary => "ByteStream".to_string(),
        ResponseKind::JsonLines(l) => format!("JsonLines<{}>", l.item.caller_text()),
        ResponseKind::EventStream(data) => format!("EventStream<{}>", data.caller_text()),
        ResponseKind::Text => "String".to_string(),
    }
}

fn statuses(e: &StatusEnum) -> StatusesSurface {
    StatusesSurface {
        name: e.name.clone(),
        variants: e
            .variants
            .iter()
            .map(|v| {
                let variant = match &v.kind {
                    ResponseKind::Empty => v.name.clone(),
                    kind => format!("{}({})", v.name, kind_text(kind)),
                };
                (v.status.spec_text(), variant)
            })
            .collect(),
    }
}

/// The method's arguments, in the order emit writes them: required parameters (path ones
/// first, in path order, as the model sorts them), then a required body or required form
/// fields.
fn arguments(op: &crate::model::Operation) -> Vec<String> {
    op.inputs()
        .iter()
        .filter(|i| i.required)
        .map(|i| format!("{}: {}", i.name, i.ty.caller_text()))
        .collect()
}

fn type_surface(kind: &TypeKind) -> TypeSurface {
    match kind {
        TypeKind::Struct(s) => TypeSurface::Struct {
            fields: s
                .fields
                .iter()
                .map(|f| {
                    let ty = if f.tri_state() {
                        format!("Nullable<{}>", f.ty.caller_text())
                    } else if f.optional() {
                        format!("Option<{}>", f.ty.caller_text())
                    } else {
                        f.ty.caller_text()
                    };
                    let surface = FieldSurface {
                        wire: f.wire.clone(),
                        ty,
                        required: f.required,
                        constraints: constraints(&f.docs),
                    };
                    (f.name.clone(), surface)
                })
                .collect(),
            additional: s.additional.as_ref().map(TypeRef::caller_text),
            build: Some(build_surface(s)),
        },
        TypeKind::Enum(values) | TypeKind::IntEnum(values) | TypeKind::BoolEnum(values) => {
            TypeSurface::Enum {
                values: values.iter().map(|v| v.wire.clone()).collect(),
            }
        }
        TypeKind::Union(u) => TypeSurface::Union {
            variants: u
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.caller_text()))
                .collect(),
        },
        TypeKind::Alias(ty) => TypeSurface::Alias {
            ty: ty.caller_text(),
        },
        TypeKind::Newtype(ty) => TypeSurface::Newtype {
            ty: ty.caller_text(),
        },
    }
}

fn build_surface(s: &Struct) -> BuildSurface {
    let has_new = s.build.has_new();
    BuildSurface {
        new: has_new.then(|| s.constructor().map(|f| f.name.clone()).collect()),
        setters: s.build.sent,
        // Without `derive`, a `new` that takes nothing is `Default` too.
        default: s.build.derive_default || (has_new && s.constructor().next().is_none()),
    }
}

fn constraints(docs: &Docs) -> BTreeMap<String, String> {
    docs.constraints.clone()
}
