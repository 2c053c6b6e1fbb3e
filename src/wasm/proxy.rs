//! `createProxyHandler`: a Fetch-API handler `(Request) => Promise<Response>` that keeps the API
//! key on the server, checks and prices with the engine, and forwards the rest upstream.

use super::{make_error, options};
use crate::client::error::ClientError;
use crate::client::policy::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS};
use crate::client::transport::{call_method, exchange, get, Cancel, Failure, Outgoing};
use crate::client::{generate_url, status_url, DEFAULT_BASE_URL};
use crate::codes::Code;
use crate::proxy::{self, error_envelope, refusal, Policy, Refusal, Route, MAX_BODY_BYTES};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortSignal, Response, ResponseInit};

struct ProxyConfig {
    api_key: String,
    upstream: String,
    fetch: Option<Function>,
    policy: Policy,
}

/// Builds the handler. Options: `apiKey` (required), `upstream` (default the public API),
/// `maxCredits` (per request), `models` (allowed model ids), `fetch`.
#[wasm_bindgen(js_name = createProxyHandler)]
pub fn create_proxy_handler(options: JsValue) -> Result<Function, JsValue> {
    let config = Rc::new(read_config(&options).map_err(|e| make_error(&e))?);
    let handler = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
        let config = config.clone();
        future_to_promise(async move { handle(&config, &request).await.map(JsValue::from) })
    });
    Ok(handler.into_js_value().unchecked_into())
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
        },
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
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, query),
        None => (url.as_str(), ""),
    };
    // Only the path after the origin matters for routing.
    let path = path
        .split_once("://")
        .map_or(path, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    let signal = get(request, "signal")
        .ok()
        .filter(|s| s.is_object())
        .map(|s| s.unchecked_into::<AbortSignal>());
    let cancel = Cancel::new(signal);
    match proxy::route(&text_of(request, "method"), path) {
        Route::Generate => match read_body(request).await {
            Ok(body) => match proxy::check_generate(&body, &config.policy) {
                Ok(checked) => {
                    forward(
                        config,
                        &generate_url(&config.upstream),
                        Some(&checked),
                        &cancel,
                    )
                    .await
                }
                Err(refused) => reply(&refused, None),
            },
            Err(refused) => reply(&refused, None),
        },
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

/// Reads the body up to the size limit, refusing a larger one (413) without buffering it.
async fn read_body(request: &JsValue) -> Result<Vec<u8>, Refusal> {
    let too_large = || {
        refusal(
            413,
            Code::InvalidField,
            "The request body is larger than 1 MiB.",
        )
    };
    let headers = get(request, "headers").unwrap_or(JsValue::UNDEFINED);
    let declared = call_method(&headers, "get", Some(&"content-length".into()))
        .await
        .ok()
        .and_then(|v| v.as_string());
    let body = get(request, "body").unwrap_or(JsValue::NULL);
    // Refused unread: cancelling a body nobody read crashes the common `Readable.toWeb(req)`
    // adapter on Node 20 (an uncaught ERR_INVALID_STATE); the server discards the rest itself.
    if declared
        .and_then(|d| d.trim().parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(too_large());
    }
    if body.is_null() || body.is_undefined() {
        return Ok(Vec::new());
    }
    let unreadable = || {
        refusal(
            400,
            Code::InvalidField,
            "The request body could not be read.",
        )
    };
    let reader = call_method(&body, "getReader", None)
        .await
        .map_err(|_| unreadable())?;
    let mut bytes = Vec::new();
    loop {
        let chunk = call_method(&reader, "read", None)
            .await
            .map_err(|_| unreadable())?;
        if get(&chunk, "done")
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            return Ok(bytes);
        }
        let value: Uint8Array = get(&chunk, "value")
            .map_err(|_| unreadable())?
            .dyn_into()
            .map_err(|_| unreadable())?;
        if bytes.len() + value.length() as usize > MAX_BODY_BYTES {
            let _ = call_method(&reader, "cancel", None).await;
            return Err(too_large());
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
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
        ["Bearer ", &config.api_key].concat(),
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
        timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
        max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
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
                Failure::TooLarge { .. } => (
                    Code::InvalidResponse,
                    "The upstream API's reply was too large; it was not read.",
                ),
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
