//! `SeedanceClient` and `parseCallback` for JavaScript.

use super::{engine::max_credits, from_json, option, options, request_json, to_json};
use crate::client::api::{Config, WaitOptions};
use crate::client::batch::run_pool;
use crate::client::error::ClientError;
use crate::client::response::{self, TaskStatus};
use crate::client::transport::{Cancel, Link};
use crate::client::{
    check_batch_budget, policy, prepare_generate, prepare_priced, DEFAULT_BASE_URL,
};
use crate::codes::Code;
use core::future::Future;
use core::pin::Pin;
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A client of the Seedance API: checks requests before they cost money, never sends a paid
/// request twice unless the server refused it (429), and gives every wait a deadline.
#[wasm_bindgen]
pub struct SeedanceClient {
    config: Rc<Config>,
}

/// A promise that settles with the future's value, or rejects with its `SeedanceError`. The
/// future is boxed so that every method shares one instance of the promise machinery (wasm size).
fn promise(future: Pin<Box<dyn Future<Output = Result<JsValue, ClientError>>>>) -> Promise {
    future_to_promise(async move { future.await.map_err(JsValue::from) })
}

fn task_id(value: &JsValue) -> Result<String, ClientError> {
    match value.as_string() {
        Some(id) if !id.trim().is_empty() => Ok(id),
        _ => Err(ClientError::new(
            Code::InvalidField,
            "The task id must be a non-empty string.",
        )),
    }
}

fn wait_options(options: &JsValue) -> Result<WaitOptions, ClientError> {
    let defaults = WaitOptions::default();
    let (wait_cap, poll_cap) = (
        policy::MAX_WAIT_TIMEOUT_MS as f64,
        policy::MAX_POLL_INTERVAL_LIMIT_MS as f64,
    );
    Ok(WaitOptions {
        timeout_ms: options::whole(options, "timeoutMs", wait_cap)?.unwrap_or(defaults.timeout_ms),
        poll_interval_ms: options::whole(options, "pollIntervalMs", poll_cap)?
            .unwrap_or(defaults.poll_interval_ms),
        max_poll_interval_ms: options::whole(options, "maxPollIntervalMs", poll_cap)?
            .unwrap_or(defaults.max_poll_interval_ms),
    })
}

/// Calls a user callback; what it throws or returns is ignored, so it cannot break a wait.
fn notify(callback: &Option<Function>, first: &JsValue, second: &JsValue) {
    if let Some(f) = callback {
        let _ = f.call2(&JsValue::UNDEFINED, first, second);
    }
}

fn status_value(status: &TaskStatus) -> JsValue {
    from_json(&status.to_json())
}

/// The `onProgress` option as a Rust callback.
fn progress(options: &JsValue) -> Result<impl Fn(&TaskStatus, u32, u64), ClientError> {
    let callback = options::function(options, "onProgress")?;
    Ok(move |status: &TaskStatus, attempt: u32, elapsed_ms: u64| {
        if callback.is_some() {
            let info = Object::new();
            let _ = Reflect::set(&info, &"attempt".into(), &JsValue::from(attempt));
            let _ = Reflect::set(
                &info,
                &"elapsedMs".into(),
                &JsValue::from(elapsed_ms as f64),
            );
            notify(&callback, &status_value(status), &info);
        }
    })
}

/// Everything `generate` needs from its arguments, read before anything is sent.
fn generate_body(req: &JsValue, options: &JsValue) -> Result<String, ClientError> {
    let validate = options::boolean(options, "validate")?.unwrap_or(true);
    prepare_generate(&request_json(req), validate, max_credits(options)?)
}

/// The `maxReplyBytes` option: 1 byte to 1 GiB (a cap must fit the 32-bit wasm address space).
pub(crate) fn max_reply_bytes(o: &JsValue) -> Result<usize, ClientError> {
    match options::whole(o, "maxReplyBytes", f64::from(1u32 << 30))? {
        None => Ok(policy::DEFAULT_MAX_REPLY_BYTES),
        Some(0) => Err(ClientError::invalid_option(
            "The option maxReplyBytes must be at least 1.",
        )),
        Some(n) => Ok(n as usize),
    }
}

#[wasm_bindgen]
impl SeedanceClient {
    /// Options: `apiKey`, `baseUrl`, `fetch`, `headers`, `timeoutMs` (per request), `maxRetries`,
    /// `maxReplyBytes` (per reply body, default 1 MiB).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<SeedanceClient, JsValue> {
        Self::from_options(&options).map_err(JsValue::from)
    }

    fn from_options(o: &JsValue) -> Result<SeedanceClient, ClientError> {
        let api_key = options::string(o, "apiKey")?.filter(|k| !k.is_empty());
        if api_key
            .as_deref()
            .is_some_and(|k| k.chars().any(|c| c.is_control() || c == ' '))
        {
            return Err(ClientError::invalid_option(
                "The option apiKey contains spaces or control characters.",
            ));
        }
        let base_url =
            options::string(o, "baseUrl")?.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        if base_url.is_empty() {
            return Err(ClientError::invalid_option(
                "The option baseUrl must not be empty.",
            ));
        }
        let config = Config {
            api_key,
            base_url,
            headers: options::headers(o)?,
            link: Link {
                fetch: options::function(o, "fetch")?,
                timeout_ms: options::whole(o, "timeoutMs", 86_400_000.0)?
                    .unwrap_or(policy::DEFAULT_REQUEST_TIMEOUT_MS),
                max_reply_bytes: max_reply_bytes(o)?,
            },
            max_retries: options::whole(o, "maxRetries", f64::from(policy::MAX_RETRIES_LIMIT))?
                .map_or(policy::DEFAULT_MAX_RETRIES, |n| n as u32),
            generate_not_before: Default::default(),
        };
        Ok(SeedanceClient {
            config: Rc::new(config),
        })
    }

    /// Checks and prices the request, then creates the task: `{ task_id, status, consumed_credits }`.
    /// Options: `signal`, `maxCredits`, `validate` (default true).
    pub fn generate(&self, req: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let body = generate_body(&req, &options)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(from_json(&config.generate(&body, &cancel).await?))
        }))
    }

    /// One status request (retried on transient failures). Options: `signal`.
    #[wasm_bindgen(js_name = getStatus)]
    pub fn get_status(&self, task_id: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let id = self::task_id(&task_id)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(status_value(&config.status(&id, &cancel, None).await?))
        }))
    }

    /// Polls until the task succeeds; rejects with TASK_FAILED, TIMEOUT or ABORTED. Options:
    /// `signal`, `timeoutMs` (default 15 minutes), `pollIntervalMs`, `maxPollIntervalMs`, `onProgress`.
    #[wasm_bindgen(js_name = waitForTask)]
    pub fn wait_for_task(&self, task_id: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let id = self::task_id(&task_id)?;
            let wait = wait_options(&options)?;
            let on_progress = progress(&options)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(status_value(
                &config.wait(&id, wait, &cancel, &on_progress).await?,
            ))
        }))
    }

    /// `generate`, then `onTaskCreated(task)`, then `waitForTask`. Every error after the task was
    /// created carries its `taskId`, so a paid task is never lost.
    pub fn run(&self, req: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(Box::pin(async move {
            let body = generate_body(&req, &options)?;
            let wait = wait_options(&options)?;
            let on_progress = progress(&options)?;
            let on_created = options::function(&options, "onTaskCreated")?;
            let cancel = Cancel::new(options::signal(&options)?);
            let created = from_json(&config.generate(&body, &cancel).await?);
            let id = option(&created, "task_id").as_string().unwrap_or_default();
            notify(&on_created, &created, &JsValue::UNDEFINED);
            Ok(status_value(
                &config.wait(&id, wait, &cancel, &on_progress).await?,
            ))
        }))
    }
}

/// One batch outcome: `{ index, ok: true, task_id, status }` or `{ index, ok: false, task_id, error }`.
fn outcome(index: usize, task_id: Option<&str>, result: Result<JsValue, ClientError>) -> JsValue {
    let out = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&out, &key.into(), value);
    };
    set("index", &JsValue::from(index as u32));
    set("ok", &JsValue::from_bool(result.is_ok()));
    set("task_id", &task_id.map_or(JsValue::NULL, JsValue::from_str));
    match result {
        Ok(status) => set("status", &status),
        Err(error) => set("error", &error.with_task(task_id).into()),
    }
    out.into()
}

/// Generates and waits for one checked batch item.
async fn run_item(
    config: &Config,
    index: usize,
    body: &str,
    wait: WaitOptions,
    cancel: &Cancel,
) -> JsValue {
    let created = match config.generate(body, cancel).await {
        Ok(json) => from_json(&json),
        Err(error) => return outcome(index, None, Err(error)),
    };
    let id = option(&created, "task_id").as_string().unwrap_or_default();
    let result = config.wait(&id, wait, cancel, &|_, _, _| {}).await;
    outcome(index, Some(&id), result.map(|s| status_value(&s)))
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
            if !js_sys::Array::is_array(&requests) {
                return Err(ClientError::new(
                    Code::InvalidField,
                    "runMany takes an array of requests.",
                ));
            }
            let items: Vec<_> = js_sys::Array::from(&requests)
                .iter()
                .map(|r| prepare_priced(&request_json(&r)))
                .collect();
            let concurrency = options::whole(
                &options,
                "concurrency",
                f64::from(policy::MAX_BATCH_CONCURRENCY),
            )?
            .unwrap_or(policy::DEFAULT_BATCH_CONCURRENCY.into())
                as usize;
            let max_total = options::whole(&options, "maxTotalCredits", f64::from(u32::MAX))?;
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
                    match &items[index] {
                        Err(error) => outcome(index, None, Err(error.clone())),
                        Ok((body, _)) => run_item(config, index, body, wait, cancel).await,
                    }
                }
            };
            let report = |_: usize, result: &JsValue, finished: usize| {
                if let Some(f) = &on_progress {
                    let _ = f.call3(
                        &JsValue::UNDEFINED,
                        result,
                        &JsValue::from(finished as u32),
                        &total,
                    );
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
    let text = body
        .as_string()
        .or_else(|| to_json(&body))
        .unwrap_or_default();
    response::parse_callback(&text)
        .map(|s| status_value(&s))
        .map_err(JsValue::from)
}
