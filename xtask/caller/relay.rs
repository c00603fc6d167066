//! A TCP relay between the client and the mock that reads, on each connection, the request
//! line and the response's head: its status and Prism's `sl-violations` header (Prism's own
//! verdict on the request, and on the response it generated). The client opens one connection
//! per request, so one connection is one exchange.

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

/// Listens on a free port of 127.0.0.1 and relays every connection to `upstream`.
pub async fn start(upstream: u16) -> std::io::Result<(u16, Log)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let log: Log = Arc::default();
    let shared = log.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            tokio::spawn(relay(inbound, upstream, shared.clone()));
        }
    });
    Ok((port, log))
}

/// The exchanges recorded since the last call, removed from the log.
pub fn take(log: &Log) -> Vec<Exchange> {
    match log.lock() {
        Ok(mut log) => std::mem::take(&mut *log),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    }
}

async fn relay(inbound: TcpStream, upstream: u16, log: Log) {
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
                if let Ok(mut log) = log.lock() {
                    log.push(exchange(request, &head[..end.unwrap_or(head.len())]));
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
