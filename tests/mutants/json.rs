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
