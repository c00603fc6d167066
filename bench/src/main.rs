//! `client-bench`: the measurements `cargo xtask bench` needs a compiled program for.
//!
//! - `client-bench client [--rounds R] [--small N] [--large N]`: the run-time cost of the
//!   generated FastPix client against a hand-written reqwest call making the same request.
//!   A minimal HTTP/1.1 server (one thread per connection, keep-alive) on 127.0.0.1 answers
//!   `GET …/on-demand/{id}` with a small JSON media object and `GET …/on-demand` with a
//!   ~1 MB JSON list of media. Both clients send the same request with HTTP Basic credentials
//!   and decode the body into the same generated type (`GetMediaResponse2`,
//!   `ListMediaResponse`), so the difference is what the generated code adds around reqwest:
//!   request building, credentials, retries, error mapping. Each round runs every case with
//!   both clients, in alternating order, sequentially (concurrency 1) and with 8 requests in
//!   flight. One line per case, client and round:
//!   `round case=small conc=1 client=ours requests=2000 secs=0.412 cpu_ns=398000000`.
//!   CPU is the client thread's (the client runs on a current-thread runtime, so that is all
//!   of it) from `/proc/thread-self/schedstat` (nanoseconds), or `/proc/thread-self/stat`
//!   (clock ticks) where schedstat is missing.
//! - `client-bench count --client ours|reqwest --case small|large --requests N [--warmup W]
//!   [--concurrency C]`: the same server and calls, but one client only, one call at a time
//!   (or C in flight): W warm-up requests, then N more. Made to run under `valgrind --tool=callgrind --separate-threads=yes`: the main
//!   thread (valgrind's thread 1) is the client's, the server's threads are counted apart,
//!   and two runs with different N give the instructions per request by difference, which
//!   cancels start-up and warm-up. Prints `count client=ours case=small requests=N`.
//! - `client-bench parse FILE`: reads FILE and parses it into a `serde_json::Value`, the bound
//!   for any generator that reads JSON; prints `parse_ms=…` (the process is timed outside).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fastpix::types::{GetMediaResponse2, ListMediaResponse};

const USAGE: &str = "\
usage: client-bench client [--rounds R] [--small N] [--large N]
       client-bench count --client ours|reqwest --case small|large --requests N [--warmup W] [--concurrency C]
       client-bench parse FILE";

const USER: &str = "bench-token-id";
const SECRET: &str = "bench-secret-key";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("parse") if args.len() == 2 => parse(&args[1]),
        Some("client") => client_args(&args[1..]).and_then(|(r, s, l)| client(r, s, l)),
        Some("count") => count_args(&args[1..]).and_then(count),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse(file: &str) -> Result<(), String> {
    let start = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{file}: {e}"))?;
    let elapsed = start.elapsed();
    let members = value.as_object().map_or(0, |o| o.len());
    println!(
        "parse_ms={:.3} bytes={} members={members}",
        elapsed.as_secs_f64() * 1000.0,
        bytes.len()
    );
    Ok(())
}

fn client_args(args: &[String]) -> Result<(usize, usize, usize), String> {
    let (mut rounds, mut small, mut large) = (5, 2000, 60);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let slot = match flag.as_str() {
            "--rounds" => &mut rounds,
            "--small" => &mut small,
            "--large" => &mut large,
            _ => return Err(format!("unexpected argument `{flag}`\n{USAGE}")),
        };
        *slot = it
            .next()
            .and_then(|v| v.parse().ok())
            .filter(|v| *v > 0)
            .ok_or_else(|| format!("`{flag}` needs a positive number"))?;
    }
    Ok((rounds, small, large))
}

/// What `count` runs.
struct Count {
    which: Which,
    large: bool,
    requests: usize,
    warmup: usize,
    /// Calls in flight at once (the `client` command's concurrency 8, counted).
    concurrency: usize,
}

fn count_args(args: &[String]) -> Result<Count, String> {
    let mut count = Count {
        which: Which::Ours,
        large: false,
        requests: 0,
        warmup: 20,
        concurrency: 1,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("`{flag}` needs a number"))
        };
        match (flag.as_str(), value.as_str()) {
            ("--client", "ours") => count.which = Which::Ours,
            ("--client", "reqwest") => count.which = Which::Hand,
            ("--case", "small") => count.large = false,
            ("--case", "large") => count.large = true,
            ("--requests", _) => count.requests = number()?,
            ("--warmup", _) => count.warmup = number()?,
            ("--concurrency", _) => count.concurrency = number()?.max(1),
            _ => return Err(format!("unexpected argument `{flag} {value}`\n{USAGE}")),
        }
    }
    Ok(count)
}

/// One media object as FastPix returns it (about 400 bytes).
fn media_json(i: usize) -> String {
    format!(
        concat!(
            r#"{{"id":"b5a5d3c2-0c4e-4b59-9e0c-{i:012}","workspaceId":"0b5e8a7c-3f0a-4d1b-8c55-2f4d0e9c1a77","#,
            r#""title":"Benchmark media number {i}","creatorId":"creator-{i}","#,
            r#""thumbnail":"https://images.fastpix.io/{i}/thumbnail.png","#,
            r#""sourceMediaId":"source-{i}","metadata":{{"team":"bench","index":"{i}"}},"#,
            r#""createdAt":"2026-05-01T10:00:00.000Z","updatedAt":"2026-05-01T10:05:00.000Z","#,
            r#""duration":"00:02:13","frameRate":"30/1","aspectRatio":"16:9"}}"#
        ),
        i = i
    )
}

/// `{"success":true,"data":{…}}`
fn small_body() -> String {
    format!(r#"{{"success":true,"data":{}}}"#, media_json(1))
}

/// `{"success":true,"data":[…],"pagination":{…}}` of at least 1 MiB.
fn large_body() -> String {
    let mut items = Vec::new();
    let mut len = 0;
    while len < 1 << 20 {
        let item = media_json(items.len());
        len += item.len() + 1;
        items.push(item);
    }
    format!(
        r#"{{"success":true,"data":[{}],"pagination":{{"totalRecords":{},"currentOffset":1,"offsetCount":1}}}}"#,
        items.join(","),
        items.len()
    )
}

/// A keep-alive HTTP/1.1 responder: `/small/…` gets the small body, anything else the large.
fn serve(listener: TcpListener, small: Arc<Vec<u8>>, large: Arc<Vec<u8>>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (small, large) = (Arc::clone(&small), Arc::clone(&large));
        std::thread::spawn(move || {
            let _ = connection(stream, &small, &large);
        });
    }
}

fn response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn connection(mut stream: TcpStream, small: &[u8], large: &[u8]) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Requests are GETs without a body: a request ends at the blank line.
        let end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let small_request = buf.starts_with(b"GET /small/");
        buf.drain(..end);
        stream.write_all(if small_request { small } else { large })?;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Ours,
    Hand,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Ours => "ours",
            Which::Hand => "reqwest",
        }
    }
}

#[derive(Clone)]
struct Clients {
    ours_small: fastpix::Client,
    ours_large: fastpix::Client,
    hand: reqwest::Client,
    base: String,
}

impl Clients {
    /// One request of `case` through `which`; checks that the body decoded.
    async fn call(&self, which: Which, large: bool) -> Result<(), String> {
        match (which, large) {
            (Which::Ours, false) => {
                let media = self
                    .ours_small
                    .get_media("m1")
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                check(media.data.is_some())
            }
            (Which::Ours, true) => {
                let list = self
                    .ours_large
                    .list_media()
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                check(list.data.is_some_and(|d| !d.is_empty()))
            }
            (Which::Hand, false) => {
                let url = format!("{}/small/on-demand/{}", self.base, "m1");
                let media: GetMediaResponse2 = self.hand_get(&url).await?;
                check(media.data.is_some())
            }
            (Which::Hand, true) => {
                let url = format!("{}/large/on-demand", self.base);
                let list: ListMediaResponse = self.hand_get(&url).await?;
                check(list.data.is_some_and(|d| !d.is_empty()))
            }
        }
    }

    /// What a careful hand-written call does: Basic auth, status check, typed decoding.
    async fn hand_get<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, String> {
        let response = self
            .hand
            .get(url)
            .basic_auth(USER, Some(SECRET))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}

fn check(ok: bool) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err("the response did not decode as expected".to_string())
    }
}

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    if let Ok(text) = std::fs::read_to_string("/proc/thread-self/schedstat")
        && let Some(ns) = text.split_whitespace().next().and_then(|v| v.parse().ok())
    {
        return ns;
    }
    // utime and stime are fields 14 and 15, after the parenthesised command name.
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|text| {
            let rest = text.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks: u64 =
                fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            Some(ticks * 10_000_000)
        })
        .unwrap_or(0)
}

async fn batch(
    clients: &Clients,
    which: Which,
    large: bool,
    requests: usize,
    concurrency: usize,
) -> Result<(Duration, u64), String> {
    let cpu = thread_cpu_ns();
    let start = Instant::now();
    if concurrency == 1 {
        for _ in 0..requests {
            clients.call(which, large).await?;
        }
    } else {
        let mut set = tokio::task::JoinSet::new();
        for worker in 0..concurrency {
            let clients = clients.clone();
            let share = requests / concurrency + usize::from(worker < requests % concurrency);
            set.spawn(async move {
                for _ in 0..share {
                    clients.call(which, large).await?;
                }
                Ok::<(), String>(())
            });
        }
        while let Some(done) = set.join_next().await {
            done.map_err(|e| e.to_string())??;
        }
    }
    Ok((start.elapsed(), thread_cpu_ns().saturating_sub(cpu)))
}

/// Starts the server on a free loopback port and builds the clients against it.
fn setup() -> Result<Clients, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    let addr: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
    let (small_raw, large_raw) = (small_body(), large_body());
    println!(
        "bodies small_bytes={} large_bytes={}",
        small_raw.len(),
        large_raw.len()
    );
    let small_response = Arc::new(response(small_raw.as_bytes()));
    let large_response = Arc::new(response(large_raw.as_bytes()));
    std::thread::spawn(move || serve(listener, small_response, large_response));

    let base = format!("http://{addr}");
    let ours = |prefix: &str| {
        fastpix::Client::builder()
            .basic_auth(USER, SECRET)
            .base_url(format!("{base}/{prefix}"))
            .build()
            .map_err(|e| e.to_string())
    };
    Ok(Clients {
        ours_small: ours("small")?,
        ours_large: ours("large")?,
        hand: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?,
        base: base.clone(),
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// `count`: warm-up, then the counted requests, one client, concurrency 1.
fn count(count: Count) -> Result<(), String> {
    let clients = setup()?;
    runtime()?.block_on(async {
        batch(
            &clients,
            count.which,
            count.large,
            count.warmup,
            count.concurrency,
        )
        .await?;
        batch(
            &clients,
            count.which,
            count.large,
            count.requests,
            count.concurrency,
        )
        .await
    })?;
    println!(
        "count client={} case={} requests={}",
        count.which.name(),
        if count.large { "large" } else { "small" },
        count.requests
    );
    Ok(())
}

fn client(rounds: usize, small: usize, large: usize) -> Result<(), String> {
    let clients = setup()?;
    runtime()?.block_on(async {
        // Warm up: connections, allocator, caches.
        for which in [Which::Ours, Which::Hand] {
            batch(&clients, which, false, small.div_ceil(10), 8).await?;
            batch(&clients, which, true, large.div_ceil(10), 1).await?;
        }
        for round in 0..rounds {
            for (case, large_case, requests) in [("small", false, small), ("large", true, large)] {
                for concurrency in [1, 8] {
                    let order = if round % 2 == 0 {
                        [Which::Ours, Which::Hand]
                    } else {
                        [Which::Hand, Which::Ours]
                    };
                    for which in order {
                        let (elapsed, cpu_ns) =
                            batch(&clients, which, large_case, requests, concurrency).await?;
                        println!(
                            "round case={case} conc={concurrency} client={} requests={requests} secs={:.6} cpu_ns={cpu_ns}",
                            which.name(),
                            elapsed.as_secs_f64()
                        );
                    }
                }
            }
        }
        Ok(())
    })
}
