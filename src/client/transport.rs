//! One HTTP exchange over `fetch`, and abortable sleeping (wasm32 only), done by the small JS
//! functions of `src/js/fetch.js` and `src/js/abort.js`: the race of a request against its deadline and the
//! caller's `AbortSignal`, the timers and the capped body reading happen in JS, so the wasm holds
//! no timer, listener or race machinery; each wait here is one promise.

use super::request::{settled, Failure, Outgoing, Reply, Unsent};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/js/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = exchange)]
    #[allow(clippy::too_many_arguments)]
    fn js_exchange(
        fetch: &JsValue,
        method: &str,
        url: &str,
        headers: &Array,
        body: Option<&str>,
        timeout_ms: f64,
        cap: f64,
        signal: &JsValue,
    ) -> Promise;
}

#[wasm_bindgen(module = "/src/js/abort.js")]
extern "C" {
    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: f64, signal: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = aborted)]
    fn js_aborted(signal: &JsValue) -> bool;
    #[wasm_bindgen(js_name = withAbortReason)]
    fn with_abort_reason(error: &JsValue, signal: &JsValue) -> JsValue;
}

/// Milliseconds since 1970, from the JS clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The caller's optional `AbortSignal` for one operation (`undefined` never aborts).
pub struct Cancel(JsValue);

impl Cancel {
    /// Watches `signal` (already aborted counts); `None` never cancels.
    pub fn new(signal: Option<JsValue>) -> Self {
        Cancel(signal.unwrap_or(JsValue::UNDEFINED))
    }

    /// Whether the caller has aborted.
    pub fn is_cancelled(&self) -> bool {
        js_aborted(&self.0)
    }

    /// The `SeedanceError` of `error`; an `ABORTED` one has the signal's `reason` as its `cause`
    /// (as `fetch` rejects with the reason itself).
    pub fn error(&self, error: super::error::ClientError) -> JsValue {
        let aborted = error.code == crate::codes::Code::Aborted;
        let value = JsValue::from(error);
        if aborted {
            with_abort_reason(&value, &self.0)
        } else {
            value
        }
    }

    /// Sleeps `ms`, or less when the caller aborts: `Err(())` then.
    pub async fn sleep(&self, ms: u64) -> Result<(), ()> {
        match await_promise(js_sleep(ms as f64, &self.0)).await.as_bool() {
            Some(true) => Ok(()),
            _ => Err(()),
        }
    }
}

/// What a promise resolves with (`undefined` if it rejects: the JS functions here never do).
pub async fn await_promise(promise: Promise) -> JsValue {
    JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED)
}

/// How requests leave: the `fetch` to use, the deadline of one request and the cap on a reply.
pub struct Link {
    /// The `fetch` to use instead of the global one.
    pub fetch: Option<Function>,
    /// The deadline of each HTTP request, body included.
    pub timeout_ms: u64,
    /// The cap on each reply's body; a longer reply is `Failure::TooLarge`.
    pub max_reply_bytes: usize,
}

impl Link {
    /// Sends one request and reads its body up to the cap; ends on reply, timeout (`timeout_ms`,
    /// headers and the whole body) or the caller's abort, whichever comes first.
    pub async fn exchange(
        &self,
        request: &Outgoing,
        timeout_ms: u64,
        cancel: &Cancel,
    ) -> Result<Reply, Failure> {
        let headers = Array::new();
        for (name, value) in &request.headers {
            headers.push(&name.into());
            headers.push(&value.into());
        }
        let none = JsValue::UNDEFINED;
        let done: Array = await_promise(js_exchange(
            self.fetch.as_ref().map_or(&none, AsRef::as_ref),
            request.method,
            &request.url,
            &headers,
            request.body.as_deref(),
            timeout_ms as f64,
            self.max_reply_bytes as f64,
            &cancel.0,
        ))
        .await
        .unchecked_into();
        let status = done.get(1).as_f64().unwrap_or(0.0) as u16;
        match done.get(0).as_f64() {
            Some(settled::REPLY) => Ok(Reply {
                status,
                retry_after: done.get(2).as_string(),
                body: done.get(3).as_string().unwrap_or_default(),
            }),
            Some(settled::TOO_LARGE) => Err(Failure::TooLarge { status }),
            Some(settled::TIMED_OUT) => Err(Failure::TimedOut),
            Some(settled::ABORTED) => Err(Failure::Aborted),
            // settled::NETWORK, or anything else.
            _ => {
                let detail = done.get(3).as_string().unwrap_or_default();
                let class = done.get(1).as_f64().unwrap_or(0.0);
                Err(match Unsent::from_class(class) {
                    Some(unsent) => Failure::NotSent(unsent, detail),
                    None => Failure::Network(detail),
                })
            }
        }
    }
}

/// `target[key]`; `Err` when a getter throws.
pub fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}
