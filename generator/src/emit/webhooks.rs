//! `src/webhooks.rs`: the events the API sends to its users, as one enum, read from a
//! delivery's body (`parse_unverified`), or, when the provider signs its deliveries, read only
//! after the signature is checked (`verify_and_parse`; the checks are the runtime's
//! `webhook_signature.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type};
use crate::model::webhooks::{KeyEncoding as SecretEncoding, Signature, WebhookEvent, Webhooks};

pub fn emit(hooks: &Webhooks) -> TokenStream {
    let types = quote!(types::);
    let variants = hooks.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let payload = rust_type(&event.payload, &types);
        let docs = event_docs(event);
        quote!(#docs #variant(#payload),)
    });
    let names = hooks.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let name = &event.name;
        quote!(Self::#variant(_) => #name,)
    });
    let parse = parse_body(hooks);
    let signed = hooks
        .signature
        .as_ref()
        .map(|s| signed(s, hooks.tolerance_seconds));
    let module_docs = module_docs(hooks);
    quote! {
        #module_docs

        use crate::types;
        use crate::webhook_signature as runtime;
        pub use crate::webhook_signature::WebhookError;

        /// An event the API sent, with its payload.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // A delivery is read once: the size of the largest payload costs nothing worth a
        // box around every other one.
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// An event this version of the crate does not know, with its body as received.
            Unknown {
                /// The event's name.
                name: String,
                /// The delivery's body.
                body: bytes::Bytes,
            },
        }

        impl Event {
            /// The event's name, as the API sends it.
            pub fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::Unknown { name, .. } => name,
                }
            }
        }

        #parse
        #signed
    }
}

fn event_docs(event: &WebhookEvent) -> TokenStream {
    let mut event_docs = event.docs.clone();
    let name = if event.key == event.name {
        format!("`{}`.", event.name)
    } else {
        format!("`{}` (webhook `{}` in the spec).", event.name, event.key)
    };
    event_docs.notes.insert(0, name);
    docs(&event_docs)
}

fn module_docs(hooks: &Webhooks) -> TokenStream {
    let count = hooks.events.len();
    let told = match &hooks.event_field {
        Some(field) => format!(
            "A delivery names its event in the body's `{field}` field; an event this version \
             does not know is [`Event::Unknown`], with its body, so a new event does not \
             break a handler."
        ),
        None => "Every delivery is this one event.".to_string(),
    };
    let checked = match &hooks.signature {
        Some(_) => "Check each delivery with [`verify_and_parse`] (or [`verify`]) before \
                    acting on it: the signature is checked against the body exactly as \
                    received, so pass the raw bytes, not a body parsed and serialised again."
            .to_string(),
        None => format!(
            "{} So this crate cannot check who sent a delivery: [`parse_unverified`] reads the \
             body and says so in its name. Treat what it returns as untrusted input (look \
             the objects up through the API before acting on them), and keep the webhook \
             URL secret.",
            super::readme_webhooks::unverified(hooks)
        ),
    };
    let text = format!(
        "The webhooks the API sends to its users: {count} event{} as one [`Event`]. {told}\n\n{checked}",
        if count == 1 { "" } else { "s" }
    );
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote!(#(#lines)*)
}

fn parse_body(hooks: &Webhooks) -> TokenStream {
    let body = match (&hooks.event_field, hooks.events.as_slice()) {
        (None, [only]) => {
            let variant = ident(&only.variant);
            let name = &only.name;
            quote!(runtime::decode(body, #name).map(Event::#variant))
        }
        (field, events) => {
            let field = field.as_deref().unwrap_or_default();
            let arms = events.iter().map(|event| {
                let variant = ident(&event.variant);
                let name = &event.name;
                quote!(#name => runtime::decode(body, &name).map(Event::#variant),)
            });
            quote! {
                let name = runtime::event_name(body, #field)?;
                match name.as_str() {
                    #(#arms)*
                    _ => Ok(Event::Unknown {
                        name,
                        body: bytes::Bytes::copy_from_slice(body),
                    }),
                }
            }
        }
    };
    let unchecked = if hooks.signature.is_some() {
        "It does not check the signature: use [`verify_and_parse`] for a delivery, this for \
         a body already verified or in tests."
    } else {
        "Nothing says who sent it: deliveries cannot be verified (see the module's docs)."
    };
    let docs = super::tokens::doc(&format!(
        "Reads the event in a delivery's body, **without checking who sent it**. {unchecked}"
    ));
    quote! {
        #docs
        pub fn parse_unverified(body: &[u8]) -> Result<Event, WebhookError> {
            #body
        }
    }
}

/// `Secret`, `verify` and `verify_and_parse`, for a provider that signs its deliveries.
fn signed(signature: &Signature, tolerance: u64) -> TokenStream {
    let scheme = scheme(signature);
    let (secret_docs, what) = match signature {
        Signature::StandardWebhooks => (
            "A signing secret as the provider shows it (`whsec_` and base64).",
            "Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`)",
        ),
        Signature::Hmac { secret, .. } => (
            match secret {
                SecretEncoding::Text => "A signing secret as the provider shows it.",
                SecretEncoding::Hex => "A signing secret as the provider shows it (hex).",
                SecretEncoding::Base64 => "A signing secret as the provider shows it (base64).",
            },
            "an HMAC-SHA256 of the body",
        ),
    };
    let times = match signature {
        Signature::StandardWebhooks => true,
        Signature::Hmac {
            timestamp_header, ..
        } => timestamp_header.is_some(),
    };
    let tolerance_docs = if times {
        "How far a delivery's signed timestamp may be from `now`, either way: an older \
         delivery is refused as a possible replay."
    } else {
        "Unused by this provider's scheme, which signs no timestamp (so a delivery can be \
         replayed: make handling an event twice harmless, by its id)."
    };
    let verify_docs = super::tokens::doc(&format!(
        "Checks a delivery's signature, {what}, against its body as received: one of \
         `secrets` (several during a rotation) must have made it{}.",
        if times {
            ", and its timestamp must be within [`TOLERANCE`] of `now`"
        } else {
            ""
        }
    ));
    let tolerance_docs = super::tokens::doc(tolerance_docs);
    let secret_docs = super::tokens::doc(secret_docs);
    let tolerance = proc_macro2::Literal::u64_unsuffixed(tolerance);
    quote! {
        pub use crate::webhook_signature::Secret;

        const SCHEME: runtime::Scheme = #scheme;

        #tolerance_docs
        pub const TOLERANCE: std::time::Duration = std::time::Duration::from_secs(#tolerance);

        impl Secret {
            #secret_docs
            pub fn new(text: &str) -> Result<Secret, WebhookError> {
                Secret::decode(&SCHEME, text)
            }
        }

        #verify_docs
        pub fn verify(
            headers: &reqwest::header::HeaderMap,
            body: &[u8],
            secrets: &[Secret],
            now: std::time::SystemTime,
        ) -> Result<(), WebhookError> {
            runtime::verify(&SCHEME, TOLERANCE, headers, body, secrets, now)
        }

        /// [`verify`], then [`parse_unverified`]: the event of a delivery whose signature
        /// holds, or why it was refused.
        pub fn verify_and_parse(
            headers: &reqwest::header::HeaderMap,
            body: &[u8],
            secrets: &[Secret],
            now: std::time::SystemTime,
        ) -> Result<Event, WebhookError> {
            verify(headers, body, secrets, now)?;
            parse_unverified(body)
        }
    }
}

fn scheme(signature: &Signature) -> TokenStream {
    match signature {
        Signature::StandardWebhooks => quote!(runtime::Scheme::StandardWebhooks),
        Signature::Hmac {
            header,
            prefix,
            hex,
            timestamp_header,
            separator,
            secret,
        } => {
            let encoding = if *hex {
                quote!(runtime::Encoding::Hex)
            } else {
                quote!(runtime::Encoding::Base64)
            };
            let timestamp = match timestamp_header {
                Some(h) => quote!(Some(#h)),
                None => quote!(None),
            };
            let secret = match secret {
                SecretEncoding::Text => quote!(runtime::Encoding::Text),
                SecretEncoding::Hex => quote!(runtime::Encoding::Hex),
                SecretEncoding::Base64 => quote!(runtime::Encoding::Base64),
            };
            quote!(runtime::Scheme::Hmac(runtime::HmacScheme {
                header: #header,
                prefix: #prefix,
                encoding: #encoding,
                timestamp_header: #timestamp,
                separator: #separator,
                secret: #secret,
            }))
        }
    }
}
