//! `src/client.rs`: the `Client` and its builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident};
use crate::model::Api;

pub fn emit(api: &Api) -> TokenStream {
    let base_url = &api.base_url;
    let user_agent = format!("{}/{}", api.package, api.version);
    let retry = retry_policy(api);
    let idempotency_header = match &api.retry.idempotency_header {
        Some(name) => {
            let name = name.to_ascii_lowercase();
            quote!(Some(#name))
        }
        None => quote!(None),
    };
    let setters = api.auth.iter().map(|s| {
        let method = ident(&s.name);
        let field = ident(&s.name);
        let ty = ident(&s.type_name);
        let args: Vec<_> = s.credentials.iter().map(|c| ident(&c.name)).collect();
        let d = doc(&format!(
            "Authenticates with the `{}` scheme. {}",
            s.key,
            s.explain()
        ));
        quote! {
            #d
            pub fn #method(mut self, #(#args: impl Into<String>),*) -> Self {
                self.credentials.#field = Some(#ty::new(#(#args),*));
                self
            }
        }
    });
    let env_doc = env_doc(api);
    let base_url_env = match &api.base_url_env {
        Some(var) => quote! {
            if let Ok(url) = std::env::var(#var) && !url.trim().is_empty() {
                builder = builder.base_url(url);
            }
        },
        None => quote!(),
    };
    // A test setup's opt-in to plain http:// (`*`, or hosts separated by commas).
    let insecure_http_env = api.insecure_http_env.as_ref().map(|var| {
        quote! {
            if let Ok(hosts) = std::env::var(#var) {
                builder.insecure_http = crate::transport::InsecureHttp::from_setting(&hosts);
            }
        }
    });
    let missing = missing_env_message(api);
    let server = server_variables(api);
    let (server_consts, server_method, server_field, server_init, server_check) = match server {
        Some(parts) => parts,
        None => (quote!(), quote!(), quote!(), quote!(), quote!()),
    };
    let builder_binding = if api.base_url_env.is_some() || api.insecure_http_env.is_some() {
        quote!(let mut builder = Client::builder().credentials(credentials);)
    } else {
        quote!(let builder = Client::builder().credentials(credentials);)
    };
    // An API without auth schemes needs no credentials from the environment.
    let require_credentials = (!api.auth.is_empty()).then(|| {
        quote! {
            if credentials.is_empty() {
                return Err(Error::Config { message: #missing.to_string() });
            }
        }
    });
    quote! {
        //! The client: configuration, credentials, and the shared connection pool.

        use std::sync::{Arc, RwLock};
        use std::time::Duration;

        use crate::auth::*;
        use crate::error::Error;
        use crate::transport::{Core, Limits, RetryPolicy};

        /// The base URL used unless the builder sets another; empty when the spec names no
        /// server (then the builder must set one).
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #server_consts

        /// A client for this API. Cheap to clone: clones share connections and credentials.
        #[derive(Clone)]
        pub struct Client {
            pub(crate) core: Arc<Core>,
            credentials: Arc<RwLock<Arc<Credentials>>>,
        }

        impl Client {
            /// A builder with the default base URL and no credentials.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #env_doc
            pub fn from_env() -> Result<Self, Error> {
                let credentials = Credentials::from_env();
                #require_credentials
                #builder_binding
                #base_url_env
                #insecure_http_env
                builder.build()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url.as_str()
            }

            /// Replaces the credentials; the next request uses the new ones. Requests already
            /// sent are not affected, and no lock is held while a request is in flight.
            pub fn set_credentials(&self, credentials: Credentials) {
                let mut slot = self.credentials.write().unwrap_or_else(|poisoned| poisoned.into_inner());
                *slot = Arc::new(credentials);
            }

            /// The credentials in use right now.
            pub(crate) fn credentials(&self) -> Arc<Credentials> {
                let slot = self.credentials.read().unwrap_or_else(|poisoned| poisoned.into_inner());
                Arc::clone(&slot)
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &crate::transport::redact_url(self.core.base_url.as_str()))
                    .field("credentials", &self.credentials())
                    .finish_non_exhaustive()
            }
        }

        /// Configures a [`Client`].
        pub struct ClientBuilder {
            base_url: String,
            credentials: Credentials,
            http: Option<reqwest::Client>,
            limits: Limits,
            connect_timeout: Duration,
            retry: RetryPolicy,
            user_agent: String,
            insecure_http: crate::transport::InsecureHttp,
            #[cfg(feature = "mock")]
            mock: Option<crate::mock::Mock>,
            #server_field
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // Field by field: a password in the base URL's userinfo is redacted.
                f.debug_struct("ClientBuilder")
                    .field("base_url", &crate::transport::redact_url(&self.base_url))
                    .field("credentials", &self.credentials)
                    .field("limits", &self.limits)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("retry", &self.retry)
                    .field("user_agent", &self.user_agent)
                    .field("insecure_http", &self.insecure_http)
                    .finish_non_exhaustive()
            }
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                ClientBuilder {
                    base_url: DEFAULT_BASE_URL.to_string(),
                    credentials: Credentials::default(),
                    http: None,
                    limits: Limits::default(),
                    connect_timeout: crate::transport::DEFAULT_CONNECT_TIMEOUT,
                    retry: #retry,
                    user_agent: #user_agent.to_string(),
                    insecure_http: crate::transport::InsecureHttp::default(),
                    #[cfg(feature = "mock")]
                    mock: None,
                    #server_init
                }
            }
        }

        impl ClientBuilder {
            /// Another base URL (a test server, a regional host). Must be `https://`, or
            /// `http://` on a loopback address.
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = url.into();
                self
            }

            /// All credentials at once.
            pub fn credentials(mut self, credentials: Credentials) -> Self {
                self.credentials = credentials;
                self
            }

            #server_method

            #(#setters)*

            /// Your own `reqwest::Client` (proxies, TLS roots, pools). The connect timeout
            /// set on this builder is then ignored (set it on your client); the other limits
            /// still apply. Build it with
            /// `.redirect(reqwest::redirect::Policy::none())`: this crate follows redirects
            /// itself so that credentials never reach another host, which reqwest's own
            /// redirect handling does not guarantee for API-key headers.
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.http = Some(client);
                self
            }

            /// Limit for each attempt, from sending to the last byte of a body read into
            /// memory; a download must get its headers in this time, then never wait this long
            /// for its next chunk (default 60 s). A retried call makes several attempts:
            /// [`call_timeout`](Self::call_timeout) bounds them all.
            pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
                self.limits.attempt = timeout;
                self
            }

            /// Limit for each attempt (the old name of
            /// [`attempt_timeout`](Self::attempt_timeout)).
            #[deprecated(
                note = "renamed `attempt_timeout`: it limits each attempt; `call_timeout` limits the whole call"
            )]
            pub fn timeout(self, timeout: Duration) -> Self {
                self.attempt_timeout(timeout)
            }

            /// Limit for a whole call: every attempt, redirect and wait between attempts
            /// (default 180 s). When the time left cannot hold another attempt's wait, the
            /// call ends with `Error::Timeout` naming this limit.
            pub fn call_timeout(mut self, timeout: Duration) -> Self {
                self.limits.call = timeout;
                self
            }

            /// Limit for establishing a connection (default 10 s).
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = timeout;
                self
            }

            /// The largest response body read into memory, in bytes (default 64 MiB); a
            /// larger one fails the call with `Error::BodyTooLarge`. Downloads
            /// (`ByteStream`) are streamed and not capped.
            pub fn max_response_bytes(mut self, bytes: u64) -> Self {
                self.limits.max_body = bytes;
                self
            }

            /// When to try failed calls again (default: the provider's documented policy).
            pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.retry = retry;
                self
            }

            /// The `User-Agent` header (default: crate name and version).
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// Allows plain `http://` to `host` (a name such as `mock` or
            /// `host.docker.internal`, or an IP address), for a test setup: requests and
            /// credentials to it then travel unencrypted. Without it, `http://` is refused
            /// except to loopback addresses. Call it once per host.
            pub fn allow_insecure_http_to(mut self, host: impl Into<String>) -> Self {
                self.insecure_http.hosts.push(host.into());
                self
            }

            /// Allows plain `http://` to any host (see
            /// [`allow_insecure_http_to`](Self::allow_insecure_http_to)): requests and
            /// credentials then travel unencrypted wherever the base URL points.
            pub fn allow_insecure_http_to_any_host(mut self) -> Self {
                self.insecure_http.any = true;
                self
            }

            /// Answers every call from `mock`'s rules instead of the network (the `mock`
            /// feature, for tests). Credentials, retries, redirects and decoding work as
            /// with a server; no connection is made.
            #[cfg(feature = "mock")]
            pub fn mock(mut self, mock: &crate::mock::Mock) -> Self {
                if self.base_url.is_empty() {
                    // A spec without servers: the requests need some base to resolve against.
                    self.base_url = "https://mock.invalid".to_string();
                }
                self.mock = Some(mock.clone());
                self
            }

            /// Builds the client. Fails on a malformed base URL, on plain `http://` to a
            /// host neither loopback nor allowed, or if the HTTP client cannot be created.
            pub fn build(self) -> Result<Client, Error> {
                let config = |message: String| Error::Config { message };
                #server_check
                let base_url = crate::transport::parse_base_url(&self.base_url, &self.insecure_http)
                    .map_err(config)?;
                let user_agent = reqwest::header::HeaderValue::from_str(&self.user_agent)
                    .map_err(|_| config("the user agent is not a valid header value".to_string()))?;
                let http = match self.http {
                    Some(http) => http,
                    None => {
                        // Redirects are followed by the transport, which keeps credentials on
                        // their own origin.
                        reqwest::Client::builder()
                            .redirect(reqwest::redirect::Policy::none())
                            .connect_timeout(self.connect_timeout)
                            .build()
                            .map_err(|e| config(format!("cannot create the HTTP client: {e}")))?
                    }
                };
                Ok(Client {
                    core: Arc::new(Core {
                        http,
                        base_url,
                        retry: self.retry,
                        limits: self.limits,
                        errors: &crate::error_format::ERROR_FORMAT,
                        user_agent,
                        idempotency_header: #idempotency_header,
                        insecure_http: self.insecure_http,
                        #[cfg(feature = "mock")]
                        mock: self.mock,
                    }),
                    credentials: Arc::new(RwLock::new(Arc::new(self.credentials))),
                })
            }
        }

    }
}

fn retry_policy(api: &Api) -> TokenStream {
    let r = &api.retry;
    let (attempts, initial, max, multiplier, statuses, connection, elapsed) = (
        r.max_attempts,
        r.initial_interval_ms,
        r.max_interval_ms,
        r.multiplier,
        &r.statuses,
        r.connection_errors,
        r.max_elapsed_ms,
    );
    quote! {
        RetryPolicy {
            max_attempts: #attempts,
            initial_interval: Duration::from_millis(#initial),
            max_interval: Duration::from_millis(#max),
            multiplier: #multiplier,
            statuses: vec![#(#statuses),*],
            connection_errors: #connection,
            max_elapsed: Duration::from_millis(#elapsed),
        }
    }
}

fn env_doc(api: &Api) -> TokenStream {
    let mut text = String::from("A client configured from environment variables:");
    for s in &api.auth {
        let vars = s.env_vars();
        if !vars.is_empty() {
            text.push_str(&format!("\n- `{}`: {}", s.key, vars.join(", ")));
        }
    }
    if let Some(var) = &api.base_url_env {
        text.push_str(&format!("\n- base URL (optional): `{var}`"));
    }
    if let Some(var) = &api.insecure_http_env {
        text.push_str(&format!(
            "\n- hosts allowed over plain `http://` (optional, for test setups): `{var}`, `*` or hosts separated by commas"
        ));
    }
    text.push_str("\n\nFails if no scheme has all of its variables set.");
    doc(&text)
}

fn missing_env_message(api: &Api) -> String {
    let mut sets: Vec<String> = api
        .auth
        .iter()
        .filter(|s| s.credentials.iter().all(|c| c.env.is_some()))
        .map(|s| {
            s.credentials
                .iter()
                .filter_map(|c| c.env.clone())
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    // An `oauth2` scheme's client-credentials grant is another set.
    sets.extend(api.auth.iter().filter_map(|s| {
        let tokens = s.tokens.as_ref()?;
        tokens.client_credentials.as_ref()?;
        let (id, secret) = tokens.client_env.as_ref()?;
        Some(format!("{id} and {secret}"))
    }));
    if sets.is_empty() {
        "no credentials: this API's provider.toml names no environment variables".to_string()
    } else {
        format!(
            "no credentials in the environment: set {}",
            sets.join(", or ")
        )
    }
}

/// `SERVER_URL_TEMPLATE`, `SERVER_VARIABLES` and `ClientBuilder::server` for a server URL with
/// `{variables}`: (constants, method, builder field, its initialiser, the check in `build`).
fn server_variables(
    api: &Api,
) -> Option<(
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
)> {
    let template = api.server_template.as_ref()?;
    let entries = api.server_variables.iter().map(|v| {
        let (name, default, values) = (&v.name, &v.default, &v.values);
        quote!((#name, #default, &[#(#values),*]))
    });
    let mut list = String::from(
        "The variables of [`SERVER_URL_TEMPLATE`]: (name, default, allowed values; empty: any \
         value). Choose values with [`ClientBuilder::server`].",
    );
    for v in &api.server_variables {
        list.push_str(&format!("\n- `{}` (default `{}`)", v.name, v.default));
        if !v.values.is_empty() {
            let values: Vec<String> = v.values.iter().map(|x| format!("`{x}`")).collect();
            list.push_str(&format!(", one of {}", values.join(", ")));
        }
        if let Some(d) = &v.description {
            list.push_str(&format!(
                ": {}",
                d.lines().next().unwrap_or_default().trim()
            ));
        }
    }
    let list = doc(&list);
    let example = api
        .server_variables
        .first()
        .map(|v| {
            let value = v.values.last().unwrap_or(&v.default);
            format!("`.server(&[(\"{}\", \"{value}\")])`", v.name)
        })
        .unwrap_or_default();
    let method_doc = doc(&format!(
        "The base URL from [`SERVER_URL_TEMPLATE`] with these variable values (the others keep \
         their defaults), e.g. {example}. An unknown variable, or a value the spec does not \
         allow, makes [`build`](Self::build) fail."
    ));
    let consts = quote! {
        /// The server URL as the spec writes it; [`DEFAULT_BASE_URL`] fills in the defaults.
        pub const SERVER_URL_TEMPLATE: &str = #template;

        #list
        pub const SERVER_VARIABLES: &[(&str, &str, &[&str])] = &[#(#entries),*];
    };
    let method = quote! {
        #method_doc
        pub fn server(mut self, variables: &[(&str, &str)]) -> Self {
            self.server_error = None;
            let mut url = SERVER_URL_TEMPLATE.to_string();
            for (name, default, allowed) in SERVER_VARIABLES {
                let value = variables
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map_or(*default, |(_, v)| *v);
                if !allowed.is_empty() && !allowed.contains(&value) {
                    self.server_error = Some(format!(
                        "`{value}` is not an allowed value of the server variable `{name}` (allowed: {})",
                        allowed.join(", ")
                    ));
                }
                url = url.replace(&format!("{{{name}}}"), value);
            }
            if let Some((name, _)) = variables
                .iter()
                .find(|(n, _)| !SERVER_VARIABLES.iter().any(|(known, _, _)| known == n))
            {
                self.server_error = Some(format!("`{name}` is not a server variable"));
            }
            self.base_url = url.trim_end_matches('/').to_string();
            self
        }
    };
    let field = quote!(server_error: Option<String>,);
    let init = quote!(server_error: None,);
    let check = quote! {
        if let Some(message) = self.server_error {
            return Err(config(message));
        }
    };
    Some((consts, method, field, init, check))
}
