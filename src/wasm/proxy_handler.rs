//! The proxy handler's request handling (the `proxy` feature): routes, reads bodies within their
//! limits, checks and prices with the engine, and forwards upstream (see `proxy`).

use super::proxy::{respond, ProxyConfig};
use crate::body_limits::{self, BodyRefusal, InFlight};
use crate::client::request::{self, Call};
use crate::client::transport::{await_promise, get, now_ms, Cancel};
use crate::codes::Code;
use crate::json::u64_text;
use crate::proxy::{self, refusal, Refusal, Route, UpstreamReply};
use core::cell::RefCell;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
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
    /// `request.headers.get(name)`, awaited; null when that fails.
    #[wasm_bindgen(js_name = headerOf)]
    fn header_of(request: &JsValue, name: &str) -> Promise;
    /// `reader.cancel()`, its rejection handled: a stream whose `cancel` never settles cannot
    /// hold the reply.
    #[wasm_bindgen(js_name = cancelReader)]
    fn cancel_reader(reader: &JsValue);
}

fn text_of(value: &JsValue, key: &str) -> String {
    get(value, key)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

pub(super) async fn handle(config: &ProxyConfig, request: &JsValue) -> JsValue {
    let url = text_of(request, "url");
    let (path, query) = proxy::split_target(&url);
    let signal = get(request, "signal").ok().filter(JsValue::is_object);
    let cancel = Cancel::new(signal);
    let answer = match proxy::route(&text_of(request, "method"), path) {
        Route::Generate => match read_body(config, request).await {
            Ok(body) => match checked_body(config, body) {
                Ok(checked) => forward(config, Call::Generate(checked), &cancel).await,
                Err(refused) => Err(refused),
            },
            Err(why) => {
                let refused = why.refusal(&config.limits);
                let retry_after = why.retry_after().map(|s| ("retry-after", u64_text(s)));
                return respond(refused.status, &refused.body, &header_array(retry_after));
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
        Ok(passed) => respond(passed.status, &passed.body, &header_array(passed.headers)),
        Err(refused) => respond(refused.status, &refused.body, &Array::new()),
    }
}

/// Header pairs as the flat list `respond` takes: [name, value, ...].
fn header_array(pairs: impl IntoIterator<Item = (&'static str, String)>) -> Array {
    let out = Array::new();
    for (name, value) in pairs {
        out.push(&name.into());
        out.push(&value.into());
    }
    out
}

/// The normalised body to send, or the refusal. Takes the raw body by value so that it leaves the
/// wasm memory here, before the upstream is awaited: N requests waiting cost N small normalised
/// bodies, not N bodies of up to `maxBodyBytes`.
fn checked_body(config: &ProxyConfig, body: Vec<u8>) -> Result<String, Refusal> {
    proxy::check_generate(&body, &config.policy)
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
    // Refused unread: cancelling a body nobody read crashes the common `Readable.toWeb(req)`
    // adapter on Node 20 (an uncaught ERR_INVALID_STATE); the server discards the rest itself.
    let content_type = await_promise(header_of(request, "content-type")).await;
    if !body_limits::is_json_content_type(content_type.as_string().as_deref()) {
        return Err(BodyRefusal::NotJson);
    }
    let declared = await_promise(header_of(request, "content-length"))
        .await
        .as_string();
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
