//! The client's operations: generate, status, wait and run (wasm32 only; the decisions they make
//! come from `policy` and `response`, which are pure).

use super::error::ClientError;
use super::no_reply::{aborted, generate_failure, status_failure, MAY_HAVE_BEEN_CREATED};
use super::policy::{self, Attempt, RequestKind};
use super::request::{self, Call, Failure, Reply, Unsent};
use super::response::{self, TaskState, TaskStatus};
use super::transport::{now_ms, Cancel, Link};
use crate::codes::Code;
use crate::text::fill;
use core::cell::Cell;

/// How a client talks to the API.
pub struct Config {
    /// Sent as `Authorization: Bearer ...`; none when calling one's own proxy.
    pub api_key: Option<String>,
    /// Without a trailing slash, e.g. `https://seedanceapi.org/v2`.
    pub base_url: String,
    /// Extra headers; `Authorization` is set from `api_key` after them.
    pub headers: Vec<(String, String)>,
    /// The `fetch`, the deadline of each HTTP request and the cap on each reply (`maxReplyBytes`;
    /// a longer reply is `INVALID_RESPONSE`).
    pub link: Link,
    /// How many times a retryable request is repeated.
    pub max_retries: u32,
    /// No generate request is sent before this time (ms since 1970): a 429 seen by one call
    /// holds back every call of the same client, such as the tasks of a batch.
    pub generate_not_before: Cell<f64>,
}

/// How long and how often to wait for a task.
#[derive(Clone, Copy)]
pub struct WaitOptions {
    /// How long the whole wait may last.
    pub timeout_ms: u64,
    /// The pause after the first status request.
    pub poll_interval_ms: u64,
    /// The longest pause between status requests (the pause grows to it).
    pub max_poll_interval_ms: u64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout_ms: policy::DEFAULT_WAIT_TIMEOUT_MS,
            poll_interval_ms: policy::DEFAULT_POLL_INTERVAL_MS,
            max_poll_interval_ms: policy::DEFAULT_MAX_POLL_INTERVAL_MS,
        }
    }
}

/// Called after each poll with the status, the poll's number and the milliseconds since the wait began.
pub type ProgressFn<'a> = &'a dyn Fn(&TaskStatus, u32, u64);

impl Config {
    /// Removes the API key from a message that might echo it (a server's text, a fetch error).
    pub fn redact(&self, mut error: ClientError) -> ClientError {
        if let Some(key) = self.api_key.as_deref().filter(|k| k.len() >= 4) {
            if let Some(redacted) = crate::search::replace(&error.message, key, "[redacted]") {
                error.message = redacted;
            }
        }
        error
    }

    /// Sends a request, repeating it when the retry rule allows, until a reply counts as final.
    async fn send(
        &self,
        call: Call,
        cancel: &Cancel,
        deadline: Option<f64>,
    ) -> Result<Reply, Failure> {
        let kind = match call {
            Call::Generate(_) => RequestKind::Generate,
            Call::Status(_) => RequestKind::Status,
        };
        let request = request::build(&self.base_url, call, self.api_key.as_deref(), &self.headers);
        let mut retry = 0;
        loop {
            let hold = self.generate_not_before.get() - now_ms();
            if kind == RequestKind::Generate
                && hold > 0.0
                && cancel.sleep(hold as u64).await.is_err()
            {
                return Err(Failure::Aborted);
            }
            let remaining = deadline.map(|d| (d - now_ms()).max(1.0) as u64);
            let timeout_ms =
                remaining.map_or(self.link.timeout_ms, |r| r.min(self.link.timeout_ms));
            let outcome = self.link.exchange(&request, timeout_ms, cancel).await;
            let attempt = match &outcome {
                Ok(reply) if (200..300).contains(&reply.status) => return outcome,
                // A proxy's spending refusal: waiting for its window could take hours.
                Ok(reply)
                    if kind == RequestKind::Generate && response::is_quota_refusal(&reply.body) =>
                {
                    return outcome
                }
                Ok(reply) => Attempt::Replied(reply.status),
                // Nothing was sent; the policy still decides whether to send (a generate is not
                // repeated, its error says it may be).
                Err(Failure::Network(_) | Failure::NotSent(Unsent::Unreachable, _)) => {
                    Attempt::NetworkError
                }
                // The same URL fails again.
                Err(Failure::NotSent(Unsent::BadUrl, _)) => return outcome,
                Err(Failure::TimedOut) => Attempt::TimedOut,
                Err(Failure::Aborted) => return outcome,
                // Asking again would read another oversized reply: this one is final.
                Err(Failure::TooLarge { .. }) => return outcome,
            };
            if retry >= self.max_retries || !policy::is_retryable(kind, attempt) {
                return outcome;
            }
            let retry_after = match &outcome {
                Ok(reply) => reply
                    .retry_after
                    .as_deref()
                    .and_then(|h| policy::parse_retry_after(h, now_ms() as u64)),
                Err(_) => None,
            };
            let delay = policy::retry_delay_ms(retry, retry_after, js_sys::Math::random());
            if attempt == Attempt::Replied(429) && kind == RequestKind::Generate {
                let until = now_ms() + delay as f64;
                self.generate_not_before
                    .set(self.generate_not_before.get().max(until));
            }
            if deadline.is_some_and(|d| now_ms() + delay as f64 >= d) {
                return outcome;
            }
            if cancel.sleep(delay).await.is_err() {
                return Err(Failure::Aborted);
            }
            retry += 1;
        }
    }

    /// `POST /generate` with a body already checked; the `TaskCreated` JSON on success.
    pub async fn generate(&self, body: &str, cancel: &Cancel) -> Result<String, ClientError> {
        match self
            .send(Call::Generate(body.to_owned()), cancel, None)
            .await
        {
            Ok(reply) => response::parse_task_created(reply.status, &reply.body)
                .map_err(|e| generate_reply_error(e, reply.retry_after.as_deref())),
            Err(failure) => Err(generate_failure(failure)),
        }
        .map_err(|e| self.redact(e))
    }

    /// One `GET /status` (with retries on transient failures), ending by `deadline` if given.
    pub async fn status(
        &self,
        task_id: &str,
        cancel: &Cancel,
        deadline: Option<f64>,
    ) -> Result<TaskStatus, ClientError> {
        let result = match self
            .send(Call::Status(task_id.to_owned()), cancel, deadline)
            .await
        {
            Ok(reply) => response::parse_status(reply.status, &reply.body, task_id),
            Err(failure) => Err(status_failure(failure)),
        };
        result.map_err(|e| self.redact(e.with_task(Some(task_id))))
    }

    /// Polls until the task succeeds (its status), fails (`TASK_FAILED`), the deadline passes
    /// (`TIMEOUT`) or the caller aborts (`ABORTED`). Sends nothing once it has settled.
    pub async fn wait(
        &self,
        task_id: &str,
        options: WaitOptions,
        cancel: &Cancel,
        on_progress: ProgressFn<'_>,
    ) -> Result<TaskStatus, ClientError> {
        let start = now_ms();
        let deadline = start + options.timeout_ms as f64;
        let mut polls: u32 = 0;
        let mut last_problem: Option<ClientError> = None;
        loop {
            if cancel.is_cancelled() {
                return Err(aborted(Some(task_id)));
            }
            if now_ms() >= deadline {
                return Err(self.redact(wait_timeout(task_id, options.timeout_ms, last_problem)));
            }
            match self.status(task_id, cancel, Some(deadline)).await {
                Ok(status) => {
                    polls += 1;
                    on_progress(&status, polls, (now_ms() - start).max(0.0) as u64);
                    match status.state {
                        TaskState::Success => return Ok(status),
                        TaskState::Failed => return Err(self.redact(task_failed(&status))),
                        TaskState::InProgress => last_problem = None,
                    }
                }
                Err(e) if e.code == Code::Aborted => return Err(e),
                // A transient failure is no news: keep polling until the deadline.
                Err(e) if e.retryable => last_problem = Some(e),
                Err(e) => return Err(e),
            }
            let interval = policy::poll_interval_ms(
                polls.saturating_sub(1),
                options.poll_interval_ms,
                options.max_poll_interval_ms,
            );
            let remaining = (deadline - now_ms()).max(0.0) as u64;
            if cancel.sleep(interval.min(remaining)).await.is_err() {
                return Err(aborted(Some(task_id)));
            }
        }
    }
}

/// An error reply to generate. A 429 means the task was not taken (safe to send again); a 5xx, an
/// unreadable 2xx or an error under HTTP 200 may hide a created task.
fn generate_reply_error(mut error: ClientError, retry_after: Option<&str>) -> ClientError {
    match error.code {
        // Refused by a proxy before anything was sent upstream: nothing can have been created.
        Code::QuotaExceeded => {
            error.retry_after_seconds = retry_after
                .and_then(|h| policy::parse_retry_after(h, now_ms() as u64))
                .map(|ms| ms.div_ceil(1000));
            return error.retryable(false);
        }
        Code::QuotaUnavailable => return error.retryable(true),
        _ => {}
    }
    if error.code == Code::TaskNotFound {
        // No task is named yet: a 404 here means the endpoint is not there (check baseUrl).
        error.code = Code::HttpError;
        error.message = fill(
            "The API answered HTTP 404 to POST /generate: is baseUrl right?",
            &[],
        );
    }
    match error.status.unwrap_or(0) {
        429 => error.retryable(true),
        status if !(300..500).contains(&status) => {
            error.message = fill(MAY_HAVE_BEEN_CREATED, &[&error.message]);
            error
        }
        _ => error,
    }
}

fn task_failed(status: &TaskStatus) -> ClientError {
    let message = match status
        .error_message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(reason) => fill(
            "The task failed: {}. Its credits are refunded by the provider.",
            &[reason],
        ),
        None => fill(
            "The task failed without a reason. Its credits are refunded by the provider.",
            &[],
        ),
    };
    ClientError::new(Code::TaskFailed, message).with_task(Some(&status.task_id))
}

fn wait_timeout(task_id: &str, timeout_ms: u64, last_problem: Option<ClientError>) -> ClientError {
    let mut message = fill(
        "The task did not finish within {} ms; it may still be running: call waitForTask with its id to keep waiting.",
        &[&crate::json::u64_text(timeout_ms)],
    );
    if let Some(problem) = last_problem {
        message = fill(
            "{} The last status request failed: {}",
            &[&message, &problem.message],
        );
    }
    ClientError::new(Code::Timeout, message)
        .with_task(Some(task_id))
        .retryable(true)
}
