//! When a failed call is tried again, and after how long.

// Every generated crate carries this file whole; each uses the helpers its operations need.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Error;

/// When and how often a failed call is tried again: exponential backoff with jitter,
/// bounded in attempts and in total time. `Retry-After` (header, or the provider's body
/// field) is honoured when it is longer than the backoff.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: never retry).
    pub max_attempts: u32,
    /// Delay before the second attempt.
    pub initial_interval: Duration,
    /// Upper bound of the delay between two attempts.
    pub max_interval: Duration,
    /// Growth of the delay from one attempt to the next.
    pub multiplier: f64,
    /// Statuses worth another attempt. A 4xx other than 408 and 429 is never retried,
    /// whatever this lists: the same request would fail the same way.
    pub statuses: Vec<u16>,
    /// Whether connection failures and timeouts are retried.
    pub connection_errors: bool,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// One attempt only.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_interval: Duration::ZERO,
            max_interval: Duration::ZERO,
            multiplier: 1.0,
            statuses: Vec::new(),
            connection_errors: false,
            max_elapsed: Duration::ZERO,
        }
    }

    /// The backoff after failed attempt `attempt` (1-based): `initial × multiplier^(attempt-1)`,
    /// capped at `max_interval`, minus up to 25% jitter so that clients do not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        self.delay_with_jitter(attempt, jitter())
    }

    /// [`delay`](Self::delay) with a given jitter in [0, 1).
    pub fn delay_with_jitter(&self, attempt: u32, jitter: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(32) as i32;
        let base = self.initial_interval.as_secs_f64() * self.multiplier.powi(exponent);
        let capped = base.min(self.max_interval.as_secs_f64()).max(0.0);
        let seconds = capped * (1.0 - 0.25 * jitter.clamp(0.0, 1.0));
        Duration::try_from_secs_f64(seconds).unwrap_or(self.max_interval)
    }

    /// Whether this error is worth another attempt of a request the server may safely see
    /// twice (`repeatable`: an idempotent method, an operation marked safe to retry, or a
    /// request with an idempotency key), or of one it may not.
    ///
    /// A request that is not repeatable is tried again only when it provably was not
    /// carried out: no connection could be made, or the server answered 429 or 503 with a
    /// `Retry-After` header. A 5xx, a timeout or a connection lost mid-request may have
    /// come after the server acted (a second `POST` could create a second resource).
    pub fn retries(&self, error: &Error, repeatable: bool) -> bool {
        match error {
            Error::Api(e) => {
                let status = e.status().as_u16();
                let client_error = (400..500).contains(&status) && status != 408 && status != 429;
                let listed = !client_error && self.statuses.contains(&status);
                let refused = matches!(status, 429 | 503)
                    && e.headers().contains_key(reqwest::header::RETRY_AFTER);
                listed && (repeatable || refused)
            }
            Error::Transport { error, .. } => {
                self.connection_errors && (error.is_connect() || (repeatable && error.is_timeout()))
            }
            Error::Timeout { .. } => self.connection_errors && repeatable,
            // runtime:if oauth2
            // No request reached the API: safe to try again whatever the method.
            Error::Token { error, .. } => self.connection_errors && error.is_transient(),
            // runtime:end
            _ => false,
        }
    }

    /// How long to wait before attempt `attempt + 1`, or `None` if `error` ends the call:
    /// not retryable (see [`retries`](Self::retries)), attempts used up, the server asked
    /// for a longer wait than `MAX_RETRY_AFTER`, or the wait would pass `max_elapsed`.
    pub fn next_delay(
        &self,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
        repeatable: bool,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !self.retries(error, repeatable) {
            return None;
        }
        let backoff = self.delay(attempt);
        let delay = match error.retry_after() {
            Some(asked) if asked > MAX_RETRY_AFTER => return None,
            Some(asked) => asked.max(backoff),
            None => backoff,
        };
        (elapsed.checked_add(delay)? <= self.max_elapsed).then_some(delay)
    }
}

/// The longest server-requested wait the client honours by waiting; a longer one ends the
/// call with the error (see [`Error::retry_after`]), so the caller decides.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// A number in [0, 1) that differs per call, without a random-number dependency.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A fresh idempotency key: 128 bits from the process's random hasher keys, the clock and a
/// counter, written as a UUID (version 4 layout), so keys never repeat within a process and
/// collide across processes with negligible odds.
pub(crate) fn idempotency_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u64(count);
        h.write_u128(now);
        h.write_u32(std::process::id());
        h.finish()
    };
    let bits = (u128::from(half(1)) << 64 | u128::from(half(2))) & !(0xF000 << 64 | 0xC << 60)
        | (0x4000 << 64)
        | (0x8 << 60);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `Retry-After`: delay-seconds or an HTTP date (IMF-fixdate), as a delay from now.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    parse_retry_after_at(value, SystemTime::now())
}

/// [`parse_retry_after`] as seen at `now`.
pub(crate) fn parse_retry_after_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the epoch of `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(crate) fn parse_http_date(value: &str) -> Option<u64> {
    let mut parts = value.split_whitespace().skip(1);
    let day: u64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u64 + 1;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT"
        || !(1..=31).contains(&day)
        || !(1970..=9999).contains(&year)
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3_600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}
