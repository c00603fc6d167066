//! Auth schemes: standard ones derived from `securitySchemes`, completed or added by
//! `provider.toml`. Each scheme uses one template ([`templates`] describes them all).

mod templates;
mod token_endpoints;
mod unused;

pub use token_endpoints::resolve as resolve_token_urls;
pub use unused::keep_used;

use serde_json::Value;

use super::naming::{self, Namer};
use super::{AuthScheme, Credential, TokenEndpoints};
use crate::config::{AuthConfig, Config, InRequestCredential, Template};
use crate::diagnostic::{Diagnostic, Location, join};
use crate::load::Spec;

pub fn build(spec: &Spec, config: &Config) -> Result<Vec<AuthScheme>, Diagnostic> {
    let empty = serde_json::Map::new();
    let schemes = spec
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    // The client builder's methods, one per scheme.
    let mut namer = Namer::for_methods(&[
        "base_url",
        "http_client",
        "user_agent",
        "build",
        "timeout",
        "credentials",
        "retry_policy",
        "connect_timeout",
    ]);
    // `client.rs` glob-imports `auth`: no scheme's type may shadow a prelude name there.
    let mut type_namer = Namer::for_module_types(&[
        "Credentials",
        "Client",
        "ClientBuilder",
        "Error",
        "ApiError",
        "FilePart",
        "ByteStream",
        "RetryPolicy",
        "Scheme",
        "AuthFields",
        "Request",
    ]);
    let mut out = Vec::new();
    for (key, scheme) in schemes {
        let pointer = join("/components/securitySchemes", key);
        let (scheme, pointer) = spec.resolver().resolve(scheme, &pointer)?;
        let derived = derive(spec, scheme, &pointer)?;
        let extra = config.auth.get(key);
        out.push(complete(
            spec,
            config,
            key,
            derived,
            extra,
            false,
            (&mut namer, &mut type_namer),
        )?);
    }
    for (key, extra) in &config.auth {
        if schemes.contains_key(key) {
            continue;
        }
        let Some(template) = extra.template else {
            let msg =
                format!("`{key}` is not a security scheme of the spec, so it needs a `template`");
            return Err(config_error(spec, config, &format!("auth.{key}"), msg));
        };
        let derived = Derived {
            template,
            param: None,
            docs: None,
            flows: Value::Null,
        };
        out.push(complete(
            spec,
            config,
            key,
            derived,
            Some(extra),
            true,
            (&mut namer, &mut type_namer),
        )?);
    }
    Ok(out)
}

struct Derived {
    template: Template,
    param: Option<String>,
    docs: Option<String>,
    /// The scheme as the spec gives it, for an OAuth 2.0 scheme's flows.
    flows: Value,
}

fn derive(spec: &Spec, scheme: &Value, pointer: &str) -> Result<Derived, Diagnostic> {
    let text = |k: &str| scheme.get(k).and_then(Value::as_str);
    let docs = text("description").map(str::to_string);
    let template = match (
        text("type"),
        text("scheme").map(str::to_ascii_lowercase).as_deref(),
        text("in"),
    ) {
        (Some("http"), Some("basic"), _) => Template::Basic,
        (Some("http"), Some("bearer"), _) => Template::Bearer,
        // A bearer token the caller gives, or the client fetches (see `token_endpoints`).
        (Some("oauth2" | "openIdConnect"), _, _) => Template::OAuth2,
        (Some("apiKey"), _, Some("header")) => Template::Header,
        (Some("apiKey"), _, Some("query")) => Template::Query,
        (Some("apiKey"), _, Some("cookie")) => Template::Cookie,
        // An HTTP scheme without a template of its own (`negotiate`, `mutual`, a vendor's
        // signature): the caller gives the whole `Authorization` value, scheme included.
        (Some("http"), Some(other), _) => {
            let note = format!(
                "HTTP `{other}` authentication is not built in: give the whole `Authorization` value (`{other} …`), or compute it per request with the per-attempt authorisation step."
            );
            return Ok(Derived {
                template: Template::Header,
                param: Some("Authorization".to_string()),
                docs: Some(match docs {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                }),
                flows: Value::Null,
            });
        }
        (kind, scheme_name, location) => {
            let what = [kind, scheme_name, location]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            return Err(spec.error(
                pointer,
                format!("security scheme `{what}` is not supported yet"),
            ));
        }
    };
    Ok(Derived {
        template,
        param: text("name").map(str::to_string),
        docs,
        flows: scheme.clone(),
    })
}

fn complete(
    spec: &Spec,
    config: &Config,
    key: &str,
    derived: Derived,
    extra: Option<&AuthConfig>,
    global: bool,
    (namer, type_namer): (&mut Namer, &mut Namer),
) -> Result<AuthScheme, Diagnostic> {
    let default = AuthConfig::default();
    let extra = extra.unwrap_or(&default);
    let template = extra.template.unwrap_or(derived.template);
    // The header, query parameter or cookie the credential goes in, when the template
    // needs one: provider.toml's option, else the spec's `name`.
    let location_key = template.info().location_key.map(|(key, _)| key);
    let param = match location_key {
        Some("header") => extra.header.clone().or(derived.param),
        Some(_) => extra.param.clone().or(derived.param),
        None => None,
    };
    if let (Some(what), None) = (location_key, &param) {
        let msg = format!("the `{what}` name is missing");
        return Err(config_error(spec, config, &format!("auth.{key}"), msg));
    }
    let credentials = credentials(spec, config, key, template, extra)?;
    if extra.token_url.is_some() && template != Template::OAuth2 {
        let msg = format!(
            "`token_url` is for `oauth2` schemes, and `{key}` uses the `{}` template",
            template.info().name
        );
        return Err(config_error(
            spec,
            config,
            &format!("auth.{key}.token_url"),
            msg,
        ));
    }
    let tokens = match template {
        Template::OAuth2 => Some(TokenEndpoints {
            client_env: client_env(spec, config, key, extra)?,
            ..token_endpoints::read(&derived.flows, extra)
        }),
        _ => None,
    };
    Ok(AuthScheme {
        key: key.to_string(),
        name: namer.claim(&naming::snake(key)),
        type_name: type_namer.claim(&naming::camel(key)),
        template,
        docs: extra.description.clone().or(derived.docs),
        credentials,
        param,
        prefix: extra.prefix.clone().unwrap_or_default(),
        global,
        tokens,
    })
}

/// An `oauth2` scheme's environment variables for the client's id and secret
/// (`env = { client_id = "…", client_secret = "…" }`): both or neither.
fn client_env(
    spec: &Spec,
    config: &Config,
    key: &str,
    extra: &AuthConfig,
) -> Result<Option<(String, String)>, Diagnostic> {
    match (extra.env.get("client_id"), extra.env.get("client_secret")) {
        (Some(id), Some(secret)) => Ok(Some((id.clone(), secret.clone()))),
        (None, None) => Ok(None),
        _ => {
            let msg = "name both `client_id` and `client_secret`, or neither".to_string();
            Err(config_error(spec, config, &format!("auth.{key}.env"), msg))
        }
    }
}

fn credentials(
    spec: &Spec,
    config: &Config,
    key: &str,
    template: Template,
    extra: &AuthConfig,
) -> Result<Vec<Credential>, Diagnostic> {
    let fixed = |names: &[&str]| -> Vec<InRequestCredential> {
        names
            .iter()
            .map(|n| InRequestCredential {
                name: n.to_string(),
                body_field: None,
                query_param: None,
                secret: true,
            })
            .collect()
    };
    let slots = match template.info().slots {
        Some(names) => fixed(names),
        None => extra.credentials.clone(),
    };
    if slots.is_empty() {
        let msg = format!(
            "the `{}` template needs a `credentials` list",
            template.info().name
        );
        return Err(config_error(spec, config, &format!("auth.{key}"), msg));
    }
    // An `oauth2` scheme's client id and secret are not credentials of `new`, but of its
    // client-credentials grant (see `client_env`).
    let grant_keys: &[&str] = match template {
        Template::OAuth2 => &["client_id", "client_secret"],
        _ => &[],
    };
    for env_key in extra.env.keys() {
        if !slots.iter().any(|s| &s.name == env_key) && !grant_keys.contains(&env_key.as_str()) {
            let names: Vec<&str> = slots.iter().map(|s| s.name.as_str()).collect();
            let msg = format!(
                "unknown credential `{env_key}`; this template takes {}",
                names.join(", ")
            );
            return Err(config_error(spec, config, &format!("auth.{key}.env"), msg));
        }
    }
    let mut namer = Namer::default();
    Ok(slots
        .into_iter()
        .map(|s| Credential {
            name: namer.claim(&naming::snake(&s.name)),
            env: extra.env.get(&s.name).cloned(),
            secret: s.secret,
            body_field: s.body_field,
            query_param: s.query_param,
        })
        .collect())
}

fn config_error(spec: &Spec, config: &Config, key: &str, message: String) -> Diagnostic {
    let file = config.path.as_deref().unwrap_or(&spec.path);
    Diagnostic::new(file, Location::Key(key.to_string()), message)
}
