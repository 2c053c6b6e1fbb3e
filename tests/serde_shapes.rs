//! The `serde` feature writes and reads exactly the JSON the engine writes: for every type, serde's
//! output equals the engine's JSON (as text and as a value), the engine's JSON read by serde gives
//! the engine's value back, requests read by serde equal the engine's parse, and a spelling the
//! contract does not have is refused. Run by `cargo test --features serde` (`make test-native`).
#![cfg(all(feature = "serde", not(target_arch = "wasm32")))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use seedance_wasm::client::response::{parse_callback, parse_status, TaskState, TaskStatus};
use seedance_wasm::codes::Code;
use seedance_wasm::engine::model::MODELS;
use seedance_wasm::engine::pricing::{self, Estimate, InputKind};
use seedance_wasm::engine::validate::{validate_json, Issue, Options, Report};
use seedance_wasm::json::{self, Value, MAX_DEPTH};

/// serde's JSON of `value` is the engine's `engine_json`, byte for byte and as a value, and the
/// engine's JSON read by serde is `expected`.
fn same_both_ways<T>(value: &T, engine_json: &str, expected: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let written = serde_json::to_string(value).unwrap();
    assert_eq!(written, engine_json, "serde's text against the engine's");
    assert_eq!(
        serde_json::to_value(value).unwrap(),
        serde_json::from_str::<Json>(engine_json).unwrap(),
        "serde's value against the engine's JSON, {engine_json}"
    );
    let read: T = serde_json::from_str(engine_json)
        .unwrap_or_else(|e| panic!("serde refused the engine's JSON {engine_json}: {e}"));
    assert_eq!(&read, expected, "{engine_json}");
}

/// Every variant of an enum, named here and checked complete by a match: a variant added to the
/// enum breaks this test's build until it is added here (and so compared).
macro_rules! every {
    ($enum:ident: $($variant:ident),*) => {{
        let all = [$($enum::$variant),*];
        for value in all {
            match value {
                $($enum::$variant)|* => {}
            }
        }
        all
    }};
}

fn refused<T: DeserializeOwned + std::fmt::Debug>(json: &str) {
    let read = serde_json::from_str::<T>(json);
    assert!(read.is_err(), "{json} was read as {read:?}");
}

fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Requests as forms, scripts and the README send them: valid ones on every model, and each kind
/// of mistake, so that every error and warning path writes a report.
const REQUESTS: &[&str] = &[
    r#"{"prompt":"a fox in the snow","model":"seedance-2-mini","duration":8}"#,
    r#"{"prompt":"","duration":7}"#,
    r#"{"model":"seedance-2-mini","duration":10,"resolution":"480p","reference_video_urls":["https://example.com/ref.mp4"]}"#,
    r#"{"prompt":"x","duration":10}"#,
    r#"{"prompt":"A cat surfing a wave at sunset, golden hour, wide shot"}"#,
    r#"{"prompt":"Timelapse of clouds","model":"seedance-2.0-fast","duration":10,"resolution":"1080p","aspect_ratio":"9:16"}"#,
    r#"{"prompt":"A paper boat","model":"seedance-2-mini","duration":8,"resolution":"720p","aspect_ratio":"21:9"}"#,
    r#"{"prompt":"夕暮れの海辺を走る柴犬 🐕🌅 \"quoted\"\n\ttab","model":"seedance-2-mini","duration":5,"resolution":"1080p","aspect_ratio":"1:1"}"#,
    r#"{"prompt":"Same choreography","model":"seedance-2-mini","duration":15,"resolution":"480p","reference_video_urls":["https://cdn.example.com/dance-1.mp4","https://cdn.example.com/dance-2.mp4"]}"#,
    r#"{"prompt":"Lip-sync","model":"seedance-2-mini","duration":12,"resolution":"720p","images":["https://cdn.example.com/portrait.jpg"],"reference_video_urls":["https://cdn.example.com/ref.mp4"],"reference_audio_urls":["https://cdn.example.com/song.mp3"],"callback_url":"https://hooks.example.com/seedance?run=42","public":false}"#,
    r#"{"prompt":"Animate the sketch","model":"seedance-2.0","duration":15,"resolution":"480p","images":["https://cdn.example.com/a.png","https://cdn.example.com/b.png"],"aspect_ratio":"4:3"}"#,
    r#"{"prompt":"Drone shot","seed":1234,"negative_prompt":"blurry","camera":{"move":"orbit","speed":0.5,"path":[-3,0,2.25,null,true]}}"#,
    r#"{"prompt":"A robot waving","reference_video_urls":["https://cdn.example.com/wave.mp4"],"duration":10}"#,
    r#"{"prompt":"Sneaker","callback_url":"https://api.example.com/webhooks/video","public":true,"resolution":"1080p"}"#,
    r#"{"prompt":"mini 13 s","model":"seedance-2-mini","duration":13}"#,
    r#"{"prompt":"   ","model":"seedance-2.0"}"#,
    r#"{"model":"seedance-2.0-fast","duration":5}"#,
    r#"{"prompt":"A fox","model":"seedance-3.0","duration":5}"#,
    r#"{"prompt":"A fox","model":"seedance-2-mini","duration":"10"}"#,
    r#"{"prompt":"A fox","resolution":"4k"}"#,
    r#"{"prompt":"A fox","model":"seedance-2.0-fast","aspect_ratio":"1:1"}"#,
    r#"{"prompt":"Slideshow","images":["https://cdn.example.com/1.jpg","https://cdn.example.com/2.jpg","https://cdn.example.com/3.jpg","https://cdn.example.com/4.jpg","https://cdn.example.com/5.jpg"]}"#,
    r#"{"prompt":"Animate this","images":["ftp://files.example.com/x.png","https://cdn.example.com/ok.png"]}"#,
    r#"{"prompt":"A fox","callback_url":"http://127.0.0.1:3000/cb"}"#,
    r#"{"prompt":"A fox","reference_audio_urls":["http://10.0.0.1/a.mp3"],"model":"seedance-2-mini"}"#,
    r#"{"prompt":"A fox","public":"yes"}"#,
    r#"{"prompt":"","model":"seedance-2-mini","duration":20,"resolution":"2k","images":"https://cdn.example.com/a.png","callback_url":"http://localhost/cb","public":1}"#,
    r#"{"prompt":"A fox","DURATION":5,"Callback_URL":"https://example.com/"}"#,
    r#"{"prompt":"A fox","images":[]}"#,
    r#"{"prompt":"A fox","duration":null,"model":null}"#,
    r#"{"prompt":"repeated","x":1,"x":2}"#,
    r#"[1,2]"#,
    r#""just text""#,
    r#"null"#,
    r#"{"prompt":"#,
];

fn reports() -> Vec<Report> {
    let mut reports: Vec<Report> = REQUESTS
        .iter()
        .map(|r| validate_json(r, &Options::default()))
        .collect();
    let budget = Options {
        max_credits: Some(100),
        model_override: None,
    };
    let request = r#"{"prompt":"over budget","duration":15}"#;
    reports.push(validate_json(request, &budget));
    reports
}

#[test]
fn reports_and_issues_are_the_engines_json() {
    let mut codes_seen = Vec::new();
    for report in reports() {
        // The JSON does not carry the model checked against; it is read back from the estimate.
        let expected = Report {
            model: report.estimate.map(|e| e.model),
            ..report.clone()
        };
        same_both_ways(&report, &report.to_json(), &expected);
        for issue in report.errors.iter().chain(&report.warnings) {
            let mut engine = String::new();
            issue.write_json(&mut engine);
            same_both_ways(issue, &engine, issue);
            codes_seen.push(issue.code);
        }
    }
    // The corpus reaches every warning and the eleven error codes a check writes (every code's
    // spelling is compared on its own below).
    codes_seen.sort_by_key(|c| c.as_str());
    codes_seen.dedup();
    let warnings = Code::ALL.iter().filter(|c| c.is_warning());
    assert!(warnings.clone().all(|w| codes_seen.contains(w)));
    assert_eq!(codes_seen.len(), warnings.count() + 11, "{codes_seen:?}");
}

#[test]
fn requests_read_by_serde_equal_the_engines_parse() {
    let mut read = 0;
    for text in REQUESTS {
        let Ok(engine) = json::parse(text) else {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            continue;
        };
        let by_serde: Value = serde_json::from_str(text).unwrap();
        assert_eq!(by_serde, engine, "{text}");
        assert_eq!(serde_json::to_string(&engine).unwrap(), engine.to_json());
        read += 1;
    }
    assert!(read > 30);
    // Repeated keys are kept in order, as the engine's parser keeps them (its `get` takes the last).
    let repeated: Value = serde_json::from_str(r#"{"b":1,"a":2,"b":3}"#).unwrap();
    assert_eq!(repeated, json::parse(r#"{"b":1,"a":2,"b":3}"#).unwrap());
    assert_eq!(repeated.get("b"), Some(&Value::Number("3".into())));
}

#[test]
fn numbers_keep_their_text_when_read_and_their_value_when_written() {
    // serde_json (with `arbitrary_precision`, as in these tests) hands over the exact text.
    for text in [
        "0",
        "-0",
        "5.0",
        "1.50",
        "1E5",
        "-2.5e-3",
        "123456789012345678901234567890",
        "-9223372036854775809",
        "1e400",
    ] {
        let by_serde: Value = serde_json::from_str(text).unwrap();
        let Value::Number(kept) = &by_serde else {
            panic!("{text} read as {by_serde:?}");
        };
        // The text itself, but for how serde_json spells an exponent (`1E5` comes as `1e+5`).
        match text.contains(['e', 'E']) {
            true => assert_eq!(kept.parse::<f64>().unwrap(), text.parse::<f64>().unwrap()),
            false => assert_eq!(kept, text),
        }
        // Written as the number `JSON.parse` gives (1e400: Infinity, which JSON writes as null).
        let written: Json =
            serde_json::from_str(&serde_json::to_string(&by_serde).unwrap()).unwrap();
        let expected: f64 = text.parse().unwrap();
        match written.as_f64() {
            Some(n) => assert_eq!(n, expected, "{text}"),
            None => assert!(written.is_null() && expected.is_infinite(), "{text}"),
        }
    }
    // Other deserializers give numbers as numbers.
    let read =
        |d: serde::de::value::F64Deserializer<serde::de::value::Error>| Value::deserialize(d);
    assert_eq!(
        read(1.5.into_deserializer()).unwrap(),
        Value::Number("1.5".into())
    );
    assert_eq!(
        read(0.25e-3.into_deserializer()).unwrap(),
        Value::Number("0.00025".into())
    );
    assert!(read(f64::NAN.into_deserializer()).is_err());
    assert!(read(f64::INFINITY.into_deserializer()).is_err());
    let int =
        Value::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(-42i64));
    assert_eq!(int.unwrap(), Value::Number("-42".into()));
    let max = Value::deserialize(
        IntoDeserializer::<serde::de::value::Error>::into_deserializer(u64::MAX),
    );
    assert_eq!(max.unwrap(), Value::Number(u64::MAX.to_string()));
    // Integers that fit 64 bits are written exactly, as serde_json reads them.
    for text in [
        "18446744073709551615",
        "-9223372036854775808",
        "9007199254740993",
    ] {
        let written = serde_json::to_string(&Value::Number(text.to_owned())).unwrap();
        assert_eq!(written, text);
    }
    // A hand-made number that is not one is not written as anything.
    assert!(serde_json::to_string(&Value::Number("12abc".into())).is_err());
    // The arbitrary-precision map with text that is not a number is refused.
    for text in ["12abc", "[1]", r#"\"1\""#, ""] {
        refused::<Value>(&format!(r#"{{"$serde_json::private::Number":"{text}"}}"#));
    }
}

#[test]
fn nesting_is_limited_as_the_engines_parser_limits_it() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deepest = nested(MAX_DEPTH + 1);
    assert!(json::parse(&deepest).is_ok());
    assert_eq!(
        serde_json::from_str::<Value>(&deepest).unwrap(),
        json::parse(&deepest).unwrap()
    );
    let too_deep = nested(MAX_DEPTH + 2);
    assert!(json::parse(&too_deep).is_err());
    refused::<Value>(&too_deep);
    let deep_object = format!(
        "{}1{}",
        r#"{"a":"#.repeat(MAX_DEPTH + 1),
        "}".repeat(MAX_DEPTH + 1)
    );
    assert!(json::parse(&deep_object).is_err());
    refused::<Value>(&deep_object);
}

#[test]
fn every_estimate_is_the_engines_json() {
    let mut whole_dollars = 0;
    for model in &MODELS {
        for duration in model.durations.list() {
            for &(resolution, _) in model.billed_resolutions {
                for kind in every!(InputKind: Text, Image, Video) {
                    let estimate = pricing::estimate(model, duration, resolution, kind).unwrap();
                    let mut engine = String::new();
                    estimate.write_json(&mut engine);
                    same_both_ways(&estimate, &engine, &estimate);
                    whole_dollars += usize::from(estimate.credits.is_multiple_of(100));
                }
            }
        }
    }
    // `usd` as a whole number (`4`, not `4.0`) was among them.
    assert!(whole_dollars > 0);
}

#[test]
fn estimates_that_are_not_the_engines_price_are_refused() {
    let good = r#"{"model":"seedance-2-mini","duration":8,"resolution":"720p","billed_resolution":"720p","input_kind":"text","credits":246,"usd":2.46}"#;
    let estimate: Estimate = serde_json::from_str(good).unwrap();
    assert_eq!(
        (estimate.model.id, estimate.credits),
        ("seedance-2-mini", 246)
    );
    for (from, to) in [
        (r#""model":"seedance-2-mini""#, r#""model":"seedance-3""#),
        (r#""duration":8"#, r#""duration":3"#),
        (r#""resolution":"720p""#, r#""resolution":"4k""#),
        (
            r#""billed_resolution":"720p""#,
            r#""billed_resolution":"480p""#,
        ),
        (r#""input_kind":"text""#, r#""input_kind":"audio""#),
        (r#""input_kind":"text""#, r#""input_kind":"Text""#),
        (r#""credits":246"#, r#""credits":245"#),
        (r#""usd":2.46"#, r#""usd":2.45"#),
        (r#","usd":2.46"#, ""),
        (r#""model":"seedance-2-mini""#, r#""model":null"#),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good);
        refused::<Estimate>(&bad);
    }
}

#[test]
fn reports_that_contradict_themselves_or_the_contract_are_refused() {
    let ok = r#"{"ok":true,"errors":[],"warnings":[],"request":null,"estimate":null}"#;
    assert!(serde_json::from_str::<Report>(ok).unwrap().ok());
    refused::<Report>(r#"{"ok":false,"errors":[],"warnings":[],"request":null,"estimate":null}"#);
    let issue = r#"{"code":"INVALID_PROMPT","field":"prompt","message":"A prompt is required."}"#;
    refused::<Report>(&format!(
        r#"{{"ok":true,"errors":[{issue}],"warnings":[],"request":null,"estimate":null}}"#
    ));
    refused::<Report>(r#"{"errors":[],"warnings":[],"request":null,"estimate":null}"#);
    refused::<Issue>(&issue.replace("INVALID_PROMPT", "invalid_prompt"));
    refused::<Issue>(&issue.replace("INVALID_PROMPT", "NOT_A_CODE"));
}

#[test]
fn every_code_is_spelled_as_the_contract_spells_it() {
    for &code in Code::ALL {
        same_both_ways(&code, &string(code.as_str()), &code);
        refused::<Code>(&string(&code.as_str().to_ascii_lowercase()));
    }
    for unknown in ["", "InvalidPrompt", "PAYLOAD_TOO_LARGE", "INVALID_PROMPT "] {
        refused::<Code>(&string(unknown));
    }
    for kind in every!(InputKind: Text, Image, Video) {
        same_both_ways(&kind, &string(kind.as_str()), &kind);
        refused::<InputKind>(&string(&kind.as_str().to_ascii_uppercase()));
    }
}

#[test]
fn task_statuses_are_the_engines_json() {
    for state in every!(TaskState: InProgress, Success, Failed) {
        same_both_ways(&state, &string(state.as_str()), &state);
    }
    // Raw spellings the engine reads are not normalised states.
    for raw in ["in_progress", "QUEUED", "DONE", "Success", "1"] {
        refused::<TaskState>(&string(raw));
    }
    let data = [
        r#"{"task_id":"t1","status":"SUCCESS","response":["https://cdn.example.com/v.mp4"],"consumed_credits":240,"created_at":"2026-01-01T00:00:00Z","request":{"prompt":"a cat","duration":5,"ratio":0.5}}"#,
        r#"{"task_id":"t1","status":"QUEUED"}"#,
        r#"{"task_id":"t1","status":-1,"error_message":"content policy \"x\"","consumed_credits":0}"#,
        r#"{"task_id":"t1","status":"completed","response":"[\"https://cdn.example.com/a.mp4\",\"javascript:alert(1)\"]"}"#,
        r#"{"status":1,"response":"https://cdn.example.com/b.mp4"}"#,
    ];
    for body in data {
        let status = parse_status(200, &format!(r#"{{"code":200,"data":{body}}}"#), "t1").unwrap();
        same_both_ways(&status, &status.to_json(), &status);
        let callback = parse_callback(body).unwrap_or(status);
        same_both_ways(&callback, &callback.to_json(), &callback);
    }
}

#[test]
fn task_statuses_outside_the_contract_are_refused() {
    let good = r#"{"task_id":"t1","status":"SUCCESS","raw_status":"done","videos":["https://cdn.example.com/v.mp4"],"error_message":null,"consumed_credits":240,"created_at":null,"request":null}"#;
    let status: TaskStatus = serde_json::from_str(good).unwrap();
    assert_eq!(status.state, TaskState::Success);
    for (from, to) in [
        ("https://cdn", "javascript:alert(1)//cdn"),
        ("https://cdn", "//cdn"),
        (r#""SUCCESS""#, r#""DONE""#),
        (r#""status""#, r#""state""#),
        ("240", "-1"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good);
        refused::<TaskStatus>(&bad);
    }
}
