//! Prints the status of the account's projects, then reads a sample webhook payload with
//! `webhooks::parse_unverified` (or the payload in FILE, when given). Streampixel does not
//! sign its webhooks: nothing can check who sent one.
//!
//! ```sh
//! export STREAMPIXEL_API_KEY=... STREAMPIXEL_USER_ID=...
//! cargo run -p streampixel --example streampixel_quickstart -- https://api.streampixel.io/pixelStripeApi [FILE]
//! ```
//!
//! Without credentials in the environment it sends placeholders (fine for a local mock server).

use std::process::ExitCode;

use streampixel::webhooks::{self, Event};
use streampixel::{Client, Credentials, StreampixelKey};

const SAMPLE: &str = r#"{"event":"build.rejected","projectId":"p-123","uploadId":"u-456",
"fileUrl":"https://example.com/build.zip","status":"Reject",
"objection":"The build does not start","timestamp":"2026-05-01T12:00:00.000Z"}"#;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next() else {
        eprintln!("usage: streampixel_quickstart BASE_URL [WEBHOOK_PAYLOAD_FILE]");
        return ExitCode::from(2);
    };
    let payload = args.next();
    match run(&base_url, payload.as_deref()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(base_url: &str, payload: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let mut credentials = Credentials::from_env();
    if credentials.is_empty() {
        eprintln!("note: STREAMPIXEL_API_KEY / STREAMPIXEL_USER_ID not set; using placeholders");
        credentials =
            Credentials::new().with_streampixel_key(StreampixelKey::new("api-key", "user-id"));
    }
    let client = Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .build()?;

    let status = client.get_projects_status().send().await?;
    println!("projects: {status:#?}");

    let body = match payload {
        Some(path) => std::fs::read(path)?,
        None => SAMPLE.as_bytes().to_vec(),
    };
    match webhooks::parse_unverified(&body)? {
        Event::BuildApproved(hook) => println!("build {:?} approved", hook.upload_id),
        Event::BuildRejected(hook) => println!("build rejected: {:?}", hook.objection),
        Event::Unknown { name, .. } => println!("{name}: an event this crate does not know"),
        other => println!("{}", other.name()),
    }
    Ok(())
}
