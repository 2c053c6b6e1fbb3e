//! Native tests of requests shaped to slip past the checks: keys that a
//! loose decoder would read as a known field, values JSON cannot carry, lone surrogates. Each is a
//! coded error in `validateRequest`, `estimateCost`, `compareModels` and the proxy alike.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use seedance_wasm::codes::Code;
use seedance_wasm::engine::validate::{
    compare_json, estimate_or_issue, validate_json, Issue, Options, Report, NO_JSON_KEY,
};
use seedance_wasm::json::{self, Value};
use seedance_wasm::proxy::{check_generate, Policy};

fn check(request: &str) -> Report {
    validate_json(request, &Options::default())
}

fn codes(issues: &[Issue]) -> Vec<(&'static str, String)> {
    issues
        .iter()
        .map(|i| (i.code.as_str(), i.field.clone()))
        .collect()
}

fn one(code: &'static str, field: &str) -> Vec<(&'static str, String)> {
    vec![(code, field.to_owned())]
}

fn object(members: Vec<(&str, Value)>) -> String {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
    .to_json()
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// The proxy's refusal of a body: HTTP status and the envelope's `error.code`.
fn proxy_refusal(body: &str) -> (u16, String) {
    let refusal = check_generate(body.as_bytes(), &Policy::default())
        .expect_err("the proxy must refuse this body");
    let envelope = json::parse(&refusal.body).unwrap();
    let code = envelope.get("error").and_then(|e| e.get("code"));
    let code = code.and_then(Value::as_str).unwrap_or_default().to_owned();
    (refusal.status, code)
}

/// Every model's row of `compareModels` carries this issue.
fn every_comparison_has(body: &str, code: &str, field: &str) {
    let rows = json::parse(&compare_json(body)).unwrap();
    let Value::Array(rows) = rows else {
        panic!("compareModels is not a list")
    };
    assert_eq!(rows.len(), 3);
    for row in rows {
        let Some(Value::Array(errors)) = row.get("errors") else {
            panic!("no errors in {}", row.to_json())
        };
        assert!(
            errors
                .iter()
                .any(|e| e.get("code").and_then(Value::as_str) == Some(code)
                    && e.get("field").and_then(Value::as_str) == Some(field)),
            "{body}: {}",
            row.to_json()
        );
    }
}

#[test]
fn case_and_space_variants_of_known_keys_are_invalid_fields() {
    let variants = [
        ("DURATION", Value::Number("15".into())),
        (" duration", Value::Number("15".into())),
        ("duration\t", Value::Number("15".into())),
        ("Callback_URL", string("http://169.254.169.254/")),
        (
            "IMAGES",
            Value::Array(vec![string("https://i.example/a.png"); 5]),
        ),
        ("RESOLUTION", string("1080p")),
        ("Model", string("seedance-2.0")),
        ("\u{3000}public", Value::Bool(true)),
        // Non-ASCII letters that loose readers fold to ASCII: ſ is s, K (Kelvin) is k, ı and İ are i.
        ("reſolution", string("1080p")),
        ("callbac\u{212a}_url", string("http://10.0.0.1/")),
        ("\u{130}mages", Value::Array(vec![])),
        ("aspect_rat\u{131}o", string("1:1")),
        ("Aspect_Ratio", string("1:1")),
        ("Reference_Video_Urls", Value::Array(vec![])),
    ];
    for (key, value) in variants {
        let body = object(vec![
            ("prompt", string("x")),
            ("duration", Value::Number("5".into())),
            (key, value),
        ]);
        let report = check(&body);
        assert_eq!(codes(&report.errors), one("INVALID_FIELD", key), "{key:?}");
        assert!(report.errors[0].message.contains(key.trim()), "{key:?}");
        assert_eq!(codes(&report.warnings), [], "{key:?}: not an unknown field");
        assert_eq!(report.request, None, "{key:?}");
        assert_eq!(
            proxy_refusal(&body),
            (400, "INVALID_FIELD".into()),
            "{key:?}"
        );
        every_comparison_has(&body, "INVALID_FIELD", key);
    }

    // A variant of a pricing field leaves the price unknown: estimateCost throws its issue.
    let report = check(r#"{"prompt":"x","duration":5,"DURATION":15}"#);
    assert_eq!(report.estimate, None);
    let issue = estimate_or_issue(&report).unwrap_err();
    assert_eq!(
        (issue.code, issue.field.as_str()),
        (Code::InvalidField, "DURATION")
    );
    let report = check(r#"{"prompt":"x","Callback_URL":"http://169.254.169.254/"}"#);
    assert!(
        report.estimate.is_some(),
        "a callback does not change the price"
    );

    // Other near misses are just unknown fields, sent on with a warning.
    for key in ["durations", "dur ation", "callback-url", "image", "seed"] {
        let report = check(&object(vec![("prompt", string("x")), (key, Value::Null)]));
        assert!(report.ok(), "{key:?}: {:?}", report.errors);
        assert_eq!(codes(&report.warnings), one("UNKNOWN_FIELD", key));
    }
}

#[test]
fn lone_surrogates_are_refused_not_replaced() {
    let report = check(r#"{"prompt":"a \ud800 cat"}"#);
    assert_eq!(codes(&report.errors), one("INVALID_PROMPT", "prompt"));
    assert!(report.errors[0].message.contains("lone surrogate"));
    assert!(
        report.estimate.is_some(),
        "the price does not depend on the prompt"
    );
    assert_eq!(
        codes(&check(r#"{"prompt":"\udfff"}"#).errors),
        one("INVALID_PROMPT", "prompt")
    );
    assert_eq!(
        proxy_refusal(r#"{"prompt":"\ud800"}"#),
        (400, "INVALID_PROMPT".into())
    );
    every_comparison_has(r#"{"prompt":"\ud800"}"#, "INVALID_PROMPT", "prompt");

    // A pair is one character, and fine.
    assert!(check(r#"{"prompt":"\ud83d\ude00"}"#).ok());

    // Elsewhere, known field or not, key or value: INVALID_FIELD naming the member.
    for (body, field) in [
        (
            r#"{"prompt":"x","callback_url":"https://hooks.example/\ud800"}"#,
            "callback_url",
        ),
        (
            r#"{"prompt":"x","images":["https://i.example/\udc00.png"]}"#,
            "images",
        ),
        (r#"{"prompt":"x","note":"\ud800"}"#, "note"),
        (r#"{"prompt":"x","meta":{"a":["\udbff"]}}"#, "meta"),
        ("{\"prompt\":\"x\",\"\\ud800\":1}", "\u{FFFD}"),
    ] {
        let report = check(body);
        assert!(
            codes(&report.errors).contains(&("INVALID_FIELD", field.to_owned())),
            "{body}: {:?}",
            report.errors
        );
        assert_eq!(report.request, None, "{body}");
        assert!(
            report.warnings.iter().all(|w| w.code != Code::UnknownField),
            "{body}"
        );
        assert_eq!(proxy_refusal(body).0, 400, "{body}");
    }
}

/// What `toJson` (src/js/json.js) writes for a BigInt, Symbol or function value.
fn no_json(kind: &str) -> Value {
    Value::Object(vec![(NO_JSON_KEY.to_owned(), string(kind))])
}

#[test]
fn values_json_cannot_carry_are_invalid_fields() {
    let list = |items: Vec<Value>| Value::Array(items);
    for (key, value, field, words) in [
        ("prompt", no_json("bigint"), "prompt", "a BigInt"),
        ("duration", no_json("bigint"), "duration", "a BigInt"),
        ("model", no_json("symbol"), "model", "a Symbol"),
        (
            "images",
            list(vec![no_json("function")]),
            "images[0]",
            "a function",
        ),
        ("public", no_json("function"), "public", "a function"),
        ("seed", no_json("bigint"), "seed", "a BigInt"),
        (
            "tags",
            list(vec![string("a"), no_json("symbol")]),
            "tags[1]",
            "a Symbol",
        ),
    ] {
        let mut members = vec![(key, value)];
        if key != "prompt" {
            members.insert(0, ("prompt", string("x")));
        }
        let body = object(members);
        let report = check(&body);
        assert_eq!(codes(&report.errors), one("INVALID_FIELD", field), "{body}");
        assert!(report.errors[0].message.contains(words), "{body}");
        assert_eq!(report.request, None);
    }

    let issue =
        estimate_or_issue(&check(&object(vec![("duration", no_json("bigint"))]))).unwrap_err();
    assert_eq!(
        (issue.code, issue.field.as_str()),
        (Code::InvalidField, "duration")
    );
    every_comparison_has(
        &object(vec![
            ("prompt", string("x")),
            ("duration", no_json("bigint")),
        ]),
        "INVALID_FIELD",
        "duration",
    );

    let report = check(&no_json("bigint").to_json());
    assert_eq!(codes(&report.errors), one("INVALID_FIELD", ""));
    assert!(report.errors[0].message.contains("not a BigInt"));
}
