//! Native tests of the engine through its JSON entry points, as JavaScript reaches it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use seedance_wasm::codes::Code;
use seedance_wasm::engine::validate::{compare_json, models_json, validate_json, Options, Report};
use seedance_wasm::json::{self, Value};

fn check(request: &str) -> Report {
    validate_json(request, &Options::default())
}

fn codes(issues: &[seedance_wasm::engine::validate::Issue]) -> Vec<(&'static str, String)> {
    issues
        .iter()
        .map(|i| (i.code.as_str(), i.field.clone()))
        .collect()
}

fn error_codes(request: &str) -> Vec<(&'static str, String)> {
    codes(&check(request).errors)
}

fn one(code: &'static str, field: &str) -> Vec<(&'static str, String)> {
    vec![(code, field.to_owned())]
}

#[test]
fn minimal_request_gets_defaults() {
    let report = check(r#"{"prompt":"a cat"}"#);
    assert!(report.ok(), "{:?}", report.errors);
    assert_eq!(
        report.request.unwrap().to_json(),
        r#"{"model":"seedance-2.0","prompt":"a cat","duration":5,"resolution":"720p","aspect_ratio":"16:9"}"#
    );
    let e = report.estimate.unwrap();
    assert_eq!(
        (e.model.id, e.duration, e.credits),
        ("seedance-2.0", 5, 240)
    );
}

#[test]
fn report_json_shape() {
    let text = check(r#"{"prompt":"x","model":"seedance-2-mini","duration":8}"#).to_json();
    assert_eq!(
        text,
        concat!(
            r#"{"ok":true,"errors":[],"warnings":[],"request":{"model":"seedance-2-mini","prompt":"x","duration":8,"#,
            r#""resolution":"720p","aspect_ratio":"16:9"},"estimate":{"model":"seedance-2-mini","duration":8,"#,
            r#""resolution":"720p","billed_resolution":"720p","input_kind":"text","credits":246,"usd":2.46}}"#
        )
    );
    assert!(json::parse(&text).is_ok());
}

#[test]
fn prompt_rules_count_code_points() {
    let emoji = "😀".repeat(2000);
    assert!(
        check(&Value::Object(vec![("prompt".into(), Value::String(emoji.clone()))]).to_json()).ok()
    );
    let over = emoji + "😀";
    assert_eq!(
        error_codes(&Value::Object(vec![("prompt".into(), Value::String(over))]).to_json()),
        one("INVALID_PROMPT", "prompt")
    );
    assert_eq!(
        error_codes(r#"{"prompt":"  \n\t "}"#),
        one("INVALID_PROMPT", "prompt")
    );
    assert_eq!(
        error_codes(r#"{"prompt":""}"#),
        one("INVALID_PROMPT", "prompt")
    );
    assert_eq!(error_codes(r#"{}"#), one("INVALID_PROMPT", "prompt"));
    assert_eq!(
        error_codes(r#"{"prompt":null}"#),
        one("INVALID_PROMPT", "prompt")
    );
    assert_eq!(
        error_codes(r#"{"prompt":42}"#),
        one("INVALID_FIELD", "prompt")
    );
}

#[test]
fn every_error_code_with_its_field() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"prompt":"x","model":"seedance-3"}"#,
            "INVALID_MODEL",
            "model",
        ),
        (
            r#"{"prompt":"x","duration":8}"#,
            "INVALID_DURATION",
            "duration",
        ),
        (
            r#"{"prompt":"x","duration":5.5}"#,
            "INVALID_DURATION",
            "duration",
        ),
        (
            r#"{"prompt":"x","model":"seedance-2-mini","duration":3}"#,
            "INVALID_DURATION",
            "duration",
        ),
        (
            r#"{"prompt":"x","model":"seedance-2-mini","duration":16}"#,
            "INVALID_DURATION",
            "duration",
        ),
        (
            r#"{"prompt":"x","resolution":"4k"}"#,
            "INVALID_RESOLUTION",
            "resolution",
        ),
        (
            r#"{"prompt":"x","aspect_ratio":"1:1"}"#,
            "INVALID_ASPECT_RATIO",
            "aspect_ratio",
        ),
        (
            r#"{"prompt":"x","model":"seedance-2-mini","aspect_ratio":"2:1"}"#,
            "INVALID_ASPECT_RATIO",
            "aspect_ratio",
        ),
        (
            r#"{"prompt":"x","images":["https://a.example.com/1.png","https://a.example.com/2.png","https://a.example.com/3.png","https://a.example.com/4.png","https://a.example.com/5.png"]}"#,
            "TOO_MANY_IMAGES",
            "images",
        ),
        (
            r#"{"prompt":"x","images":["https://a.example.com/1.png","file:///etc/passwd"]}"#,
            "INVALID_IMAGE_URL",
            "images[1]",
        ),
        (
            r#"{"prompt":"x","images":["a.png"]}"#,
            "INVALID_IMAGE_URL",
            "images[0]",
        ),
        (
            r#"{"prompt":"x","model":"seedance-2-mini","reference_video_urls":["ftp://x.example.com/v.mp4"]}"#,
            "INVALID_REFERENCE_URL",
            "reference_video_urls[0]",
        ),
        (
            r#"{"prompt":"x","model":"seedance-2-mini","reference_audio_urls":["https://ok.example.com/a.mp3","nope"]}"#,
            "INVALID_REFERENCE_URL",
            "reference_audio_urls[1]",
        ),
        (
            r#"{"prompt":"x","callback_url":"http://localhost:3000/cb"}"#,
            "INVALID_CALLBACK_URL",
            "callback_url",
        ),
        (
            r#"{"prompt":"x","callback_url":"http://2130706433/"}"#,
            "INVALID_CALLBACK_URL",
            "callback_url",
        ),
        (
            r#"{"prompt":"x","callback_url":"javascript:alert(1)"}"#,
            "INVALID_CALLBACK_URL",
            "callback_url",
        ),
        (
            r#"{"prompt":"x","public":"yes"}"#,
            "INVALID_FIELD",
            "public",
        ),
        (
            r#"{"prompt":"x","duration":"10"}"#,
            "INVALID_FIELD",
            "duration",
        ),
        (
            r#"{"prompt":"x","images":"https://a.example.com/1.png"}"#,
            "INVALID_FIELD",
            "images",
        ),
        (
            r#"{"prompt":"x","images":[7]}"#,
            "INVALID_FIELD",
            "images[0]",
        ),
        (r#"{"prompt":"x","model":7}"#, "INVALID_FIELD", "model"),
        (
            r#"{"prompt":"x","resolution":720}"#,
            "INVALID_FIELD",
            "resolution",
        ),
        (
            r#"{"prompt":"x","aspect_ratio":["16:9"]}"#,
            "INVALID_FIELD",
            "aspect_ratio",
        ),
        (
            r#"{"prompt":"x","callback_url":{}}"#,
            "INVALID_FIELD",
            "callback_url",
        ),
        (r#"null"#, "INVALID_FIELD", ""),
        (r#"[1,2]"#, "INVALID_FIELD", ""),
        (r#""a string""#, "INVALID_FIELD", ""),
        (r#"{"prompt":"#, "INVALID_FIELD", ""),
    ];
    for (request, code, field) in cases {
        let report = check(request);
        assert_eq!(codes(&report.errors), one(code, field), "{request}");
        assert!(report.request.is_none(), "{request}");
    }
}

#[test]
fn reports_every_problem_at_once() {
    let report = check(
        r#"{"prompt":"","model":"seedance-2-mini","duration":99,"resolution":"8k","aspect_ratio":"5:4","images":["x"],"callback_url":"http://10.0.0.1/","public":1}"#,
    );
    let found: Vec<&str> = report.errors.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        found,
        [
            "INVALID_PROMPT",
            "INVALID_DURATION",
            "INVALID_RESOLUTION",
            "INVALID_IMAGE_URL",
            "INVALID_ASPECT_RATIO",
            "INVALID_CALLBACK_URL",
            "INVALID_FIELD"
        ]
    );
    assert!(report.estimate.is_none());
}

#[test]
fn estimate_survives_errors_in_other_fields() {
    let report = check(
        r#"{"prompt":"","model":"seedance-2-mini","duration":8,"callback_url":"http://127.0.0.1/"}"#,
    );
    assert!(!report.ok());
    assert!(report.request.is_none());
    assert_eq!(report.estimate.unwrap().credits, 246);
}

#[test]
fn every_warning_code_with_its_field() {
    let report = check(
        r#"{"prompt":"x","model":"seedance-2-mini","resolution":"1080p","images":["https://a.example.com/1.png"],"aspect_ratio":"1:1","seed":42}"#,
    );
    assert!(report.ok(), "{:?}", report.errors);
    assert_eq!(
        codes(&report.warnings),
        vec![
            ("RESOLUTION_DOWNGRADED", "resolution".to_owned()),
            ("ASPECT_RATIO_IGNORED", "aspect_ratio".to_owned()),
            ("UNKNOWN_FIELD", "seed".to_owned()),
        ]
    );
    let request = report.request.unwrap();
    assert_eq!(
        request.get("resolution").and_then(Value::as_str),
        Some("720p")
    );
    assert_eq!(request.get("seed").and_then(Value::as_i64), Some(42));
    let e = report.estimate.unwrap();
    assert_eq!(
        (
            e.resolution,
            e.billed_resolution,
            e.input_kind.as_str(),
            e.credits
        ),
        ("1080p", "720p", "image", 154)
    );

    let report = check(
        r#"{"prompt":"x","reference_video_urls":["https://v.example.com/a.mp4"],"reference_audio_urls":["https://v.example.com/a.mp3"]}"#,
    );
    assert!(report.ok());
    assert_eq!(
        codes(&report.warnings),
        vec![
            ("UNSUPPORTED_FOR_MODEL", "reference_video_urls".to_owned()),
            ("UNSUPPORTED_FOR_MODEL", "reference_audio_urls".to_owned())
        ]
    );
    let e = report.estimate.unwrap();
    assert_eq!((e.input_kind.as_str(), e.credits), ("text", 240));
}

#[test]
fn mini_with_reference_video_uses_video_rate() {
    let report = check(
        r#"{"prompt":"x","model":"seedance-2-mini","duration":10,"resolution":"480p","reference_video_urls":["https://v.example.com/a.mp4"]}"#,
    );
    let e = report.estimate.unwrap();
    assert_eq!((e.input_kind.as_str(), e.credits), ("video", 90));
    assert!(report.warnings.is_empty());
}

#[test]
fn text_to_video_default_ratio_only_without_images() {
    let report = check(r#"{"prompt":"x","images":["https://a.example.com/1.png"]}"#);
    let request = report.request.unwrap();
    assert!(request.get("aspect_ratio").is_none());
    assert_eq!(report.estimate.unwrap().input_kind.as_str(), "image");
    let request = check(r#"{"prompt":"x","images":[],"callback_url":null}"#)
        .request
        .unwrap();
    assert_eq!(
        request.get("aspect_ratio").and_then(Value::as_str),
        Some("16:9")
    );
    assert!(request.get("images").is_none() && request.get("callback_url").is_none());
}

#[test]
fn budget() {
    let options = Options {
        max_credits: Some(200),
        model_override: None,
    };
    let report = validate_json(r#"{"prompt":"x"}"#, &options);
    assert_eq!(codes(&report.errors), one("BUDGET_EXCEEDED", ""));
    assert!(report.request.is_none());
    assert_eq!(report.estimate.unwrap().credits, 240);
    let options = Options {
        max_credits: Some(240),
        model_override: None,
    };
    assert!(validate_json(r#"{"prompt":"x"}"#, &options).ok());
}

#[test]
fn compare_prices_every_model_in_order() {
    let list = json::parse(&compare_json(r#"{"prompt":"x","duration":10}"#)).unwrap();
    let Value::Array(rows) = list else { panic!() };
    let summary: Vec<(String, bool, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.get("model").and_then(Value::as_str).unwrap().to_owned(),
                r.get("ok") == Some(&Value::Bool(true)),
                r.get("estimate")
                    .and_then(|e| e.get("credits"))
                    .and_then(Value::as_i64),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("seedance-2.0".into(), true, Some(480)),
            ("seedance-2.0-fast".into(), true, Some(320)),
            ("seedance-2-mini".into(), true, Some(308)),
        ]
    );
    let list = json::parse(&compare_json(r#"{"prompt":"x","duration":8}"#)).unwrap();
    let Value::Array(rows) = list else { panic!() };
    assert_eq!(rows[0].get("ok"), Some(&Value::Bool(false)));
    assert_eq!(rows[0].get("estimate"), Some(&Value::Null));
    assert_eq!(
        rows[2]
            .get("estimate")
            .and_then(|e| e.get("credits"))
            .and_then(Value::as_i64),
        Some(246)
    );
}

#[test]
fn model_list_is_the_catalogue() {
    let list = json::parse(&models_json()).unwrap();
    let Value::Array(models) = list else { panic!() };
    assert_eq!(models.len(), 3);
    let mini = &models[2];
    assert_eq!(
        mini.get("id").and_then(Value::as_str),
        Some("seedance-2-mini")
    );
    assert_eq!(
        mini.get("resolutions").unwrap().to_json(),
        r#"["480p","720p"]"#
    );
    assert_eq!(
        mini.get("billed_resolutions").unwrap().to_json(),
        r#"{"480p":"480p","720p":"720p","1080p":"720p"}"#
    );
    assert_eq!(
        mini.get("durations").unwrap().to_json(),
        "[4,5,6,7,8,9,10,11,12,13,14,15]"
    );
    assert_eq!(models[0].get("is_default"), Some(&Value::Bool(true)));
    assert_eq!(
        models[0].get("max_prompt_chars").and_then(Value::as_i64),
        Some(2000)
    );
    assert_eq!(models[0].get("durations").unwrap().to_json(), "[5,10,15]");
}

#[test]
fn all_codes_have_distinct_names() {
    let names: std::collections::HashSet<&str> =
        Code::SERVER_ERRORS.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), Code::SERVER_ERRORS.len());
}

#[test]
fn repeated_keys_keep_the_last_value_like_json_parse() {
    let request = check(r#"{"prompt":"a","seed":1,"prompt":"b","seed":2}"#)
        .request
        .unwrap();
    assert_eq!(
        request.to_json(),
        r#"{"model":"seedance-2.0","prompt":"b","duration":5,"resolution":"720p","aspect_ratio":"16:9","seed":2}"#
    );
}

#[test]
fn duration_messages_list_what_each_model_accepts() {
    let message = |request: &str| check(request).errors[0].message.clone();
    assert_eq!(
        message(r#"{"prompt":"p","duration":8}"#),
        "The duration for seedance-2.0 must be 5, 10 or 15 seconds."
    );
    assert_eq!(
        message(r#"{"prompt":"p","model":"seedance-2-mini","duration":20}"#),
        "The duration for seedance-2-mini must be 4 to 15 seconds."
    );
}
