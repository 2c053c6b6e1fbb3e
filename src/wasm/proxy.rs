//! `createProxyHandler`: a Fetch-API handler `(Request) => Promise<Response>` that keeps the API
//! key on the server, checks and prices with the engine, and forwards the rest upstream. This file
//! reads its options; the request handling is in `proxy_handler` (the `proxy` feature, left out of
//! the browser build, whose entry loads the full build when a handler is first called).

use super::options;
use crate::body_limits::{BodyLimits, InFlight};
use crate::client::error::ClientError;
use crate::client::policy::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS};
use crate::client::transport::Link;
use crate::client::DEFAULT_BASE_URL;
use crate::proxy::Policy;
use core::cell::RefCell;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    /// The strings of a list option: [] when absent, null when not an array.
    #[wasm_bindgen(js_name = stringsOf)]
    fn strings_of(value: &JsValue) -> JsValue;
    /// A `Response` with `content-type: application/json` and the extra `headers` ([name, value,
    /// ...]), or a rejected promise when one cannot be made (the handler's promise then rejects
    /// with that error).
    pub(super) fn respond(status: u16, body: &str, headers: &Array) -> JsValue;
}

/// What a handler holds, read from its options. The browser build (without the `proxy` feature)
/// only reads it, to refuse bad options synchronously, and never handles a request with it.
#[cfg_attr(not(feature = "proxy"), allow(dead_code))]
pub(super) struct ProxyConfig {
    pub(super) api_key: String,
    pub(super) upstream: String,
    /// The `fetch`, the deadline of one upstream request (`timeoutMs`) and the reply cap.
    pub(super) link: Link,
    pub(super) policy: Policy,
    pub(super) limits: BodyLimits,
    /// Bytes of the request bodies this handler is reading now (held as JS bytes).
    pub(super) in_flight: RefCell<InFlight>,
}

/// Builds the handler. Options: `apiKey` (required), `upstream` (default the public API),
/// `maxCredits` (per request), `models` (allowed model ids), `fetch`, `maxBodyBytes`,
/// `maxInFlightBytes`, `bodyTimeoutMs`, `maxReplyBytes`, `forwardUnknownFields`, `timeoutMs`.
#[cfg(feature = "proxy")]
#[wasm_bindgen(js_name = createProxyHandler)]
pub fn create_proxy_handler(options: JsValue) -> Result<js_sys::Function, JsValue> {
    let config = std::rc::Rc::new(read_config(&options)?);
    let handler = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
        let config = config.clone();
        super::promise(Box::pin(async move {
            Ok(super::proxy_handler::handle(&config, &request).await)
        }))
    });
    Ok(handler.into_js_value().unchecked_into())
}

/// The browser build's `createProxyHandler`, without the request handling: it checks the options
/// exactly as the full one (the same coded errors, synchronously) and returns undefined. The
/// browser entry (pkg-template/browser.js) then loads the full build on the handler's first call.
#[cfg(not(feature = "proxy"))]
#[wasm_bindgen(js_name = createProxyHandler)]
pub fn check_proxy_options(options: JsValue) -> Result<(), JsValue> {
    read_config(&options)?;
    Ok(())
}

/// The browser build's answer when the full build cannot be loaded for a proxy handler: a 503 in
/// the API's envelope, so a failed load is a reply, never a hang or an unhandled rejection.
#[cfg(not(feature = "proxy"))]
#[wasm_bindgen(js_name = proxyUnavailable)]
pub fn proxy_unavailable() -> JsValue {
    let refused = crate::proxy::refusal(
        503,
        crate::codes::Code::NetworkError,
        "The proxy's code could not be loaded.",
    );
    respond(refused.status, &refused.body, &Array::new())
}

fn read_config(o: &JsValue) -> Result<ProxyConfig, ClientError> {
    let mut read = options::Reader::new(o);
    let api_key = read.string("apiKey").filter(|k| !k.trim().is_empty());
    if api_key.is_none() {
        read.refuse("createProxyHandler needs the option apiKey.");
    }
    let upstream = read.string("upstream");
    let upstream = upstream.as_deref().unwrap_or(DEFAULT_BASE_URL);
    let models = strings_of(&super::option(o, "models"));
    if models.is_null() {
        read.refuse("The option models must be an array of model ids.");
    }
    read.finish()?;
    let models: Vec<String> = models
        .unchecked_into::<Array>()
        .iter()
        .filter_map(|m| m.as_string())
        .collect();
    let mut read = options::Reader::new(o);
    let link = Link {
        fetch: read.function("fetch"),
        max_reply_bytes: read
            .bytes("maxReplyBytes")
            .unwrap_or(DEFAULT_MAX_REPLY_BYTES),
        timeout_ms: read
            .whole("timeoutMs", f64::from(u32::MAX))
            .unwrap_or(DEFAULT_REQUEST_TIMEOUT_MS),
    };
    read.finish()?;
    let max_credits = super::engine::max_credits(o)?;
    let mut read = options::Reader::new(o);
    let forward_unknown_fields = read.boolean("forwardUnknownFields").unwrap_or(false);
    let defaults = BodyLimits::default();
    let limits = BodyLimits {
        max_body_bytes: read
            .bytes("maxBodyBytes")
            .unwrap_or(defaults.max_body_bytes),
        max_in_flight_bytes: read
            .bytes("maxInFlightBytes")
            .unwrap_or(defaults.max_in_flight_bytes),
        body_timeout_ms: read
            .whole("bodyTimeoutMs", f64::from(u32::MAX))
            .unwrap_or(defaults.body_timeout_ms)
            .max(1),
    };
    read.finish()?;
    Ok(ProxyConfig {
        api_key: api_key.unwrap_or_default(),
        upstream: upstream.trim().trim_end_matches('/').to_owned(),
        link,
        policy: Policy {
            max_credits,
            models,
            forward_unknown_fields,
        },
        limits,
        in_flight: RefCell::new(InFlight::default()),
    })
}
