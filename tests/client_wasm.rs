//! The client against the real local mock API (tests/mock-api), in Node, headless Chrome, headless
//! Firefox and a Web Worker. Each test uses its own API key, which is the mock's namespace, and
//! checks the mock's request log: how many paid POST /generate were sent, and that no URL or error
//! carries the key.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{get, js};

use js_sys::{Array, Function, Promise, Reflect, JSON};
use seedance_wasm::wasm::client::{parse_callback, SeedanceClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const MOCK_URL: Option<&str> = option_env!("SEEDANCE_MOCK_URL");

#[wasm_bindgen(inline_js = r#"
export async function control(base, path, body) {
  const reply = await fetch(base + path, { method: "POST", body: JSON.stringify(body) });
  return reply.json();
}
export function evaluate(source, scope) { return Function("scope", "return (" + source + ");")(scope); }
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function recorder() {
  const calls = [];
  const record = (name) => (...args) => { calls.push({ name, at: Date.now(), args }); };
  return { calls, record };
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn control(base: &str, path: &str, body: JsValue) -> Result<JsValue, JsValue>;
    fn evaluate(source: &str, scope: &JsValue) -> JsValue;
    async fn sleep(ms: u32);
}

fn mock() -> &'static str {
    MOCK_URL.expect("SEEDANCE_MOCK_URL must name the mock API (run through `make test`)")
}

/// A fresh API key: the mock keeps all state per key, so tests never see each other.
fn fresh_key(name: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    ["sk-test-", name, "-", &n.to_string()].concat()
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_default()
}

async fn configure(key: &str, config: &str) {
    let body = js(config);
    Reflect::set(&body, &"key".into(), &key.into()).unwrap();
    control(mock(), "/__mock/config", body)
        .await
        .expect("mock config");
}

async fn faults(key: &str, list: &str) {
    let body = js(&["({ faults: ", list, " })"].concat());
    Reflect::set(&body, &"key".into(), &key.into()).unwrap();
    control(mock(), "/__mock/faults", body)
        .await
        .expect("mock faults");
}

/// The mock's log of API requests for this key: (method, path, url, time).
async fn log(key: &str) -> Vec<(String, String, String, f64)> {
    let body = js("({})");
    Reflect::set(&body, &"key".into(), &key.into()).unwrap();
    let reply = control(mock(), "/__mock/log", body)
        .await
        .expect("mock log");
    Array::from(&get(&reply, "requests"))
        .iter()
        .map(|r| {
            (
                text(&r, "method"),
                text(&r, "path"),
                text(&r, "url"),
                get(&r, "at").as_f64().unwrap_or(0.0),
            )
        })
        .collect()
}

async fn generate_count(key: &str) -> usize {
    log(key)
        .await
        .iter()
        .filter(|(method, path, ..)| method == "POST" && path.ends_with("/generate"))
        .count()
}

/// Checks the key is in no logged URL and nowhere in the error (message, fields, JSON).
async fn assert_key_hidden(key: &str, error: Option<&JsValue>) {
    for (_, _, url, _) in log(key).await {
        assert!(!url.contains(key), "the key is in a URL: {url}");
    }
    if let Some(error) = error {
        let fields = JSON::stringify(error)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        let message = text(error, "message");
        assert!(
            !fields.contains(key) && !message.contains(key),
            "the key is in the error"
        );
    }
}

fn client(key: &str, extra: &str) -> SeedanceClient {
    let options = js(&["({ ", extra, " })"].concat());
    Reflect::set(
        &options,
        &"baseUrl".into(),
        &[mock(), "/v2"].concat().into(),
    )
    .unwrap();
    Reflect::set(&options, &"apiKey".into(), &key.into()).unwrap();
    SeedanceClient::new(options).unwrap_or_else(|_| panic!("client"))
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn quick_wait() -> JsValue {
    js("({ pollIntervalMs: 60, maxPollIntervalMs: 120, timeoutMs: 20000 })")
}

fn code(error: &JsValue) -> String {
    text(error, "code")
}

#[wasm_bindgen_test]
async fn text_to_video_happy_path_with_progress() {
    let key = fresh_key("t2v");
    configure(&key, "({ taskDurationMs: 250 })").await;
    let calls = js("[]");
    let options = evaluate(
        "({ pollIntervalMs: 60, maxPollIntervalMs: 120, onTaskCreated: (t) => scope.push(['created', t.task_id]), onProgress: (s, info) => scope.push(['progress', s.status, info.attempt, info.elapsedMs]) })",
        &calls,
    );
    let status = settle(client(&key, "").run(
        js("({ prompt: 'a red fox running', duration: 10 })"),
        options,
    ))
    .await
    .expect("run succeeds");
    assert_eq!(text(&status, "status"), "SUCCESS");
    assert!(text(&status, "videos.0").ends_with("/assets/sample.mp4"));
    assert_eq!(get(&status, "consumed_credits").as_f64(), Some(480.0));
    assert_eq!(text(&status, "request.prompt"), "a red fox running");
    let calls = Array::from(&calls);
    assert_eq!(text(&calls.get(0), "0"), "created");
    assert_eq!(text(&calls.get(0), "1"), text(&status, "task_id"));
    let last = calls.get(calls.length() - 1);
    assert_eq!(
        (text(&last, "0"), text(&last, "1")),
        ("progress".to_owned(), "SUCCESS".to_owned())
    );
    assert!(
        calls.length() >= 3,
        "at least one IN_PROGRESS poll before SUCCESS"
    );
    assert_eq!(
        get(&calls.get(1), "2").as_f64(),
        Some(1.0),
        "attempts count from 1"
    );
    assert_eq!(generate_count(&key).await, 1);
    assert_key_hidden(&key, None).await;
}

#[wasm_bindgen_test]
async fn image_to_video_and_mini_with_reference_video() {
    let key = fresh_key("i2v");
    configure(&key, "({ taskDurationMs: 100 })").await;
    let c = client(&key, "");
    let status = settle(c.run(
        js("({ prompt: 'animate', images: ['https://img.example.com/a.png'] })"),
        quick_wait(),
    ))
    .await
    .expect("image-to-video");
    assert_eq!(text(&status, "status"), "SUCCESS");
    let status = settle(c.run(
        js("({ prompt: 'dance', model: 'seedance-2-mini', duration: 10, resolution: '480p', reference_video_urls: ['https://v.example.com/ref.mp4'] })"),
        quick_wait(),
    ))
    .await
    .expect("mini with reference video");
    assert_eq!(
        get(&status, "consumed_credits").as_f64(),
        Some(90.0),
        "the video-input rate: 9 x 10 s"
    );
    assert_eq!(generate_count(&key).await, 2);
    assert_key_hidden(&key, None).await;
}

#[wasm_bindgen_test]
async fn invalid_or_over_budget_requests_send_nothing() {
    let key = fresh_key("invalid");
    let c = client(&key, "");
    let error = settle(c.generate(js("({ prompt: '', duration: 7 })"), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "VALIDATION_FAILED");
    assert_eq!(Array::from(&get(&error, "issues")).length(), 2);
    assert!(error.is_instance_of::<js_sys::Error>());
    let error = settle(c.run(
        js("({ prompt: 'x', duration: 15 })"),
        js("({ maxCredits: 500 })"),
    ))
    .await
    .unwrap_err();
    assert_eq!(code(&error), "BUDGET_EXCEEDED");
    let error = settle(c.generate(js("({ prompt: 'x' })"), js("({ signal: 'nope' })")))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "INVALID_FIELD");
    assert!(log(&key).await.is_empty(), "no request reached the server");
}

/// One fault on `POST /generate` and what the client must make of it.
struct GenerateFault {
    fault: &'static str,
    code: &'static str,
    http: Option<f64>,
    generates: usize,
    /// The reply leaves open whether a task was created, and the message must say so.
    ambiguous: bool,
}

#[wasm_bindgen_test]
async fn generate_faults_never_double_charge() {
    let cases = [
        GenerateFault {
            fault: "{ kind: 'http', status: 500 }",
            code: "INTERNAL_ERROR",
            http: Some(500.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'http', status: 503 }",
            code: "HTTP_ERROR",
            http: Some(503.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'html' }",
            code: "HTTP_ERROR",
            http: Some(502.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'malformed' }",
            code: "INVALID_RESPONSE",
            http: Some(200.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'empty' }",
            code: "INVALID_RESPONSE",
            http: Some(200.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'envelope-error', code: 'INTERNAL_ERROR' }",
            code: "INTERNAL_ERROR",
            http: Some(200.0),
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'drop' }",
            code: "NETWORK_ERROR",
            http: None,
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'drop-after-create' }",
            code: "NETWORK_ERROR",
            http: None,
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'delay', ms: 1500 }",
            code: "TIMEOUT",
            http: None,
            generates: 1,
            ambiguous: true,
        },
        GenerateFault {
            fault: "{ kind: 'http', status: 401 }",
            code: "INVALID_API_KEY",
            http: Some(401.0),
            generates: 1,
            ambiguous: false,
        },
        GenerateFault {
            fault: "{ kind: 'http', status: 404 }",
            code: "HTTP_ERROR",
            http: Some(404.0),
            generates: 1,
            ambiguous: false,
        },
        GenerateFault {
            fault: "{ kind: 'http', status: 402 }",
            code: "INSUFFICIENT_CREDITS",
            http: Some(402.0),
            generates: 1,
            ambiguous: false,
        },
        GenerateFault {
            fault: "{ kind: 'http', status: 429, retryAfter: '0', times: 5 }",
            code: "RATE_LIMITED",
            http: Some(429.0),
            generates: 3,
            ambiguous: false,
        },
    ];
    for case in cases {
        let key = fresh_key("gen-fault");
        faults(&key, &["[", case.fault, "]"].concat()).await;
        let c = client(&key, "timeoutMs: 400, maxRetries: 2");
        let reply = settle(c.generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED)).await;
        let error = reply
            .err()
            .unwrap_or_else(|| panic!("{}: no error", case.fault));
        assert_eq!(code(&error), case.code, "{}", case.fault);
        assert_eq!(get(&error, "status").as_f64(), case.http, "{}", case.fault);
        let ambiguous = text(&error, "message").contains("may have been created");
        assert_eq!(
            ambiguous,
            case.ambiguous,
            "{}: {}",
            case.fault,
            text(&error, "message")
        );
        assert_eq!(
            get(&error, "retryable"),
            JsValue::from_bool(case.code == "RATE_LIMITED"),
            "{}",
            case.fault
        );
        assert_eq!(generate_count(&key).await, case.generates, "{}", case.fault);
        assert_key_hidden(&key, Some(&error)).await;
    }
}

#[wasm_bindgen_test]
async fn generate_is_sent_again_only_after_429() {
    let key = fresh_key("429");
    configure(&key, "({ taskDurationMs: 50 })").await;
    faults(
        &key,
        "[{ on: 'generate', kind: 'http', status: 429, retryAfter: '1' }]",
    )
    .await;
    let started = js_sys::Date::now();
    let created = settle(client(&key, "").generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
        .await
        .expect("second try");
    assert!(
        js_sys::Date::now() - started >= 950.0,
        "Retry-After: 1 was honoured"
    );
    assert!(!text(&created, "task_id").is_empty());
    assert_eq!(generate_count(&key).await, 2);
}

#[wasm_bindgen_test]
async fn status_faults_are_ridden_out() {
    let faults_list = [
        "{ on: 'status', kind: 'http', status: 500 }",
        "{ on: 'status', kind: 'http', status: 502 }",
        "{ on: 'status', kind: 'http', status: 503 }",
        "{ on: 'status', kind: 'http', status: 408 }",
        "{ on: 'status', kind: 'http', status: 429, retryAfter: '0' }",
        "{ on: 'status', kind: 'http', status: 429, retryAfter: new Date(Date.now() + 300).toUTCString() }",
        "{ on: 'status', kind: 'html' }",
        "{ on: 'status', kind: 'malformed' }",
        "{ on: 'status', kind: 'drop' }",
        "{ on: 'status', kind: 'delay', ms: 1200 }",
        "{ on: 'status', kind: 'envelope-error', code: 'INTERNAL_ERROR' }",
        "{ on: 'status', kind: 'unknown-status', status: 'QUEUED' }",
        "{ on: 'status', kind: 'unknown-status', status: 7 }",
    ];
    for fault in faults_list {
        let key = fresh_key("status-fault");
        configure(&key, "({ taskDurationMs: 150 })").await;
        faults(&key, &["[", fault, "]"].concat()).await;
        let status =
            settle(client(&key, "timeoutMs: 500").run(js("({ prompt: 'x' })"), quick_wait())).await;
        let status = status.unwrap_or_else(|e| panic!("{fault}: {}", text(&e, "message")));
        assert_eq!(text(&status, "status"), "SUCCESS", "{fault}");
        assert_eq!(generate_count(&key).await, 1, "{fault}");
    }
}

#[wasm_bindgen_test]
async fn status_spellings_and_response_shapes() {
    for config in [
        "({ taskDurationMs: 50, statusStyle: 'lower' })",
        "({ taskDurationMs: 50, statusStyle: 'int' })",
        "({ taskDurationMs: 50, responseShape: 'json-string' })",
        "({ taskDurationMs: 50, responseShape: 'bare-string' })",
    ] {
        let key = fresh_key("shape");
        configure(&key, config).await;
        let status = settle(client(&key, "").run(js("({ prompt: 'x' })"), quick_wait()))
            .await
            .expect(config);
        assert_eq!(text(&status, "status"), "SUCCESS", "{config}");
        assert!(
            text(&status, "videos.0").ends_with("/assets/sample.mp4"),
            "{config}"
        );
        assert_eq!(Array::from(&get(&status, "videos")).length(), 1, "{config}");
    }
}

#[wasm_bindgen_test]
async fn failed_task_rejects_with_its_reason_and_id() {
    let key = fresh_key("failed");
    configure(
        &key,
        "({ taskDurationMs: 50, failMessage: 'Content policy violation' })",
    )
    .await;
    let error = settle(client(&key, "").run(js("({ prompt: 'please FAIL' })"), quick_wait()))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "TASK_FAILED");
    assert!(text(&error, "message").contains("Content policy violation"));
    assert!(!text(&error, "taskId").is_empty());
    assert_eq!(get(&error, "retryable"), JsValue::FALSE);
}

#[wasm_bindgen_test]
async fn api_errors_keep_their_codes() {
    let c = client("invalid-key", "");
    let error = settle(c.generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        (code(&error), get(&error, "status").as_f64()),
        ("INVALID_API_KEY".to_owned(), Some(401.0))
    );

    let key = fresh_key("broke");
    configure(&key, "({ balance: 100 })").await;
    let error = settle(client(&key, "").generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "INSUFFICIENT_CREDITS");

    let error = settle(client(&key, "").get_status("no-such-task".into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        (code(&error), text(&error, "taskId")),
        ("TASK_NOT_FOUND".to_owned(), "no-such-task".to_owned())
    );
    let error = settle(client(&key, "").wait_for_task("".into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "INVALID_FIELD");
    assert_key_hidden(&key, Some(&error)).await;
}

#[wasm_bindgen_test]
async fn abort_during_a_poll_and_during_a_sleep() {
    for (name, fault, abort_after) in [
        (
            "during a poll",
            "[{ on: 'status', kind: 'delay', ms: 3000 }]",
            300u32,
        ),
        ("during a sleep", "[]", 300),
    ] {
        let key = fresh_key("abort");
        configure(&key, "({ taskDurationMs: 60000 })").await;
        faults(&key, fault).await;
        let controller = web_sys::AbortController::new().unwrap();
        let options = js("({ pollIntervalMs: 2000, maxPollIntervalMs: 2000 })");
        Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
        let c = client(&key, "");
        let created = settle(c.generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
            .await
            .expect("created");
        let before = log(&key).await.len();
        let wait = c.wait_for_task(get(&created, "task_id"), options);
        sleep(abort_after).await;
        let aborted_at = js_sys::Date::now();
        controller.abort();
        let error = settle(wait).await.unwrap_err();
        let settled_in = js_sys::Date::now() - aborted_at;
        assert_eq!(code(&error), "ABORTED", "{name}");
        assert_eq!(text(&error, "taskId"), text(&created, "task_id"), "{name}");
        assert!(
            settled_in < 100.0,
            "{name}: settled {settled_in} ms after abort"
        );
        let requests = log(&key).await.len();
        sleep(2500).await;
        assert_eq!(
            log(&key).await.len(),
            requests,
            "{name}: nothing sent after the wait settled"
        );
        assert!(requests > before, "{name}: it had polled");
    }
}

#[wasm_bindgen_test]
async fn wait_times_out_then_resumes_by_task_id() {
    let key = fresh_key("resume");
    configure(&key, "({ taskDurationMs: 1200 })").await;
    let c = client(&key, "");
    let created_id = js("({ id: null })");
    let options = evaluate("({ timeoutMs: 400, pollIntervalMs: 100, onTaskCreated: (t) => { scope.id = t.task_id; } })", &created_id);
    let started = js_sys::Date::now();
    let error = settle(c.run(js("({ prompt: 'x' })"), options))
        .await
        .unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(code(&error), "TIMEOUT");
    assert_eq!(get(&error, "retryable"), JsValue::TRUE);
    let task_id = text(&error, "taskId");
    assert_eq!(
        task_id,
        text(&created_id, "id"),
        "the error carries the created task's id"
    );
    assert!(took < 1100.0, "the deadline was kept: {took} ms");
    let status = settle(c.wait_for_task(task_id.clone().into(), quick_wait()))
        .await
        .expect("resumed");
    assert_eq!(
        (text(&status, "status"), text(&status, "task_id")),
        ("SUCCESS".to_owned(), task_id)
    );
    assert_eq!(
        generate_count(&key).await,
        1,
        "resuming sent no second generate"
    );
}

#[wasm_bindgen_test]
async fn injected_fetch_and_headers_are_used() {
    let key = fresh_key("inject");
    configure(&key, "({ taskDurationMs: 50 })").await;
    let seen = js("[]");
    let options = evaluate(
        "({ headers: { 'X-Trace': 't-1', Authorization: 'Bearer wrong' }, fetch: (url, init) => { scope.push([url, init.headers['X-Trace'], init.headers.Authorization]); return fetch(url, init); } })",
        &seen,
    );
    Reflect::set(&options, &"apiKey".into(), &key.clone().into()).unwrap();
    Reflect::set(
        &options,
        &"baseUrl".into(),
        &[mock(), "/v2/"].concat().into(),
    )
    .unwrap();
    let c = SeedanceClient::new(options).unwrap_or_else(|_| panic!("client"));
    let status = settle(c.run(js("({ prompt: 'x' })"), quick_wait()))
        .await
        .expect("run via injected fetch");
    assert_eq!(text(&status, "status"), "SUCCESS");
    let seen = Array::from(&seen);
    assert!(seen.length() >= 2);
    assert_eq!(
        text(&seen.get(0), "0"),
        [mock(), "/v2/generate"].concat(),
        "the trailing slash was trimmed"
    );
    assert_eq!(text(&seen.get(0), "1"), "t-1");
    assert_eq!(
        text(&seen.get(0), "2"),
        ["Bearer ", &key].concat(),
        "the API key wins over a header"
    );
    let map_options = evaluate(
        "({ headers: new Map([['X-Trace', 'from-a-map']]), fetch: (url, init) => { scope.push([url, init.headers['X-Trace']]); return fetch(url, init); } })",
        &seen,
    );
    Reflect::set(
        &map_options,
        &"baseUrl".into(),
        &[mock(), "/v2"].concat().into(),
    )
    .unwrap();
    Reflect::set(&map_options, &"apiKey".into(), &key.clone().into()).unwrap();
    let from_map = SeedanceClient::new(map_options).unwrap_or_else(|_| panic!("client"));
    settle(from_map.get_status(text(&status, "task_id").into(), JsValue::UNDEFINED))
        .await
        .expect("status with headers from a Map");
    let last = seen.get(seen.length() - 1);
    assert_eq!(
        text(&last, "1"),
        "from-a-map",
        "headers given as a Map are sent"
    );
    let f: Function = js("(() => { throw new Error('boom'); })").into();
    let options = js("({})");
    Reflect::set(&options, &"fetch".into(), &f).unwrap();
    Reflect::set(
        &options,
        &"baseUrl".into(),
        &[mock(), "/v2"].concat().into(),
    )
    .unwrap();
    let c = SeedanceClient::new(options).unwrap_or_else(|_| panic!("client"));
    let error = settle(c.generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NETWORK_ERROR");
    assert!(text(&error, "message").contains("boom"));
}

#[wasm_bindgen_test]
fn bad_client_options_throw_coded_errors() {
    for options in [
        "({ timeoutMs: -1 })",
        "({ fetch: 42 })",
        "({ headers: { a: 1 } })",
        "({ apiKey: 7 })",
        "({ baseUrl: '' })",
        "({ apiKey: 'a b' })",
        "({ maxReplyBytes: 0 })",
        "({ maxReplyBytes: -1 })",
        "({ maxReplyBytes: '1000' })",
        "({ maxReplyBytes: 2 ** 31 })",
    ] {
        let error = SeedanceClient::new(js(options))
            .err()
            .unwrap_or_else(|| panic!("{options} accepted"));
        assert_eq!(code(&error), "INVALID_FIELD", "{options}");
        assert!(!text(&error, "message").contains("a b"), "{options}");
    }
}

#[wasm_bindgen_test]
fn callbacks_parse_like_status() {
    let status = parse_callback(js("({ code: 200, data: { task_id: 't1', status: 'success', response: '[\"https://v.example/x.mp4\"]' } })")).unwrap();
    assert_eq!(
        (text(&status, "status"), text(&status, "videos.0")),
        ("SUCCESS".to_owned(), "https://v.example/x.mp4".to_owned())
    );
    let status = parse_callback(JsValue::from_str(
        r#"{"task_id":"t2","status":-1,"error_message":"x"}"#,
    ))
    .unwrap();
    assert_eq!(
        (text(&status, "status"), text(&status, "raw_status")),
        ("FAILED".to_owned(), "-1".to_owned())
    );
    let error = parse_callback(js("({ hello: 1 })")).unwrap_err();
    assert_eq!(code(&error), "INVALID_RESPONSE");
}

// A hostile or broken server: replies too large, endless, dripping, about another task, or with
// URLs an app must never load. Every call settles, with INVALID_RESPONSE or TIMEOUT.

/// A created task for `key`, and a client (with `extra` options) that will ask about it.
async fn created_task(key: &str, extra: &str) -> (SeedanceClient, String) {
    configure(key, "({ taskDurationMs: 0 })").await;
    let c = client(key, extra);
    let created = settle(c.generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED))
        .await
        .expect("created");
    (c, text(&created, "task_id"))
}

/// `run` by a client with `extra` options, for a fresh key whose tasks finish at once and whose
/// mock holds the faults `list`: the key and how the run ended.
async fn run_with_faults(
    name: &str,
    list: &str,
    extra: &str,
) -> (String, Result<JsValue, JsValue>) {
    let key = fresh_key(name);
    configure(&key, "({ taskDurationMs: 0 })").await;
    faults(&key, list).await;
    let outcome = settle(client(&key, extra).run(js("({ prompt: 'x' })"), quick_wait())).await;
    (key, outcome)
}

/// `run_with_faults` that must reject with `code`: the key and the error.
async fn run_failing(name: &str, list: &str, extra: &str, expected: &str) -> (String, JsValue) {
    let (key, outcome) = run_with_faults(name, list, extra).await;
    let error = outcome.unwrap_err();
    assert_eq!(
        code(&error),
        expected,
        "{name}: {}",
        text(&error, "message")
    );
    (key, error)
}

const HUGE_STATUS: &str = "[{ on: 'status', kind: 'huge', bytes: 3000000, times: 100 }]";
const ENDLESS_GENERATE: &str = "[{ on: 'generate', kind: 'endless' }]";
const OTHER_TASK: &str = "[{ on: 'status', kind: 'rewrite', data: { task_id: 'n90someoneelse' } }]";

#[wasm_bindgen_test]
async fn replies_past_max_reply_bytes_are_invalid_response() {
    // 3 MB of valid JSON: read whole, the old client took it as a SUCCESS.
    let key = fresh_key("huge");
    let (c, id) = created_task(&key, "timeoutMs: 5000").await;
    faults(&key, "[{ on: 'status', kind: 'huge', bytes: 3000000 }]").await;
    let error = settle(c.get_status(id.clone().into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        (
            code(&error),
            get(&error, "status").as_f64(),
            text(&error, "taskId")
        ),
        ("INVALID_RESPONSE".to_owned(), Some(200.0), id.clone())
    );
    assert!(text(&error, "message").contains("maxReplyBytes"));
    assert_eq!(
        log(&key).await.len(),
        2,
        "an oversized reply is not asked again"
    );
    // The option applies to every reply: a normal status reply is about 300 bytes.
    let small = client(&key, "maxReplyBytes: 150");
    let error = settle(small.get_status(id.clone().into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "INVALID_RESPONSE");
    let roomy = client(&key, "maxReplyBytes: 4000000");
    faults(&key, "[{ on: 'status', kind: 'huge', bytes: 3000000 }]").await;
    let status = settle(roomy.get_status(id.clone().into(), JsValue::UNDEFINED))
        .await
        .expect("3 MB under a 4 MB cap");
    assert_eq!(text(&status, "status"), "SUCCESS");
    // run: a huge status reply ends the wait at once (not at its deadline), with the task id.
    let (key, error) = run_failing("huge-run", HUGE_STATUS, "", "INVALID_RESPONSE").await;
    assert!(!text(&error, "taskId").is_empty());
    assert_eq!(log(&key).await.len(), 2, "one generate, one status");
}

#[wasm_bindgen_test]
async fn endless_replies_are_cut_at_the_cap() {
    let key = fresh_key("endless");
    let (c, id) = created_task(&key, "timeoutMs: 5000").await;
    faults(&key, "[{ on: 'status', kind: 'endless' }]").await;
    let error = settle(c.wait_for_task(id.clone().into(), quick_wait()))
        .await
        .unwrap_err();
    assert_eq!(
        (code(&error), text(&error, "taskId")),
        ("INVALID_RESPONSE".to_owned(), id)
    );
    // On generate: no second POST, and the caller is told the task may exist.
    let (key, error) = run_failing("endless", ENDLESS_GENERATE, "", "INVALID_RESPONSE").await;
    assert!(text(&error, "message").contains("may have been created"));
    assert_eq!(generate_count(&key).await, 1);
}

#[wasm_bindgen_test]
async fn slow_drip_replies_end_at_the_request_timeout() {
    let key = fresh_key("drip");
    let (c, id) = created_task(&key, "timeoutMs: 400, maxRetries: 0").await;
    faults(&key, "[{ on: 'status', kind: 'drip', ms: 100 }]").await;
    let error = settle(c.get_status(id.into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&error), "TIMEOUT");
    let key = fresh_key("drip-generate");
    configure(&key, "({ taskDurationMs: 0 })").await;
    faults(&key, "[{ on: 'generate', kind: 'drip', ms: 100 }]").await;
    let error = settle(
        client(&key, "timeoutMs: 400").generate(js("({ prompt: 'x' })"), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&error), "TIMEOUT");
    assert_eq!(generate_count(&key).await, 1);
}

/// A `fetch` stand-in built in JS: `source` is an expression of `scope` returning the response.
fn stand_in(source: &str, extra: &str) -> SeedanceClient {
    let options = evaluate(
        &[
            "({ ",
            extra,
            " fetch: (url, init) => Promise.resolve(",
            source,
            ") })",
        ]
        .concat(),
        &JsValue::UNDEFINED,
    );
    Reflect::set(
        &options,
        &"baseUrl".into(),
        &"https://api.example/v2".into(),
    )
    .unwrap();
    SeedanceClient::new(options).unwrap_or_else(|_| panic!("client"))
}

#[wasm_bindgen_test]
async fn body_streams_of_any_shape_settle() {
    let ok = r#"JSON.stringify({ code: 200, data: { task_id: 't1', status: 'IN_PROGRESS' } })"#;
    let endless =
        "new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(65536)); } }))";
    let never = "new Response(new ReadableStream({ start() {} }))";
    let not_bytes =
        "new Response(new ReadableStream({ pull(c) { c.enqueue('text'); c.close(); } }))";
    let broken = "new Response(new ReadableStream({ pull(c) { c.error(new Error('reset')); } }))";
    let no_stream_big = "({ status: 200, headers: new Headers(), body: null, arrayBuffer: async () => new ArrayBuffer(2e6) })";
    // Not a Response: no body stream and no arrayBuffer(); it still settles.
    let text_only = "({ status: 200, headers: new Headers(), text: async () => '{}' })";
    let no_stream_ok = ["({ status: 200, headers: new Headers(), arrayBuffer: async () => new TextEncoder().encode(", ok, ").buffer })"].concat();
    for (source, expected) in [
        (endless, "INVALID_RESPONSE"),
        (never, "TIMEOUT"),
        (not_bytes, "NETWORK_ERROR"),
        (broken, "NETWORK_ERROR"),
        (no_stream_big, "INVALID_RESPONSE"),
        (text_only, "NETWORK_ERROR"),
        (&no_stream_ok, "IN_PROGRESS"),
    ] {
        let c = stand_in(source, "timeoutMs: 300, maxRetries: 0,");
        let outcome = match settle(c.get_status("t1".into(), JsValue::UNDEFINED)).await {
            Ok(status) => text(&status, "status"),
            Err(error) => code(&error),
        };
        assert_eq!(outcome, expected, "{source}");
    }
}

#[wasm_bindgen_test]
async fn a_status_about_another_task_is_invalid_response() {
    let key = fresh_key("other-task");
    let (c, id) = created_task(&key, "").await;
    faults(
        &key,
        "[{ on: 'status', kind: 'rewrite', data: { task_id: 'n90someoneelse' }, times: 100 }]",
    )
    .await;
    for call in ["getStatus", "waitForTask"] {
        let pending = if call == "getStatus" {
            c.get_status(id.clone().into(), JsValue::UNDEFINED)
        } else {
            c.wait_for_task(id.clone().into(), quick_wait())
        };
        let error = settle(pending).await.unwrap_err();
        assert_eq!(
            (code(&error), text(&error, "taskId")),
            ("INVALID_RESPONSE".to_owned(), id.clone()),
            "{call}"
        );
        assert!(text(&error, "message").contains("another task"), "{call}");
    }
    run_failing("other-task-run", OTHER_TASK, "", "INVALID_RESPONSE").await;
}

/// A callback body of a successful task whose `response` is the JS expression given.
fn success_with(response: &str) -> JsValue {
    js(&[
        "({ task_id: 't1', status: 'SUCCESS', response: ",
        response,
        " })",
    ]
    .concat())
}

#[wasm_bindgen_test]
async fn unsafe_video_urls_never_reach_the_caller() {
    const UNSAFE: &str = "['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', '//evil.example/x.mp4', ' javascript:alert(1)', '/relative.mp4']";
    let mixed = [
        "[{ on: 'status', kind: 'rewrite', data: { status: 'SUCCESS', response: [...",
        UNSAFE,
        ", 'https://cdn.example/ok.mp4'] } }]",
    ]
    .concat();
    let (key, outcome) = run_with_faults("unsafe-urls", &mixed, "").await;
    let status = outcome.expect("the one https video is kept");
    let videos: Vec<String> = Array::from(&get(&status, "videos"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(videos, ["https://cdn.example/ok.mp4"]);
    let only_unsafe = [
        "[{ on: 'status', kind: 'rewrite', data: { status: 'SUCCESS', response: ",
        UNSAFE,
        " } }]",
    ]
    .concat();
    let (c, id) = created_task(&key, "").await;
    faults(&key, &only_unsafe).await;
    let error = settle(c.get_status(id.clone().into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        (code(&error), text(&error, "taskId")),
        ("INVALID_RESPONSE".to_owned(), id)
    );
    for response in [
        "'javascript:alert(1)'",
        "'[\"data:video/mp4;base64,AAAA\"]'",
        UNSAFE,
    ] {
        let error = parse_callback(success_with(response)).unwrap_err();
        assert_eq!(code(&error), "INVALID_RESPONSE", "{response}");
    }
    let mixed = ["[...", UNSAFE, ", 'http://cdn.example/1.mp4']"].concat();
    let status = parse_callback(success_with(&mixed)).unwrap();
    assert_eq!(Array::from(&get(&status, "videos")).length(), 1);
    assert_eq!(text(&status, "videos.0"), "http://cdn.example/1.mp4");
}
