//! The server-side proxy's decisions, pure: which route a request takes, and whether a generate
//! body may go upstream (valid, within budget, an allowed model) or is answered here with the
//! API's own error envelope. The fetch-facing handler is in `wasm::proxy`.

use crate::client::request::{Failure, Reply};
use crate::codes::Code;
use crate::json::{ObjectWriter, Value};
use crate::search::{self, find_byte};
use crate::text::{fill, word_list};
use crate::validate::{self, write_issues, Issue, Options};

pub mod origin;
pub mod spend;
mod upstream;
pub use upstream::{passed_headers, redacted_body, REDACTED};

/// What the proxy does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST .../generate`: checked, then sent upstream or refused.
    Generate,
    /// `GET .../status`: passed upstream as it is.
    Status,
    /// A known path with the wrong method.
    WrongMethod,
    /// Any other path.
    NotFound,
}

/// A request URL split into its path (without origin) and its query (without `?`): routing needs
/// only these. Takes anything: an absolute URL, an origin-form target, or text that is neither.
pub fn split_target(url: &str) -> (&str, &str) {
    let url = &url[..find_byte(url, b'#').unwrap_or(url.len())];
    let (path, query) = match find_byte(url, b'?') {
        Some(i) => (&url[..i], &url[i + 1..]),
        None => (url, ""),
    };
    let path = match search::find(path, "://") {
        Some(i) => {
            let rest = &path[i + 3..];
            find_byte(rest, b'/').map_or("/", |i| &rest[i..])
        }
        None => path,
    };
    (path, query)
}

/// Routes by the end of the path, so the handler works under any mount path (`/api/seedance/v2/...`).
pub fn route(method: &str, path: &str) -> Route {
    let path = path.trim_end_matches('/');
    let (is_generate, is_status) = (path.ends_with("/generate"), path.ends_with("/status"));
    match (method.to_ascii_uppercase().as_str(), is_generate, is_status) {
        ("POST", true, _) => Route::Generate,
        ("GET", _, true) => Route::Status,
        (_, true, _) | (_, _, true) => Route::WrongMethod,
        _ => Route::NotFound,
    }
}

/// A reply the proxy gives itself: HTTP status and the API's error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status of the reply.
    pub status: u16,
    /// The JSON body of the reply.
    pub body: String,
}

/// The API's error envelope: `{code, message, error: {code, message, issues?}, data: null}`.
pub fn error_envelope(status: u16, code: &str, message: &str, issues: Option<&[Issue]>) -> String {
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.uint("code", status.into())
        .str("message", message)
        .key("error");
    let mut inner = ObjectWriter::new(w.out);
    inner.str("code", code).str("message", message);
    if let Some(issues) = issues {
        inner.key("issues");
        write_issues(inner.out, issues);
    }
    inner.end();
    w.raw("data", "null");
    w.end();
    out
}

/// A reply with the API's error envelope for `code` (see [`error_envelope`]).
pub fn refusal(status: u16, code: Code, template: &str, args: &[&str]) -> Refusal {
    Refusal {
        status,
        body: error_envelope(status, code.as_str(), &fill(template, args), None),
    }
}

/// What the proxy enforces on every generate request.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Refuse requests priced above this many credits (`BUDGET_EXCEEDED`).
    pub max_credits: Option<u32>,
    /// Models callers may use; empty means all.
    pub models: Vec<String>,
    /// Whether fields the engine does not know go upstream as they are (`forwardUnknownFields`).
    /// Off by default: a field nobody priced or checked could change what the service does.
    pub forward_unknown_fields: bool,
}

/// A generate body that may go upstream: the normalised request and its price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The JSON to send upstream.
    pub body: String,
    /// The estimate in credits, which a quota reserves (0 if it could not be priced, which the
    /// checks rule out for a request without errors).
    pub credits: u32,
}

/// Checks a generate body; the normalised request to send upstream, or the refusal to answer.
pub fn check_generate(body: &[u8], policy: &Policy) -> Result<String, Refusal> {
    check_priced(body, policy).map(|checked| checked.body)
}

/// [`check_generate`] with the price of what goes upstream.
pub fn check_priced(body: &[u8], policy: &Policy) -> Result<Checked, Refusal> {
    let text = core::str::from_utf8(body)
        .map_err(|_| refusal(400, Code::InvalidField, "The body is not UTF-8 text.", &[]))?;
    let report = validate::validate_json(
        text,
        &Options {
            max_credits: policy.max_credits,
            model_override: None,
        },
    );
    if let Some(model) = report
        .model
        .filter(|m| !policy.models.is_empty() && !policy.models.iter().any(|a| a == m.id))
    {
        return Err(refusal(
            403,
            Code::InvalidModel,
            "The model {} is not allowed here; allowed: {}.",
            &[model.id, &word_list(&policy.models)],
        ));
    }
    let credits = report.estimate.as_ref().map_or(0, |e| e.credits);
    let priced = |body| Checked { body, credits };
    match (report.request, report.errors.first()) {
        (Some(Value::Object(mut members)), None) if !policy.forward_unknown_fields => {
            // Every other member of a valid request is an UNKNOWN_FIELD: nobody checked it.
            members.retain(|(key, _)| validate::is_known_field(key));
            Ok(priced(Value::Object(members).to_json()))
        }
        (Some(request), None) => Ok(priced(request.to_json())),
        (_, Some(first)) => {
            let only_budget = report.errors.iter().all(|i| i.code == Code::BudgetExceeded);
            let status = if only_budget { 402 } else { 400 };
            Err(Refusal {
                status,
                body: error_envelope(
                    status,
                    first.code.as_str(),
                    &first.message,
                    Some(&report.errors),
                ),
            })
        }
        (None, None) => Err(refusal(
            400,
            Code::InvalidField,
            "The request could not be checked.",
            &[],
        )),
    }
}

/// The `task_id` of a status query string (`?task_id=...`), decoded.
pub fn task_id_from_query(query: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut rest = query;
    let raw = loop {
        let end = find_byte(rest, b'&').unwrap_or(rest.len());
        if let Some(value) = rest[..end].strip_prefix("task_id=") {
            break value;
        }
        rest = rest.get(end + 1..)?;
    };
    let decoded = percent_decode(raw)?;
    Some(decoded).filter(|id| !id.trim().is_empty())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
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
            let size = crate::body_limits::size_text(max_reply_bytes as u64);
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

    #[test]
    fn routes_under_any_mount_path() {
        assert_eq!(route("POST", "/v2/generate"), Route::Generate);
        assert_eq!(route("post", "/api/seedance/v2/generate/"), Route::Generate);
        assert_eq!(route("GET", "/x/status"), Route::Status);
        assert_eq!(route("GET", "/v2/generate"), Route::WrongMethod);
        assert_eq!(route("DELETE", "/v2/status"), Route::WrongMethod);
        assert_eq!(route("GET", "/v2/other"), Route::NotFound);
        assert_eq!(route("GET", "/v2/generated"), Route::NotFound);
    }

    #[test]
    fn targets_split_into_path_and_query() {
        assert_eq!(
            split_target("/v2/status?task_id=a"),
            ("/v2/status", "task_id=a")
        );
        assert_eq!(split_target("https://h:1/x/generate"), ("/x/generate", ""));
        assert_eq!(split_target("http://h"), ("/", ""));
        assert_eq!(split_target("http://h?q#f"), ("/", "q"));
        assert_eq!(split_target("/a#frag?not-query"), ("/a", ""));
        assert_eq!(split_target("//[::1/v2/status"), ("//[::1/v2/status", ""));
        assert_eq!(split_target(""), ("", ""));
    }

    #[test]
    fn unknown_fields_stay_here_unless_allowed() {
        let body = br#"{"prompt":"p","DURATION":15,"seed":7}"#;
        let sent = check_generate(body, &Policy::default());
        // Today's validator warns about both; a stricter one refuses DURATION: neither goes up.
        if let Ok(sent) = sent {
            assert!(
                !sent.contains("DURATION") && !sent.contains(r#""seed""#),
                "{sent}"
            );
        }
        let open = Policy {
            forward_unknown_fields: true,
            ..Policy::default()
        };
        let sent = check_generate(br#"{"prompt":"p","seed":7}"#, &open).unwrap();
        assert!(sent.contains(r#""seed":7"#), "{sent}");
        let closed = check_generate(br#"{"prompt":"p","seed":7}"#, &Policy::default()).unwrap();
        assert!(!closed.contains(r#""seed""#), "{closed}");
    }

    #[test]
    fn valid_requests_go_upstream_normalised() {
        let body = check_generate(br#"{"prompt":"p","duration":10}"#, &Policy::default()).unwrap();
        assert_eq!(
            body,
            r#"{"model":"seedance-2.0","prompt":"p","duration":10,"resolution":"720p","aspect_ratio":"16:9"}"#
        );
    }

    #[test]
    fn refusals_use_the_api_envelope() {
        let r = check_generate(br#"{"prompt":"","duration":7}"#, &Policy::default()).unwrap_err();
        assert_eq!(r.status, 400);
        let v = crate::json::parse(&r.body).unwrap();
        assert_eq!(v.get("code").and_then(Value::as_i64), Some(400));
        assert_eq!(
            v.get("error")
                .and_then(|e| e.get("code"))
                .and_then(Value::as_str),
            Some("INVALID_PROMPT")
        );
        assert_eq!(v.get("data"), Some(&Value::Null));

        let budget = Policy {
            max_credits: Some(300),
            ..Policy::default()
        };
        let r = check_generate(br#"{"prompt":"p","duration":10}"#, &budget).unwrap_err();
        assert_eq!(r.status, 402);
        assert!(r.body.contains("BUDGET_EXCEEDED"));

        let mini_only = Policy {
            models: vec!["seedance-2-mini".into()],
            ..Policy::default()
        };
        let r = check_generate(br#"{"prompt":"p"}"#, &mini_only).unwrap_err();
        assert_eq!(r.status, 403);
        assert!(r.body.contains("INVALID_MODEL"));
        assert!(check_generate(br#"{"prompt":"p","model":"seedance-2-mini"}"#, &mini_only).is_ok());

        assert_eq!(
            check_generate(b"\xff\xfe", &Policy::default())
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            check_generate(b"not json", &Policy::default())
                .unwrap_err()
                .status,
            400
        );
    }

    #[test]
    fn task_ids_from_queries() {
        assert_eq!(task_id_from_query("?task_id=n90a"), Some("n90a".into()));
        assert_eq!(
            task_id_from_query("a=1&task_id=a%20b%2Fc"),
            Some("a b/c".into())
        );
        assert_eq!(task_id_from_query("?task_id="), None);
        assert_eq!(task_id_from_query("?task_id=%zz"), None);
        assert_eq!(task_id_from_query("?id=1"), None);
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
