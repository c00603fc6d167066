//! The README's text for an OAuth 2.0 scheme, under its entry in "Authentication": tokens the
//! client fetches and refreshes itself (the client-credentials and refresh-token grants at
//! the spec's endpoints, or a source of the caller's), what it does on expiry, under
//! concurrency and after a 401, and how a failure to get a token reads, with compiled
//! examples.

use std::fmt::Write as _;

use super::examples;
use crate::config::Template;
use crate::model::{Api, AuthScheme};

pub fn scheme_section(out: &mut String, api: &Api, scheme: &AuthScheme) {
    if scheme.template != Template::OAuth2 {
        return;
    }
    let lib = &api.lib;
    let ty = &scheme.type_name;
    let setter = format!("with_{}", scheme.name);
    let tokens = scheme.tokens.clone().unwrap_or_default();
    let build = |credential: &str| {
        format!(
            "let client = Client::builder()\n    .credentials(Credentials::new().{setter}({credential}))\n    .build()?;"
        )
    };
    let uses = |more: &str| format!("use {lib}::{{Client, Credentials, {ty}}};\n{more}\n");
    let _ = writeln!(
        out,
        "The client can also obtain the tokens itself: it fetches one when a call first needs it, with the scopes that call's operation requires (one token per set of scopes), uses it until shortly before it expires (a tenth of its lifetime early, at most a minute), fetches it once however many calls are waiting, and when the server answers 401 to a token it fetched, drops that token and sends the request once more with a new one. A token that cannot be obtained fails the call with `Error::Token`, which carries the endpoint's OAuth error code (`invalid_client`, `invalid_scope`) and never a secret; an unreachable or failing token endpoint is retried like a connection failure. Tokens and secrets never appear in `Debug` output. A client answered by the test double (`mock`) fetches no token: its calls carry `Bearer mock-access-token`.\n"
    );
    if let Some(url) = &tokens.client_credentials {
        let _ = writeln!(
            out,
            "With the client-credentials grant at `{url}` (`{ty}::TOKEN_URL`):\n\n{}",
            examples::doctest(
                lib,
                false,
                &format!(
                    "{}{}",
                    uses(""),
                    build(&format!(
                        "{ty}::client_credentials(\"<client id>\", \"<client secret>\")"
                    ))
                )
            )
        );
    }
    if let Some(url) = &tokens.refresh {
        let store = format!(
            "{}\n/// Where the refresh token lives between runs (a file, a secret manager).\nstruct Store(Mutex<String>);\n\nimpl RefreshTokenStore for Store {{\n    fn load(&self) -> Option<SecretString> {{\n        Some(self.0.lock().ok()?.clone().into())\n    }}\n    fn save(&self, rotated: SecretString) {{\n        if let Ok(mut stored) = self.0.lock() {{\n            *stored = rotated.expose_secret().to_string();\n        }}\n    }}\n}}\n\nlet store = Arc::new(Store(Mutex::new(\"<refresh token>\".into())));\n{}",
            uses(&format!(
                "use {lib}::oauth2::{{ExposeSecret as _, RefreshTokenStore, SecretString}};\nuse std::sync::{{Arc, Mutex}};"
            )),
            build(&format!(
                "{ty}::refresh_token(\"<client id>\", None, store)"
            ))
        );
        let _ = writeln!(
            out,
            "With a refresh token obtained through a flow of your own (authorization code, device code), exchanged at `{url}` (`{ty}::REFRESH_URL`); the store gets the new refresh token whenever the server rotates it:\n\n{}",
            examples::doctest(lib, false, &store)
        );
    }
    let source = format!(
        "{}\nlet source = token_fn(|scopes: Vec<String>| async move {{\n    // Ask your identity provider for a token with these scopes.\n    let _ = scopes;\n    Ok(Token::new(\"<access token>\", Some(Duration::from_secs(3600))))\n}});\n{}",
        uses(&format!(
            "use {lib}::oauth2::{{Token, token_fn}};\nuse std::time::Duration;"
        )),
        build(&format!("{ty}::from_source(source)"))
    );
    let _ = writeln!(
        out,
        "With any other source of tokens (a function, or a type implementing `{lib}::oauth2::TokenSource`; `{lib}::oauth2::ClientCredentials` takes another endpoint, the secret in the body, or extra fields such as `audience`):\n\n{}",
        examples::doctest(lib, false, &source)
    );
}
