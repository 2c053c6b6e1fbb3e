//! The proxy handler's request handling (the `proxy` feature): routes, reads bodies within their
//! limits, checks and prices with the engine, and forwards upstream (see `proxy`).

use super::config::ProxyConfig;
use super::spend::{self as proxy_spend, NoCaller};
use crate::client::request::{self, Call, Failure, Reply};
use crate::client::transport::{await_promise, get, now_ms, Cancel};
use crate::codes::Code;
use crate::json::u64_text;
use crate::proxy::body_limits::{self, chunk_read, BodyRefusal, InFlight};
use crate::proxy::origin::{self, Access};
use crate::proxy::spend::{self, Verdict};
use crate::proxy::{self, refusal, Refusal, Route, UpstreamReply};
use core::cell::RefCell;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/proxy-io.js")]
extern "C" {
    /// A request body's reader: null without a body, undefined when it cannot be read.
    #[wasm_bindgen(js_name = bodyReader)]
    fn body_reader(request: &JsValue) -> JsValue;
    /// Reads the next chunk into `chunks`: a [`chunk_read`] number (`CHUNK` + its length, `END`,
    /// `TOO_SLOW` when `ms` pass first, `FAILED`).
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
    /// A `Response` with `headers` ([name, value, ...]) besides its JSON content type, or a
    /// rejected promise when one cannot be made (the handler's promise then rejects with that error).
    fn respond(status: u16, body: &str, headers: Vec<String>) -> JsValue;
}

fn text_of(value: &JsValue, key: &str) -> String {
    get(value, key)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Header pairs as `respond` takes them: [name, value, ...].
fn flat(headers: Vec<(String, String)>) -> Vec<String> {
    headers.into_iter().flat_map(|(n, v)| [n, v]).collect()
}

/// An answer the handler writes itself: status, JSON body and extra headers.
struct Answer {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
}

impl From<Refusal> for Answer {
    fn from(refused: Refusal) -> Self {
        Answer {
            status: refused.status,
            body: refused.body,
            headers: Vec::new(),
        }
    }
}

impl From<UpstreamReply> for Answer {
    fn from(passed: UpstreamReply) -> Self {
        let headers = passed
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        Answer {
            status: passed.status,
            body: passed.body,
            headers,
        }
    }
}

fn with_retry_after(mut answer: Answer, seconds: Option<u64>) -> Answer {
    if let Some(seconds) = seconds {
        answer
            .headers
            .push(("Retry-After".into(), u64_text(seconds)));
    }
    answer
}

pub(super) async fn handle(config: &ProxyConfig, request: &JsValue) -> JsValue {
    let url = text_of(request, "url");
    let method = text_of(request, "method");
    let origin_header = await_promise(header_of(request, "origin"))
        .await
        .as_string();
    let mut cors = Vec::new();
    match origin::access(origin_header.as_deref(), &url, &config.allowed_origins) {
        Access::Refused => {
            let refused = origin::refused(origin_header.as_deref().unwrap_or_default());
            return respond(refused.status, &refused.body, Vec::new());
        }
        Access::Listed(origin) if method.eq_ignore_ascii_case("OPTIONS") => {
            let asked = await_promise(header_of(request, "access-control-request-headers"))
                .await
                .as_string();
            let headers = origin::preflight_headers(&origin, asked.as_deref());
            return respond(204, "", flat(headers));
        }
        Access::Listed(origin) => cors = origin::allow_headers(&origin),
        Access::SameOrigin => {}
    }
    // Who is calling, before any body is read: a refused caller costs a header read at most.
    let caller = match proxy_spend::caller(config.authorize.as_ref(), request).await {
        Ok(caller) => caller,
        Err(NoCaller::Answered(response)) => return response,
        // A listed page reads its 401 like any other answer, not as a failed fetch.
        Err(NoCaller::Refused(refused)) => {
            return respond(refused.status, &refused.body, flat(cors))
        }
    };
    let (path, query) = proxy::split_target(&url);
    // Not the request's signal: a generate sent upstream runs to its answer (or timeoutMs) when
    // the caller leaves, so that its spend settles on what happened, not on a guess; and Deno
    // warns on any read of `request.signal`.
    let cancel = Cancel::new(None);
    let mut answer: Answer = match proxy::route(&method, path) {
        Route::Generate => generate(config, request, &caller, &cancel).await,
        Route::Status => match proxy::task_id_from_query(query) {
            Some(id) => status(config, id, &caller, &cancel).await,
            None => refusal(404, Code::TaskNotFound, "The query needs a task_id.", &[]).into(),
        },
        Route::WrongMethod => refusal(
            405,
            Code::HttpError,
            "Use POST for /generate and GET for /status.",
            &[],
        )
        .into(),
        Route::NotFound => refusal(
            404,
            Code::HttpError,
            "This proxy serves /generate and /status only.",
            &[],
        )
        .into(),
    };
    answer.headers.extend(cors);
    respond(answer.status, &answer.body, flat(answer.headers))
}

/// `GET /status`: forwarded, unless the handler records task owners (`authorize` and `quota`)
/// and this caller did not create the task.
async fn status(config: &ProxyConfig, task_id: String, caller: &str, cancel: &Cancel) -> Answer {
    if let (Some(spend), Some(_)) = (&config.spend, &config.authorize) {
        if let Err(refused) = proxy_spend::check_owner(spend, &task_id, caller).await {
            return refused.into();
        }
    }
    let outcome = exchange(config, Call::Status(task_id), cancel).await;
    answer_from(config, outcome)
}

/// `POST /generate`: read, checked, priced, reserved within the quota, forwarded, settled. With a
/// quota every answer carries the `RateLimit` headers of the limit with the least left.
async fn generate(
    config: &ProxyConfig,
    request: &JsValue,
    caller: &str,
    cancel: &Cancel,
) -> Answer {
    let checked = match read_body(config, request).await {
        // The body leaves the wasm memory before anything is awaited again.
        Ok(body) => proxy::check_priced(&body, &config.policy).map_err(Answer::from),
        Err(why) => Err(with_retry_after(
            why.refusal(&config.limits).into(),
            why.retry_after(),
        )),
    };
    let Some(spend) = &config.spend else {
        return match checked {
            Ok(checked) => answer_from(
                config,
                exchange(config, Call::Generate(checked.body), cancel).await,
            ),
            Err(answer) => answer,
        };
    };
    let now = now_ms() as u64;
    let counters = spend::counters(&spend.quota, caller, now);
    let amount = checked.as_ref().map_or(0, |c| u64::from(c.credits));
    let Some((admitted, spent)) = proxy_spend::reserve(spend, &counters, amount).await else {
        // A refusal for the body stands; otherwise nothing may be forwarded unrecorded.
        return checked.err().unwrap_or_else(|| spend::unavailable().into());
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(mut answer) => {
            answer
                .headers
                .extend(spend::rate_limit_headers(&counters, &spent, now));
            return answer;
        }
    };
    if let Verdict::Over {
        refusal,
        retry_after,
    } = spend::verdict(&counters, admitted, &spent, amount, now)
    {
        let mut answer = with_retry_after(refusal.into(), Some(retry_after));
        answer
            .headers
            .extend(spend::rate_limit_headers(&counters, &spent, now));
        return answer;
    }
    let outcome = exchange(config, Call::Generate(checked.body), cancel).await;
    let settlement = spend::settle(&outcome, amount);
    let owner = config.authorize.as_ref().map(|_| caller);
    let spent =
        proxy_spend::settle(spend, &counters, &spent, &settlement, amount, owner, now).await;
    let mut answer = answer_from(config, outcome);
    answer
        .headers
        .extend(spend::rate_limit_headers(&counters, &spent, now));
    answer
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
            .unwrap_or(chunk_read::FAILED);
        if read == chunk_read::END {
            return Ok(());
        }
        // Below END: TOO_SLOW, FAILED or anything else that is not a chunk.
        if read < chunk_read::END {
            return Err(if read == chunk_read::TOO_SLOW {
                BodyRefusal::TooSlow
            } else {
                BodyRefusal::Unreadable
            });
        }
        body_limits::accept_chunk(
            &mut held.bytes,
            read as usize - chunk_read::CHUNK as usize,
            &config.limits,
            &mut config.in_flight.borrow_mut(),
        )?;
    }
}

/// Sends the request upstream with the server's key (never the caller's headers).
async fn exchange(config: &ProxyConfig, call: Call, cancel: &Cancel) -> Result<Reply, Failure> {
    let request = request::build(&config.upstream, call, Some(&config.api_key), &[]);
    config
        .link
        .exchange(&request, config.link.timeout_ms, cancel)
        .await
}

/// The upstream's reply passed back to the caller (see `proxy::upstream_answer`).
fn answer_from(config: &ProxyConfig, outcome: Result<Reply, Failure>) -> Answer {
    match proxy::upstream_answer(outcome, &config.api_key, config.link.max_reply_bytes) {
        Ok(passed) => passed.into(),
        Err(refused) => refused.into(),
    }
}
