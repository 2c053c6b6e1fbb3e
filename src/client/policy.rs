//! When to retry, how long to wait, and how often to poll: pure decisions, tested natively.
//!
//! The rule that matters most: `POST /generate` costs money, so it is sent again only when the
//! server said it did not take it (429). A status poll is free and is retried on anything transient.

use crate::search::{self, find_byte};

/// What a request is, for the retry rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// `POST /generate`: paid, never repeated unless refused with 429.
    Generate,
    /// `GET /status`: free, repeated on network errors, 408, 429 and 5xx.
    Status,
}

/// How one attempt ended, as far as the retry rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The request never got a reply (connection refused or dropped, DNS, CORS).
    NetworkError,
    /// No reply within the per-request timeout.
    TimedOut,
    /// A reply with this HTTP status.
    Replied(u16),
}

/// Whether an attempt may be repeated without risk of a second charge.
pub fn is_retryable(kind: RequestKind, attempt: Attempt) -> bool {
    match (kind, attempt) {
        (RequestKind::Generate, Attempt::Replied(status)) => status == 429,
        (RequestKind::Generate, _) => false,
        (RequestKind::Status, Attempt::Replied(status)) => {
            status == 408 || status == 429 || status >= 500
        }
        (RequestKind::Status, _) => true,
    }
}

/// Default number of repeats after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// First backoff delay; doubles each retry.
pub const BASE_BACKOFF_MS: u64 = 500;
/// No backoff delay is longer than this.
pub const MAX_BACKOFF_MS: u64 = 20_000;
/// A server's `Retry-After` is honoured up to this long.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;
/// Default per-request timeout: status calls can be slow (the gateway asks its upstream).
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 60_000;
/// Default cap on one reply's body (1 MiB): a status or task reply is a few hundred bytes, so
/// anything this large is broken or hostile, and reading it would only grow memory.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 1 << 20;

/// Largest `maxRetries` a caller may set: more only repeats a failure for hours.
pub const MAX_RETRIES_LIMIT: u32 = 100;
/// Largest `concurrency` of a batch: more only trips the service's rate limit.
pub const MAX_BATCH_CONCURRENCY: u32 = 64;
/// Default `concurrency` of a batch.
pub const DEFAULT_BATCH_CONCURRENCY: u32 = 2;
/// Longest poll interval a caller may set (one day).
pub const MAX_POLL_INTERVAL_LIMIT_MS: u64 = 86_400_000;
/// Longest wait deadline a caller may set (seven days; the service keeps results about one).
pub const MAX_WAIT_TIMEOUT_MS: u64 = 7 * MAX_POLL_INTERVAL_LIMIT_MS;

/// Delay before retry number `retry` (0 for the first retry): the server's `Retry-After` when it
/// gave one (capped), else capped exponential backoff with jitter. `random` is in [0, 1).
pub fn retry_delay_ms(retry: u32, retry_after_ms: Option<u64>, random: f64) -> u64 {
    if let Some(ms) = retry_after_ms {
        return ms.min(MAX_RETRY_AFTER_MS);
    }
    let ceiling = BASE_BACKOFF_MS
        .saturating_mul(1u64 << retry.min(16))
        .min(MAX_BACKOFF_MS);
    // "Equal jitter": at least half the ceiling, so retries never bunch up at zero.
    let half = ceiling / 2;
    half + (half as f64 * random.clamp(0.0, 1.0)) as u64
}

/// Default first wait between polls: tasks take minutes, so there is no point asking faster.
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 2_000;
/// Default longest wait between polls.
pub const DEFAULT_MAX_POLL_INTERVAL_MS: u64 = 10_000;
/// Default deadline of a whole wait.
pub const DEFAULT_WAIT_TIMEOUT_MS: u64 = 15 * 60 * 1000;

/// Wait before poll number `poll + 1`: starts at `first`, grows by half each time, up to `max`.
pub fn poll_interval_ms(poll: u32, first: u64, max: u64) -> u64 {
    let first = first.max(1);
    let max = max.max(first);
    let mut interval = first;
    for _ in 0..poll.min(64) {
        interval = interval.saturating_add(interval / 2).min(max);
    }
    interval
}

/// Reads a `Retry-After` header: whole seconds, or an HTTP date (relative to `now_ms`).
pub fn parse_retry_after(header: &str, now_ms: u64) -> Option<u64> {
    let header = header.trim();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: u64 = header
            .bytes()
            .take(12)
            .fold(0, |n, b| n * 10 + u64::from(b - b'0'));
        return Some(seconds.saturating_mul(1000));
    }
    parse_http_date(header).map(|at| at.saturating_sub(now_ms))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate) as milliseconds since 1970.
pub fn parse_http_date(text: &str) -> Option<u64> {
    let rest = search::find(text, ", ").map_or(text, |i| &text[i + 2..]);
    let mut parts = rest.split_ascii_whitespace();
    let day: u64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    // `hh:mm:ss` read as `split(':')` would, by a byte search (no `char` pattern searcher).
    let mut clock = Some(parts.next()?);
    let mut next_field = || -> Option<u64> {
        let text = clock?;
        let (field, rest) = match find_byte(text, b':') {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        clock = rest;
        field.parse().ok()
    };
    let (hour, minute, second) = (next_field()?, next_field()?, next_field()?);
    if parts.next()? != "GMT" || hour > 23 || minute > 59 || second > 60 || !(1..=31).contains(&day)
    {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let days = days_from_civil(year, month, day as i64);
    let seconds = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    Some(seconds * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_is_repeated_only_after_429() {
        for status in [400, 401, 402, 404, 408, 500, 502, 503, 504] {
            assert!(
                !is_retryable(RequestKind::Generate, Attempt::Replied(status)),
                "{status}"
            );
        }
        assert!(is_retryable(RequestKind::Generate, Attempt::Replied(429)));
        assert!(!is_retryable(RequestKind::Generate, Attempt::NetworkError));
        assert!(!is_retryable(RequestKind::Generate, Attempt::TimedOut));
    }

    #[test]
    fn status_is_repeated_on_transient_failures() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(
                is_retryable(RequestKind::Status, Attempt::Replied(status)),
                "{status}"
            );
        }
        for status in [200, 400, 401, 402, 404] {
            assert!(
                !is_retryable(RequestKind::Status, Attempt::Replied(status)),
                "{status}"
            );
        }
        assert!(is_retryable(RequestKind::Status, Attempt::NetworkError));
        assert!(is_retryable(RequestKind::Status, Attempt::TimedOut));
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        assert_eq!(retry_delay_ms(0, None, 0.0), 250);
        assert_eq!(retry_delay_ms(0, None, 0.999_999), 499);
        assert_eq!(retry_delay_ms(3, None, 0.0), 2000);
        assert_eq!(retry_delay_ms(30, None, 0.0), MAX_BACKOFF_MS / 2);
        assert!(retry_delay_ms(30, None, 1.0) <= MAX_BACKOFF_MS);
        assert_eq!(retry_delay_ms(0, Some(3000), 0.5), 3000);
        assert_eq!(retry_delay_ms(0, Some(3_600_000), 0.5), MAX_RETRY_AFTER_MS);
    }

    #[test]
    fn polling_starts_near_two_seconds_and_levels_off() {
        let schedule: Vec<u64> = (0..7).map(|i| poll_interval_ms(i, 2000, 10_000)).collect();
        assert_eq!(schedule, [2000, 3000, 4500, 6750, 10_000, 10_000, 10_000]);
        assert_eq!(poll_interval_ms(u32::MAX, 2000, 10_000), 10_000);
        assert_eq!(poll_interval_ms(3, 0, 0), 1);
        assert_eq!(
            poll_interval_ms(2, 5000, 1000),
            5000,
            "a max below the first interval keeps the first"
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("2", 0), Some(2000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        let now = parse_http_date("Tue, 24 Nov 2026 21:00:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Tue, 24 Nov 2026 21:00:05 GMT", now),
            Some(5000)
        );
        assert_eq!(
            parse_retry_after("Tue, 24 Nov 2026 20:00:00 GMT", now),
            Some(0),
            "a past date means now"
        );
        for bad in [
            "",
            "soon",
            "-1",
            "1.5",
            "Tue, 24 Foo 2026 21:00:05 GMT",
            "Tue, 24 Nov 2026 25:00:05 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
