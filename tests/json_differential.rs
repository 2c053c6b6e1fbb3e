//! `src/json.rs` against serde_json, an independent parser: generated documents, written with
//! random white space and escapes and then damaged at random, must get the same verdict (accept
//! or reject) and, when accepted, the same value from both. The two documented differences are
//! checked as such: json.rs refuses nesting deeper than `MAX_DEPTH` (serde_json allows 128), and
//! it decodes a lone surrogate escape as U+FFFD and marks it (serde_json rejects the text).
//!
//! `PROPTEST_CASES=N` sets the cases of each property.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use seedance_wasm::json::{self, ParseError, Value, MAX_DEPTH};

fn runner(default_cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A document tree; strings are UTF-16 units so that lone surrogates can be written.
#[derive(Debug, Clone)]
enum Doc {
    Null,
    Bool(bool),
    Number(String),
    Text(Vec<u16>),
    Array(Vec<Doc>),
    Object(Vec<(Vec<u16>, Doc)>),
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,4})?",
    ]
}

/// Text as UTF-16: mostly whole characters, sometimes a lone surrogate.
fn utf16_text() -> impl Strategy<Value = Vec<u16>> {
    let char_units = any::<char>().prop_map(|c| c.encode_utf16(&mut [0; 2]).to_vec());
    let piece = prop_oneof![
        6 => "[a-z\"\\\\/\\x00-\\x1f\\x7f]".prop_map(|s: String| s.encode_utf16().collect()),
        3 => char_units,
        1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn document() -> impl Strategy<Value = Doc> {
    let leaf = prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        number_text().prop_map(Doc::Number),
        utf16_text().prop_map(Doc::Text),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Doc::Array),
            prop::collection::vec((utf16_text(), inner), 0..6).prop_map(Doc::Object),
        ]
    })
}

/// Writing choices (white space, escapes) drawn from a seed, so one document has many spellings.
struct Style(u64);

impl Style {
    fn pick(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn space(&mut self, out: &mut String) {
        for _ in 0..self.pick(4).saturating_sub(2) {
            out.push([' ', '\n', '\r', '\t'][self.pick(4) as usize]);
        }
    }

    fn string(&mut self, out: &mut String, units: &[u16]) {
        out.push('"');
        for c in char::decode_utf16(units.iter().copied()) {
            let short = match c {
                Ok('"') => Some("\\\""),
                Ok('\\') => Some("\\\\"),
                Ok('/') => Some("\\/"),
                Ok('\u{8}') => Some("\\b"),
                Ok('\u{c}') => Some("\\f"),
                Ok('\n') => Some("\\n"),
                Ok('\r') => Some("\\r"),
                Ok('\t') => Some("\\t"),
                _ => None,
            };
            let raw_allowed = matches!(c, Ok(c) if c as u32 >= 0x20 && c != '"' && c != '\\');
            match (c, short, self.pick(3)) {
                (Ok(c), _, 0) if raw_allowed => out.push(c),
                (Ok(_), Some(short), 1) => out.push_str(short),
                (Ok(c), _, _) if raw_allowed && self.pick(2) == 0 => out.push(c),
                (Ok(c), _, _) => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        let hex = format!("{unit:04x}");
                        let hex = if self.pick(2) == 0 {
                            hex.to_uppercase()
                        } else {
                            hex
                        };
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
                (Err(lone), _, _) => out.push_str(&format!("\\u{:04X}", lone.unpaired_surrogate())),
            }
        }
        out.push('"');
    }

    fn write(&mut self, out: &mut String, doc: &Doc) {
        self.space(out);
        match doc {
            Doc::Null => out.push_str("null"),
            Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Doc::Number(n) => out.push_str(n),
            Doc::Text(units) => self.string(out, units),
            Doc::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write(out, item);
                }
                self.space(out);
                out.push(']');
            }
            Doc::Object(members) => {
                out.push('{');
                for (i, (key, item)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.space(out);
                    self.string(out, key);
                    self.space(out);
                    out.push(':');
                    self.write(out, item);
                }
                self.space(out);
                out.push('}');
            }
        }
        self.space(out);
    }
}

/// json.rs's value as serde_json's (an object keeps the last of a repeated key, as both do).
fn as_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(text) => serde_json::Value::Number(
            text.parse()
                .unwrap_or_else(|e| panic!("serde_json refuses the number {text}: {e}")),
        ),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(as_serde).collect()),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), as_serde(v)))
                .collect(),
        ),
    }
}

/// Both parsers on one text: the same verdict and value, or one of the documented differences.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => prop_assert_eq!(as_serde(&ours), theirs, "{:?}", text),
        (Err(_), Err(_)) => {}
        (Ok(ours), Err(error)) => {
            prop_assert!(
                (error.to_string().contains("surrogate")
                    || error.to_string().contains("hex escape"))
                    && ours.to_json().contains('\u{FFFD}'),
                "only json.rs accepts {:?} (serde_json: {})",
                text,
                error
            );
        }
        (Err(ours), Ok(_)) => {
            prop_assert_eq!(
                ours,
                ParseError::TooDeep,
                "only serde_json accepts {:?}",
                text
            )
        }
    }
    Ok(())
}

/// Bytes that make or break JSON, for damaging a text.
const SIGNIFICANT: &[&str] = &[
    "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud800", "\\udc00", "0", "-", ".", "e", "+",
    " ", "\u{1}", "t", "n", "\u{e9}",
];

#[test]
fn generated_documents_get_the_same_verdict_and_value() {
    let strategy = (
        document(),
        any::<u64>(),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0..4usize,
                0..SIGNIFICANT.len(),
            ),
            0..3,
        ),
    );
    runner(2000)
        .run(&strategy, |(doc, seed, damage)| {
            let mut text = String::new();
            Style(seed | 1).write(&mut text, &doc);
            agree(&text)?;
            // Damaged: a token inserted, a character deleted or replaced, the text cut short.
            for (at, how, token) in damage {
                let boundaries: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let i = boundaries[at.index(boundaries.len())];
                let next = boundaries.iter().copied().find(|&b| b > i).unwrap_or(i);
                match how {
                    0 => text.insert_str(i, SIGNIFICANT[token]),
                    1 => text.replace_range(i..next, ""),
                    2 => text.replace_range(i..next, SIGNIFICANT[token]),
                    _ => text.truncate(i),
                }
                agree(&text)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn hand_picked_edges_get_the_same_verdict() {
    for text in [
        "1.",
        "1.e5",
        "-",
        "01",
        "-01",
        "1e",
        "1e+",
        ".5",
        "-.5",
        "1.5e-",
        "00",
        "-0",
        "0e0",
        "1E+2",
        "1.0E-0",
        "+1",
        "0x10",
        "1_0",
        "Infinity",
        "NaN",
        "nul",
        "truee",
        "[1,]",
        "[,1]",
        "{\"a\"}",
        "{\"a\":}",
        "{,}",
        "{\"a\":1,}",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\u{1f}\"",
        "\"\u{7f}\"",
        "\u{feff}1",
        " \t\r\n1\n",
        "\u{a0}1",
        "1 2",
        "[]]",
        "\"",
        "{\"a\":1}}",
        "[\"\\/\"]",
    ] {
        agree(text).unwrap();
    }
}

#[test]
fn the_documented_differences_are_the_only_ones_at_their_edges() {
    for depth in [MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2, 127, 200] {
        let text = ["[".repeat(depth), "]".repeat(depth)].concat();
        agree(&text).unwrap();
        assert_eq!(
            json::parse(&text).is_ok(),
            depth <= MAX_DEPTH + 1,
            "{depth}"
        );
    }
    for text in [
        r#""\ud800""#,
        r#""\udc00x""#,
        r#"{"a":"\ud83d\ude00\ud83d"}"#,
        r#""\ud800\u0041""#,
        r#""\ud800\ud800\udc00""#,
    ] {
        agree(text).unwrap();
        assert!(json::parse(text).is_ok(), "{text}");
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_err(),
            "{text}"
        );
    }
}
