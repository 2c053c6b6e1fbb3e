//! `SeedanceClient` and `parseCallback` for JavaScript.

use super::{engine::max_credits, from_json, option, options, promise, request_json, to_json};
use crate::client::api::{Config, ProgressFn, WaitOptions};
use crate::client::batch::run_pool;
use crate::client::error::ClientError;
use crate::client::response::{self, TaskStatus};
use crate::client::transport::{Cancel, Link};
use crate::client::{
    check_batch_budget, policy, prepare_generate, prepare_priced, DEFAULT_BASE_URL,
};
use core::future::Future;
use core::pin::Pin;
use js_sys::{Array, Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A client of the Seedance API: checks requests before they cost money, never sends a paid
/// request twice unless the server refused it (429), and gives every wait a deadline.
#[wasm_bindgen]
pub struct SeedanceClient {
    config: Rc<Config>,
}

fn task_id(value: &JsValue) -> Result<String, ClientError> {
    match value.as_string() {
        Some(id) if !id.trim().is_empty() => Ok(id),
        _ => Err(ClientError::invalid_option(
            "The task id must be a non-empty string.",
            &[],
        )),
    }
}

fn wait_options(options: &JsValue) -> Result<WaitOptions, ClientError> {
    let defaults = WaitOptions::default();
    let (wait_cap, poll_cap) = (
        policy::MAX_WAIT_TIMEOUT_MS as f64,
        policy::MAX_POLL_INTERVAL_LIMIT_MS as f64,
    );
    let mut read = options::Reader::new(options);
    let wait = WaitOptions {
        timeout_ms: read
            .whole("timeoutMs", wait_cap)
            .unwrap_or(defaults.timeout_ms),
        poll_interval_ms: read
            .whole("pollIntervalMs", poll_cap)
            .unwrap_or(defaults.poll_interval_ms),
        max_poll_interval_ms: read
            .whole("maxPollIntervalMs", poll_cap)
            .unwrap_or(defaults.max_poll_interval_ms),
    };
    read.finish().map(|()| wait)
}

#[wasm_bindgen(module = "/src/js/batch.js")]
extern "C" {
    /// Calls a user callback with three arguments; what it throws or returns is ignored, so it
    /// cannot break a wait or a batch.
    fn notify(callback: &Function, first: &JsValue, second: &JsValue, third: &JsValue);
    /// `onProgress(status, { attempt, elapsedMs })`, through `notify`.
    #[wasm_bindgen(js_name = notifyProgress)]
    fn notify_progress(callback: &Function, status: &JsValue, attempt: u32, elapsed_ms: f64);
    /// The JSON text of each request of a list, or null when it is not an array.
    #[wasm_bindgen(js_name = requestJsons)]
    fn request_jsons(list: &JsValue) -> JsValue;
    /// One batch outcome object.
    #[wasm_bindgen(js_name = outcome)]
    fn outcome_object(index: u32, ok: bool, task_id: &JsValue, value: &JsValue) -> JsValue;
}

fn status_value(status: &TaskStatus) -> JsValue {
    from_json(&status.to_json())
}

/// The `onProgress` option as a Rust callback.
fn progress(options: &JsValue) -> Result<impl Fn(&TaskStatus, u32, u64), ClientError> {
    let callback = options::function(options, "onProgress")?;
    Ok(move |status: &TaskStatus, attempt: u32, elapsed_ms: u64| {
        if let Some(f) = &callback {
            notify_progress(f, &status_value(status), attempt, elapsed_ms as f64);
        }
    })
}

/// Everything `generate` needs from its arguments, read before anything is sent.
fn generate_body(req: &JsValue, options: &JsValue) -> Result<String, ClientError> {
    let validate = options::boolean(options, "validate")?.unwrap_or(true);
    prepare_generate(&request_json(req), validate, max_credits(options)?)
}

#[wasm_bindgen]
impl SeedanceClient {
    /// Options: `apiKey`, `baseUrl`, `fetch`, `headers`, `timeoutMs` (per request), `maxRetries`,
    /// `maxReplyBytes` (per reply body, default 1 MiB).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<SeedanceClient, JsValue> {
        let _call = crate::text::begin_call();
        Self::from_options(&options).map_err(JsValue::from)
    }

    fn from_options(o: &JsValue) -> Result<SeedanceClient, ClientError> {
        options::check_client(o)?;
        let mut read = options::Reader::new(o);
        let api_key = read.string("apiKey").filter(|k| !k.is_empty());
        if api_key
            .as_deref()
            .is_some_and(|k| k.chars().any(|c| c.is_control() || c == ' '))
        {
            read.refuse(
                "The option apiKey contains spaces or control characters.",
                &[],
            );
        }
        let base_url = read.string("baseUrl");
        let base_url = base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        if base_url.is_empty() {
            read.refuse("The option baseUrl must not be empty.", &[]);
        }
        let headers = read.finish().and_then(|()| options::headers(o))?;
        let mut read = options::Reader::new(o);
        let config = Config {
            api_key,
            base_url,
            headers,
            link: Link {
                fetch: read.function("fetch"),
                timeout_ms: read
                    .whole("timeoutMs", 86_400_000.0)
                    .unwrap_or(policy::DEFAULT_REQUEST_TIMEOUT_MS),
                max_reply_bytes: read
                    .bytes("maxReplyBytes")
                    .unwrap_or(policy::DEFAULT_MAX_REPLY_BYTES),
            },
            max_retries: read
                .whole("maxRetries", f64::from(policy::MAX_RETRIES_LIMIT))
                .map_or(policy::DEFAULT_MAX_RETRIES, |n| n as u32),
            generate_not_before: Default::default(),
        };
        read.finish()?;
        Ok(SeedanceClient {
            config: Rc::new(config),
        })
    }

    /// Checks and prices the request, then creates the task: `{ task_id, status, consumed_credits }`.
    /// Options: `signal`, `maxCredits`, `validate` (default true).
    pub fn generate(&self, req: JsValue, options: JsValue) -> Promise {
        self.call(Op::Generate, req, options)
    }

    /// One status request (retried on transient failures). Options: `signal`.
    #[wasm_bindgen(js_name = getStatus)]
    pub fn get_status(&self, task_id: JsValue, options: JsValue) -> Promise {
        self.call(Op::Status, task_id, options)
    }

    /// Polls until the task succeeds; rejects with TASK_FAILED, TIMEOUT or ABORTED. Options:
    /// `signal`, `timeoutMs` (default 15 minutes), `pollIntervalMs`, `maxPollIntervalMs`, `onProgress`.
    #[wasm_bindgen(js_name = waitForTask)]
    pub fn wait_for_task(&self, task_id: JsValue, options: JsValue) -> Promise {
        self.call(Op::Wait, task_id, options)
    }

    /// `generate`, then `onTaskCreated(task)`, then `waitForTask`. Every error after the task was
    /// created carries its `taskId`, so a paid task is never lost.
    pub fn run(&self, req: JsValue, options: JsValue) -> Promise {
        self.call(Op::Run, req, options)
    }
}

/// Which method a call is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Generate,
    Status,
    Wait,
    Run,
}

impl SeedanceClient {
    /// Every method but `runMany`: its arguments are all read (and refused with a coded error)
    /// before anything is sent, then `perform` does the work.
    fn call(&self, op: Op, arg: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let creates = matches!(op, Op::Generate | Op::Run);
            let (body, id) = if creates {
                (Some(generate_body(&arg, &options)?), String::new())
            } else {
                (None, task_id(&arg)?)
            };
            let after = match op {
                Op::Generate => After::Nothing,
                Op::Status => After::Status,
                Op::Wait | Op::Run => After::Wait(wait_options(&options)?),
            };
            // Only the waiting methods read onProgress (the others ignore it, as documented).
            let waits = matches!(after, After::Wait(_));
            let none = JsValue::UNDEFINED;
            let on_progress = progress(if waits { &options } else { &none })?;
            let on_created = match op {
                Op::Run => options::function(&options, "onTaskCreated")?,
                _ => None,
            };
            let cancel = Cancel::new(options::signal(&options)?);
            let on_created = |created: &JsValue| {
                if let Some(f) = &on_created {
                    notify(f, created, &JsValue::UNDEFINED, &JsValue::UNDEFINED);
                }
            };
            perform(
                &config,
                body.as_deref(),
                id,
                after,
                &cancel,
                &on_created,
                &on_progress,
            )
            .await
            .map_err(|e| cancel.error(e))
        }))
    }
}

/// What a call does after it has its task (created, or given by id).
enum After {
    /// Nothing: the value is the created task (`generate`).
    Nothing,
    /// One status request (`getStatus`).
    Status,
    /// Polls until the task settles (`waitForTask`, `run`, each `runMany` item).
    Wait(WaitOptions),
}

/// Creates the task (when a body is given), then does `after`: the one path of every method and
/// batch item, boxed so that its steps are compiled once. The value is the created task or the
/// status, as JS values.
fn perform<'a>(
    config: &'a Config,
    body: Option<&'a str>,
    mut task_id: String,
    after: After,
    cancel: &'a Cancel,
    on_created: &'a dyn Fn(&JsValue),
    on_progress: ProgressFn<'a>,
) -> Pin<Box<dyn Future<Output = Result<JsValue, ClientError>> + 'a>> {
    Box::pin(async move {
        if let Some(body) = body {
            let created = from_json(&config.generate(body, cancel).await?);
            if let After::Nothing = after {
                return Ok(created);
            }
            task_id = option(&created, "task_id").as_string().unwrap_or_default();
            on_created(&created);
        }
        let status = match after {
            After::Wait(wait) => config.wait(&task_id, wait, cancel, on_progress).await?,
            _ => config.status(&task_id, cancel, None).await?,
        };
        Ok(status_value(&status))
    })
}

/// One batch outcome: `{ index, ok: true, task_id, status }` or `{ index, ok: false, task_id, error }`.
fn outcome(index: usize, result: Result<JsValue, ClientError>, cancel: &Cancel) -> JsValue {
    // The id of a created task: in its status, or (once created) in every error.
    let (task_id, value) = match &result {
        Ok(status) => (option(status, "task_id"), status.clone()),
        Err(error) => (
            error
                .task_id
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
            cancel.error(error.clone()),
        ),
    };
    outcome_object(index as u32, result.is_ok(), &task_id, &value)
}

#[wasm_bindgen]
impl SeedanceClient {
    /// Runs many requests, at most `concurrency` at once (default 2), after checking and pricing
    /// them all: a batch over `maxTotalCredits` is refused with BUDGET_EXCEEDED before anything is
    /// sent. Resolves with one outcome per request, in order; one failure never rejects the batch.
    /// Options: `concurrency`, `maxTotalCredits`, `signal`, `onProgress(outcome, done, total)`, and
    /// the wait options.
    #[wasm_bindgen(js_name = runMany)]
    pub fn run_many(&self, requests: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let jsons = request_jsons(&requests);
            if jsons.is_null() {
                return Err(ClientError::invalid_option(
                    "runMany takes an array of requests.",
                    &[],
                )
                .into());
            }
            let items: Vec<_> = jsons
                .unchecked_into::<Array>()
                .iter()
                .map(|json| prepare_priced(&json.as_string().unwrap_or_default()))
                .collect();
            let mut read = options::Reader::new(&options);
            let concurrency =
                read.whole("concurrency", f64::from(policy::MAX_BATCH_CONCURRENCY))
                    .unwrap_or(policy::DEFAULT_BATCH_CONCURRENCY.into()) as usize;
            let max_total = read.whole("maxTotalCredits", f64::from(u32::MAX));
            read.finish()?;
            check_batch_budget(
                items
                    .iter()
                    .filter_map(|i| i.as_ref().ok().map(|(_, c)| *c)),
                max_total,
            )?;
            let wait = wait_options(&options)?;
            let on_progress = options::function(&options, "onProgress")?;
            let cancel = Cancel::new(options::signal(&options)?);

            let total = JsValue::from(items.len() as u32);
            let run = |index: usize| {
                let (items, config, cancel) = (&items, &config, &cancel);
                async move {
                    let result = match &items[index] {
                        Err(error) => Err(error.clone()),
                        Ok((body, _)) => {
                            let after = After::Wait(wait);
                            perform(
                                config,
                                Some(body),
                                String::new(),
                                after,
                                cancel,
                                &|_| {},
                                &|_, _, _| {},
                            )
                            .await
                        }
                    };
                    outcome(index, result, cancel)
                }
            };
            let report = |_: usize, result: &JsValue, finished: usize| {
                if let Some(f) = &on_progress {
                    notify(f, result, &JsValue::from(finished as u32), &total);
                }
            };
            let results = run_pool(items.len(), concurrency, run, report).await;
            Ok(results.into_iter().collect::<js_sys::Array>().into())
        }))
    }
}

/// Reads a callback body (or a status response), as JSON text or a parsed object, into a
/// `TaskStatus`; throws INVALID_RESPONSE when it is not one.
#[wasm_bindgen(js_name = parseCallback)]
pub fn parse_callback(body: JsValue) -> Result<JsValue, JsValue> {
    let _call = crate::text::begin_call();
    let text = body
        .as_string()
        .or_else(|| to_json(&body))
        .unwrap_or_default();
    response::parse_callback(&text)
        .map(|s| status_value(&s))
        .map_err(JsValue::from)
}
