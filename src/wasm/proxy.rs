//! `createProxyHandler`: a Fetch-API handler `(Request) => Promise<Response>` that keeps the API
//! key on the server, checks and prices with the engine, and forwards the rest upstream.

use super::options;
use crate::body_limits::{self, BodyLimits, BodyRefusal, InFlight};
use crate::client::error::ClientError;
use crate::client::policy::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS};
use crate::client::request::{self, Call};
use crate::client::transport::{await_promise, get, now_ms, Cancel, Link};
use crate::client::DEFAULT_BASE_URL;
use crate::codes::Code;
use crate::json::u64_text;
use crate::proxy::{self, refusal, Policy, Refusal, Route, UpstreamReply};
use core::cell::RefCell;
use js_sys::{Array, Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    /// The strings of a list option: [] when absent, null when not an array.
    #[wasm_bindgen(js_name = stringsOf)]
    fn strings_of(value: &JsValue) -> JsValue;
    /// A request body's reader: null without a body, undefined when it cannot be read.
    #[wasm_bindgen(js_name = bodyReader)]
    fn body_reader(request: &JsValue) -> JsValue;
    /// Reads the next chunk into `chunks`: its length + 1, 0 at the end, -1 when `ms` pass
    /// first, -2 when the read fails.
    #[wasm_bindgen(js_name = readChunk)]
    fn read_chunk(reader: &JsValue, chunks: &Array, ms: f64) -> Promise;
    /// The chunks as one byte array.
    #[wasm_bindgen(js_name = joinChunks)]
    fn join_chunks(chunks: &Array) -> Vec<u8>;
    /// `new Response(body, { status, headers })` with a JSON content type.
    /// `request.headers.get(name)`, awaited; null when that fails.
    #[wasm_bindgen(js_name = headerOf)]
    fn header_of(request: &JsValue, name: &str) -> Promise;
    /// `reader.cancel()`, its rejection handled: a stream whose `cancel` never settles cannot
    /// hold the reply.
    #[wasm_bindgen(js_name = cancelReader)]
    fn cancel_reader(reader: &JsValue);
    /// A `Response`, or a rejected promise when one cannot be made (the handler's promise then
    /// rejects with that error).
    fn respond(status: u16, body: &str, retry_after: Option<&str>) -> JsValue;
}

struct ProxyConfig {
    api_key: String,
    upstream: String,
    /// The `fetch`, the deadline of one upstream request (`timeoutMs`) and the reply cap.
    link: Link,
    policy: Policy,
    limits: BodyLimits,
    /// Bytes of the request bodies this handler is reading now (held as JS bytes).
    in_flight: RefCell<InFlight>,
}

/// Builds the handler. Options: `apiKey` (required), `upstream` (default the public API),
/// `maxCredits` (per request), `models` (allowed model ids), `fetch`, `maxBodyBytes`,
/// `maxInFlightBytes`, `bodyTimeoutMs`, `maxReplyBytes`, `forwardUnknownFields`, `timeoutMs`.
#[wasm_bindgen(js_name = createProxyHandler)]
pub fn create_proxy_handler(options: JsValue) -> Result<Function, JsValue> {
    let config = Rc::new(read_config(&options)?);
    let handler = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
        let config = config.clone();
        super::promise(Box::pin(async move { Ok(handle(&config, &request).await) }))
    });
    Ok(handler.into_js_value().unchecked_into())
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

fn text_of(value: &JsValue, key: &str) -> String {
    get(value, key)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

async fn handle(config: &ProxyConfig, request: &JsValue) -> JsValue {
    let url = text_of(request, "url");
    let (path, query) = proxy::split_target(&url);
    let signal = get(request, "signal").ok().filter(JsValue::is_object);
    let cancel = Cancel::new(signal);
    let answer = match proxy::route(&text_of(request, "method"), path) {
        Route::Generate => match read_body(config, request).await {
            // The body leaves the wasm memory before anything is awaited again.
            Ok(body) => match proxy::check_generate(&body, &config.policy) {
                Ok(checked) => forward(config, Call::Generate(checked), &cancel).await,
                Err(refused) => Err(refused),
            },
            Err(why) => {
                let refused = why.refusal(&config.limits);
                let retry_after = why.retry_after().map(u64_text);
                return respond(refused.status, &refused.body, retry_after.as_deref());
            }
        },
        Route::Status => match proxy::task_id_from_query(query) {
            Some(id) => forward(config, Call::Status(id), &cancel).await,
            None => Err(refusal(
                404,
                Code::TaskNotFound,
                "The query needs a task_id.",
            )),
        },
        Route::WrongMethod => Err(refusal(
            405,
            Code::HttpError,
            "Use POST for /generate and GET for /status.",
        )),
        Route::NotFound => Err(refusal(
            404,
            Code::HttpError,
            "This proxy serves /generate and /status only.",
        )),
    };
    match answer {
        Ok(passed) => respond(passed.status, &passed.body, passed.retry_after.as_deref()),
        Err(refused) => respond(refused.status, &refused.body, None),
    }
}

/// The bytes a body holds in the handler's budget, given back however the read ends.
struct Held<'a> {
    in_flight: &'a RefCell<InFlight>,
    bytes: usize,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.in_flight.borrow_mut().release(self.bytes);
    }
}

/// Reads a whole body within the limits. The chunks stay JS bytes until the body is complete,
/// then are copied into the wasm memory once: a body still arriving costs the wasm nothing.
async fn read_body(config: &ProxyConfig, request: &JsValue) -> Result<Vec<u8>, BodyRefusal> {
    let declared = await_promise(header_of(request, "content-length"))
        .await
        .as_string();
    // Refused unread: cancelling a body nobody read crashes the common `Readable.toWeb(req)`
    // adapter on Node 20 (an uncaught ERR_INVALID_STATE); the server discards the rest itself.
    if body_limits::declared_too_large(declared.as_deref(), &config.limits) {
        return Err(BodyRefusal::TooLarge);
    }
    let reader = body_reader(request);
    if reader.is_null() {
        return Ok(Vec::new());
    }
    if reader.is_undefined() {
        return Err(BodyRefusal::Unreadable);
    }
    let mut held = Held {
        in_flight: &config.in_flight,
        bytes: 0,
    };
    let chunks = Array::new();
    let deadline = now_ms() + config.limits.body_timeout_ms as f64;
    if let Err(why) = collect(config, &reader, &chunks, &mut held, deadline).await {
        cancel_reader(&reader);
        return Err(why);
    }
    Ok(join_chunks(&chunks))
}

/// Pulls chunks into `chunks` (JS bytes) until the stream ends, counting them against the limits,
/// until `deadline` (ms since 1970).
async fn collect(
    config: &ProxyConfig,
    reader: &JsValue,
    chunks: &Array,
    held: &mut Held<'_>,
    deadline: f64,
) -> Result<(), BodyRefusal> {
    loop {
        let left = deadline - now_ms();
        if left <= 0.0 {
            return Err(BodyRefusal::TooSlow);
        }
        let read = await_promise(read_chunk(reader, chunks, left))
            .await
            .as_f64()
            .unwrap_or(-2.0);
        if read == 0.0 {
            return Ok(());
        }
        if read < 0.0 {
            return Err(if read == -1.0 {
                BodyRefusal::TooSlow
            } else {
                BodyRefusal::Unreadable
            });
        }
        body_limits::accept_chunk(
            &mut held.bytes,
            read as usize - 1,
            &config.limits,
            &mut config.in_flight.borrow_mut(),
        )?;
    }
}

/// Sends the request upstream with the server's key (never the caller's headers) and passes the
/// reply back (see `proxy::upstream_answer`).
async fn forward(
    config: &ProxyConfig,
    call: Call,
    cancel: &Cancel,
) -> Result<UpstreamReply, Refusal> {
    let request = request::build(&config.upstream, call, Some(&config.api_key), &[]);
    let outcome = config
        .link
        .exchange(&request, config.link.timeout_ms, cancel)
        .await;
    proxy::upstream_answer(outcome, &config.api_key, config.link.max_reply_bytes)
}
