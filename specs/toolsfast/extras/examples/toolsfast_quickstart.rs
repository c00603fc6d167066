//! Shows the account's conversion entitlements; given a file and a target format, converts the
//! file (submit, wait with progress, download as a stream) and writes the result beside it.
//!
//! ```sh
//! export TOOLSFAST_API_KEY=...
//! cargo run -p toolsfast --example toolsfast_quickstart -- https://api.tools.fast [FILE TARGET_FORMAT]
//! ```
//!
//! Without a key in the environment it sends a placeholder (fine for a local mock server).

use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;
use toolsfast::extras::jobs::WaitOptions;
use toolsfast::{ApiKeyHeader, Client, Credentials, FilePart};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base_url, convert) = match args.as_slice() {
        [base_url] => (base_url, None),
        [base_url, file, target] => (base_url, Some((file.as_str(), target.as_str()))),
        _ => {
            eprintln!("usage: toolsfast_quickstart BASE_URL [FILE TARGET_FORMAT]");
            return ExitCode::from(2);
        }
    };
    match run(base_url, convert).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    base_url: &str,
    convert: Option<(&str, &str)>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut credentials = Credentials::from_env();
    if credentials.is_empty() {
        eprintln!("note: TOOLSFAST_API_KEY not set; using a placeholder");
        credentials = Credentials::new().with_api_key_header(ApiKeyHeader::new("fast_test_key"));
    }
    let client = Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .build()?;

    let entitlements = client.get_convert_entitlements().send().await?;
    println!(
        "plan {} ({}): {} credits",
        entitlements.plan_name, entitlements.tier, entitlements.total_credits
    );

    let Some((file, target)) = convert else {
        return Ok(());
    };
    let upload = client
        .create_conversion(target)
        .file(FilePart::bytes(std::fs::read(file)?).file_name(file));
    let done = client
        .convert_and_download(upload, &WaitOptions::default(), |p| {
            let percent = p.percent.map_or(String::new(), |v| format!(" {v:.0}%"));
            println!("job {}: {}{percent}", p.job_id, p.status);
        })
        .await?;
    let name = done
        .job
        .output
        .as_ref()
        .and_then(|o| o.file_name.clone())
        .unwrap_or_else(|| format!("{file}.{target}"));
    // Chunk by chunk: the output is never held in memory whole.
    let mut output = done.output;
    let mut out = std::fs::File::create(&name)?;
    let mut written = 0;
    while let Some(chunk) = output.next().await {
        let chunk = chunk?;
        out.write_all(&chunk)?;
        written += chunk.len();
    }
    println!("wrote {name} ({written} bytes)");
    Ok(())
}
