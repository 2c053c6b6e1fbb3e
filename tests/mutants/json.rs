//! `json`: every escape, and the names values go by in messages.

use seedance_wasm::json::{parse, Value};

/// Each of JSON's escapes decodes to its own character (a dropped arm would be a syntax error).
#[test]
fn every_escape_decodes() {
    assert_eq!(
        parse(r#""\"\\\/\b\f\n\r\t\u0041\u00e9""#).unwrap(),
        Value::String("\"\\/\u{8}\u{c}\n\r\tA\u{e9}".into())
    );
    for (escape, decoded) in [("\\b", "\u{8}"), ("\\f", "\u{c}"), ("\\/", "/")] {
        assert_eq!(
            parse(&format!("\"x{escape}y\"")).unwrap(),
            Value::String(format!("x{decoded}y")),
            "{escape}"
        );
    }
}

/// The kind of each value, as messages name it (`must be an object, not an array`).
#[test]
fn kinds_as_messages_name_them() {
    let kinds: Vec<_> = ["null", "true", "1", "\"s\"", "[]", "{}"]
        .iter()
        .map(|text| parse(text).unwrap().kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "null",
            "a boolean",
            "a number",
            "a string",
            "an array",
            "an object"
        ]
    );
}

/// Integers up to `i64::MAX` exactly; one more is not an integer the engine can hold.
#[test]
fn integers_to_the_last_that_fits() {
    let n = |t: &str| Value::Number(t.into()).as_i64();
    assert_eq!(n("9223372036854775807"), Some(i64::MAX));
    assert_eq!(n("-9223372036854775807"), Some(-i64::MAX));
    assert_eq!(n("9223372036854775807.000"), Some(i64::MAX));
    assert_eq!(n("9223372036854775808"), None);
    assert_eq!(n("92233720368547758070"), None);
}
