//! `createProxyHandler`: a Fetch-API handler `(Request) => Promise<Response>` that keeps the API
//! key on the server, checks and prices with the engine, and forwards the rest upstream. This file
//! reads its options into a `ProxyConfig` (`config`); the request handling is in `handler`, the
//! spending store's calls in `spend`. Both are the `proxy` feature,
//! left out of the browser build: a proxy keeps a key secret, so it runs on a server, and the
//! browser entry's `createProxyHandler` says so (pkg-template/browser.js).

use super::options;
use crate::client::error::ClientError;
use crate::client::policy::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS};
use crate::client::transport::Link;
use crate::client::DEFAULT_BASE_URL;
use crate::proxy::body_limits::{BodyLimits, InFlight};
use crate::proxy::spend::{Limit, Quota};
use crate::proxy::{origin, Policy};
use config::{ProxyConfig, SpendConfig};
use core::cell::RefCell;
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod config;
mod handler;
mod spend;

#[wasm_bindgen(module = "/src/js/options.js")]
extern "C" {
    /// The strings of a list option: [] when absent, null when not an array.
    #[wasm_bindgen(js_name = stringsOf)]
    fn strings_of(value: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/src/js/spend.js")]
extern "C" {
    /// The default `SpendStore`: this process's or isolate's memory.
    #[wasm_bindgen(js_name = memoryStore)]
    fn memory_store() -> JsValue;
}

/// The default `quota.timeoutMs`.
const DEFAULT_STORE_TIMEOUT_MS: u64 = 2000;
/// The longest spending window: ten years.
const MAX_WINDOW_SECONDS: f64 = 10.0 * 366.0 * 86_400.0;

/// Builds the handler. Options: `apiKey` (required), `upstream` (default the public API),
/// `maxCredits` (per request), `models` (allowed model ids), `fetch`, `maxBodyBytes`,
/// `maxInFlightBytes`, `bodyTimeoutMs`, `maxReplyBytes`, `forwardUnknownFields`, `timeoutMs`.
#[wasm_bindgen(js_name = createProxyHandler)]
pub fn create_proxy_handler(options: JsValue) -> Result<js_sys::Function, JsValue> {
    let _call = crate::text::begin_call();
    let config = std::rc::Rc::new(read_config(&options)?);
    let handler = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
        let config = config.clone();
        super::promise(Box::pin(async move {
            Ok(handler::handle(&config, &request).await)
        }))
    });
    Ok(handler.into_js_value().unchecked_into())
}

fn read_config(o: &JsValue) -> Result<ProxyConfig, ClientError> {
    options::check_proxy(o)?;
    let mut read = options::Reader::new(o);
    let api_key = read.string("apiKey").filter(|k| !k.trim().is_empty());
    if api_key.is_none() {
        read.refuse("createProxyHandler needs the option apiKey.", &[]);
    }
    let upstream = read.string("upstream");
    let upstream = upstream.as_deref().unwrap_or(DEFAULT_BASE_URL);
    let models = strings_of(&super::option(o, "models"));
    if models.is_null() {
        read.refuse("The option models must be an array of model ids.", &[]);
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
    let (authorize, spend, allowed_origins) = read_spending(o)?;
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
        authorize,
        spend,
        allowed_origins,
    })
}

type Spending = (Option<Function>, Option<SpendConfig>, Vec<String>);

/// `authorize`, `quota` and `allowedOrigins`.
fn read_spending(o: &JsValue) -> Result<Spending, ClientError> {
    let authorize = options::function(o, "authorize")?;
    let origins = strings_of(&super::option(o, "allowedOrigins"));
    let origins: Option<Vec<String>> = (!origins.is_null()).then(|| {
        let list = origins.unchecked_into::<Array>();
        list.iter().filter_map(|v| v.as_string()).collect()
    });
    let origins = origins
        .filter(|list| list.iter().all(|o| origin::is_origin(o)))
        .ok_or_else(|| {
            ClientError::invalid_option(
                "The option allowedOrigins must be an array of origins such as \"https://app.example.com\".",
                &[],
            )
        })?;
    let quota = super::option(o, "quota");
    if quota.is_undefined() || quota.is_null() {
        return Ok((authorize, None, origins));
    }
    if !quota.is_object() {
        return Err(ClientError::invalid_option(
            "The option quota must be an object: { store, perCaller, total, timeoutMs }.",
            &[],
        ));
    }
    let store = super::option(&quota, "store");
    let store = if store.is_undefined() || store.is_null() {
        memory_store()
    } else if ["reserve", "adjust", "put", "get"]
        .iter()
        .all(|m| super::option(&store, m).is_function())
    {
        store
    } else {
        return Err(ClientError::invalid_option(
            "The option quota.store must be a SpendStore: an object with reserve, adjust, put and get.",
            &[],
        ));
    };
    let timeout_ms = options::whole(&quota, "timeoutMs", f64::from(u32::MAX))?
        .unwrap_or(DEFAULT_STORE_TIMEOUT_MS)
        .max(1);
    let spend = SpendConfig {
        store,
        quota: Quota {
            per_caller: limit(&quota, "perCaller")?,
            total: limit(&quota, "total")?,
        },
        timeout_ms,
    };
    Ok((authorize, Some(spend), origins))
}

/// `quota.perCaller` or `quota.total`: `{ credits, windowSeconds }`, whole numbers.
fn limit(quota: &JsValue, name: &str) -> Result<Option<Limit>, ClientError> {
    let value = super::option(quota, name);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let whole = |key, least: f64, most: f64| {
        super::option(&value, key)
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (least..=most).contains(n))
    };
    match (
        whole("credits", 0.0, 9_007_199_254_740_991.0),
        whole("windowSeconds", 1.0, MAX_WINDOW_SECONDS),
    ) {
        (Some(credits), Some(window)) => Ok(Some(Limit {
            credits: credits as u64,
            window_seconds: window as u64,
        })),
        _ => Err(ClientError::invalid_option(
            "The option quota.{} must be { credits, windowSeconds }: whole numbers, windowSeconds from 1 to ten years.",
            &[name],
        )),
    }
}
