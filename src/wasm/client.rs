//! `SeedanceClient` and `parseCallback` for JavaScript.

use super::{engine::max_credits, from_json, make_error, option, options, to_json};
use crate::client::api::{Config, WaitOptions};
use crate::client::error::ClientError;
use crate::client::response::{self, TaskStatus};
use crate::client::transport::Cancel;
use crate::client::{policy, prepare_generate, DEFAULT_BASE_URL};
use crate::codes::Code;
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

/// A promise that settles with the future's value, or rejects with its `SeedanceError`.
fn promise(
    future: impl core::future::Future<Output = Result<JsValue, ClientError>> + 'static,
) -> Promise {
    future_to_promise(async move { future.await.map_err(|e| make_error(&e)) })
}

fn request_json(req: &JsValue) -> String {
    to_json(req).unwrap_or_else(|| "null".to_owned())
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
    const DAY_MS: f64 = 86_400_000.0;
    Ok(WaitOptions {
        timeout_ms: options::whole(options, "timeoutMs", 7.0 * DAY_MS)?
            .unwrap_or(defaults.timeout_ms),
        poll_interval_ms: options::whole(options, "pollIntervalMs", DAY_MS)?
            .unwrap_or(defaults.poll_interval_ms),
        max_poll_interval_ms: options::whole(options, "maxPollIntervalMs", DAY_MS)?
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

#[wasm_bindgen]
impl SeedanceClient {
    /// Options: `apiKey`, `baseUrl`, `fetch`, `headers`, `timeoutMs` (per request), `maxRetries`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<SeedanceClient, JsValue> {
        Self::from_options(&options).map_err(|e| make_error(&e))
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
            fetch: options::function(o, "fetch")?,
            headers: options::headers(o)?,
            timeout_ms: options::whole(o, "timeoutMs", 86_400_000.0)?
                .unwrap_or(policy::DEFAULT_REQUEST_TIMEOUT_MS),
            max_retries: options::whole(o, "maxRetries", 100.0)?
                .map_or(policy::DEFAULT_MAX_RETRIES, |n| n as u32),
        };
        Ok(SeedanceClient {
            config: Rc::new(config),
        })
    }

    /// Checks and prices the request, then creates the task: `{ task_id, status, consumed_credits }`.
    /// Options: `signal`, `maxCredits`, `validate` (default true).
    pub fn generate(&self, req: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(async move {
            let body = generate_body(&req, &options)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(from_json(&config.generate(&body, &cancel).await?))
        })
    }

    /// One status request (retried on transient failures). Options: `signal`.
    #[wasm_bindgen(js_name = getStatus)]
    pub fn get_status(&self, task_id: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(async move {
            let id = self::task_id(&task_id)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(status_value(&config.status(&id, &cancel, None).await?))
        })
    }

    /// Polls until the task succeeds; rejects with TASK_FAILED, TIMEOUT or ABORTED. Options:
    /// `signal`, `timeoutMs` (default 15 minutes), `pollIntervalMs`, `maxPollIntervalMs`, `onProgress`.
    #[wasm_bindgen(js_name = waitForTask)]
    pub fn wait_for_task(&self, task_id: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(async move {
            let id = self::task_id(&task_id)?;
            let wait = wait_options(&options)?;
            let on_progress = progress(&options)?;
            let cancel = Cancel::new(options::signal(&options)?);
            Ok(status_value(
                &config.wait(&id, wait, &cancel, &on_progress).await?,
            ))
        })
    }

    /// `generate`, then `onTaskCreated(task)`, then `waitForTask`. Every error after the task was
    /// created carries its `taskId`, so a paid task is never lost.
    pub fn run(&self, req: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        promise(async move {
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
        })
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
        .map_err(|e| make_error(&e))
}
