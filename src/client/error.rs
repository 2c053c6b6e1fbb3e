//! The error every failed call reports; JavaScript receives it as a `SeedanceError`.

use crate::codes::Code;
use crate::engine::validate::{write_issues, Issue};
use crate::json::ObjectWriter;
use crate::text::fill;

/// A failure with its code and the context a caller needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// What went wrong, as the contract names it.
    pub code: Code,
    /// A plain sentence; never contains the API key.
    pub message: String,
    /// The HTTP status, when a response was received.
    pub status: Option<u16>,
    /// The task concerned, so that no paid task is ever lost.
    pub task_id: Option<String>,
    /// Whether repeating the same call may succeed and cannot charge twice.
    pub retryable: bool,
    /// The problems found, for `VALIDATION_FAILED` and `BUDGET_EXCEEDED`.
    pub issues: Option<Vec<Issue>>,
    /// For `QUOTA_EXCEEDED`: seconds until the proxy's spending window resets.
    pub retry_after_seconds: Option<u64>,
}

impl ClientError {
    /// An error with only a code and a message (not retryable).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ClientError {
            code,
            message: message.into(),
            status: None,
            task_id: None,
            retryable: false,
            issues: None,
            retry_after_seconds: None,
        }
    }

    /// An error whose message is `template` filled with `args` (see [`fill`]).
    pub fn say(code: Code, template: &str, args: &[&str]) -> Self {
        ClientError::new(code, fill(template, args))
    }

    /// `INVALID_FIELD` for a client or call option the caller got wrong.
    pub fn invalid_option(template: &str, args: &[&str]) -> Self {
        ClientError::say(Code::InvalidField, template, args)
    }

    /// The error for one validation issue, carrying it in `issues`.
    pub fn from_issue(issue: Issue) -> Self {
        let mut error = ClientError::new(issue.code, issue.message.clone());
        error.issues = Some(vec![issue]);
        error
    }

    /// `VALIDATION_FAILED` for invalid requests, or `BUDGET_EXCEEDED` when the price is the only problem.
    pub fn from_issues(issues: Vec<Issue>) -> Self {
        let over_budget_only = issues.iter().all(|i| i.code == Code::BudgetExceeded);
        let (code, message) = match issues.first() {
            Some(first) if over_budget_only => (Code::BudgetExceeded, first.message.clone()),
            Some(first) if issues.len() > 1 => {
                let more = crate::json::u64_text(issues.len() as u64 - 1);
                let message = fill(
                    "The request is not valid: {} (and {} more; see `issues`)",
                    &[&first.message, &more],
                );
                (Code::ValidationFailed, message)
            }
            Some(first) => (
                Code::ValidationFailed,
                fill("The request is not valid: {}", &[&first.message]),
            ),
            None => (
                Code::ValidationFailed,
                fill("The request is not valid.", &[]),
            ),
        };
        let mut error = ClientError::new(code, message);
        error.issues = Some(issues);
        error
    }

    /// Adds the HTTP status of the reply.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Adds the task concerned, unless one is already set.
    pub fn with_task(mut self, task_id: Option<&str>) -> Self {
        if self.task_id.is_none() {
            self.task_id = task_id.map(str::to_owned);
        }
        self
    }

    /// Sets whether repeating the call may succeed and cannot charge twice.
    pub fn retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// The JSON the JavaScript side turns into a `SeedanceError`.
    pub fn to_json(&self) -> String {
        let mut json = error_json(
            self.code,
            &self.message,
            self.retryable,
            self.status,
            self.task_id.as_deref(),
            self.issues.as_deref(),
        );
        if let Some(seconds) = self.retry_after_seconds {
            json.pop();
            json.push_str(",\"retryAfterSeconds\":");
            crate::json::write_u64(&mut json, seconds);
            json.push('}');
        }
        json
    }

    /// The JSON of [`ClientError::from_issue`]'s error, written without building it (no copies of
    /// the issue: `estimateCost`'s error in the engine's wasm).
    pub fn issue_json(issue: &Issue) -> String {
        error_json(
            issue.code,
            &issue.message,
            false,
            None,
            None,
            Some(core::slice::from_ref(issue)),
        )
    }
}

/// An error's JSON, with only the fields that are present.
fn error_json(
    code: Code,
    message: &str,
    retryable: bool,
    status: Option<u16>,
    task_id: Option<&str>,
    issues: Option<&[Issue]>,
) -> String {
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.str("code", code.as_str())
        .str("message", message)
        .bool("retryable", retryable);
    if let Some(status) = status {
        w.uint("status", status.into());
    }
    if let Some(task_id) = task_id {
        w.str("taskId", task_id);
    }
    if let Some(issues) = issues {
        w.key("issues");
        write_issues(w.out, issues);
    }
    w.end();
    out
}

/// `CODE: message`, for Rust callers that log or box the error (JavaScript gets a `SeedanceError`).
impl core::fmt::Display for ClientError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code.as_str())?;
        f.write_str(": ")?;
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_only_present_fields() {
        let e = ClientError::new(Code::Timeout, "slow \"task\"")
            .with_task(Some("t1"))
            .retryable(true);
        assert_eq!(
            e.to_json(),
            r#"{"code":"TIMEOUT","message":"slow \"task\"","retryable":true,"taskId":"t1"}"#
        );
        let e = ClientError::new(Code::HttpError, "teapot").with_status(418);
        assert_eq!(
            e.to_json(),
            r#"{"code":"HTTP_ERROR","message":"teapot","retryable":false,"status":418}"#
        );
    }

    #[test]
    fn quota_refusals_say_when_to_come_back() {
        let mut e = ClientError::new(Code::QuotaExceeded, "over").with_status(429);
        e.retry_after_seconds = Some(3600);
        assert_eq!(
            e.to_json(),
            r#"{"code":"QUOTA_EXCEEDED","message":"over","retryable":false,"status":429,"retryAfterSeconds":3600}"#
        );
    }

    #[test]
    fn budget_only_issues_become_budget_exceeded() {
        let issue = |code| Issue {
            code,
            field: String::new(),
            message: "m".into(),
        };
        assert_eq!(
            ClientError::from_issues(vec![issue(Code::BudgetExceeded)]).code,
            Code::BudgetExceeded
        );
        let mixed = ClientError::from_issues(vec![
            issue(Code::InvalidPrompt),
            issue(Code::BudgetExceeded),
        ]);
        assert_eq!(mixed.code, Code::ValidationFailed);
        assert!(mixed.message.contains("1 more"));
        assert_eq!(mixed.issues.map(|i| i.len()), Some(2));
    }

    #[test]
    fn issue_json_is_the_json_of_the_error_from_the_issue() {
        let issue = Issue {
            code: Code::InvalidDuration,
            field: "duration".into(),
            message: "The duration \"x\" must be 5.".into(),
        };
        let json = ClientError::issue_json(&issue);
        assert_eq!(json, ClientError::from_issue(issue).to_json());
        assert!(json.ends_with(r#""retryable":false,"issues":[{"code":"INVALID_DURATION","field":"duration","message":"The duration \"x\" must be 5."}]}"#));
    }

    #[test]
    fn displays_as_code_and_message() {
        let error = ClientError::invalid_option("maxCredits must be a whole number.", &[]);
        assert_eq!(
            error.to_string(),
            "INVALID_FIELD: maxCredits must be a whole number."
        );
        let boxed: Box<dyn std::error::Error> = Box::new(error);
        assert!(boxed.to_string().starts_with("INVALID_FIELD: "));
    }
}
