//! `proxy`: exactly what goes upstream, query decoding and redaction.

use seedance_wasm::proxy::{check_generate, redacted_body, task_id_from_query, Policy};

/// Only the unknown fields are dropped (not the fields other warnings name), and everything
/// else goes up normalised.
#[test]
fn only_unknown_fields_are_dropped() {
    let sent = check_generate(
        br#"{"prompt":"p","model":"seedance-2-mini","resolution":"1080p","seed":7,"style":"x"}"#,
        &Policy::default(),
    )
    .unwrap();
    assert_eq!(
        sent,
        r#"{"model":"seedance-2-mini","prompt":"p","duration":5,"resolution":"720p","aspect_ratio":"16:9"}"#
    );
    let sent = check_generate(br#"{"prompt":"p","seed":7}"#, &Policy::default()).unwrap();
    assert_eq!(
        sent,
        r#"{"model":"seedance-2.0","prompt":"p","duration":5,"resolution":"720p","aspect_ratio":"16:9"}"#
    );
}

/// `+` in a query is a space, as in any form-encoded query.
#[test]
fn plus_in_a_query_is_a_space() {
    assert_eq!(task_id_from_query("task_id=a+b"), Some("a b".into()));
    assert_eq!(
        task_id_from_query("x=1&task_id=a%2Bb+c"),
        Some("a+b c".into())
    );
    assert_eq!(task_id_from_query("task_id=+++"), None);
}

/// A key shorter than four characters is not redacted (it would match ordinary text); from four
/// on, every occurrence is.
#[test]
fn short_keys_are_not_redacted() {
    let passed = |body: &str, key: &str| redacted_body(body, key).unwrap();
    assert_eq!(passed(r#"{"m":"abc abc"}"#, "abc"), r#"{"m":"abc abc"}"#);
    assert_eq!(
        passed(r#"{"m":"abcd x abcd"}"#, "abcd"),
        r#"{"m":"[redacted] x [redacted]"}"#
    );
}
