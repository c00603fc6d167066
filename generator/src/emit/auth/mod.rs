//! `src/auth.rs`: one credential type per auth scheme, the `Credentials` set a client holds,
//! and the code that signs a request. The parts every template shares (fields, redacted
//! `Debug`, env variables) are generated here; what a template sends is in its own file.

mod basic;
mod bearer;
mod cookie;
mod header;
mod hmac_sha256;
mod in_request;
mod oauth2;
mod query;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident};
use crate::config::Template;
use crate::model::{Api, AuthScheme};

fn apply(scheme: &AuthScheme) -> TokenStream {
    match scheme.template {
        Template::Basic => basic::apply(scheme),
        Template::Bearer => bearer::apply(scheme),
        Template::Header => header::apply(scheme),
        Template::Query => query::apply(scheme),
        Template::InRequest => in_request::apply(scheme),
        Template::Cookie => cookie::apply(scheme),
        Template::HmacSha256 => hmac_sha256::apply(scheme),
        // Its whole type is `oauth2::credential_type`'s.
        Template::OAuth2 => quote!(),
    }
}

/// The `Scheme` variant of a scheme, as declared: an `oauth2` one holds the scopes the
/// operation needs (`OAuth(&["read"])`).
fn variant_decl(scheme: &AuthScheme) -> TokenStream {
    let variant = ident(&scheme.type_name);
    if scheme.template == Template::OAuth2 {
        quote!(#variant(&'static [&'static str]))
    } else {
        quote!(#variant)
    }
}

/// A pattern that matches a scheme's variant whatever it holds.
fn pattern(scheme: &AuthScheme) -> TokenStream {
    let variant = ident(&scheme.type_name);
    if scheme.template == Template::OAuth2 {
        quote!(Scheme::#variant(_))
    } else {
        quote!(Scheme::#variant)
    }
}

pub fn emit(api: &Api) -> TokenStream {
    let structs = api.auth.iter().map(credential_type);
    let variants: Vec<_> = api.auth.iter().map(variant_decl).collect();
    let fields: Vec<_> = api.auth.iter().map(|s| ident(&s.name)).collect();
    let field_docs = api
        .auth
        .iter()
        .map(|s| doc(&format!("Credentials for the `{}` scheme.", s.key)));
    let setter_docs = api
        .auth
        .iter()
        .map(|s| doc(&format!("Adds credentials for the `{}` scheme.", s.key)));
    let setters: Vec<_> = api
        .auth
        .iter()
        .map(|s| ident(&format!("with_{}", s.name)))
        .collect();
    let types: Vec<_> = api.auth.iter().map(|s| ident(&s.type_name)).collect();
    let (fields_param, fields_arg, fields_type) = if api.needs.auth_fields {
        (quote!(fields: &AuthFields,), quote!(fields), fields_type())
    } else {
        (quote!(), quote!(), quote!())
    };
    let (signing, scheme_impl) = signing(api, &fields_param, &fields_arg);
    let scheme_doc = if api.needs.oauth2 {
        doc(
            "The auth schemes of this API; an OAuth 2.0 scheme's holds the scopes an operation needs.",
        )
    } else {
        doc("The auth schemes of this API.")
    };
    let is_empty = if fields.is_empty() {
        quote!(true)
    } else {
        quote!(#(self.#fields.is_none())&&*)
    };
    // An `oauth2` scheme's type wraps its token without reading it (the runtime does).
    let exposed = api
        .auth
        .iter()
        .any(|s| s.template != Template::OAuth2 && s.credentials.iter().any(|c| c.secret));
    let secrecy = match (api.needs.secrets, exposed) {
        (true, true) => Some(quote!(
            use secrecy::{ExposeSecret, SecretString};
        )),
        (true, false) => Some(quote!(
            use secrecy::SecretString;
        )),
        (false, _) => None,
    };
    let body_use = api.needs.auth_fields.then(|| {
        quote!(
            use crate::transport::Body;
        )
    });
    let attempt_use = api.needs.per_attempt_auth.then(|| {
        quote!(
            use std::sync::Arc;

            use crate::authorize::{Attempt, Authorize};
        )
    });
    quote! {
        //! Credentials and request signing. `Debug` output and errors never show a secret.
        //! An operation chooses its credentials when its request is built; header, query,
        //! cookie and signature credentials are then applied by the transport to each attempt
        //! (see `authorize.rs`), `in_request` ones go into the request itself.

        #attempt_use
        #secrecy
        use crate::error::Error;
        use crate::transport::Request;
        #body_use

        #(#structs)*

        /// The credentials a client holds: any of this API's schemes, each optional. Replace
        /// them on a live client with [`Client::set_credentials`](crate::Client::set_credentials).
        #[derive(Debug, Clone, Default)]
        pub struct Credentials {
            #(#field_docs pub(crate) #fields: Option<#types>,)*
        }

        impl Credentials {
            /// No credentials.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setter_docs pub fn #setters(mut self, credentials: #types) -> Self {
                self.#fields = Some(credentials);
                self
            })*

            /// Every scheme whose environment variables are all set.
            pub fn from_env() -> Self {
                Credentials {
                    #(#fields: #types::from_env(),)*
                }
            }

            /// Whether no scheme has credentials.
            pub fn is_empty(&self) -> bool {
                #is_empty
            }

            #signing
        }

        #scheme_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Scheme {
            #(#variants,)*
        }

        #scheme_impl

        #fields_type
    }
}

/// `authorize` and its helpers; an API without schemes signs nothing.
fn signing(
    api: &Api,
    fields_param: &TokenStream,
    fields_arg: &TokenStream,
) -> (TokenStream, TokenStream) {
    if api.auth.is_empty() {
        let signing = quote! {
            /// This API has no auth schemes: nothing to sign.
            pub(crate) fn authorize(&self, _request: &mut Request, _security: &[&[Scheme]]) -> Result<(), Error> {
                Ok(())
            }
        };
        return (signing, quote!());
    }
    let patterns: Vec<_> = api.auth.iter().map(pattern).collect();
    let fields: Vec<_> = api.auth.iter().map(|s| ident(&s.name)).collect();
    let per_attempt = api.needs.per_attempt_auth;
    // `in_request` schemes write into the request now; the others sign each attempt.
    let (prepare_call, prepare_fn) = prepare_parts(api, fields_param, fields_arg);
    let (receiver, attach, sign_fn) = sign_parts(api);
    let signing = quote! {
            /// Chooses the first alternative of `security` whose schemes all have credentials
            /// (an empty `security` needs none): `in_request` credentials go into the request
            /// now, the others are applied by the transport to each attempt.
            pub(crate) fn authorize(#receiver, request: &mut Request, security: &'static [&'static [Scheme]], #fields_param) -> Result<(), Error> {
                if security.is_empty() {
                    return Ok(());
                }
                let Some(alternative) = security.iter().find(|alt| alt.iter().all(|s| self.has(*s))) else {
                    let accepted: Vec<String> = security
                        .iter()
                        .map(|alt| alt.iter().map(|s| s.method()).collect::<Vec<_>>().join(" + "))
                        .collect();
                    return Err(Error::MissingCredentials {
                        operation: request.operation,
                        accepted: accepted.join(" or "),
                    });
                };
                #prepare_call
                #attach
                Ok(())
            }

            fn has(&self, scheme: Scheme) -> bool {
                match scheme {
                    #(#patterns => self.#fields.is_some(),)*
                }
            }

            #prepare_fn
            #sign_fn
    };
    let signer = per_attempt.then(|| signer(api));
    let scheme_impl = quote! {
        #signer

        impl Scheme {
            /// The `ClientBuilder` method that configures this scheme.
            fn method(self) -> &'static str {
                match self {
                    #(#patterns => stringify!(#fields),)*
                }
            }
        }
    };
    (signing, scheme_impl)
}

/// The `Signer` a request carries to the transport; with OAuth 2.0 schemes, also the tokens
/// the transport obtains before each attempt.
fn signer(api: &Api) -> TokenStream {
    let TokenParts {
        field,
        arg,
        leases_method,
        ..
    } = token_parts(api);
    let doc = if api.needs.oauth2 {
        quote! {
            /// The credentials an operation chose, applied by the transport to each attempt
            /// and each redirect hop that stays on the call's origin, and the access tokens the
            /// transport fetches for them first.
        }
    } else {
        quote! {
            /// The credentials an operation chose, applied by the transport to each attempt
            /// and each redirect hop that stays on the call's origin.
        }
    };
    quote! {
        #doc
        #[derive(Debug)]
        pub(crate) struct Signer {
            credentials: Arc<Credentials>,
            schemes: &'static [Scheme],
            #field
        }

        impl Authorize for Signer {
            fn authorize(&self, attempt: &mut Attempt<'_>) -> Result<(), Error> {
                self.credentials.sign(self.schemes, #arg attempt)
            }

            #leases_method
        }
    }
}

/// What OAuth 2.0 schemes add to the signing code; all empty in a crate without one.
#[derive(Default)]
struct TokenParts {
    /// The `Signer`'s field holding the call's leases.
    field: TokenStream,
    /// `Signer::authorize`'s leases argument to `sign`, and `sign`'s parameter.
    arg: TokenStream,
    param: TokenStream,
    /// `Authorize::leases` for the transport.
    leases_method: TokenStream,
    /// In `Credentials::authorize`: the leases of the chosen alternative, and the field's
    /// initialiser.
    collect: TokenStream,
    init: TokenStream,
    /// `Credentials::lease`, which `collect` calls.
    lease_fn: TokenStream,
}

fn token_parts(api: &Api) -> TokenParts {
    if !api.needs.oauth2 {
        return TokenParts::default();
    }
    let lease_arms = api
        .auth
        .iter()
        .filter(|s| s.template == Template::OAuth2)
        .map(|s| {
            let (variant, field) = (ident(&s.type_name), ident(&s.name));
            quote!(if let (Scheme::#variant(scopes), Some(credentials)) = (scheme, &self.#field) {
                credentials.lease(scopes, leases);
            })
        });
    TokenParts {
        field: quote!(leases: crate::bearer_tokens::Leases,),
        arg: quote!(&self.leases,),
        param: quote!(leases: &crate::bearer_tokens::Leases,),
        leases_method: quote! {
            fn leases(&self) -> Option<&crate::bearer_tokens::Leases> {
                (!self.leases.is_empty()).then_some(&self.leases)
            }
        },
        collect: quote! {
            let mut leases = crate::bearer_tokens::Leases::default();
            for scheme in *alternative {
                self.lease(*scheme, &mut leases);
            }
        },
        init: quote!(leases,),
        lease_fn: quote! {
            /// Adds the tokens an OAuth 2.0 scheme fetches to those the transport obtains
            /// before each attempt.
            fn lease(&self, scheme: Scheme, leases: &mut crate::bearer_tokens::Leases) {
                #(#lease_arms)*
            }
        },
    }
}

/// The part of `authorize` for `in_request` schemes: the call that writes their credentials
/// into the request, and the `prepare` method it calls (none when no scheme is one).
fn prepare_parts(
    api: &Api,
    fields_param: &TokenStream,
    fields_arg: &TokenStream,
) -> (TokenStream, TokenStream) {
    let prepare_arms = api.auth.iter().map(|s| {
        let (pattern, field) = (pattern(s), ident(&s.name));
        if s.in_request() {
            quote!(#pattern => match &self.#field {
                Some(credentials) => credentials.apply(request, fields),
                None => Ok(()),
            },)
        } else {
            quote!(#pattern => Ok(()),)
        }
    });
    if api.needs.auth_fields {
        (
            quote! {
                for scheme in *alternative {
                    self.prepare(*scheme, request, #fields_arg)?;
                }
            },
            quote! {
                /// Writes an `in_request` scheme's credentials into the request.
                fn prepare(&self, scheme: Scheme, request: &mut Request, #fields_param) -> Result<(), Error> {
                    match scheme {
                        #(#prepare_arms)*
                    }
                }
            },
        )
    } else {
        (quote!(), quote!())
    }
}

/// The part of `authorize` for per-attempt schemes: its receiver (`self: &Arc<Self>`, so the
/// signer can share the credentials), the statement that attaches a `Signer` to the request,
/// and the `sign` method the transport calls through it.
fn sign_parts(api: &Api) -> (TokenStream, TokenStream, TokenStream) {
    let sign_arms = api.auth.iter().map(|s| {
        let (pattern, field) = (pattern(s), ident(&s.name));
        if s.in_request() {
            quote!(#pattern => {})
        } else if s.template == Template::OAuth2 {
            quote!(#pattern => if let Some(credentials) = &self.#field {
                credentials.apply(attempt, leases)?;
            })
        } else {
            quote!(#pattern => if let Some(credentials) = &self.#field {
                credentials.apply(attempt)?;
            })
        }
    });
    if !api.needs.per_attempt_auth {
        return (quote!(&self), quote!(), quote!());
    }
    let TokenParts {
        param,
        collect,
        init,
        lease_fn,
        ..
    } = token_parts(api);
    let attach = quote! {
        #collect
        request.auth = Some(Arc::new(Signer {
            credentials: Arc::clone(self),
            schemes: alternative,
            #init
        }));
    };
    let sign_doc = if api.needs.oauth2 {
        quote! {
            /// Applies the per-attempt schemes among `schemes` to one attempt, with the tokens
            /// the transport obtained for it.
        }
    } else {
        quote! {
            /// Applies the per-attempt schemes among `schemes` to one attempt.
        }
    };
    let sign_fn = quote! {
        #sign_doc
        fn sign(&self, schemes: &[Scheme], #param attempt: &mut Attempt<'_>) -> Result<(), Error> {
            for scheme in schemes {
                match scheme {
                    #(#sign_arms)*
                }
            }
            Ok(())
        }

        #lease_fn
    };
    (quote!(self: &Arc<Self>), attach, sign_fn)
}

fn fields_type() -> TokenStream {
    quote! {
        /// Where an operation's `in_request` credentials go: (scheme, credential, name).
        pub(crate) struct AuthFields {
            pub query: &'static [(Scheme, usize, &'static str)],
            pub body: &'static [(Scheme, usize, &'static str)],
        }
    }
}

/// The credential type of one scheme.
fn credential_type(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.type_name);
    let mut type_doc = format!(
        "Credentials for the `{}` scheme. {}",
        scheme.key,
        scheme.explain()
    );
    if let Some(d) = &scheme.docs {
        type_doc = format!("{type_doc}\n\n{d}");
    }
    let type_doc = doc(&type_doc);
    if scheme.template == Template::OAuth2 {
        return oauth2::credential_type(scheme, type_doc);
    }
    let fields: Vec<_> = scheme.credentials.iter().map(|c| ident(&c.name)).collect();
    let field_types: Vec<_> = scheme
        .credentials
        .iter()
        .map(|c| {
            if c.secret {
                quote!(SecretString)
            } else {
                quote!(String)
            }
        })
        .collect();
    let wrap = scheme.credentials.iter().map(|c| {
        let f = ident(&c.name);
        if c.secret {
            quote!(SecretString::from(#f.into()))
        } else {
            quote!(#f.into())
        }
    });
    let debug_fields = scheme.credentials.iter().map(|c| {
        let f = ident(&c.name);
        let label = &c.name;
        if c.secret {
            quote!(.field(#label, &"[redacted]"))
        } else {
            quote!(.field(#label, &self.#f))
        }
    });
    let label = &scheme.type_name;
    let from_env = from_env(scheme);
    let apply_body = apply(scheme);
    // `in_request` writes into the request as it is built; the others into each attempt.
    let apply_params = if scheme.in_request() {
        quote!(request: &mut Request, fields: &AuthFields)
    } else {
        quote!(attempt: &mut Attempt<'_>)
    };
    let value_fn = scheme.in_request().then(|| in_request::value_fn(scheme));
    quote! {
        #type_doc
        #[derive(Clone)]
        pub struct #name {
            #(#fields: #field_types,)*
        }

        impl #name {
            /// Credentials from their values.
            pub fn new(#(#fields: impl Into<String>),*) -> Self {
                #name { #(#fields: #wrap,)* }
            }

            #from_env

            fn apply(&self, #apply_params) -> Result<(), Error> {
                #apply_body
            }

            #value_fn
        }

        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#debug_fields)* .finish()
            }
        }
    }
}

/// `from_env()`: `Some` when every variable the config names is set and not empty.
fn from_env(scheme: &AuthScheme) -> TokenStream {
    let vars: Vec<Option<&String>> = scheme.credentials.iter().map(|c| c.env.as_ref()).collect();
    if vars.iter().any(Option::is_none) {
        return quote! {
            /// `None`: provider.toml names no environment variables for this scheme.
            pub fn from_env() -> Option<Self> {
                None
            }
        };
    }
    let vars: Vec<&String> = vars.into_iter().flatten().collect();
    let list = vars
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let d = doc(&format!(
        "Reads {list}; `None` unless all are set and not empty."
    ));
    quote! {
        #d
        pub fn from_env() -> Option<Self> {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
            Some(Self::new(#(var(#vars)?),*))
        }
    }
}
