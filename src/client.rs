//! The API client. `response` (envelope and status parsing), `policy` (retries, backoff,
//! polling, option limits), `request` (the outgoing request, also the proxy's), `no_reply` (the
//! errors of a request without a reply) and `batch` (the batch runner's schedule) are pure and
//! tested natively; `transport` (fetch and timers, done by
//! the small JS functions of `src/js/fetch.js` and `src/js/abort.js`) and `api` (the operations) are wasm32 only.

#[cfg(all(target_arch = "wasm32", feature = "client"))]
pub mod api;
pub mod batch;
pub mod error;
pub mod no_reply;
pub mod policy;
pub mod request;
pub mod response;
#[cfg(all(target_arch = "wasm32", feature = "client"))]
pub mod transport;

use crate::engine::validate::{self, Options};
use error::ClientError;

/// The default API base URL.
pub const DEFAULT_BASE_URL: &str = "https://seedanceapi.org/v2";

/// The body `generate` sends: the checked and normalised request, or, with `validate: false`, the
/// request as given. A budget is enforced either way, and a request that cannot be priced is not
/// sent under a budget.
pub fn prepare_generate(
    request_json: &str,
    validate: bool,
    max_credits: Option<u32>,
) -> Result<String, ClientError> {
    let report = validate::validate_json(
        request_json,
        &Options {
            max_credits,
            model_override: None,
        },
    );
    // Unchecked still means as given: the glue's stand-in for a BigInt, Symbol or function is
    // not what was given, so such a request is refused with its issues.
    if !validate && crate::engine::odd_input::holds_no_json_marker(request_json) {
        let refused: Vec<_> = report
            .errors
            .iter()
            .filter(|i| i.code == crate::codes::Code::InvalidField)
            .cloned()
            .collect();
        if !refused.is_empty() {
            return Err(ClientError::from_issues(refused));
        }
    }
    if validate {
        return match report.request {
            Some(request) if report.errors.is_empty() => Ok(request.to_json()),
            _ => Err(ClientError::from_issues(report.errors)),
        };
    }
    if let Some(limit) = max_credits {
        if report.estimate.is_none() {
            return Err(ClientError::say(
                crate::codes::Code::BudgetExceeded,
                "The request cannot be priced, so the budget of {} credits cannot be checked; it was not sent.",
                &[&crate::json::u64_text(limit.into())],
            ));
        }
        let over: Vec<_> = report
            .errors
            .into_iter()
            .filter(|i| i.code == crate::codes::Code::BudgetExceeded)
            .collect();
        if !over.is_empty() {
            return Err(ClientError::from_issues(over));
        }
    }
    Ok(request_json.to_owned())
}

/// A batch item checked and priced: the body to send and its price in credits.
pub fn prepare_priced(request_json: &str) -> Result<(String, u32), ClientError> {
    let report = validate::validate_json(request_json, &Options::default());
    match (report.request, report.estimate) {
        (Some(request), Some(estimate)) if report.errors.is_empty() => {
            Ok((request.to_json(), estimate.credits))
        }
        _ => Err(ClientError::from_issues(report.errors)),
    }
}

/// Refuses a batch whose valid items together cost more than `max_total` credits.
pub fn check_batch_budget(
    prices: impl Iterator<Item = u32>,
    max_total: Option<u64>,
) -> Result<u64, ClientError> {
    let total: u64 = prices.map(u64::from).sum();
    match max_total {
        Some(limit) if total > limit => Err(ClientError::say(
            crate::codes::Code::BudgetExceeded,
            "The batch costs {} credits, over the budget of {}; nothing was sent.",
            &[&crate::json::u64_text(total), &crate::json::u64_text(limit)],
        )),
        _ => Ok(total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    #[test]
    fn generate_sends_the_normalised_request() {
        let body = prepare_generate(
            r#"{"prompt":"p","model":"seedance-2-mini","duration":8}"#,
            true,
            None,
        )
        .unwrap();
        assert_eq!(
            body,
            r#"{"model":"seedance-2-mini","prompt":"p","duration":8,"resolution":"720p","aspect_ratio":"16:9"}"#
        );
    }

    #[test]
    fn generate_refuses_invalid_or_over_budget() {
        let e = prepare_generate(r#"{"prompt":"","duration":7}"#, true, None).unwrap_err();
        assert_eq!(e.code, Code::ValidationFailed);
        assert_eq!(e.issues.as_ref().map(Vec::len), Some(2));
        let e = prepare_generate(r#"{"prompt":"p","duration":15}"#, true, Some(700)).unwrap_err();
        assert_eq!(e.code, Code::BudgetExceeded);
        let e = prepare_generate(r#"{"prompt":"p","duration":15}"#, false, Some(700)).unwrap_err();
        assert_eq!(e.code, Code::BudgetExceeded);
        let e =
            prepare_generate(r#"{"prompt":"p","model":"future"}"#, false, Some(700)).unwrap_err();
        assert_eq!(e.code, Code::BudgetExceeded);
        assert_eq!(
            prepare_generate(r#"{"prompt":"","x":1}"#, false, None).unwrap(),
            r#"{"prompt":"","x":1}"#
        );
        // What toJson writes for `{ prompt: "p", seed: 10n }`: refused even unchecked.
        let e = prepare_generate(
            r#"{"prompt":"p","seed":{"\u0000no-json":"bigint"}}"#,
            false,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::ValidationFailed);
        let issues = e.issues.unwrap_or_default();
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].code, issues[0].field.as_str()),
            (Code::InvalidField, "seed")
        );
    }
}
