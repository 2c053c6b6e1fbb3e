//! `fill`, the message template filler, on templates the engine's own messages never use: a
//! `{` or `}` that is not a placeholder, a `{` at the very end, arguments with braces.

use super::fill;

#[test]
fn only_empty_braces_are_placeholders() {
    assert_eq!(fill("a{}b{}c", &["1", "2"]), "a1b2c");
    assert_eq!(fill("{}{}", &["x", "y"]), "xy");
    assert_eq!(fill("{x} a} {", &[]), "{x} a} {");
    assert_eq!(fill("ends with {", &["unused"]), "ends with {");
    assert_eq!(fill("}{}", &["1"]), "}1");
    assert_eq!(fill("{} and {}", &["{}"]), "{} and ");
    assert_eq!(fill("", &["x"]), "");
}
