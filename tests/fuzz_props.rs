//! Property tests over generated input: arbitrary JSON-like values and text, and near-valid
//! requests built from parts whose validity is known by construction, checked against an oracle
//! written here (not the engine's tables).
//!
//! `PROPTEST_CASES=N` sets the cases of each property (defaults below keep the file under a few
//! seconds in a debug build). cargo-fuzz targets over the same entry points are in `fuzz/`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use seedance_wasm::client::response::{parse_callback, parse_status, parse_task_created};
use seedance_wasm::engine::model::MODELS;
use seedance_wasm::engine::validate::{validate, validate_json, Options, Report};
use seedance_wasm::json::{self, Value};
use std::collections::BTreeSet;

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default_cases),
        failure_persistence: None,
        ..Config::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON-like values, written out by a serializer of our own (escapes chosen at random).

/// A JSON number's text: integers, fractions, exponents, negative zero, huge values.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (0u32..20).prop_map(|n| n.to_string()),
        (any::<i32>(), 0u32..1000).prop_map(|(a, b)| format!("{a}.{b}")),
        (-9i32..10, -400i32..400).prop_map(|(a, e)| format!("{a}e{e}")),
        (1u32..10, 0u32..100).prop_map(|(a, e)| format!("{a}.5E+{e}")),
        Just("-0".to_owned()),
        Just("5.0".to_owned()),
        Just("123456789012345678901234567890".to_owned()),
    ]
}

/// Strings with ASCII, controls, quotes, backslashes, BMP and astral characters.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,12}",
        any::<String>(),
        "[\\x00-\\x1f\"\\\\/]{0,6}",
        "[\u{80}-\u{7ff}\u{800}-\u{ffff}\u{10000}-\u{10ffff}]{0,6}",
        Just("prompt".to_owned()),
        Just("model".to_owned()),
        Just("duration".to_owned()),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number_text().prop_map(Value::Number),
        any_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any_text(), inner), 0..8).prop_map(Value::Object),
        ]
    })
}

/// Writes `s` as a JSON string; `escape_all` writes every non-ASCII character as `\u` escapes
/// (astral ones as surrogate pairs), which the parser must join again.
fn write_string(out: &mut String, s: &str, escape_all: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '/' if escape_all => out.push_str("\\/"),
            c if (c as u32) < 0x20 || (escape_all && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(out: &mut String, v: &Value, escape_all: bool, spaced: bool) {
    let ws = if spaced { " \n\t" } else { "" };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_string(out, s, escape_all),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(ws);
                write_json(out, item, escape_all, spaced);
            }
            out.push_str(ws);
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(ws);
                write_string(out, k, escape_all);
                out.push_str(ws);
                out.push(':');
                write_json(out, item, escape_all, spaced);
            }
            out.push_str(ws);
            out.push('}');
        }
    }
}

fn to_text(v: &Value, escape_all: bool, spaced: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, v, escape_all, spaced);
    out
}

/// What every report must satisfy, whatever the input.
fn check_report_invariants(report: &Report, input_is_object: bool) {
    if !input_is_object {
        assert!(!report.errors.is_empty(), "a non-object has an error");
        assert!(report.request.is_none() && report.estimate.is_none());
    }
    if report.ok() {
        assert!(report.request.is_some(), "ok implies request");
        assert!(report.estimate.is_some(), "ok implies estimate");
    } else {
        assert!(report.request.is_none(), "no request when not ok");
    }
    for issue in report.errors.iter().chain(&report.warnings) {
        assert!(!issue.message.is_empty());
    }
    let text = report.to_json();
    let back = json::parse(&text).expect("report JSON re-parses");
    assert_eq!(back.get("ok"), Some(&Value::Bool(report.ok())));
}

#[test]
fn arbitrary_json_values_parse_back_and_never_break_the_check() {
    let mut runner = runner(1500);
    let strategy = (json_value(), any::<bool>(), any::<bool>(), any::<bool>());
    runner
        .run(&strategy, |(value, escape_all, spaced, wrap)| {
            // Also as a request-shaped object: arbitrary values under the known field names.
            let value = if wrap {
                match value {
                    Value::Object(mut members) => {
                        members.push(("prompt".into(), Value::String("a cat".into())));
                        Value::Object(members)
                    }
                    other => Value::Object(vec![
                        ("prompt".into(), other.clone()),
                        ("images".into(), Value::Array(vec![other.clone()])),
                        ("duration".into(), other.clone()),
                        ("seed".into(), other),
                    ]),
                }
            } else {
                value
            };
            let text = to_text(&value, escape_all, spaced);
            let parsed = json::parse(&text).expect("our JSON text parses");
            prop_assert_eq!(&parsed, &value);
            let written = json::parse(&value.to_json()).ok();
            prop_assert_eq!(written.as_ref(), Some(&value));
            let is_object = matches!(value, Value::Object(_));
            for opts in [
                Options::default(),
                Options {
                    max_credits: Some(100),
                    model_override: Some(&MODELS[2]),
                },
            ] {
                let from_text = validate_json(&text, &opts);
                check_report_invariants(&from_text, is_object);
                prop_assert_eq!(&from_text, &validate(&value, &opts));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_text_never_panics() {
    let mut runner = runner(3000);
    let strategy = (
        prop_oneof![
            any::<String>(),
            "[\\[\\]{}\",:0-9eE.+\\-a-z\\\\ ]{0,40}",
            prop::collection::vec(any::<u8>(), 0..64)
                .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        prop::sample::select(vec![200u16, 201, 400, 401, 402, 404, 429, 500, 502, 503]),
    );
    runner
        .run(&strategy, |(text, status)| {
            let parsed = json::parse(&text);
            let report = validate_json(&text, &Options::default());
            check_report_invariants(&report, matches!(parsed, Ok(Value::Object(_))));
            if let Ok(created) = parse_task_created(status, &text) {
                prop_assert!(json::parse(&created).is_ok());
            }
            if let Ok(s) = parse_status(status, &text, "n90test") {
                prop_assert!(json::parse(&s.to_json()).is_ok());
            }
            if let Ok(s) = parse_callback(&text) {
                prop_assert!(json::parse(&s.to_json()).is_ok());
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Near-valid requests: each field is absent, valid or broken in a known way.

/// One generated field: its JSON value (None = absent) and the error code it must cause (None =
/// valid). `needs_model` marks the checks the engine only makes once the model is known.
#[derive(Debug, Clone)]
struct Part {
    key: String,
    value: Option<Value>,
    error: Option<&'static str>,
    needs_model: bool,
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}
fn n(text: &str) -> Value {
    Value::Number(text.to_owned())
}

const GOOD_URLS: [&str; 5] = [
    "https://cdn.example.com/a.png",
    "http://1.2.3.4:8080/x?y=1#z",
    "HTTPS://[2001:4860::1]/v.mp4",
    "https://example.org/p?q=%20",
    "http://media.example.net:443/clip.mp4",
];
const BAD_URLS: [&str; 6] = [
    "ftp://x.example.com/a",
    "not a url",
    "http://",
    "https://a b.com/",
    "javascript:alert(1)",
    "http://host.example.com:99999/",
];
const PUBLIC_CALLBACKS: [&str; 3] = [
    "https://hooks.example.com/cb",
    "http://8.8.8.8/x",
    "https://[2606:4700::1]/hook",
];
const PRIVATE_CALLBACKS: [&str; 8] = [
    "http://localhost/cb",
    "http://10.0.0.1/",
    "http://[::1]/",
    "http://2130706433/",
    "https://printer.local/",
    "http://192.168.1.1:8080/",
    "http://[::ffff:127.0.0.1]/",
    "ftp://hooks.example.com/",
];

/// Per model id: allowed durations, accepted resolutions, aspect ratios (written out here).
fn model_rules(id: &str) -> (Vec<i64>, Vec<&'static str>, Vec<&'static str>) {
    let std_ratios = vec!["16:9", "9:16", "4:3", "3:4"];
    match id {
        "seedance-2-mini" => (
            (4..=15).collect(),
            vec!["480p", "720p", "1080p"],
            vec!["16:9", "9:16", "4:3", "3:4", "1:1", "21:9", "adaptive"],
        ),
        _ => (vec![5, 10, 15], vec!["480p", "720p", "1080p"], std_ratios),
    }
}

/// The oracle's price: the published credits per second, ceil'd, in quarter credits.
fn oracle_credits(model: &str, seconds: i64, resolution: &str, video: bool, image: bool) -> u32 {
    let _ = image; // images never change the price
    let quarters_per_second: i64 = match (model, resolution, video) {
        ("seedance-2.0", _, _) => 48 * 4,
        ("seedance-2.0-fast", _, _) => 32 * 4,
        ("seedance-2-mini", "480p", false) => 57, // 14.25 credits
        ("seedance-2-mini", "480p", true) => 36,  // 9
        ("seedance-2-mini", _, false) => 123,     // 30.75 (1080p is billed as 720p)
        ("seedance-2-mini", _, true) => 75,       // 18.75
        _ => unreachable!(),
    };
    let total = quarters_per_second * seconds;
    ((total + 3) / 4) as u32
}

fn prompt_part() -> impl Strategy<Value = Part> {
    let p = |value: Option<Value>, error: Option<&'static str>| Part {
        key: "prompt".into(),
        value,
        error,
        needs_model: false,
    };
    prop_oneof![
        12 => "[ -~]{0,10}[a-zA-Z][ -~]{0,60}".prop_map(move |t| p(Some(s(&t)), None)),
        3 => "[\u{4e00}-\u{9fff}\u{1f300}-\u{1f5ff} ]{0,30}[\u{1f300}-\u{1f5ff}]".prop_map(move |t| p(Some(s(&t)), None)),
        1 => Just(p(Some(s(&"🎬".repeat(2000))), None)), // 2000 code points, 4000 UTF-16 units
        1 => Just(p(None, Some("INVALID_PROMPT"))),
        1 => Just(p(Some(Value::Null), Some("INVALID_PROMPT"))),
        1 => "[ \t\n\u{3000}\u{a0}]{0,5}".prop_map(move |t| p(Some(s(&t)), Some("INVALID_PROMPT"))),
        1 => (2001usize..2100).prop_map(move |len| p(Some(s(&"é".repeat(len))), Some("INVALID_PROMPT"))),
        1 => Just(p(Some(n("42")), Some("INVALID_FIELD"))),
        1 => Just(p(Some(Value::Array(vec![s("a cat")])), Some("INVALID_FIELD"))),
    ]
}

/// The model: `(part, Some(id))` when the engine will know the model.
fn model_part() -> impl Strategy<Value = (Part, Option<&'static str>)> {
    let p = |value: Option<Value>, error: Option<&'static str>| Part {
        key: "model".into(),
        value,
        error,
        needs_model: false,
    };
    prop_oneof![
        4 => Just((p(None, None), Some("seedance-2.0"))),
        1 => Just((p(Some(Value::Null), None), Some("seedance-2.0"))),
        12 => prop::sample::select(vec!["seedance-2.0", "seedance-2.0-fast", "seedance-2-mini"])
            .prop_map(move |id| (p(Some(s(id)), None), Some(id))),
        1 => prop::sample::select(vec!["seedance-3", "Seedance-2.0", "", "seedance-2.0 "])
            .prop_map(move |id| (p(Some(s(id)), Some("INVALID_MODEL")), None)),
        1 => Just((p(Some(n("2")), Some("INVALID_FIELD")), None)),
    ]
}

fn url_array(urls: Vec<&str>) -> Value {
    Value::Array(urls.into_iter().map(s).collect())
}

fn url_list_part(key: &'static str, bad_code: &'static str) -> impl Strategy<Value = Part> {
    let p = move |value: Option<Value>, error: Option<&'static str>| Part {
        key: key.into(),
        value,
        error,
        needs_model: false,
    };
    prop_oneof![
        6 => Just(p(None, None)),
        8 => prop::collection::vec(prop::sample::select(GOOD_URLS.to_vec()), 0..=3)
            .prop_map(move |urls| p(Some(url_array(urls)), None)),
        1 => (prop::collection::vec(prop::sample::select(GOOD_URLS.to_vec()), 0..3), prop::sample::select(BAD_URLS.to_vec()))
            .prop_map(move |(mut urls, bad)| { urls.push(bad); p(Some(url_array(urls)), Some(bad_code)) }),
        1 => Just(p(Some(s(GOOD_URLS[0])), Some("INVALID_FIELD"))),
        1 => Just(p(Some(Value::Array(vec![n("1")])), Some("INVALID_FIELD"))),
    ]
}

/// Duration, resolution and aspect ratio for a known model (or anything when the model is unknown).
fn model_dependent_parts(model: Option<&'static str>) -> impl Strategy<Value = Vec<Part>> {
    let (durations, resolutions, ratios) = model_rules(model.unwrap_or("seedance-2.0"));
    let dep = |key: &'static str, value: Option<Value>, error: Option<&'static str>| Part {
        key: key.into(),
        value,
        error,
        needs_model: true,
    };
    let duration = prop_oneof![
        3 => Just(dep("duration", None, None)),
        10 => prop::sample::select(durations.clone()).prop_map(move |d| dep("duration", Some(n(&d.to_string())), None)),
        1 => prop::sample::select(durations).prop_map(move |d| dep("duration", Some(n(&format!("{d}.0"))), None)),
        2 => prop::sample::select(vec!["0", "3", "8", "16", "-5", "5.5", "1e1", "99999999999999999999"])
            .prop_filter_map("allowed for this model", move |t| {
                let allowed = model_rules(model.unwrap_or("seedance-2.0")).0;
                let as_int: Option<i64> = t.parse().ok();
                (!as_int.is_some_and(|d| allowed.contains(&d))).then(|| dep("duration", Some(n(t)), Some("INVALID_DURATION")))
            }),
        1 => prop::sample::select(vec![s("10"), Value::Bool(true), Value::Array(vec![])])
            .prop_map(move |v| dep("duration", Some(v), Some("INVALID_FIELD"))),
    ];
    let resolution = prop_oneof![
        3 => Just(dep("resolution", None, None)),
        10 => prop::sample::select(resolutions).prop_map(move |r| dep("resolution", Some(s(r)), None)),
        1 => prop::sample::select(vec!["4k", "720P", "", "1080"]).prop_map(move |r| dep("resolution", Some(s(r)), Some("INVALID_RESOLUTION"))),
        1 => Just(dep("resolution", Some(n("720")), Some("INVALID_FIELD"))),
    ];
    let aspect = prop_oneof![
        4 => Just(dep("aspect_ratio", None, None)),
        6 => prop::sample::select(ratios.clone()).prop_map(move |r| dep("aspect_ratio", Some(s(r)), None)),
        1 => prop::sample::select(vec!["2:1", "16/9", "", "1:1", "21:9", "adaptive"])
            .prop_filter_map("allowed for this model", move |r| {
                (!ratios.contains(&r)).then(|| dep("aspect_ratio", Some(s(r)), Some("INVALID_ASPECT_RATIO")))
            }),
        1 => Just(dep("aspect_ratio", Some(n("1.77")), Some("INVALID_FIELD"))),
    ];
    (duration, resolution, aspect).prop_map(|(a, b, c)| vec![a, b, c])
}

fn other_parts() -> impl Strategy<Value = Vec<Part>> {
    let p = |key: &str, value: Option<Value>, error: Option<&'static str>| Part {
        key: key.into(),
        value,
        error,
        needs_model: false,
    };
    let callback = prop_oneof![
        4 => Just(p("callback_url", None, None)),
        5 => prop::sample::select(PUBLIC_CALLBACKS.to_vec()).prop_map(move |u| p("callback_url", Some(s(u)), None)),
        2 => prop::sample::select(PRIVATE_CALLBACKS.to_vec()).prop_map(move |u| p("callback_url", Some(s(u)), Some("INVALID_CALLBACK_URL"))),
        1 => Just(p("callback_url", Some(Value::Bool(false)), Some("INVALID_FIELD"))),
    ];
    let public = prop_oneof![
        4 => Just(p("public", None, None)),
        5 => any::<bool>().prop_map(move |b| p("public", Some(Value::Bool(b)), None)),
        1 => prop::sample::select(vec![s("yes"), n("1")]).prop_map(move |v| p("public", Some(v), Some("INVALID_FIELD"))),
    ];
    let unknown = prop::collection::vec(
        ("(seed|negative_prompt|x_[a-z]{1,6}|camera)", json_value()),
        0..3,
    );
    (callback, public, unknown).prop_map(move |(c, pb, unknown)| {
        let mut parts = vec![c, pb];
        for (key, value) in unknown {
            parts.push(p(&key, Some(value), None));
        }
        parts
    })
}

/// An images part with a count chosen up to 6 (more than 4 is TOO_MANY_IMAGES once the model is known).
fn images_part() -> impl Strategy<Value = Part> {
    prop_oneof![
        6 => url_list_part("images", "INVALID_IMAGE_URL"),
        1 => (5usize..=6).prop_map(|count| Part {
            key: "images".into(),
            value: Some(url_array(vec![GOOD_URLS[0]; count])),
            error: Some("TOO_MANY_IMAGES"),
            needs_model: true,
        }),
    ]
}

#[derive(Debug, Clone)]
struct Generated {
    model: Option<&'static str>,
    parts: Vec<Part>,
    budget: Option<u32>,
    text: String,
}

fn near_valid_request() -> impl Strategy<Value = Generated> {
    (prompt_part(), model_part())
        .prop_flat_map(|(prompt, (model_part, model))| {
            (
                Just(prompt),
                Just(model_part),
                Just(model),
                model_dependent_parts(model),
                images_part(),
                url_list_part("reference_video_urls", "INVALID_REFERENCE_URL"),
                url_list_part("reference_audio_urls", "INVALID_REFERENCE_URL"),
                other_parts(),
                prop::option::weighted(0.2, 0u32..800),
            )
        })
        .prop_flat_map(
            |(prompt, model_part, model, deps, images, videos, audios, others, budget)| {
                let mut parts = vec![prompt, model_part, images, videos, audios];
                parts.extend(deps);
                parts.extend(others);
                (
                    Just(model),
                    Just(parts).prop_shuffle(),
                    Just(budget),
                    any::<(bool, bool)>(),
                )
            },
        )
        .prop_map(|(model, parts, budget, (escape_all, spaced))| {
            let members = parts
                .iter()
                .filter_map(|p| p.value.clone().map(|v| (p.key.clone(), v)))
                .collect();
            let text = to_text(&Value::Object(members), escape_all, spaced);
            Generated {
                model,
                parts,
                budget,
                text,
            }
        })
}

fn part<'a>(g: &'a Generated, key: &str) -> Option<&'a Part> {
    g.parts.iter().find(|p| p.key == key)
}

/// The oracle's price, or None when a pricing input is invalid.
fn expected_credits(g: &Generated) -> Option<u32> {
    let model = g.model?;
    let valid = |key: &str| part(g, key).is_none_or(|p| p.error.is_none());
    if !valid("duration") || !valid("resolution") {
        return None;
    }
    let value = |key: &str| {
        part(g, key)
            .and_then(|p| p.value.as_ref())
            .filter(|v| **v != Value::Null)
    };
    let seconds = match value("duration") {
        Some(Value::Number(t)) => t.trim_end_matches(".0").parse().ok()?,
        _ => 5,
    };
    let resolution = match value("resolution") {
        Some(Value::String(r)) => r.as_str(),
        _ => "720p",
    };
    let non_empty_array =
        |key: &str| matches!(value(key), Some(Value::Array(items)) if !items.is_empty());
    if value("reference_video_urls").is_some_and(|v| !matches!(v, Value::Array(_))) {
        return None; // a reference-video field that is not a list cannot be priced
    }
    let video = model == "seedance-2-mini" && non_empty_array("reference_video_urls");
    Some(oracle_credits(
        model,
        seconds,
        resolution,
        video,
        non_empty_array("images"),
    ))
}

#[test]
fn near_valid_requests_agree_with_the_oracle() {
    let mut runner = runner(3000);
    let valid = std::cell::Cell::new(0u32);
    let total = std::cell::Cell::new(0u32);
    runner
        .run(&near_valid_request(), |g| {
            let report = validate_json(
                &g.text,
                &Options {
                    max_credits: g.budget,
                    model_override: None,
                },
            );
            check_report_invariants(&report, true);
            total.set(total.get() + 1);
            valid.set(valid.get() + u32::from(report.ok()));
            let codes: BTreeSet<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
            let mut expected: BTreeSet<&str> = g
                .parts
                .iter()
                .filter(|p| !p.needs_model || g.model.is_some())
                .filter_map(|p| p.error)
                .collect();
            let credits = expected_credits(&g);
            if let (Some(limit), Some(c)) = (g.budget, credits) {
                if c > limit {
                    expected.insert("BUDGET_EXCEEDED");
                }
            }
            prop_assert_eq!(&codes, &expected, "request {}", g.text);
            prop_assert_eq!(report.ok(), expected.is_empty(), "request {}", g.text);
            let got = report.estimate.map(|e| e.credits);
            prop_assert_eq!(got, credits, "credits of {}", g.text);
            if let Some(request) = &report.request {
                // The normalised request is valid as it stands and priced the same.
                let again = validate_json(&request.to_json(), &Options::default());
                prop_assert!(
                    again.ok(),
                    "normalised {} has {:?}",
                    request.to_json(),
                    again.errors
                );
                prop_assert_eq!(again.estimate.map(|e| e.credits), got);
            }
            Ok(())
        })
        .unwrap();
    println!(
        "near-valid requests: {} checked, {} valid",
        total.get(),
        valid.get()
    );
    assert!(
        valid.get() > 0 && valid.get() < total.get(),
        "the generator makes both kinds"
    );
}
