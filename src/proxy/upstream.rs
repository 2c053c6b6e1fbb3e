//! What of an upstream reply reaches the caller, so that the server's key never comes back in any
//! spelling: the body as this engine writes it again after JSON decoding, with the key removed
//! from every decoded string (an upstream may echo it as `\u0073k-…`, with `\/` or `\u0026`,
//! which a text search misses and the caller's `JSON.parse` decodes), and only the headers of a
//! short allow-list, each with a value of a fixed shape.

use crate::client::policy::parse_http_date;
use crate::client::request::{Failure, Reply};
use crate::codes::Code;
use crate::json::{self, Value};
use crate::proxy::body_limits::size_text;
use crate::proxy::refusal::{refusal, Refusal};
use crate::search;

/// What stands where the key was.
pub const REDACTED: &str = "[redacted]";

/// Shortest key that is searched for: a shorter one would redact ordinary words.
const MIN_KEY_LEN: usize = 4;

/// `text` without `key`, when it holds it.
fn without_key(text: &mut String, key: &str) {
    if let Some(redacted) = search::replace(text, key, REDACTED) {
        *text = redacted;
    }
}

/// Removes `key` from every string, member name and number of `value`.
fn redact_value(value: &mut Value, key: &str) {
    match value {
        Value::String(text) => without_key(text, key),
        // A number's source text could only hold an all-digit key; it becomes the marker.
        Value::Number(text) if search::find(text, key).is_some() => {
            *value = Value::String(REDACTED.to_owned());
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact_value(item, key)),
        Value::Object(members) => {
            for (name, item) in members {
                without_key(name, key);
                redact_value(item, key);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The JSON text to pass on for an upstream body: the object it decodes to, with `api_key` taken
/// out of every decoded string and written again by this engine (so no escape can spell the key).
/// `None` when the body is not a JSON object, or when the key would still show in the text
/// (a key spanning the text between two strings); the caller answers 502 then.
pub fn redacted_body(body: &str, api_key: &str) -> Option<String> {
    let mut value = json::parse(body)
        .ok()
        .filter(|v| matches!(v, Value::Object(_)))?;
    if api_key.len() < MIN_KEY_LEN {
        return Some(value.to_json());
    }
    redact_value(&mut value, api_key);
    let text = value.to_json();
    search::find(&text, api_key).is_none().then_some(text)
}

/// The upstream headers passed on to the caller, as (name, value) pairs: only `Retry-After`, and
/// only as whole seconds or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), so that no other
/// text (`Retry-After: Bearer <key>`) reaches the caller.
pub fn passed_headers(retry_after: Option<&str>) -> Vec<(&'static str, String)> {
    retry_after
        .map(str::trim)
        .filter(|value| is_delay_seconds(value) || is_http_date(value))
        .map(|value| vec![("retry-after", value.to_owned())])
        .unwrap_or_default()
}

/// 1 to 10 ASCII digits (over 300 years: anything longer is not a delay a client should honour).
fn is_delay_seconds(value: &str) -> bool {
    (1..=10).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

/// An IMF-fixdate exactly: its fixed length, a weekday name, and a date [`parse_http_date`] reads.
fn is_http_date(value: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    value.len() == 29
        && value.is_ascii()
        && DAYS.iter().any(|day| value.starts_with(day))
        && value.as_bytes()[3..5] == *b", "
        && parse_http_date(value).is_some()
}

/// An upstream reply passed back to the caller: its status, its body decoded, without the
/// server's key and written again ([`redacted_body`]), and the headers of the allow-list
/// ([`passed_headers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamReply {
    /// The upstream's HTTP status.
    pub status: u16,
    /// The upstream's body (a JSON object), with the key redacted.
    pub body: String,
    /// The upstream headers passed on (`Retry-After`, for the caller's own backoff), validated.
    pub headers: Vec<(&'static str, String)>,
}

/// What the proxy answers after forwarding a request: the upstream reply passed through when its
/// body is JSON (the API's envelope), otherwise a 502 in the API's envelope (an unreachable,
/// silent, aborted or oversized upstream, or one answering something that is not JSON).
pub fn upstream_answer(
    outcome: Result<Reply, Failure>,
    api_key: &str,
    max_reply_bytes: usize,
) -> Result<UpstreamReply, Refusal> {
    let (code, message) = match outcome {
        Ok(reply) => {
            if let Some(body) = redacted_body(&reply.body, api_key) {
                return Ok(UpstreamReply {
                    status: reply.status,
                    body,
                    headers: passed_headers(reply.retry_after.as_deref()),
                });
            }
            let status = crate::json::u64_text(reply.status.into());
            return Err(refusal(
                502,
                Code::HttpError,
                "The upstream API answered HTTP {} with a body that is not JSON.",
                &[&status],
            ));
        }
        Err(Failure::TimedOut) => (Code::Timeout, "The upstream API did not answer in time."),
        Err(Failure::Aborted) => (Code::Aborted, "The request was aborted."),
        Err(Failure::Network(_) | Failure::NotSent(..)) => {
            (Code::NetworkError, "The upstream API could not be reached.")
        }
        Err(Failure::TooLarge { .. }) => {
            let size = size_text(max_reply_bytes as u64);
            return Err(refusal(
                502,
                Code::InvalidResponse,
                "The upstream API's reply is larger than {}; the rest was not read.",
                &[&size],
            ));
        }
    };
    Err(refusal(502, code, message, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-live-Ab12/&<x";

    #[test]
    fn the_key_is_removed_after_decoding_in_every_escape() {
        for body in [
            r#"{"message":"bad key sk-live-Ab12/&<x"}"#,
            r#"{"message":"bad key \u0073\u006b-live-Ab12/&<x"}"#,
            r#"{"message":"bad key sk-live-Ab12\/\u0026\u003cx"}"#,
            r#"{"error":{"detail":["sk-live-Ab12\/&<x"]}}"#,
            r#"{"sk-live-Ab12\/&<x":1}"#,
        ] {
            let passed = redacted_body(body, KEY).unwrap();
            assert!(!passed.contains("sk-live"), "{passed}");
            assert!(passed.contains(REDACTED), "{passed}");
        }
        assert_eq!(
            redacted_body(r#"{ "code" : 401, "n": 1.50e3 }"#, KEY).as_deref(),
            Some(r#"{"code":401,"n":1.50e3}"#)
        );
        assert_eq!(
            redacted_body(r#"{"id":12345678}"#, "12345678").as_deref(),
            Some(r#"{"id":"[redacted]"}"#)
        );
    }

    #[test]
    fn bodies_that_are_not_objects_or_spell_the_key_across_strings_are_not_passed() {
        for body in ["[1]", "\"sk\"", "<html>", "", "{"] {
            assert_eq!(redacted_body(body, KEY), None, "{body}");
        }
        // The key `","` is in the text between two strings, in no decoded string.
        assert_eq!(redacted_body(r#"{"a":"b","c":"d"}"#, "\",\"c"), None);
        assert_eq!(redacted_body("{}", "abc").as_deref(), Some("{}"));
    }

    #[test]
    fn only_a_valid_retry_after_is_passed_on() {
        let passed = |value: &str| passed_headers(Some(value));
        assert_eq!(passed(" 3 "), [("retry-after", "3".to_owned())]);
        let date = "Tue, 24 Nov 2026 21:00:05 GMT";
        assert_eq!(passed(date), [("retry-after", date.to_owned())]);
        for bad in [
            "",
            "-1",
            "1.5",
            "12345678901",
            "Bearer sk-live-Ab12",
            "Bearer sk-live-Ab12, 24 Nov 2026 21:00:05 GMT",
            "Tue, 24 Nov 2026 21:00:05 GMT\r\nX: y",
            "Tue, 31 Fooo 2026 21:00:05 GMT",
            "Xyz, 24 Nov 2026 21:00:05 GMT",
        ] {
            assert!(passed(bad).is_empty(), "{bad:?}");
        }
        assert!(passed_headers(None).is_empty());
    }

    fn reply(status: u16, body: &str) -> Result<Reply, Failure> {
        Ok(Reply {
            status,
            retry_after: Some("3".into()),
            body: body.into(),
        })
    }

    #[test]
    fn upstream_json_passes_through_without_the_key() {
        let passed = upstream_answer(
            reply(429, r#"{"code":429,"message":"slow sk-key-1"}"#),
            "sk-key-1",
            10,
        );
        assert_eq!(
            passed,
            Ok(UpstreamReply {
                status: 429,
                body: r#"{"code":429,"message":"slow [redacted]"}"#.into(),
                headers: vec![("retry-after", "3".into())],
            })
        );
    }

    #[test]
    fn anything_else_from_upstream_is_a_502_in_the_envelope() {
        let cases = [
            (
                reply(200, "<html>"),
                "HTTP_ERROR",
                "HTTP 200 with a body that is not JSON",
            ),
            (reply(200, "[1]"), "HTTP_ERROR", "not JSON"),
            (Err(Failure::TimedOut), "TIMEOUT", "did not answer in time"),
            (Err(Failure::Aborted), "ABORTED", "aborted"),
            (
                Err(Failure::Network("sk-key-1 refused".into())),
                "NETWORK_ERROR",
                "could not be reached",
            ),
            (
                Err(Failure::TooLarge { status: 200 }),
                "INVALID_RESPONSE",
                "larger than 1 KiB",
            ),
        ];
        for (outcome, code, words) in cases {
            let refused = upstream_answer(outcome, "sk-key-1", 1024).unwrap_err();
            assert_eq!(refused.status, 502);
            let v = crate::json::parse(&refused.body).unwrap();
            let error = v.get("error").unwrap();
            assert_eq!(error.get("code").and_then(Value::as_str), Some(code));
            let message = error.get("message").and_then(Value::as_str).unwrap();
            assert!(message.contains(words), "{message}");
            assert!(!refused.body.contains("sk-key-1"));
        }
    }
}
