//! Arbitrary bytes (as a UTF-8-lossy string) through every parser that reads untrusted text:
//! the request check, the JSON parser and the three API-reply readers. libFuzzer reports any panic
//! (and `panic = "abort"` is not set for this build, so an `assert!` failure is a crash too).
#![no_main]

use libfuzzer_sys::fuzz_target;
use seedance_wasm::client::response::{parse_callback, parse_status, parse_task_created};
use seedance_wasm::json::{self, Value};
use seedance_wasm::engine::model::MODELS;
use seedance_wasm::engine::validate::{validate_json, Options};

const STATUSES: [u16; 12] = [200, 201, 204, 400, 401, 402, 404, 408, 429, 500, 502, 503];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let selector = data.first().copied().unwrap_or(0);

    // The JSON parser: never panics; what it accepts writes back to text that parses to the same value.
    let parsed = json::parse(text);
    if let Ok(value) = &parsed {
        let again = json::parse(&value.to_json()).expect("to_json of a parsed value re-parses");
        assert_eq!(&again, value, "parse(to_json(v)) == v");
    }

    // The request check, with and without a budget and a forced model.
    let options = [
        Options::default(),
        Options {
            max_credits: Some(u32::from(selector) * 3),
            model_override: Some(&MODELS[usize::from(selector) % MODELS.len()]),
        },
    ];
    for opts in &options {
        let report = validate_json(text, opts);
        if !matches!(parsed, Ok(Value::Object(_))) {
            assert!(
                !report.errors.is_empty(),
                "a non-object request has an error"
            );
            assert!(report.request.is_none() && report.estimate.is_none());
        }
        if report.ok() {
            assert!(report.request.is_some(), "ok implies a normalised request");
            assert!(report.estimate.is_some(), "ok implies an estimate");
        }
        let out = report.to_json();
        let back = json::parse(&out).expect("report.to_json() re-parses");
        assert_eq!(back.get("ok"), Some(&Value::Bool(report.ok())));
        if let Some(request) = &report.request {
            // The normalised request is itself a valid request.
            let again = validate_json(&request.to_json(), &Options::default());
            assert!(
                again
                    .errors
                    .iter()
                    .all(|e| e.code.as_str() == "BUDGET_EXCEEDED"),
                "normalised request re-validates: {:?}",
                again.errors
            );
        }
    }

    // The reply readers, under an HTTP status picked by the first byte.
    let status = STATUSES[usize::from(selector) % STATUSES.len()];
    match parse_task_created(status, text) {
        Ok(created) => drop(json::parse(&created).expect("TaskCreated JSON re-parses")),
        Err(e) => drop(json::parse(&e.to_json()).expect("error JSON re-parses")),
    }
    match parse_status(status, text, "n90fuzz") {
        Ok(s) => drop(json::parse(&s.to_json()).expect("TaskStatus JSON re-parses")),
        Err(e) => drop(json::parse(&e.to_json()).expect("error JSON re-parses")),
    }
    match parse_callback(text) {
        Ok(s) => drop(json::parse(&s.to_json()).expect("callback TaskStatus JSON re-parses")),
        Err(e) => drop(json::parse(&e.to_json()).expect("error JSON re-parses")),
    }
});
