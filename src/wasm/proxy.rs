//! `createProxyHandler`: a Fetch-API handler `(Request) => Promise<Response>` that keeps the API
//! key on the server, checks and prices with the engine, and forwards the rest upstream.

use super::options;
use crate::body_limits::{self, BodyLimits, BodyRefusal, InFlight};
use crate::client::error::ClientError;
use crate::client::policy::DEFAULT_REQUEST_TIMEOUT_MS;
use crate::client::transport::{
    call_method, exchange, get, race, Cancel, Either, Failure, Outgoing,
};
use crate::client::{generate_url, status_url, DEFAULT_BASE_URL};
use crate::codes::Code;
use crate::json::u64_text;
use crate::proxy::{self, error_envelope, refusal, Policy, Refusal, Route};
use crate::validate::text;
use core::cell::RefCell;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortSignal, Response, ResponseInit};

struct ProxyConfig {
    api_key: String,
    upstream: String,
    fetch: Option<Function>,
    policy: Policy,
    limits: BodyLimits,
    max_reply_bytes: usize,
    /// Deadline of one upstream request, headers and body (`timeoutMs`).
    timeout_ms: u64,
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
        future_to_promise(async move { handle(&config, &request).await.map(JsValue::from) })
    });
    Ok(handler.into_js_value().unchecked_into())
}

/// A size option: a whole number of bytes from 1 to 1 GiB (it must fit the 32-bit wasm).
fn bytes_option(o: &JsValue, name: &str, default: usize) -> Result<usize, ClientError> {
    match options::whole(o, name, f64::from(1u32 << 30))? {
        None => Ok(default),
        Some(0) => Err(ClientError::invalid_option(&text(&[
            "The option ",
            name,
            " must be at least 1.",
        ]))),
        Some(n) => Ok(n as usize),
    }
}

fn read_limits(o: &JsValue) -> Result<BodyLimits, ClientError> {
    let defaults = BodyLimits::default();
    Ok(BodyLimits {
        max_body_bytes: bytes_option(o, "maxBodyBytes", defaults.max_body_bytes)?,
        max_in_flight_bytes: bytes_option(o, "maxInFlightBytes", defaults.max_in_flight_bytes)?,
        body_timeout_ms: options::whole(o, "bodyTimeoutMs", f64::from(u32::MAX))?
            .unwrap_or(defaults.body_timeout_ms)
            .max(1),
    })
}

fn read_config(o: &JsValue) -> Result<ProxyConfig, ClientError> {
    let api_key = options::string(o, "apiKey")?.filter(|k| !k.trim().is_empty());
    let api_key = api_key.ok_or_else(|| {
        ClientError::invalid_option("createProxyHandler needs the option apiKey.")
    })?;
    let upstream = options::string(o, "upstream")?.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let models = match super::option(o, "models") {
        v if v.is_undefined() || v.is_null() => Vec::new(),
        v if Array::is_array(&v) => Array::from(&v)
            .iter()
            .filter_map(|m| m.as_string())
            .collect(),
        _ => {
            return Err(ClientError::invalid_option(
                "The option models must be an array of model ids.",
            ))
        }
    };
    Ok(ProxyConfig {
        api_key,
        upstream: upstream.trim().trim_end_matches('/').to_owned(),
        fetch: options::function(o, "fetch")?,
        policy: Policy {
            max_credits: super::engine::max_credits(o)?,
            models,
            forward_unknown_fields: options::boolean(o, "forwardUnknownFields")?.unwrap_or(false),
        },
        limits: read_limits(o)?,
        max_reply_bytes: super::client::max_reply_bytes(o)?,
        timeout_ms: options::whole(o, "timeoutMs", f64::from(u32::MAX))?
            .unwrap_or(DEFAULT_REQUEST_TIMEOUT_MS),
        in_flight: RefCell::new(InFlight::default()),
    })
}

fn text_of(value: &JsValue, key: &str) -> String {
    get(value, key)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

async fn handle(config: &ProxyConfig, request: &JsValue) -> Result<Response, JsValue> {
    let url = text_of(request, "url");
    let (path, query) = proxy::split_target(&url);
    let signal = get(request, "signal")
        .ok()
        .filter(|s| s.is_object())
        .map(|s| s.unchecked_into::<AbortSignal>());
    let cancel = Cancel::new(signal);
    match proxy::route(&text_of(request, "method"), path) {
        Route::Generate => {
            let checked = match read_body(config, request).await {
                // The body leaves the wasm memory before anything is awaited again.
                Ok(body) => proxy::check_generate(&body, &config.policy),
                Err(why) => {
                    let retry_after = why.retry_after().map(u64_text);
                    return reply(&why.refusal(&config.limits), retry_after.as_deref());
                }
            };
            match checked {
                Ok(checked) => {
                    let url = generate_url(&config.upstream);
                    forward(config, &url, Some(&checked), &cancel).await
                }
                Err(refused) => reply(&refused, None),
            }
        }
        Route::Status => match proxy::task_id_from_query(query) {
            Some(id) => forward(config, &status_url(&config.upstream, &id), None, &cancel).await,
            None => reply(
                &refusal(404, Code::TaskNotFound, "The query needs a task_id."),
                None,
            ),
        },
        Route::WrongMethod => reply(
            &refusal(
                405,
                Code::HttpError,
                "Use POST for /generate and GET for /status.",
            ),
            None,
        ),
        Route::NotFound => reply(
            &refusal(
                404,
                Code::HttpError,
                "This proxy serves /generate and /status only.",
            ),
            None,
        ),
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
    let headers = get(request, "headers").unwrap_or(JsValue::UNDEFINED);
    let declared = call_method(&headers, "get", Some(&"content-length".into()))
        .await
        .ok()
        .and_then(|v| v.as_string());
    // Refused unread: cancelling a body nobody read crashes the common `Readable.toWeb(req)`
    // adapter on Node 20 (an uncaught ERR_INVALID_STATE); the server discards the rest itself.
    if body_limits::declared_too_large(declared.as_deref(), &config.limits) {
        return Err(BodyRefusal::TooLarge);
    }
    let body = get(request, "body").unwrap_or(JsValue::NULL);
    if body.is_null() || body.is_undefined() {
        return Ok(Vec::new());
    }
    let reader = call_sync(&body, "getReader").map_err(|_| BodyRefusal::Unreadable)?;
    let mut held = Held {
        in_flight: &config.in_flight,
        bytes: 0,
    };
    let chunks = Array::new();
    let deadline =
        TimeoutFuture::new(u32::try_from(config.limits.body_timeout_ms).unwrap_or(u32::MAX));
    let outcome = match race(collect(config, &reader, &chunks, &mut held), deadline).await {
        Either::Left(outcome) => outcome,
        Either::Right(()) => Err(BodyRefusal::TooSlow),
    };
    if let Err(why) = outcome {
        cancel_reader(&reader);
        return Err(why);
    }
    let mut bytes = vec![0u8; held.bytes];
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        let end = at + chunk.length() as usize;
        chunk.copy_to(&mut bytes[at..end]);
        at = end;
    }
    Ok(bytes)
}

/// Pulls chunks into `chunks` (JS bytes) until the stream ends, counting them against the limits.
async fn collect(
    config: &ProxyConfig,
    reader: &JsValue,
    chunks: &Array,
    held: &mut Held<'_>,
) -> Result<(), BodyRefusal> {
    loop {
        let next = call_method(reader, "read", None)
            .await
            .map_err(|_| BodyRefusal::Unreadable)?;
        if get(&next, "done").map_or(true, |d| d.is_truthy()) {
            return Ok(());
        }
        let chunk: Uint8Array = get(&next, "value")
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or(BodyRefusal::Unreadable)?;
        body_limits::accept_chunk(
            &mut held.bytes,
            chunk.length() as usize,
            &config.limits,
            &mut config.in_flight.borrow_mut(),
        )?;
        chunks.push(&chunk);
    }
}

fn call_sync(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    let method: Function = get(target, name)?.dyn_into()?;
    method.call0(target)
}

/// Stops a body being read; the promise is awaited aside, so a rejection is never unhandled and
/// a stream whose `cancel` never settles cannot hold the reply.
fn cancel_reader(reader: &JsValue) {
    if let Ok(promise) = call_sync(reader, "cancel") {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(Promise::resolve(&promise)).await;
        });
    }
}

/// Sends the request upstream with the server's key (never the caller's headers) and passes the
/// reply back; an upstream that cannot be reached becomes a 502 in the API's envelope.
async fn forward(
    config: &ProxyConfig,
    url: &str,
    body: Option<&str>,
    cancel: &Cancel,
) -> Result<Response, JsValue> {
    let mut headers = vec![(
        "Authorization".to_owned(),
        text(&["Bearer ", &config.api_key]),
    )];
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    let request = Outgoing {
        fetch: config.fetch.as_ref(),
        method: if body.is_some() { "POST" } else { "GET" },
        url,
        headers: &headers,
        body,
        timeout_ms: config.timeout_ms,
        max_reply_bytes: config.max_reply_bytes,
    };
    match exchange(&request, cancel).await {
        Ok(upstream) if proxy::is_envelope(&upstream.body) => reply(
            &Refusal {
                status: upstream.status,
                body: proxy::redact(&upstream.body, &config.api_key),
            },
            upstream.retry_after.as_deref(),
        ),
        Ok(upstream) => {
            let mut message = String::from("The upstream API answered HTTP ");
            crate::json::write_u64(&mut message, upstream.status.into());
            message.push_str(" with a body that is not JSON.");
            reply(
                &Refusal {
                    status: 502,
                    body: error_envelope(502, "HTTP_ERROR", &message, None),
                },
                None,
            )
        }
        Err(failure) => {
            let (code, message) = match failure {
                Failure::TimedOut => (Code::Timeout, "The upstream API did not answer in time."),
                Failure::Aborted => (Code::Aborted, "The request was aborted."),
                Failure::Network(_) => {
                    (Code::NetworkError, "The upstream API could not be reached.")
                }
                Failure::TooLarge { .. } => {
                    let mut message = String::from("The upstream API's reply is larger than ");
                    body_limits::write_size(&mut message, config.max_reply_bytes as u64);
                    message.push_str("; the rest was not read.");
                    return reply(&refusal(502, Code::InvalidResponse, &message), None);
                }
            };
            reply(&refusal(502, code, message), None)
        }
    }
}

fn reply(answer: &Refusal, retry_after: Option<&str>) -> Result<Response, JsValue> {
    let init = ResponseInit::new();
    init.set_status(answer.status);
    let headers = Object::new();
    let _ = Reflect::set(&headers, &"content-type".into(), &"application/json".into());
    if let Some(value) = retry_after {
        let _ = Reflect::set(&headers, &"retry-after".into(), &value.into());
    }
    init.set_headers(&headers);
    Response::new_with_opt_str_and_init(Some(&answer.body), &init)
}
