//! `hmac_sha256`: a signature of each attempt, computed by the runtime's `signing.rs` (see
//! `model/auth/templates.rs` for what it signs).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::AuthScheme;

pub fn apply(scheme: &AuthScheme) -> TokenStream {
    let header = scheme
        .param
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    quote! {
        crate::signing::sign_hmac_sha256(
            attempt,
            self.key_id.expose_secret(),
            self.secret.expose_secret().as_bytes(),
            #header,
        )
    }
}
