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
