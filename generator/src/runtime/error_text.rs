//! How errors read: a call's attempts, a failure's causes on one line, a body that is not the
//! provider's envelope as a short excerpt, a limit as a person reads it (`error.rs`'s messages).

use std::time::Duration;

/// ` after 3 attempts` for a call sent more than once.
pub(crate) fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// ` on attempt 3` for a call sent more than once.
pub(crate) fn on_attempt(attempts: u32) -> String {
    if attempts > 1 {
        format!(" on attempt {attempts}")
    } else {
        String::new()
    }
}

/// An error and its causes on one line (`error sending request: client error (Connect):
/// tcp connect error: Connection refused`), each cause once.
pub(crate) fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let line = cause.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        next = cause.source();
    }
    text
}

/// At most this many characters of a body that is not the provider's envelope go into a
/// message.
pub(crate) const EXCERPT_CHARS: usize = 160;

/// A body as a short line of text: markup dropped, whitespace collapsed, cut at
/// [`EXCERPT_CHARS`] (an HTML 502 page reads `502 Bad Gateway 502 Bad Gateway nginx`).
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if in_tag => {}
            c if c.is_control() => plain.push(' '),
            c => plain.push(c),
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let line = words.join(" ");
    match line.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// `: description` after a message that is not the description itself.
pub(crate) fn more(message: &str, description: Option<&str>) -> String {
    match description {
        Some(d) if d != message => format!(": {d}"),
        _ => String::new(),
    }
}

/// `1.5 s`, `60 s`, `250 ms`: a limit as a person reads it.
pub(crate) fn seconds(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}
