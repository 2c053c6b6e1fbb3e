//! Reading the API's replies: the `{code, message, data}` envelope, error codes, task creation and
//! task status, tolerant of the quirks other clients have seen (see the API spec's "observed"
//! section). Never panics; anything unreadable becomes `INVALID_RESPONSE` with the HTTP status.

use super::error::ClientError;
use super::policy::{self, Attempt, RequestKind};
use crate::codes::Code;
use crate::json::{self, ObjectWriter, Value};
use crate::text::{fill, phrase, tagged};

/// The normalised state of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum TaskState {
    /// Queued or running: a wait goes on.
    InProgress,
    /// Finished with videos.
    Success,
    /// Finished without videos; `error_message` says why.
    Failed,
}

impl TaskState {
    /// The state as JavaScript sees it in `TaskStatus.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::InProgress => "IN_PROGRESS",
            TaskState::Success => "SUCCESS",
            TaskState::Failed => "FAILED",
        }
    }
}

/// A task status, normalised like the `TaskStatus` of the JavaScript contract.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TaskStatus {
    /// The task's id.
    pub task_id: String,
    /// The normalised state.
    #[cfg_attr(feature = "serde", serde(rename = "status"))]
    pub state: TaskState,
    /// The status exactly as the server wrote it (`"QUEUED"`, `"success"`, `"1"`).
    pub raw_status: String,
    /// The video URLs, once it succeeded.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::serde_shapes::http_urls")
    )]
    pub videos: Vec<String>,
    /// The server's reason, once it failed.
    pub error_message: Option<String>,
    /// Credits charged, when the server said so as a non-negative integer in any JSON spelling
    /// (`240`, `240.0`, `2.4e2`).
    pub consumed_credits: Option<u64>,
    /// The server's `consumed_credits` as JSON text when it sent one that is not a non-negative
    /// integer (`-5`, `2.5`, `"240"`): a charge is never dropped without a trace.
    #[cfg_attr(feature = "serde", serde(default))]
    pub raw_consumed_credits: Option<String>,
    /// When the task was created, as the server wrote it.
    pub created_at: Option<String>,
    /// The request as the server recorded it.
    pub request: Option<Value>,
}

/// Reads a status value: the three documented ones in any case, the spellings of sibling APIs,
/// and the integers 0/1/-1. Anything else is a non-final state, so a wait goes on (to its deadline).
pub fn task_state(raw: &Value) -> TaskState {
    match raw {
        Value::Number(_) => match raw.as_i64() {
            Some(1) => TaskState::Success,
            Some(-1) => TaskState::Failed,
            _ => TaskState::InProgress,
        },
        Value::String(s) => {
            let upper = s.trim().to_ascii_uppercase();
            match upper.as_str() {
                "SUCCESS" | "SUCCEEDED" | "COMPLETED" | "COMPLETE" | "DONE" => TaskState::Success,
                "FAILED" | "FAILURE" | "FAIL" | "ERROR" | "CANCELLED" | "CANCELED" => {
                    TaskState::Failed
                }
                _ => TaskState::InProgress,
            }
        }
        _ => TaskState::InProgress,
    }
}

/// The HTTP statuses whose meaning the API documents, and what a bare status means.
pub fn code_for_status(status: u16) -> Code {
    match status {
        401 => Code::InvalidApiKey,
        402 => Code::InsufficientCredits,
        404 => Code::TaskNotFound,
        429 => Code::RateLimited,
        500 => Code::InternalError,
        _ => Code::HttpError,
    }
}

/// The error code an error body names, wherever it puts it.
fn named_code(body: &Value) -> Option<Code> {
    let candidates = [
        body.get("error").and_then(|e| e.get("code")),
        body.get("error"),
        body.get("code"),
        body.get("error_code"),
        body.get("data").and_then(|d| d.get("code")),
        body.get("data").and_then(|d| d.get("error_code")),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(Code::from_server)
}

/// Whether a reply is a proxy's refusal for spending (`QUOTA_EXCEEDED` or `QUOTA_UNAVAILABLE`):
/// final for a generate, which is never sent again for it, whatever its status.
pub fn is_quota_refusal(body: &str) -> bool {
    json::parse(body).is_ok_and(|v| {
        matches!(
            named_code(&v),
            Some(Code::QuotaExceeded | Code::QuotaUnavailable)
        )
    })
}

/// The server's own sentence about an error, if it wrote one.
fn server_message(body: &Value) -> Option<&str> {
    let candidates = [
        body.get("error").and_then(|e| e.get("message")),
        body.get("message"),
        body.get("data").and_then(|d| d.get("error_message")),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|m| !m.trim().is_empty())
}

/// Builds the error for a reply that is an error, with the code from the body when it names one,
/// else from the envelope's numeric code, else from the HTTP status.
fn error_reply(http_status: u16, body: Option<&Value>) -> ClientError {
    let envelope_status = body
        .and_then(|b| b.get("code"))
        .and_then(Value::as_i64)
        .and_then(|c| u16::try_from(c).ok());
    let code = body
        .and_then(named_code)
        .or_else(|| {
            envelope_status
                .filter(|s| *s >= 400)
                .map(code_for_status)
                .filter(|c| *c != Code::HttpError)
        })
        .unwrap_or_else(|| code_for_status(http_status));
    let body_code = envelope_status
        .filter(|s| *s != http_status)
        .map(|s| fill(" (body code {})", &[&json::u64_text(s.into())]))
        .unwrap_or_default();
    let said = body.and_then(server_message).map(str::trim);
    let ending = match said {
        Some(text) => fill(": {}", &[text]),
        None if body.is_none() => fill(" and a body that is not JSON", &[]),
        None => String::new(),
    };
    let mut message = fill(
        "The API answered HTTP {}{} with {}{}.",
        &[
            &json::u64_text(http_status.into()),
            &body_code,
            code.as_str(),
            &ending,
        ],
    );
    // A server's sentence usually ends with its own full stop (the Chinese module does the same).
    if !tagged() && said.is_some_and(|t| t.ends_with(['.', '!', '?', '。'])) {
        message.pop();
    }
    ClientError::new(code, message).with_status(http_status)
}

fn invalid(http_status: u16, what: &str) -> ClientError {
    ClientError::say(
        Code::InvalidResponse,
        "The API's reply could not be read: {}.",
        &[&phrase(what)],
    )
    .with_status(http_status)
}

/// A reply whose body passed the `maxReplyBytes` cap: the rest of it was not read. Real replies
/// are a few hundred bytes, so this is a broken or hostile server.
pub fn reply_too_large(http_status: u16) -> ClientError {
    ClientError::say(
        Code::InvalidResponse,
        "The API's reply was larger than maxReplyBytes; the rest was not read.",
        &[],
    )
    .with_status(http_status)
}

/// Unwraps a reply's envelope: the `data` object of a success, or the error it reports (also a
/// body code other than 200 under HTTP 200).
pub fn parse_envelope(http_status: u16, body: &str) -> Result<Value, ClientError> {
    let parsed = json::parse(body)
        .ok()
        .filter(|v| matches!(v, Value::Object(_)));
    let ok_http = (200..300).contains(&http_status);
    let Some(envelope) = parsed else {
        return Err(if ok_http {
            invalid(http_status, "the body is not a JSON object")
        } else {
            error_reply(http_status, None)
        });
    };
    let body_code = envelope.get("code");
    let body_ok = match body_code {
        None => true,
        Some(code) => {
            code.as_i64().is_some_and(|c| (200..300).contains(&c)) || code.as_str() == Some("200")
        }
    };
    if !ok_http || !body_ok {
        return Err(error_reply(http_status, Some(&envelope)));
    }
    match envelope.get("data") {
        Some(data @ Value::Object(_)) => Ok(data.clone()),
        _ => Err(invalid(http_status, "it has no \"data\" object")),
    }
}

/// An id as text: the API writes strings; numbers are accepted as their digits.
fn id_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

/// `consumed_credits` as read: the integer it spells (any JSON spelling), else, when a value other
/// than `null` was sent, its JSON text for `raw_consumed_credits`.
fn credits(value: Option<&Value>) -> (Option<u64>, Option<String>) {
    match value {
        None | Some(Value::Null) => (None, None),
        Some(Value::Number(text)) if json::exact_u64(text).is_some() => {
            (json::exact_u64(text), None)
        }
        Some(other) => (None, Some(other.to_json())),
    }
}

/// Writes `consumed_credits` and `raw_consumed_credits` (see [`credits`]).
fn write_credits(w: &mut ObjectWriter, (credits, raw): (Option<u64>, Option<&str>)) {
    match credits {
        Some(c) => w.uint("consumed_credits", c),
        None => w.raw("consumed_credits", "null"),
    };
    w.opt_str("raw_consumed_credits", raw);
}

/// A reply to `POST /generate` that created a task: its `data` and the task's id.
fn created(http_status: u16, body: &str) -> Result<(Value, String), ClientError> {
    let data = parse_envelope(http_status, body)?;
    let task_id =
        id_text(data.get("task_id")).ok_or_else(|| invalid(http_status, "it has no task_id"))?;
    Ok((data, task_id))
}

/// The created task's id and `consumed_credits` from a reply to `POST /generate` (the proxy
/// settles its reservation with them), or the error the reply reports.
pub fn task_created(http_status: u16, body: &str) -> Result<(String, Option<u64>), ClientError> {
    let (data, task_id) = created(http_status, body)?;
    // Unreadable credits settle at the estimate (the reservation stays as it is).
    Ok((task_id, credits(data.get("consumed_credits")).0))
}

/// The reply to `POST /generate`, as the `TaskCreated` JSON of the contract.
pub fn parse_task_created(http_status: u16, body: &str) -> Result<String, ClientError> {
    let (data, task_id) = created(http_status, body)?;
    let status = data
        .get("status")
        .map(task_state)
        .unwrap_or(TaskState::InProgress);
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.str("task_id", &task_id).str("status", status.as_str());
    let (consumed, raw) = credits(data.get("consumed_credits"));
    write_credits(&mut w, (consumed, raw.as_deref()));
    w.end();
    Ok(out)
}

/// Whether a result URL may be handed to an app: an absolute `http://` or `https://` URL with a
/// host, and no ASCII white space, control or `\` (which a browser would strip or reinterpret).
/// An app puts it in `<video src>` or `<a href>`, so `javascript:`, `data:`, `vbscript:`, `file:`
/// and protocol-relative `//host/` URLs from a hostile server must never get through. The host
/// may be any host: unlike the URLs the service fetches, a result may live on a private CDN.
pub fn is_http_url(url: &str) -> bool {
    // Bytes, not chars: the checks are all ASCII, and this stays small in the wasm.
    let bytes = url.as_bytes();
    let after = |scheme: &[u8]| {
        bytes
            .get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &bytes[scheme.len()..])
    };
    let Some(rest) = after(b"https://").or_else(|| after(b"http://")) else {
        return false;
    };
    if bytes.iter().any(|&b| b <= b' ' || b == 0x7f || b == b'\\') {
        return false;
    }
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    host.first().is_some_and(|&b| b != b':')
}

const NO_VIDEO: &str = "it reports SUCCESS but names no http(s) video URL";

/// The result URLs, whether written as an array, a JSON-encoded array or one bare URL; only the
/// http(s) ones (see `is_http_url`) are kept.
fn videos(response: Option<&Value>) -> Vec<String> {
    let strings = |items: &[Value]| {
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let all: Vec<String> = match response {
        Some(Value::Array(items)) => strings(items),
        Some(Value::String(s)) => {
            let trimmed = s.trim();
            match json::parse(trimmed) {
                Ok(Value::Array(items)) => strings(&items),
                Ok(Value::String(one)) if !one.is_empty() => vec![one],
                _ if trimmed.is_empty() => Vec::new(),
                _ => vec![trimmed.to_owned()],
            }
        }
        _ => Vec::new(),
    };
    all.into_iter().filter(|url| is_http_url(url)).collect()
}

/// A status `data` object (from `GET /status` or a callback body) as a `TaskStatus`.
/// `fallback_id` is the id that was asked for, used when the data leaves it out.
///
/// A `SUCCESS` that names no usable (http(s)) video is refused as unreadable: the task is done and
/// paid, but a caller given `videos: []` would fail later with no clue, while the error carries
/// the task id so the task can be looked at again.
pub fn status_from_data(
    data: &Value,
    fallback_id: Option<&str>,
) -> Result<TaskStatus, &'static str> {
    if !matches!(data, Value::Object(_)) {
        return Err("the status is not an object");
    }
    let task_id = id_text(data.get("task_id"))
        .or_else(|| fallback_id.map(str::to_owned))
        .ok_or("it has no task_id")?;
    let raw = data.get("status").ok_or("it has no status")?;
    let raw_status = match raw {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.clone(),
        _ => return Err("its status is neither text nor a number"),
    };
    let state = task_state(raw);
    let videos = videos(data.get("response"));
    if state == TaskState::Success && videos.is_empty() {
        return Err(NO_VIDEO);
    }
    let text_field = |key: &str| data.get(key).and_then(Value::as_str).map(str::to_owned);
    let (consumed_credits, raw_consumed_credits) = credits(data.get("consumed_credits"));
    Ok(TaskStatus {
        task_id,
        state,
        raw_status,
        videos,
        error_message: text_field("error_message"),
        consumed_credits,
        raw_consumed_credits,
        created_at: text_field("created_at"),
        request: data
            .get("request")
            .filter(|r| matches!(r, Value::Object(_)))
            .cloned(),
    })
}

/// The reply to `GET /status` for `task_id`. `retryable` says whether asking again may help (the
/// rule `waitForTask` polls on): an error status that is retried, or a reply that could not be
/// read. A reply about another task, or a success without a usable video, is not transient: it
/// ends a wait at once rather than at its deadline.
pub fn parse_status(
    http_status: u16,
    body: &str,
    task_id: &str,
) -> Result<TaskStatus, ClientError> {
    let data = parse_envelope(http_status, body).map_err(|e| {
        let transient = e
            .status
            .is_some_and(|s| policy::is_retryable(RequestKind::Status, Attempt::Replied(s)))
            || matches!(
                e.code,
                Code::InternalError | Code::RateLimited | Code::InvalidResponse
            );
        e.retryable(transient)
    })?;
    let status = status_from_data(&data, Some(task_id)).map_err(|what| {
        let shape_problem = what != NO_VIDEO;
        invalid(http_status, what).retryable(shape_problem)
    })?;
    if status.task_id != task_id {
        return Err(invalid(http_status, "it is the status of another task"));
    }
    Ok(status)
}
/// A callback body: the whole envelope, or just its `data` (the format is not published).
pub fn parse_callback(body: &str) -> Result<TaskStatus, ClientError> {
    let value = json::parse(body).map_err(|_| {
        ClientError::say(Code::InvalidResponse, "The callback body is not JSON.", &[])
    })?;
    let data = match value.get("data") {
        Some(inner @ Value::Object(_)) => inner,
        _ => &value,
    };
    status_from_data(data, None).map_err(|what| {
        ClientError::say(
            Code::InvalidResponse,
            "The callback body could not be read: {}.",
            &[&phrase(what)],
        )
    })
}

impl TaskStatus {
    /// The `TaskStatus` object of the JavaScript contract.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.str("task_id", &self.task_id)
            .str("status", self.state.as_str())
            .str("raw_status", &self.raw_status)
            .value(
                "videos",
                &Value::Array(self.videos.iter().cloned().map(Value::String).collect()),
            )
            .opt_str("error_message", self.error_message.as_deref());
        write_credits(
            &mut w,
            (self.consumed_credits, self.raw_consumed_credits.as_deref()),
        );
        w.opt_str("created_at", self.created_at.as_deref());
        match &self.request {
            Some(request) => w.value("request", request),
            None => w.raw("request", "null"),
        };
        w.end();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created() {
        let body = r#"{"code":200,"message":"success","data":{"task_id":"n90a","status":"IN_PROGRESS","consumed_credits":480}}"#;
        assert_eq!(
            parse_task_created(200, body).unwrap(),
            r#"{"task_id":"n90a","status":"IN_PROGRESS","consumed_credits":480,"raw_consumed_credits":null}"#
        );
        let e =
            parse_task_created(200, r#"{"code":200,"data":{"status":"IN_PROGRESS"}}"#).unwrap_err();
        assert_eq!((e.code, e.status), (Code::InvalidResponse, Some(200)));
    }

    #[test]
    fn error_codes_from_body_then_status() {
        let e = parse_envelope(400, r#"{"code":400,"message":"bad","error":{"code":"INVALID_PROMPT","message":"Prompt is empty"}}"#).unwrap_err();
        assert_eq!((e.code, e.status), (Code::InvalidPrompt, Some(400)));
        assert!(e.message.contains("Prompt is empty"));
        assert_eq!(
            parse_envelope(400, r#"{"code":"INVALID_DURATION","message":"x"}"#)
                .unwrap_err()
                .code,
            Code::InvalidDuration
        );
        for (status, code) in [
            (401, Code::InvalidApiKey),
            (402, Code::InsufficientCredits),
            (404, Code::TaskNotFound),
            (500, Code::InternalError),
            (429, Code::RateLimited),
            (418, Code::HttpError),
            (503, Code::HttpError),
        ] {
            assert_eq!(
                parse_envelope(status, r#"{"code":0,"message":"x"}"#)
                    .unwrap_err()
                    .code,
                code,
                "{status}"
            );
            assert_eq!(
                parse_envelope(status, "<html>oops</html>")
                    .unwrap_err()
                    .code,
                code,
                "{status}"
            );
        }
    }

    #[test]
    fn a_server_sentence_keeps_its_own_full_stop() {
        let body = r#"{"code":404,"error":{"code":"TASK_NOT_FOUND","message":"No such task."}}"#;
        let e = parse_status(404, body, "t1").unwrap_err();
        assert!(e.message.ends_with(": No such task."), "{}", e.message);
        let body = r#"{"code":404,"error":{"code":"TASK_NOT_FOUND","message":"gone"}}"#;
        assert!(parse_status(404, body, "t1")
            .unwrap_err()
            .message
            .ends_with(": gone."));
    }

    #[test]
    fn body_code_under_http_200_is_an_error() {
        let e = parse_envelope(200, r#"{"code":500,"message":"upstream busy","data":null}"#)
            .unwrap_err();
        assert_eq!((e.code, e.status), (Code::InternalError, Some(200)));
        assert!(e.message.contains("upstream busy"));
        let e = parse_envelope(200, r#"{"code":402,"message":"no money"}"#).unwrap_err();
        assert_eq!(e.code, Code::InsufficientCredits);
    }

    #[test]
    fn unreadable_success_bodies() {
        for body in [
            "",
            "<!doctype html><p>hi",
            r#"{"code":200,"data":{"task_"#,
            "[]",
            r#"{"code":200,"data":"x"}"#,
        ] {
            let e = parse_envelope(200, body).unwrap_err();
            assert_eq!(
                (e.code, e.status),
                (Code::InvalidResponse, Some(200)),
                "{body}"
            );
        }
    }

    #[test]
    fn status_quirks() {
        let status = |data: &str| {
            parse_status(200, &["{\"code\":200,\"data\":", data, "}"].concat(), "t1").unwrap()
        };
        let s = status(
            r#"{"task_id":"t1","status":"SUCCESS","response":["https://v/1.mp4"],"consumed_credits":240,"created_at":"2026-01-01T00:00:00Z","request":{"prompt":"p"}}"#,
        );
        assert_eq!(
            (s.state, s.videos.clone(), s.consumed_credits),
            (
                TaskState::Success,
                vec!["https://v/1.mp4".to_owned()],
                Some(240)
            )
        );
        assert_eq!(
            s.to_json(),
            r#"{"task_id":"t1","status":"SUCCESS","raw_status":"SUCCESS","videos":["https://v/1.mp4"],"error_message":null,"consumed_credits":240,"raw_consumed_credits":null,"created_at":"2026-01-01T00:00:00Z","request":{"prompt":"p"}}"#
        );
        assert_eq!(
            status(r#"{"status":"success","response":"[\"https://v/2.mp4\"]"}"#).videos,
            ["https://v/2.mp4"]
        );
        assert_eq!(
            status(r#"{"status":1,"response":"https://v/3.mp4"}"#).videos,
            ["https://v/3.mp4"]
        );
        assert_eq!(
            status(r#"{"status":1,"response":"https://v/3.mp4"}"#).task_id,
            "t1"
        );
        let failed = status(r#"{"status":-1,"error_message":"nope"}"#);
        assert_eq!(
            (
                failed.state,
                failed.raw_status.as_str(),
                failed.error_message.as_deref()
            ),
            (TaskState::Failed, "-1", Some("nope"))
        );
        for odd in [
            r#""QUEUED""#,
            r#""pending""#,
            r#""processing""#,
            "0",
            "7",
            r#""in_progress""#,
        ] {
            assert_eq!(
                status(&["{\"status\":", odd, "}"].concat()).state,
                TaskState::InProgress,
                "{odd}"
            );
        }
        let e = parse_status(200, r#"{"code":200,"data":{"status":null}}"#, "t1").unwrap_err();
        assert_eq!(e.code, Code::InvalidResponse);
    }

    #[test]
    fn callbacks_with_or_without_envelope() {
        let s = parse_callback(
            r#"{"code":200,"data":{"task_id":"t9","status":"SUCCESS","response":["https://v/u"]}}"#,
        )
        .unwrap();
        assert_eq!((s.task_id.as_str(), s.state), ("t9", TaskState::Success));
        let s =
            parse_callback(r#"{"task_id":"t9","status":"FAILED","error_message":"x"}"#).unwrap();
        assert_eq!(s.state, TaskState::Failed);
        assert_eq!(
            parse_callback(r#"{"status":"SUCCESS"}"#).unwrap_err().code,
            Code::InvalidResponse
        );
        assert_eq!(
            parse_callback("nope").unwrap_err().code,
            Code::InvalidResponse
        );
    }

    #[test]
    fn only_http_urls_are_videos() {
        for good in [
            "https://v.example/x.mp4",
            "HTTP://V.EXAMPLE/x.mp4",
            "http://127.0.0.1:8080/assets/sample.mp4",
            "https://user:pw@cdn.example/x?sig=a#t=1",
            "http://[::1]/x",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            " javascript:alert(1)",
            "data:video/mp4;base64,AAAA",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example/x.mp4",
            "/assets/x.mp4",
            "x.mp4",
            "https:evil.example/x",
            "http:///x",
            "https://",
            "http://@/x",
            "https://:80/x",
            "https://a b/x",
            "https://v.example/x\n.mp4",
            "https://evil\\@good.example/",
            "ftp://v.example/x.mp4",
            "",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn unsafe_videos_are_dropped_and_a_success_needs_one() {
        let reply = |data: &str| ["{\"code\":200,\"data\":", data, "}"].concat();
        let s = parse_status(
            200,
            &reply(r#"{"task_id":"t1","status":"SUCCESS","response":["javascript:alert(1)","https://v/1.mp4","data:video/mp4;base64,AA","//evil/x","vbscript:x","file:///x"]}"#),
            "t1",
        )
        .unwrap();
        assert_eq!(s.videos, ["https://v/1.mp4"]);
        let s = parse_status(
            200,
            &reply(
                r#"{"status":"SUCCESS","response":"[\"file:///etc/passwd\",\"http://v/2.mp4\"]"}"#,
            ),
            "t1",
        )
        .unwrap();
        assert_eq!(s.videos, ["http://v/2.mp4"]);
        for response in [
            r#"["javascript:alert(1)"]"#,
            r#""javascript:alert(1)""#,
            r#""[\"data:video/mp4;base64,AA\"]""#,
            r#"["//evil/x.mp4"]"#,
            "[]",
            "null",
        ] {
            let data = [r#"{"status":"SUCCESS","response":"#, response, "}"].concat();
            let e = parse_status(200, &reply(&data), "t1").unwrap_err();
            assert_eq!(
                (e.code, e.status, e.retryable),
                (Code::InvalidResponse, Some(200), false),
                "{response}"
            );
            assert!(e.message.contains("no http(s) video"), "{}", e.message);
        }
        // Not final yet: no video is expected, and none unsafe is kept.
        let s = parse_status(
            200,
            &reply(r#"{"status":"IN_PROGRESS","response":["javascript:alert(1)"]}"#),
            "t1",
        )
        .unwrap();
        assert!(s.videos.is_empty());
    }

    #[test]
    fn a_status_about_another_task_is_refused() {
        let reply = |data: &str| ["{\"code\":200,\"data\":", data, "}"].concat();
        let e = parse_status(
            200,
            &reply(r#"{"task_id":"other","status":"SUCCESS","response":["https://v/1.mp4"]}"#),
            "t1",
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.status, e.retryable),
            (Code::InvalidResponse, Some(200), false)
        );
        assert!(e.message.contains("another task"), "{}", e.message);
        assert!(parse_status(200, &reply(r#"{"task_id":"T1","status":0}"#), "t1").is_err());
        assert!(parse_status(200, &reply(r#"{"task_id":123,"status":0}"#), "123").is_ok());
        assert!(parse_status(200, &reply(r#"{"status":0}"#), "t1").is_ok());
    }

    #[test]
    fn transient_status_problems_are_retryable() {
        for (status, body, retryable) in [
            (200, r#"{"code":200,"data":{"task_"#, true),
            (200, r#"{"code":200,"data":{"status":null}}"#, true),
            (503, "", true),
            (429, "", true),
            (401, "", false),
            (404, "", false),
        ] {
            let e = parse_status(status, body, "t1").unwrap_err();
            assert_eq!(e.retryable, retryable, "{status} {body}");
        }
    }

    #[test]
    fn too_large_replies_name_the_cap() {
        let e = reply_too_large(200);
        assert_eq!(
            (e.code, e.status, e.retryable),
            (Code::InvalidResponse, Some(200), false)
        );
        assert!(e.message.contains("maxReplyBytes"), "{}", e.message);
    }

    #[test]
    fn callbacks_keep_only_http_videos() {
        let s = parse_callback(
            r#"{"task_id":"t9","status":"SUCCESS","response":["javascript:alert(1)","https://v/9.mp4"]}"#,
        )
        .unwrap();
        assert_eq!(s.videos, ["https://v/9.mp4"]);
        for response in [
            r#"["javascript:alert(1)"]"#,
            r#""data:,x""#,
            r#"["//evil/"]"#,
        ] {
            let body = [
                r#"{"task_id":"t9","status":"SUCCESS","response":"#,
                response,
                "}",
            ]
            .concat();
            assert_eq!(
                parse_callback(&body).unwrap_err().code,
                Code::InvalidResponse,
                "{response}"
            );
        }
    }

    #[test]
    fn credits_in_any_integer_spelling_and_others_kept_as_sent() {
        let created = |credits: &str| {
            let body = [
                r#"{"code":200,"data":{"task_id":"t","status":"IN_PROGRESS","consumed_credits":"#,
                credits,
                "}}",
            ]
            .concat();
            parse_task_created(200, &body).unwrap()
        };
        for (credits, read) in [("1e3", 1000), ("240.0", 240), ("2.4e2", 240), ("0", 0)] {
            let json = created(credits);
            let expected = [
                "\"consumed_credits\":",
                &read.to_string(),
                ",\"raw_consumed_credits\":null",
            ]
            .concat();
            assert!(json.contains(&expected), "{credits}: {json}");
        }
        for (credits, raw) in [
            ("-5", r#""-5""#),
            ("2.5", r#""2.5""#),
            (r#""240""#, r#""\"240\"""#),
            ("true", r#""true""#),
            ("1e30", r#""1e30""#),
        ] {
            let json = created(credits);
            let expected = [r#""consumed_credits":null,"raw_consumed_credits":"#, raw].concat();
            assert!(json.contains(&expected), "{credits}: {json}");
        }
        assert!(created("null").contains(r#""consumed_credits":null,"raw_consumed_credits":null"#));
        let data = json::parse(r#"{"task_id":"t","status":"SUCCESS","response":["https://v/1.mp4"],"consumed_credits":-1.5}"#).unwrap();
        let status = status_from_data(&data, None).unwrap();
        assert_eq!(status.consumed_credits, None);
        assert_eq!(status.raw_consumed_credits.as_deref(), Some("-1.5"));
    }
}
