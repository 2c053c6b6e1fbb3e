//! The server's key never comes back through the proxy in any spelling: for upstream replies that
//! echo the key with any mix of JSON escapes (`\u0073k-…`, `\/`, `\u0026`, surrogate pairs), in
//! member names, values and nested lists, what the proxy passes on neither holds the key as text
//! nor decodes (by serde_json, an independent JSON reader) to a string that holds it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use proptest::prelude::*;
use seedance_wasm::client::request::{Failure, Reply};
use seedance_wasm::proxy::{passed_headers, redacted_body, upstream_answer};

/// `text` as the inside of a JSON string, each character written in one of the forms JSON allows,
/// chosen by `forms` (cycled).
fn spelled(text: &str, forms: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        let form = forms.get(i % forms.len().max(1)).copied().unwrap_or(0) % 3;
        match (form, c) {
            (_, '"') => out.push_str("\\\""),
            (_, '\\') => out.push_str("\\\\"),
            (1, '/') => out.push_str("\\/"),
            (1 | 2, c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            (_, c) if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            (_, c) => out.push(c),
        }
    }
    out
}

/// Every string, member name and number text of a serde_json value.
fn texts(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        serde_json::Value::Object(members) => {
            for (name, v) in members {
                out.push(name.clone());
                texts(v, out);
            }
        }
        _ => {}
    }
}

fn assert_key_absent(passed: &str, key: &str) {
    assert!(!passed.contains(key), "{passed}");
    let decoded: serde_json::Value = serde_json::from_str(passed).unwrap();
    let mut all = Vec::new();
    texts(&decoded, &mut all);
    for text in all {
        assert!(!text.contains(key), "decodes to {text:?} in {passed}");
    }
}

fn key() -> impl Strategy<Value = String> {
    "(sk-|Bearer |key_)[A-Za-z0-9/&<>_.+=é😀-]{4,24}"
}

proptest! {
    #[test]
    fn no_decoding_of_a_passed_reply_holds_the_key(
        key in key(),
        around in proptest::collection::vec("[a-z /&<\"\\\\é]{0,8}", 1..6),
        forms in proptest::collection::vec(any::<u8>(), 1..40),
        in_name in any::<bool>(),
        nested in any::<bool>(),
    ) {
        let mut members = Vec::new();
        for (i, text) in around.iter().enumerate() {
            let value = spelled(&[text.as_str(), &key, text].concat(), &forms[i % forms.len()..]);
            let value = if nested { ["[{\"x\":[\"", &value, "\"]}]"].concat() } else { ["\"", &value, "\""].concat() };
            let name = if in_name && i == 0 { spelled(&key, &forms) } else { format!("m{i}") };
            members.push(format!("\"{name}\":{value}"));
        }
        let body = ["{", &members.join(","), "}"].concat();
        let passed = redacted_body(&body, &key).expect("an object is passed on");
        assert_key_absent(&passed, &key);
        let answer = upstream_answer(
            Ok(Reply { status: 401, retry_after: Some(["Bearer ", &key].concat()), body }),
            &key,
            1 << 20,
        )
        .unwrap();
        assert_key_absent(&answer.body, &key);
        prop_assert!(answer.headers.is_empty());
    }

    #[test]
    fn any_header_value_passed_on_is_a_delay_or_a_date(value in "\\PC{0,40}") {
        for (name, passed) in passed_headers(Some(&value)) {
            prop_assert_eq!(name, "retry-after");
            let is_seconds = passed.bytes().all(|b| b.is_ascii_digit());
            let is_date = passed.len() == 29 && passed.ends_with(" GMT");
            prop_assert!(is_seconds || is_date, "{:?}", passed);
        }
    }
}

#[test]
fn the_echoes_seen_in_the_wild_are_redacted() {
    let key = "sk-live-0123456789";
    for body in [
        r#"{"code":401,"message":"Invalid API key: \u0073\u006b-live-0123456789"}"#,
        r#"{"code":401,"message":"Invalid API key: sk-live-0123456789","echo":"sk\/live"}"#,
        r#"{"code":401,"detail":"https:\/\/x\/?key=sk-live-0123456789\u0026a=1"}"#,
    ] {
        assert_key_absent(&redacted_body(body, key).unwrap(), key);
    }
    let refused = upstream_answer(Err(Failure::Network(key.into())), key, 1 << 20).unwrap_err();
    assert!(!refused.body.contains(key));
}
