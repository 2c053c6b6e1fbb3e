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

/// Nesting is accepted to `MAX_DEPTH` levels below the top value, and refused one level deeper.
#[test]
fn depth_limit_is_exact() {
    use seedance_wasm::json::{ParseError, MAX_DEPTH};
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    assert!(parse(&nested(MAX_DEPTH + 1)).is_ok());
    assert_eq!(parse(&nested(MAX_DEPTH + 2)), Err(ParseError::TooDeep));
    let objects = |levels: usize| format!("{}1{}", "{\"a\":".repeat(levels), "}".repeat(levels));
    assert!(parse(&objects(MAX_DEPTH)).is_ok());
    assert_eq!(parse(&objects(MAX_DEPTH + 1)), Err(ParseError::TooDeep));
}

/// Hex digits of `\u` escapes in either case, each digit at its own weight.
#[test]
fn unicode_escapes_in_both_cases() {
    assert_eq!(
        parse(r#""\u00C9\u00e9\u0Fa1\uABCD\uabcd\u2028""#).unwrap(),
        Value::String("\u{c9}\u{e9}\u{fa1}\u{abcd}\u{abcd}\u{2028}".into())
    );
    assert_eq!(
        parse(r#""\uD83D\uDE00\ud83d\ude00""#).unwrap(),
        Value::String("\u{1F600}\u{1F600}".into())
    );
    for bad in [r#""\u00G0""#, r#""\u00""#, r#""\uDG00""#] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

/// The writer escapes what JSON requires and nothing else.
#[test]
fn writer_escapes_each_special_character() {
    let written = Value::String("q\"b\\n\nr\rt\tc\u{1}\u{1f} \u{7f}é/".into()).to_json();
    assert_eq!(
        written,
        "\"q\\\"b\\\\n\\nr\\rt\\tc\\u0001\\u001f \u{7f}é/\""
    );
    assert_eq!(parse(&written).unwrap().to_json(), written);
}
