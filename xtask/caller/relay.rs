//! A TCP relay between the client and the mock that reads, on each connection, the request
//! line and the response's head: its status and Prism's `sl-violations` header (Prism's own
//! verdict on the request, and on the response it generated). The client opens one connection
//! per request, so one connection is one exchange.
//!
//! Prism answers a documented redirect with a `Location` it makes up (`https://example.com`,
//! a random host). The relay points such a `Location` at a local target instead (another
//! port, so another origin), which answers every request with [`TARGET_BODY`]: the client
//! then follows the redirect as it would in production, without leaving the machine.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request and the head of its response.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Exchange {
    /// `GET /path?query HTTP/1.1`.
    pub request: String,
    /// 0 when no response head arrived.
    pub status: u16,
    /// The parsed `sl-violations` header (an array), its raw text if it is not JSON, or null.
    pub violations: serde_json::Value,
}

pub type Log = Arc<Mutex<Vec<Exchange>>>;

/// Largest response head read; a longer one is recorded as far as it goes.
const MAX_HEAD: usize = 256 * 1024;

/// What the redirect target answers.
pub const TARGET_BODY: &[u8] = b"conformance redirect target\n";

/// Listens on a free port of 127.0.0.1 and relays every connection to `upstream`.
pub async fn start(upstream: u16) -> std::io::Result<(u16, Log)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let target = TcpListener::bind(("127.0.0.1", 0)).await?;
    let target_port = target.local_addr()?.port();
    let log: Log = Arc::default();
    let shared = log.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            tokio::spawn(relay(inbound, upstream, target_port, shared.clone()));
        }
    });
    let shared = log.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = target.accept().await {
            tokio::spawn(serve_target(inbound, shared.clone()));
        }
    });
    Ok((port, log))
}

/// Answers one request of the redirect target with [`TARGET_BODY`], and records it.
async fn serve_target(mut stream: TcpStream, log: Log) {
    let mut head = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    if let Ok(mut log) = log.lock() {
        log.push(Exchange {
            request: format!("{} (the redirect target)", first_line(&head)),
            status: 200,
            violations: serde_json::Value::Null,
        });
    }
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        TARGET_BODY.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.write_all(TARGET_BODY).await;
    let _ = stream.shutdown().await;
}

/// The exchanges recorded since the last call, removed from the log.
pub fn take(log: &Log) -> Vec<Exchange> {
    match log.lock() {
        Ok(mut log) => std::mem::take(&mut *log),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    }
}

async fn relay(inbound: TcpStream, upstream: u16, target: u16, log: Log) {
    let Ok(outbound) = TcpStream::connect(("127.0.0.1", upstream)).await else {
        return;
    };
    let (mut from_client, mut to_client) = inbound.into_split();
    let (mut from_server, mut to_server) = outbound.into_split();
    let request_line = Arc::new(Mutex::new(Vec::<u8>::new()));
    let line = request_line.clone();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match from_client.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if let Ok(mut line) = line.lock() {
                if !line.contains(&b'\n') && line.len() < 16 * 1024 {
                    line.extend_from_slice(&buf[..n]);
                }
            }
            if to_server.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = to_server.shutdown().await;
    };
    let down = async move {
        let mut head = Vec::new();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match from_server.read(&mut buf).await {
                Ok(0) | Err(_) => 0,
                Ok(n) => n,
            };
            head.extend_from_slice(&buf[..n]);
            let end = head.windows(4).position(|w| w == b"\r\n\r\n");
            if n == 0 || end.is_some() || head.len() >= MAX_HEAD {
                let request = request_line
                    .lock()
                    .map(|l| first_line(&l))
                    .unwrap_or_default();
                let exchange = exchange(request, &head[..end.unwrap_or(head.len())]);
                if (300..400).contains(&exchange.status) {
                    head = redirect_to(&head, target);
                }
                if let Ok(mut log) = log.lock() {
                    log.push(exchange);
                }
                break;
            }
        }
        if to_client.write_all(&head).await.is_ok() {
            let _ = tokio::io::copy(&mut from_server, &mut to_client).await;
        }
        let _ = to_client.shutdown().await;
    };
    tokio::join!(up, down);
}

/// The head with its `Location` pointed at the target: same path and query, local origin.
fn redirect_to(head: &[u8], target: u16) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive("\r\n") {
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("location") => {
                let value = value.trim();
                let rest = value.split_once("://").map_or(value, |(_, r)| r);
                let path = rest.find('/').map_or("/", |at| &rest[at..]);
                out.push_str(&format!("location: http://127.0.0.1:{target}{path}\r\n"));
            }
            _ => out.push_str(line),
        }
    }
    out.into_bytes()
}

fn first_line(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|b| *b == b'\r' || *b == b'\n');
    String::from_utf8_lossy(&bytes[..end.unwrap_or(bytes.len())]).into_owned()
}

/// The status and `sl-violations` of a response head.
fn exchange(request: String, head: &[u8]) -> Exchange {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let violations = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("sl-violations"))
        .map(|(_, value)| {
            let value = value.trim();
            serde_json::from_str(value).unwrap_or_else(|_| serde_json::Value::from(value))
        })
        .unwrap_or(serde_json::Value::Null);
    Exchange {
        request,
        status,
        violations,
    }
}
