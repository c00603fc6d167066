//! A conformance caller, written by `cargo xtask conformance` into a scratch crate beside the
//! generated crate it calls (named `api` by `calls`): `caller PORT` calls every operation once
//! through a relay to the mock listening on 127.0.0.1:PORT, and prints one JSON line per
//! operation (see `support::Recorder::call`), then `{"done":N}`.

mod calls;
mod relay;
mod support;

use calls::api;

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(upstream) = std::env::args().nth(1).and_then(|a| a.parse::<u16>().ok()) else {
        eprintln!("usage: caller PORT (the mock's port on 127.0.0.1)");
        return ExitCode::from(2);
    };
    let (port, log) = match relay::start(upstream).await {
        Ok(relay) => relay,
        Err(e) => {
            eprintln!("cannot start the relay: {e}");
            return ExitCode::FAILURE;
        }
    };
    // One connection per request, so that the relay reads exactly one response per
    // connection; redirects are the crate's to follow (as its docs ask of a custom client).
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build();
    let http = match http {
        Ok(http) => http,
        Err(e) => {
            eprintln!("cannot build the HTTP client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = match calls::client(&format!("http://127.0.0.1:{port}"), http) {
        Ok(client) => client,
        Err(e) => {
            println!("{}", serde_json::json!({ "client": e.to_string() }));
            return ExitCode::FAILURE;
        }
    };
    let mut recorder = support::Recorder::new(log);
    calls::run(&mut recorder, &client).await;
    println!("{}", serde_json::json!({ "done": recorder.calls() }));
    ExitCode::SUCCESS
}
