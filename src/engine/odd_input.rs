//! Input shaped to be read one way here and another way by the service: keys that only a loose
//! reader takes for a known field, and JavaScript values that JSON cannot carry. The checks in
//! `validate` refuse both (`INVALID_FIELD`) instead of passing them on unpriced or altered.

use crate::json::Value;

/// The key of the object that stands for a value JSON has no form for (a BigInt, a Symbol or a
/// function) where a request field can be: `{"\u0000no-json": "bigint"}`. The JS glue
/// (`src/js/json.js`, `NO_JSON_KEY`) writes it; a field holding it is `INVALID_FIELD`.
pub const NO_JSON_KEY: &str = "\u{0}no-json";

/// Whether a JSON text (as the glue writes it) holds a no-JSON marker somewhere.
pub fn holds_no_json_marker(json_text: &str) -> bool {
    let mut key = String::new();
    crate::json::write_str(&mut key, NO_JSON_KEY);
    crate::search::find(json_text, &key).is_some()
}

/// What JavaScript value a no-JSON marker stands for, in words (`a BigInt`).
pub fn no_json_kind(value: &Value) -> Option<&'static str> {
    let Value::Object(members) = value else {
        return None;
    };
    match members.as_slice() {
        [(key, Value::String(kind))] if key == NO_JSON_KEY => match kind.as_str() {
            "bigint" => Some("a BigInt"),
            "symbol" => Some("a Symbol"),
            "function" => Some("a function"),
            _ => None,
        },
        _ => None,
    }
}

/// The field of `fields` a key names once letter case and surrounding white space are ignored,
/// when the key is not exactly that field. A service that reads keys loosely would take it for the
/// field, so it must be refused, not passed on unchecked. The fields are ASCII, at most 24 bytes.
pub fn loose_known_field(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    // One pass over the key, folding its letters into `core` (a stack buffer, no allocation):
    // Unicode white space around it, as `trim` in Rust and JavaScript (which also trims U+FEFF)
    // sees it, is skipped; the fields are ASCII without white space, so a key with white space
    // inside its letters, a letter that folds outside ASCII or more letters than any field has
    // names none of them.
    let mut core = [0u8; 24];
    let (mut len, mut ended) = (0, false);
    for c in key.chars() {
        if c.is_whitespace() {
            ended = len > 0;
            continue;
        }
        let folded = fold_case(c);
        if ended || !folded.is_ascii() || len == core.len() {
            return None;
        }
        core[len] = folded as u8;
        len += 1;
    }
    let core = &core[..len];
    // A loop, not `find`: the iterator adapter costs the wasm more (measured).
    #[allow(clippy::manual_find)]
    for &field in fields {
        if field.as_bytes() == core && field != key {
            return Some(field);
        }
    }
    None
}

/// A letter as a case-insensitive reader of keys may see it: ASCII lower case, plus the letters
/// outside ASCII that fold to one inside it (Go's `EqualFold` takes `ſ` for `s` and the Kelvin
/// sign for `k`; Java's `equalsIgnoreCase` takes `ı` and `İ` for `i`). Full Unicode case
/// tables would cost the wasm about 5 kB for no other key.
fn fold_case(c: char) -> char {
    match c {
        '\u{17f}' => 's',
        '\u{212a}' => 'k',
        '\u{130}' | '\u{131}' => 'i',
        c => c.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_readers_fold_these_keys_onto_known_fields() {
        let fields = ["duration", "callback_url"];
        for (key, field) in [
            ("DURATION", Some("duration")),
            ("\u{a0}Duration\u{2003}", Some("duration")),
            ("CALLBAC\u{212a}_URL", Some("callback_url")),
            ("duration", None),
            ("durations", None),
            ("dura tion", None),
            ("", None),
        ] {
            assert_eq!(loose_known_field(key, &fields), field, "{key:?}");
        }
    }
}
