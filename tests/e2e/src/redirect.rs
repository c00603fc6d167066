//! Where FetchMedia's downloads end up. Prism answers them with `302 Location:
//! http://example.com` (the `format: uri` sample); the client follows redirects itself, so a
//! client whose resolver maps [`HOST`] to this loopback server gets the file's bytes without
//! leaving the machine. The server also records each request it receives, so a call can check
//! that no credential crossed to the other origin.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The host of Prism's generated `Location`.
pub const HOST: &str = "example.com";

/// The body every request to the target gets.
pub const PAYLOAD: &[u8] = b"e2e redirect target: the file's bytes\n";

/// A tiny HTTP/1.1 server on 127.0.0.1 answering every request with [`PAYLOAD`].
#[derive(Clone, Debug)]
pub struct Target {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Target {
    /// Binds a free port; [`Target::serve`] answers on it.
    pub fn bind() -> std::io::Result<(Target, std::net::TcpListener)> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let target = Target {
            addr: listener.local_addr()?,
            requests: Arc::default(),
        };
        Ok((target, listener))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the task is aborted.
    pub async fn serve(self, listener: std::net::TcpListener) {
        let listener = match listener
            .set_nonblocking(true)
            .and_then(|()| tokio::net::TcpListener::from_std(listener))
        {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("redirect target: {e}");
                return;
            }
        };
        while let Ok((mut socket, _)) = listener.accept().await {
            let requests = Arc::clone(&self.requests);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                requests
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(String::from_utf8_lossy(&head).into_owned());
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n",
                    PAYLOAD.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.write_all(PAYLOAD).await;
                let _ = socket.shutdown().await;
            });
        }
    }

    /// Checks the one hop a download made since the last check: it arrived, carried no
    /// credential, and `bytes` are what was served.
    pub fn check_hop(&self, bytes: &[u8], secrets: &[&str]) -> Result<String, String> {
        let requests: Vec<String> =
            std::mem::take(&mut *self.requests.lock().unwrap_or_else(|p| p.into_inner()));
        let [head] = requests.as_slice() else {
            return Err(format!(
                "expected one request at the redirect target ({HOST}), got {}",
                requests.len()
            ));
        };
        let lower = head.to_ascii_lowercase();
        for header in ["authorization:", "x-api-key:"] {
            if lower.contains(header) {
                return Err(format!(
                    "the {header} header was forwarded to the redirect target {HOST}"
                ));
            }
        }
        for secret in secrets {
            if head.contains(secret) {
                return Err(format!(
                    "a credential was forwarded to the redirect target {HOST}"
                ));
            }
        }
        if bytes != PAYLOAD {
            return Err(format!(
                "redirected to {HOST}, but got {} bytes that are not the target's",
                bytes.len()
            ));
        }
        Ok(format!(
            "redirect followed to {HOST}, {} bytes, no credentials forwarded",
            bytes.len()
        ))
    }
}
