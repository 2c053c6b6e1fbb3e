//! The engine as JavaScript sees it, run by wasm-bindgen-test in Node, headless Chrome and
//! headless Firefox (the Makefile runs this file once per environment).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

mod support;

use support::{get, js};

use js_sys::{Array, Object, JSON};
#[cfg(feature = "client")]
use seedance_wasm::wasm::client::SeedanceClient;
use seedance_wasm::wasm::engine::{compare_models, estimate_cost, list_models, validate_request};
use wasm_bindgen::{JsCast, JsValue};
#[cfg(feature = "client")]
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn text(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

fn number(value: &JsValue, path: &str) -> f64 {
    get(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

fn error_codes(report: &JsValue) -> Vec<(String, String)> {
    Array::from(&get(report, "errors"))
        .iter()
        .map(|i| (text(&i, "code"), text(&i, "field")))
        .collect()
}

fn pair(code: &str, field: &str) -> Vec<(String, String)> {
    vec![(code.to_owned(), field.to_owned())]
}

#[wasm_bindgen_test]
fn validates_and_prices_a_js_object() {
    let report = validate_request(
        js(r#"{ prompt: "a fox", model: "seedance-2-mini", duration: 8 }"#),
        JsValue::UNDEFINED,
    );
    assert_eq!(get(&report, "ok"), JsValue::TRUE);
    assert_eq!(number(&report, "estimate.credits"), 246.0);
    assert_eq!(number(&report, "estimate.usd"), 2.46);
    assert_eq!(text(&report, "estimate.input_kind"), "text");
    assert_eq!(text(&report, "request.aspect_ratio"), "16:9");
    assert_eq!(text(&report, "request.resolution"), "720p");
    assert!(Array::is_array(&get(&report, "warnings")));
}

#[wasm_bindgen_test]
fn never_throws_whatever_the_input() {
    let inputs = [
        "null",
        "undefined",
        "42",
        "'text'",
        "[1, 2]",
        "() => 1",
        "Symbol('s')",
        "10n",
        "new Date(0)",
        "(() => { const o = { prompt: 'x' }; o.self = o; return o; })()",
        "{ prompt: { nested: [[[{}]]] }, duration: NaN, images: [null, 1, {}], public: 'yes' }",
        "{ prompt: 'x'.repeat(100000), duration: Infinity, model: 10n }",
        "JSON.parse('['.repeat(5000) + ']'.repeat(5000))",
        "Object.create(null)",
        "new Map([['prompt', 'x']])",
    ];
    for input in inputs {
        let report = validate_request(js(input), JsValue::UNDEFINED);
        assert_eq!(get(&report, "ok"), JsValue::FALSE, "{input}");
        assert!(Array::from(&get(&report, "errors")).length() > 0, "{input}");
        assert!(get(&report, "request").is_null(), "{input}");
    }
}

#[wasm_bindgen_test]
fn odd_numbers_are_named_not_defaulted() {
    let report = validate_request(js("{ prompt: 'x', duration: NaN }"), JsValue::UNDEFINED);
    assert_eq!(error_codes(&report), pair("INVALID_FIELD", "duration"));
    assert!(text(&report, "errors.0.message").contains("NaN"));
    let report = validate_request(
        js("{ prompt: 'x', duration: undefined }"),
        JsValue::UNDEFINED,
    );
    assert_eq!(
        get(&report, "ok"),
        JsValue::TRUE,
        "undefined means not given"
    );
}

#[wasm_bindgen_test]
fn every_code_reaches_js_with_its_field() {
    let cases = [
        ("{ prompt: '' }", "INVALID_PROMPT", "prompt"),
        ("{ prompt: 'x', model: 'nope' }", "INVALID_MODEL", "model"),
        (
            "{ prompt: 'x', duration: 7 }",
            "INVALID_DURATION",
            "duration",
        ),
        (
            "{ prompt: 'x', resolution: '2k' }",
            "INVALID_RESOLUTION",
            "resolution",
        ),
        (
            "{ prompt: 'x', aspect_ratio: '21:9' }",
            "INVALID_ASPECT_RATIO",
            "aspect_ratio",
        ),
        (
            "{ prompt: 'x', images: Array(5).fill('https://i.example.com/a.png') }",
            "TOO_MANY_IMAGES",
            "images",
        ),
        (
            "{ prompt: 'x', images: ['https://i.example.com/a.png', 'ftp://x/y'] }",
            "INVALID_IMAGE_URL",
            "images[1]",
        ),
        (
            "{ prompt: 'x', model: 'seedance-2-mini', reference_video_urls: ['nope'] }",
            "INVALID_REFERENCE_URL",
            "reference_video_urls[0]",
        ),
        (
            "{ prompt: 'x', callback_url: 'http://[::ffff:127.0.0.1]/cb' }",
            "INVALID_CALLBACK_URL",
            "callback_url",
        ),
        ("{ prompt: 'x', public: 'yes' }", "INVALID_FIELD", "public"),
    ];
    for (input, code, field) in cases {
        assert_eq!(
            error_codes(&validate_request(js(input), JsValue::UNDEFINED)),
            pair(code, field),
            "{input}"
        );
    }
    let over = validate_request(
        js("{ prompt: 'x', duration: 15 }"),
        js("{ maxCredits: 700 }"),
    );
    assert_eq!(error_codes(&over), pair("BUDGET_EXCEEDED", ""));
    let bad_option = validate_request(js("{ prompt: 'x' }"), js("{ maxCredits: -1 }"));
    assert_eq!(
        error_codes(&bad_option),
        pair("INVALID_FIELD", "maxCredits")
    );
}

#[wasm_bindgen_test]
fn emoji_prompt_counts_code_points() {
    let ok = validate_request(js("{ prompt: '😀'.repeat(2000) }"), JsValue::UNDEFINED);
    assert_eq!(get(&ok, "ok"), JsValue::TRUE);
    let over = validate_request(js("{ prompt: '😀'.repeat(2001) }"), JsValue::UNDEFINED);
    assert_eq!(error_codes(&over), pair("INVALID_PROMPT", "prompt"));
}

#[wasm_bindgen_test]
fn warnings_reach_js() {
    let report = validate_request(
        js("{ prompt: 'x', model: 'seedance-2-mini', resolution: '1080p', images: ['https://i.example.com/a.png'], aspect_ratio: '1:1', seed: 7 }"),
        JsValue::UNDEFINED,
    );
    let codes: Vec<String> = Array::from(&get(&report, "warnings"))
        .iter()
        .map(|i| text(&i, "code"))
        .collect();
    assert_eq!(
        codes,
        [
            "RESOLUTION_DOWNGRADED",
            "ASPECT_RATIO_IGNORED",
            "UNKNOWN_FIELD"
        ]
    );
    assert_eq!(number(&report, "request.seed"), 7.0);
    let report = validate_request(
        js("{ prompt: 'x', reference_audio_urls: ['https://a.example.com/a.mp3'] }"),
        JsValue::UNDEFINED,
    );
    assert_eq!(text(&report, "warnings.0.code"), "UNSUPPORTED_FOR_MODEL");
}

#[wasm_bindgen_test]
fn estimate_cost_returns_or_throws_a_seedance_error() {
    let estimate = estimate_cost(js("{ model: 'seedance-2-mini', duration: 10, resolution: '480p', reference_video_urls: ['https://v.example.com/a.mp4'] }")).unwrap();
    assert_eq!(number(&estimate, "credits"), 90.0);
    assert_eq!(number(&estimate, "usd"), 0.9);
    assert_eq!(text(&estimate, "input_kind"), "video");

    let error = estimate_cost(js("{ prompt: 'x', duration: 8 }")).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(text(&error, "name"), "SeedanceError");
    assert_eq!(text(&error, "code"), "INVALID_DURATION");
    assert_eq!(get(&error, "retryable"), JsValue::FALSE);
    assert_eq!(text(&error, "issues.0.field"), "duration");
    assert!(text(&error, "message").contains("5, 10 or 15"));
    // The stack is captured where the error is made (every engine names the glue's function).
    assert!(text(&error, "stack").contains("makeError"), "a stack");

    let error = estimate_cost(JsValue::NULL).unwrap_err();
    assert_eq!(text(&error, "code"), "INVALID_FIELD");
}

#[wasm_bindgen_test]
fn compare_and_list_models() {
    let rows = Array::from(&compare_models(js(
        "{ prompt: 'x', duration: 5, resolution: '480p' }",
    )));
    let prices: Vec<(String, f64)> = rows
        .iter()
        .map(|r| (text(&r, "model"), number(&r, "estimate.credits")))
        .collect();
    assert_eq!(
        prices,
        [
            ("seedance-2.0".to_owned(), 240.0),
            ("seedance-2.0-fast".to_owned(), 160.0),
            ("seedance-2-mini".to_owned(), 72.0)
        ]
    );
    let models = list_models();
    assert_eq!(Array::from(&models).length(), 3);
    assert_eq!(text(&models, "2.id"), "seedance-2-mini");
    assert_eq!(number(&models, "2.durations.0"), 4.0);
    assert_eq!(text(&models, "2.billed_resolutions.1080p"), "720p");
    assert_eq!(get(&models, "2.reference_video"), JsValue::TRUE);
    let first: Object = get(&models, "0").unchecked_into();
    let keys: Vec<String> = Object::keys(&first)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "label",
            "durations",
            "resolutions",
            "billed_resolutions",
            "aspect_ratios",
            "max_images",
            "reference_video",
            "reference_audio",
            "is_default",
            "max_prompt_chars"
        ]
    );
    // What JS holds is exactly what the engine wrote: nothing lost or changed on the way.
    assert_eq!(
        JSON::stringify(&models).unwrap().as_string().unwrap(),
        seedance_wasm::engine::validate::models_json()
    );
}

/// Requests a loose reader would misread , as JavaScript builds them,
/// with the coded error each must get.
const HOSTILE: [(&str, &str, &str); 14] = [
    ("{ prompt: 10n }", "INVALID_FIELD", "prompt"),
    ("{ prompt: Symbol('s') }", "INVALID_FIELD", "prompt"),
    ("{ prompt: () => 'x' }", "INVALID_FIELD", "prompt"),
    (
        "{ prompt: 'x', duration: 10n }",
        "INVALID_FIELD",
        "duration",
    ),
    ("{ prompt: 'x', model: Symbol() }", "INVALID_FIELD", "model"),
    (
        "{ prompt: 'x', images: [10n] }",
        "INVALID_FIELD",
        "images[0]",
    ),
    ("{ prompt: 'x', seed: 7n }", "INVALID_FIELD", "seed"),
    (r"{ prompt: 'a \ud800 cat' }", "INVALID_PROMPT", "prompt"),
    (r"{ prompt: 'x', note: '\udc00' }", "INVALID_FIELD", "note"),
    (
        "{ prompt: 'x', duration: 5, DURATION: 15 }",
        "INVALID_FIELD",
        "DURATION",
    ),
    (
        "{ prompt: 'x', ' duration': 15 }",
        "INVALID_FIELD",
        " duration",
    ),
    (
        "{ prompt: 'x', Callback_URL: 'http://169.254.169.254/' }",
        "INVALID_FIELD",
        "Callback_URL",
    ),
    (
        "{ prompt: 'x', IMAGES: Array(5).fill('https://i.example/a.png') }",
        "INVALID_FIELD",
        "IMAGES",
    ),
    (
        "{ prompt: 'x', RESOLUTION: '1080p' }",
        "INVALID_FIELD",
        "RESOLUTION",
    ),
];

#[wasm_bindgen_test]
fn hostile_values_and_keys_are_coded_errors() {
    for (input, code, field) in HOSTILE {
        let report = validate_request(js(input), JsValue::UNDEFINED);
        assert_eq!(error_codes(&report), pair(code, field), "{input}");
        assert_eq!(
            Array::from(&get(&report, "warnings")).length(),
            0,
            "{input}"
        );
        assert!(get(&report, "request").is_null(), "{input}");
        // compareModels sets the model itself, so it does not read a request's `model`.
        let rows = if field == "model" {
            Array::new()
        } else {
            Array::from(&compare_models(js(input)))
        };
        for row in rows.iter() {
            let errors = Array::from(&get(&row, "errors"));
            assert!(
                errors
                    .iter()
                    .any(|e| text(&e, "code") == code && text(&e, "field") == field),
                "compareModels {input}"
            );
        }
    }
    let report = validate_request(js("{ prompt: 10n }"), JsValue::UNDEFINED);
    assert_eq!(
        text(&report, "errors.0.message"),
        "\"prompt\" must be a string, not a BigInt."
    );
    let report = validate_request(js("10n"), JsValue::UNDEFINED);
    assert_eq!(
        text(&report, "errors.0.message"),
        "The request must be an object, not a BigInt."
    );
    for input in ["{ duration: 10n }", "{ duration: 5, DURATION: 15 }"] {
        let error = estimate_cost(js(input)).unwrap_err();
        assert_eq!(text(&error, "code"), "INVALID_FIELD", "{input}");
    }
    assert_eq!(
        text(
            &estimate_cost(js("{ duration: () => 5 }")).unwrap_err(),
            "issues.0.field"
        ),
        "duration"
    );
}

/// The client's own check (the full build only).
#[cfg(feature = "client")]
#[wasm_bindgen_test]
async fn generate_refuses_hostile_requests_without_sending() {
    let setup = js("(() => { const calls = []; return { calls, options: { apiKey: 'sk-test', \
         baseUrl: 'http://127.0.0.1:9/v2', maxRetries: 0, \
         fetch: (...args) => { calls.push(args); return Promise.reject(new TypeError('offline')); } } }; })()");
    let client = SeedanceClient::new(get(&setup, "options")).unwrap_or_else(|_| panic!("client"));
    for (input, code, field) in HOSTILE {
        let error = JsFuture::from(client.generate(js(input), JsValue::UNDEFINED))
            .await
            .expect_err(input);
        assert_eq!(text(&error, "code"), "VALIDATION_FAILED", "{input}");
        assert_eq!(text(&error, "issues.0.code"), code, "{input}");
        assert_eq!(text(&error, "issues.0.field"), field, "{input}");
    }
    // Unchecked (`validate: false`) means as given, and a BigInt cannot be given as JSON.
    let unchecked = js("({ validate: false })");
    let error = JsFuture::from(client.generate(js("{ prompt: 'x', seed: 7n }"), unchecked))
        .await
        .expect_err("a BigInt sent unchecked");
    assert_eq!(text(&error, "code"), "VALIDATION_FAILED");
    assert_eq!(text(&error, "issues.0.field"), "seed");
    assert_eq!(
        Array::from(&get(&setup, "calls")).length(),
        0,
        "nothing was sent"
    );
}

#[wasm_bindgen_test]
fn options_that_throw_when_read_count_as_absent() {
    for options in [
        "({ get maxCredits() { throw new Error('getter') } })",
        "new Proxy({}, { get() { throw new Error('proxy') } })",
    ] {
        let report = validate_request(js(r#"{ prompt: "a fox" }"#), js(options));
        assert_eq!(get(&report, "ok"), JsValue::TRUE, "{options}");
        assert_eq!(number(&report, "estimate.credits"), 240.0, "{options}");
    }
}
