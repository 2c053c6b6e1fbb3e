//! `client::response`: status spellings and where an error body may name its code.

use seedance_wasm::client::response::{parse_envelope, parse_status, task_state, TaskState};
use seedance_wasm::codes::Code;
use seedance_wasm::json::Value;

/// Every spelling of a final failure ends a wait as FAILED; both spellings of cancelled count.
#[test]
fn cancelled_in_either_spelling_is_failed() {
    for raw in [
        "CANCELLED",
        "cancelled",
        " Cancelled ",
        "CANCELED",
        "canceled",
    ] {
        assert_eq!(
            task_state(&Value::String(raw.into())),
            TaskState::Failed,
            "{raw}"
        );
    }
    let body = r#"{"code":200,"data":{"task_id":"t9","status":"CANCELLED","error_message":"cancelled by the user"}}"#;
    let status = parse_status(200, body, "t9").unwrap();
    assert_eq!(
        (
            status.state,
            status.raw_status.as_str(),
            status.error_message.as_deref()
        ),
        (
            TaskState::Failed,
            "CANCELLED",
            Some("cancelled by the user")
        )
    );
}

/// An error body that names its code only as `data.error_code` gets that code, not the one its
/// HTTP status would give.
#[test]
fn error_code_inside_data_is_read() {
    let e = parse_envelope(
        400,
        r#"{"code":400,"message":"refused","data":{"error_code":"INSUFFICIENT_CREDITS"}}"#,
    )
    .unwrap_err();
    assert_eq!((e.code, e.status), (Code::InsufficientCredits, Some(400)));
    assert_eq!(
        e.message,
        "The API answered HTTP 400 with INSUFFICIENT_CREDITS: refused."
    );
    // Under HTTP 200, with a failing body code: the named code still wins over the body code's.
    let e = parse_envelope(
        200,
        r#"{"code":500,"data":{"error_code":"TASK_NOT_FOUND"}}"#,
    )
    .unwrap_err();
    assert_eq!((e.code, e.status), (Code::TaskNotFound, Some(200)));
}

/// A task id of only white space is no id: the reply cannot be used.
#[test]
fn blank_task_ids_are_missing() {
    use seedance_wasm::client::response::parse_task_created;
    let e = parse_task_created(
        200,
        r#"{"code":200,"data":{"task_id":" \t","status":"IN_PROGRESS"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.status, e.message.as_str()),
        (
            Code::InvalidResponse,
            Some(200),
            "The API's reply could not be read: it has no task_id."
        )
    );
    assert_eq!(
        parse_task_created(
            200,
            r#"{"code":200,"data":{"task_id":7,"status":"IN_PROGRESS"}}"#
        )
        .unwrap(),
        r#"{"task_id":"7","status":"IN_PROGRESS","consumed_credits":null,"raw_consumed_credits":null}"#
    );
}

/// The message says when the body's code differs from the HTTP status, and only then.
#[test]
fn body_code_is_named_when_it_differs() {
    let e = parse_envelope(200, r#"{"code":500,"message":"upstream busy"}"#).unwrap_err();
    assert_eq!(
        e.message,
        "The API answered HTTP 200 (body code 500) with INTERNAL_ERROR: upstream busy."
    );
    let e = parse_envelope(500, r#"{"code":500,"message":"upstream busy"}"#).unwrap_err();
    assert_eq!(
        e.message,
        "The API answered HTTP 500 with INTERNAL_ERROR: upstream busy."
    );
}

/// The error sentence: with the server's message, without one, and for a body that is not JSON.
#[test]
fn error_messages_say_what_the_body_held() {
    for (status, body, message) in [
        (
            500,
            r#"{"code":500}"#,
            "The API answered HTTP 500 with INTERNAL_ERROR.",
        ),
        (
            500,
            r#"{"code":500,"message":"  "}"#,
            "The API answered HTTP 500 with INTERNAL_ERROR.",
        ),
        (
            502,
            "<html>bad gateway</html>",
            "The API answered HTTP 502 with HTTP_ERROR and a body that is not JSON.",
        ),
        (
            401,
            r#"{"error":{"code":"INVALID_API_KEY","message":" key revoked "}}"#,
            "The API answered HTTP 401 with INVALID_API_KEY: key revoked.",
        ),
    ] {
        assert_eq!(
            parse_envelope(status, body).unwrap_err().message,
            message,
            "{body}"
        );
    }
}

/// A success whose body code is written as the text "200" is a success.
#[test]
fn body_code_200_as_text_is_success() {
    let data = parse_envelope(200, r#"{"code":"200","data":{"task_id":"t1"}}"#).unwrap();
    assert_eq!(data.to_json(), r#"{"task_id":"t1"}"#);
    let e = parse_envelope(200, r#"{"code":"201","data":{"task_id":"t1"}}"#).unwrap_err();
    assert_eq!((e.code, e.status), (Code::HttpError, Some(200)));
}

/// `response` as a JSON-encoded single URL (a string holding a JSON string) is that URL.
#[test]
fn response_as_an_encoded_string_is_its_url() {
    let body = r#"{"code":200,"data":{"task_id":"t1","status":"SUCCESS","response":"\"https://v/4.mp4\""}}"#;
    assert_eq!(
        parse_status(200, body, "t1").unwrap().videos,
        ["https://v/4.mp4"]
    );
}

/// Integer statuses: 1 succeeded, -1 failed, anything else is still going.
#[test]
fn integer_statuses() {
    let state = |n: &str| task_state(&Value::Number(n.into()));
    assert_eq!(
        [
            state("1"),
            state("-1"),
            state("0"),
            state("2"),
            state("1.0")
        ],
        [
            TaskState::Success,
            TaskState::Failed,
            TaskState::InProgress,
            TaskState::InProgress,
            TaskState::Success
        ]
    );
}
