//! Arbitrary bytes through the proxy's body path: a generate body checked as `check_generate`
//! checks it (closed and with `forwardUnknownFields`), and the same bytes as an upstream reply
//! passed back to a caller. Checks what must hold for any input: a body sent upstream is a JSON
//! object of known fields only (closed), that validates again; a refusal is the API's envelope;
//! no reply passed on holds the key, as text or decoded; any Retry-After passed on is a delay or
//! a date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seedance_wasm::client::request::Reply;
use seedance_wasm::json::{self, Value};
use seedance_wasm::proxy::{check_generate, upstream_answer, Policy};
use seedance_wasm::engine::validate::{is_known_field, validate_json, Options};

const KEY: &str = "sk-fuzz/&<key";

/// Every string and member name of a value.
fn holds_key(value: &Value) -> bool {
    match value {
        Value::String(s) | Value::Number(s) => s.contains(KEY),
        Value::Array(items) => items.iter().any(holds_key),
        Value::Object(members) => members.iter().any(|(k, v)| k.contains(KEY) || holds_key(v)),
        Value::Null | Value::Bool(_) => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let closed = Policy::default();
    let open = Policy {
        forward_unknown_fields: true,
        ..Policy::default()
    };
    for policy in [&closed, &open] {
        match check_generate(data, policy) {
            Ok(sent) => {
                let Ok(Value::Object(members)) = json::parse(&sent) else {
                    panic!("a body sent upstream is a JSON object: {sent}");
                };
                if !policy.forward_unknown_fields {
                    assert!(members.iter().all(|(k, _)| is_known_field(k)), "{sent}");
                }
                let again = validate_json(&sent, &Options::default());
                assert!(again.errors.is_empty(), "{sent}: {:?}", again.errors);
            }
            Err(refused) => {
                assert!((400..500).contains(&refused.status), "{}", refused.status);
                let envelope = json::parse(&refused.body).expect("the envelope is JSON");
                assert!(envelope.get("error").and_then(|e| e.get("code")).is_some());
            }
        }
    }

    let text = String::from_utf8_lossy(data).into_owned();
    let retry_after = text.get(..text.len().min(40)).map(str::to_owned);
    let reply = Reply {
        status: 401,
        retry_after,
        body: text,
    };
    match upstream_answer(Ok(reply), KEY, 1 << 20) {
        Ok(passed) => {
            assert!(!passed.body.contains(KEY));
            let decoded = json::parse(&passed.body).expect("a passed body is JSON");
            assert!(!holds_key(&decoded));
            for (name, value) in &passed.headers {
                assert_eq!(*name, "retry-after");
                assert!(value.bytes().all(|b| b.is_ascii_digit()) || value.ends_with(" GMT"));
            }
        }
        Err(refused) => assert_eq!(refused.status, 502),
    }
});
