//! Lists a few media items, then (given a playback ID) creates a signing key and prints a
//! signed stream URL for that playback ID.
//!
//! ```sh
//! export FASTPIX_ACCESS_TOKEN_ID=... FASTPIX_SECRET_KEY=...
//! cargo run -p fastpix --example fastpix_quickstart -- https://api.fastpix.io/v1 [PLAYBACK_ID]
//! ```
//!
//! Without credentials in the environment it sends placeholders (fine for a local mock server).

use std::process::ExitCode;
use std::time::Duration;

use fastpix::extras::signing::SigningKey;
use fastpix::{BasicAuth, Client, Credentials};

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next() else {
        eprintln!("usage: fastpix_quickstart BASE_URL [PLAYBACK_ID]");
        return ExitCode::from(2);
    };
    let playback_id = args.next();
    match run(&base_url, playback_id.as_deref()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(base_url: &str, playback_id: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let mut credentials = Credentials::from_env();
    if credentials.is_empty() {
        eprintln!("note: FASTPIX_ACCESS_TOKEN_ID / FASTPIX_SECRET_KEY not set; using placeholders");
        credentials = Credentials::new().with_basic_auth(BasicAuth::new("token-id", "secret-key"));
    }
    let client = Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .build()?;

    let page = client.list_media().limit(5).send().await.inspect_err(|e| {
        if let Some(hint) = e.api_error().and_then(|a| a.hint()) {
            eprintln!("hint: {hint}");
        }
    })?;
    println!("media: {page:#?}");

    if let Some(playback_id) = playback_id {
        let created = client.create_signing_key().send().await?;
        let key = SigningKey::from_created(&created)?;
        println!("signing key: {key:?}");
        let url = key
            .playback_token(playback_id)
            .expires_in(Duration::from_secs(15 * 60))
            .stream_url()?;
        println!("signed stream URL (15 minutes): {url}");
    }
    Ok(())
}
