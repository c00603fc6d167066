//! Lists the first files stored in the account.
//!
//! ```sh
//! export FETCHMEDIA_API_KEY=...
//! cargo run -p fetchmedia --example fetchmedia_quickstart -- https://api.fetchmedia.io/v1
//! ```
//!
//! Without a key in the environment it sends a placeholder (fine for a local mock server).

use std::process::ExitCode;

use fetchmedia::{ApiKeyHeader, Client, Credentials};

#[tokio::main]
async fn main() -> ExitCode {
    let Some(base_url) = std::env::args().nth(1) else {
        eprintln!("usage: fetchmedia_quickstart BASE_URL");
        return ExitCode::from(2);
    };
    match run(&base_url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut credentials = Credentials::from_env();
    if credentials.is_empty() {
        eprintln!("note: FETCHMEDIA_API_KEY not set; using a placeholder");
        credentials = Credentials::new().with_api_key_header(ApiKeyHeader::new("fm_test_key"));
    }
    let client = Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .build()?;

    let page = client.list_files().limit(5).send().await?;
    let files = page.data.unwrap_or_default();
    println!("{} of {:?} files:", files.len(), page.total);
    for file in files {
        println!("  {file:?}");
    }
    Ok(())
}
