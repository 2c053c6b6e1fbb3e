//! The proxy's limits on request bodies, pure: the size of one body, the bytes of all bodies being
//! read at once, and how long one body may take. The wasm layer keeps arriving chunks as JS bytes
//! (outside the wasm memory, which never shrinks) and asks these rules after each chunk; only a
//! complete body enters the engine.

use crate::codes::Code;
use crate::json::write_u64;
use crate::proxy::refusal::{refusal, Refusal};

/// Default `maxBodyBytes`: a request is a few kilobytes at most.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// Default `maxInFlightBytes`: the request bodies one handler holds at once, across all requests.
pub const DEFAULT_MAX_IN_FLIGHT_BYTES: usize = 64 << 20;
/// Default `bodyTimeoutMs`: how long one body may take to arrive.
pub const DEFAULT_BODY_TIMEOUT_MS: u64 = 10_000;
/// The `Retry-After` (seconds) of a 503 sent while the bodies being read fill the budget.
pub const BUSY_RETRY_AFTER_SECONDS: u64 = 1;

/// What one read of a request body resolved with: the number src/js/proxy-io.js `readChunk`
/// returns, which proxy-io.js names `CHUNK_READ` (tests/js/wire-protocols.test.mjs ties the two).
pub mod chunk_read {
    /// A chunk of n bytes arrived: `CHUNK + n` (never `END`, even for an empty chunk).
    pub const CHUNK: f64 = 1.0;
    /// The body has ended.
    pub const END: f64 = 0.0;
    /// The deadline passed first.
    pub const TOO_SLOW: f64 = -1.0;
    /// The read failed or gave something that is not bytes.
    pub const FAILED: f64 = -2.0;
}

/// The limits of one handler (its options, or the defaults above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    /// The largest body accepted (`maxBodyBytes`); larger is 413.
    pub max_body_bytes: usize,
    /// The body bytes held across all requests at once (`maxInFlightBytes`); more is 503.
    pub max_in_flight_bytes: usize,
    /// How long one body may take to arrive (`bodyTimeoutMs`); longer is 408.
    pub body_timeout_ms: u64,
}

impl Default for BodyLimits {
    fn default() -> Self {
        BodyLimits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_in_flight_bytes: DEFAULT_MAX_IN_FLIGHT_BYTES,
            body_timeout_ms: DEFAULT_BODY_TIMEOUT_MS,
        }
    }
}

/// Why a body was not read to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRefusal {
    /// Over `max_body_bytes` (413).
    TooLarge,
    /// The bodies being read would pass `max_in_flight_bytes` (503, with `Retry-After`).
    Busy,
    /// Not complete within `body_timeout_ms` (408).
    TooSlow,
    /// The stream failed (the client went away, or it is not a byte stream): 400.
    Unreadable,
    /// Not sent as `application/json` (415): a form or `text/plain` body is what a cross-site
    /// `<form>` can send without a preflight, so it must never be forwarded and paid.
    NotJson,
}

impl BodyRefusal {
    /// The reply, with a message built from the limit that was hit.
    pub fn refusal(self, limits: &BodyLimits) -> Refusal {
        match self {
            BodyRefusal::TooLarge => {
                let size = size_text(limits.max_body_bytes as u64);
                refusal(
                    413,
                    Code::InvalidField,
                    "The request body is larger than {}.",
                    &[&size],
                )
            }
            BodyRefusal::Busy => {
                let size = size_text(limits.max_in_flight_bytes as u64);
                refusal(
                    503,
                    Code::RateLimited,
                    "The server is reading too many request bodies ({} at once); try again shortly.",
                    &[&size],
                )
            }
            BodyRefusal::TooSlow => {
                let ms = crate::json::u64_text(limits.body_timeout_ms);
                refusal(
                    408,
                    Code::Timeout,
                    "The request body did not arrive within {} ms.",
                    &[&ms],
                )
            }
            BodyRefusal::Unreadable => refusal(
                400,
                Code::InvalidField,
                "The request body could not be read.",
                &[],
            ),
            BodyRefusal::NotJson => refusal(
                415,
                Code::HttpError,
                "A generate request must be sent with Content-Type: application/json.",
                &[],
            ),
        }
    }

    /// The `Retry-After` seconds that go with the reply, if any.
    pub fn retry_after(self) -> Option<u64> {
        (self == BodyRefusal::Busy).then_some(BUSY_RETRY_AFTER_SECONDS)
    }
}

/// Bytes of request bodies held right now by one handler, across all its requests.
#[derive(Debug, Default)]
pub struct InFlight {
    held: usize,
}

impl InFlight {
    /// The bytes held now.
    pub fn held(&self) -> usize {
        self.held
    }

    /// Gives back what a body held (read to its end, refused, or abandoned).
    pub fn release(&mut self, bytes: usize) {
        self.held = self.held.saturating_sub(bytes);
    }
}

/// Counts one chunk of a body that already holds `*body_bytes`: refused when the body would pass
/// its own limit or the handler's budget; otherwise both counts grow.
pub fn accept_chunk(
    body_bytes: &mut usize,
    chunk: usize,
    limits: &BodyLimits,
    in_flight: &mut InFlight,
) -> Result<(), BodyRefusal> {
    let body = body_bytes.saturating_add(chunk);
    if body > limits.max_body_bytes {
        return Err(BodyRefusal::TooLarge);
    }
    let total = in_flight.held.saturating_add(chunk);
    if total > limits.max_in_flight_bytes {
        return Err(BodyRefusal::Busy);
    }
    *body_bytes = body;
    in_flight.held = total;
    Ok(())
}

/// Whether a `Content-Type` header names JSON: `application/json` in any letter case, with or
/// without parameters (`; charset=utf-8`). Anything else, or none, is [`BodyRefusal::NotJson`].
pub fn is_json_content_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|value| {
        let media_type = &value[..crate::search::find_byte(value, b';').unwrap_or(value.len())];
        media_type
            .trim_matches(|c| c == ' ' || c == '\t')
            .eq_ignore_ascii_case("application/json")
    })
}

/// Whether a `Content-Length` header already says the body is over the limit (refused unread).
pub fn declared_too_large(content_length: Option<&str>, limits: &BodyLimits) -> bool {
    content_length
        .and_then(|d| d.trim().parse::<u64>().ok())
        .is_some_and(|n| n > limits.max_body_bytes as u64)
}

/// A byte count for messages: `1 MiB`, `64 KiB`, or `1000 bytes`.
pub fn size_text(bytes: u64) -> String {
    let mut out = String::new();
    write_size(&mut out, bytes);
    out
}

/// Writes [`size_text`] into `out`.
pub fn write_size(out: &mut String, bytes: u64) {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    let (n, unit) = match bytes {
        0 => (0, " bytes"),
        b if b % MIB == 0 => (b / MIB, " MiB"),
        b if b % KIB == 0 => (b / KIB, " KiB"),
        b => (b, " bytes"),
    };
    write_u64(out, n);
    out.push_str(unit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(bytes: u64) -> String {
        let mut out = String::new();
        write_size(&mut out, bytes);
        out
    }

    #[test]
    fn only_json_content_types_are_read() {
        for json in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            " application/json ;charset=UTF-8",
            "application/json;",
        ] {
            assert!(is_json_content_type(Some(json)), "{json}");
        }
        for other in [
            "",
            "text/plain",
            "text/plain; application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "application/json-patch+json",
            "application/ json",
        ] {
            assert!(!is_json_content_type(Some(other)), "{other}");
        }
        assert!(!is_json_content_type(None));
        assert_eq!(
            BodyRefusal::NotJson.refusal(&BodyLimits::default()).status,
            415
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(DEFAULT_MAX_BODY_BYTES as u64), "1 MiB");
        assert_eq!(size(DEFAULT_MAX_IN_FLIGHT_BYTES as u64), "64 MiB");
        assert_eq!(size(2048), "2 KiB");
        assert_eq!(size(1000), "1000 bytes");
        assert_eq!(size(0), "0 bytes");
    }

    #[test]
    fn one_body_is_refused_past_its_limit_and_holds_nothing_more() {
        let limits = BodyLimits {
            max_body_bytes: 10,
            ..BodyLimits::default()
        };
        let mut in_flight = InFlight::default();
        let mut body = 0;
        assert_eq!(accept_chunk(&mut body, 6, &limits, &mut in_flight), Ok(()));
        assert_eq!(accept_chunk(&mut body, 4, &limits, &mut in_flight), Ok(()));
        assert_eq!(
            accept_chunk(&mut body, 1, &limits, &mut in_flight),
            Err(BodyRefusal::TooLarge)
        );
        assert_eq!((body, in_flight.held()), (10, 10));
        in_flight.release(body);
        assert_eq!(in_flight.held(), 0);
    }

    #[test]
    fn bodies_together_are_refused_past_the_budget() {
        let limits = BodyLimits {
            max_body_bytes: 10,
            max_in_flight_bytes: 15,
            ..BodyLimits::default()
        };
        let mut in_flight = InFlight::default();
        let (mut a, mut b) = (0, 0);
        assert_eq!(accept_chunk(&mut a, 10, &limits, &mut in_flight), Ok(()));
        assert_eq!(accept_chunk(&mut b, 5, &limits, &mut in_flight), Ok(()));
        assert_eq!(
            accept_chunk(&mut b, 1, &limits, &mut in_flight),
            Err(BodyRefusal::Busy)
        );
        in_flight.release(a);
        assert_eq!(accept_chunk(&mut b, 1, &limits, &mut in_flight), Ok(()));
        assert_eq!(in_flight.held(), 6);
        in_flight.release(usize::MAX);
        assert_eq!(in_flight.held(), 0);
    }

    #[test]
    fn refusals_carry_their_status_code_and_limit() {
        let limits = BodyLimits::default();
        let cases = [
            (BodyRefusal::TooLarge, 413, "INVALID_FIELD", "1 MiB"),
            (BodyRefusal::Busy, 503, "RATE_LIMITED", "64 MiB"),
            (BodyRefusal::TooSlow, 408, "TIMEOUT", "10000 ms"),
            (
                BodyRefusal::Unreadable,
                400,
                "INVALID_FIELD",
                "could not be read",
            ),
        ];
        for (why, status, code, text) in cases {
            let r = why.refusal(&limits);
            assert_eq!(r.status, status);
            assert!(r.body.contains(code), "{}", r.body);
            assert!(r.body.contains(text), "{}", r.body);
        }
        assert_eq!(
            BodyRefusal::Busy.retry_after(),
            Some(BUSY_RETRY_AFTER_SECONDS)
        );
        assert_eq!(BodyRefusal::TooLarge.retry_after(), None);
    }

    #[test]
    fn declared_lengths() {
        let limits = BodyLimits::default();
        assert!(declared_too_large(Some("1048577"), &limits));
        assert!(!declared_too_large(Some(" 1048576 "), &limits));
        assert!(!declared_too_large(Some("nonsense"), &limits));
        assert!(!declared_too_large(None, &limits));
    }
}
