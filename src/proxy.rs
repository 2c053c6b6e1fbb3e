//! The server-side proxy's decisions, pure: whether a generate body may go upstream (valid, within
//! budget, an allowed model) or is answered here with the API's own error envelope. Beside it:
//! `routes` (which way a request goes), `refusal` (the envelope of every reply the proxy writes
//! itself), `body_limits` (request bodies), `origin` (which pages may call), `spend` (spending
//! limits), `upstream` (what of an upstream reply goes back). The fetch-facing handler is in
//! `wasm::proxy`.

use crate::codes::Code;
use crate::engine::validate::{self, Options};
use crate::json::Value;
use crate::text::word_list;

pub mod body_limits;
pub mod origin;
pub mod refusal;
mod routes;
pub mod spend;
mod upstream;
pub use refusal::{error_envelope, refusal, Refusal};
pub use routes::{route, split_target, task_id_from_query, Route};
pub use upstream::{passed_headers, redacted_body, upstream_answer, UpstreamReply, REDACTED};

/// What the proxy enforces on every generate request.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Refuse requests priced above this many credits (`BUDGET_EXCEEDED`).
    pub max_credits: Option<u32>,
    /// Models callers may use; empty means all.
    pub models: Vec<String>,
    /// Whether fields the engine does not know go upstream as they are (`forwardUnknownFields`).
    /// Off by default: a field nobody priced or checked could change what the service does.
    pub forward_unknown_fields: bool,
}

/// A generate body that may go upstream: the normalised request and its price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The JSON to send upstream.
    pub body: String,
    /// The estimate in credits, which a quota reserves (0 if it could not be priced, which the
    /// checks rule out for a request without errors).
    pub credits: u32,
}

/// Checks a generate body; the normalised request to send upstream, or the refusal to answer.
pub fn check_generate(body: &[u8], policy: &Policy) -> Result<String, Refusal> {
    check_priced(body, policy).map(|checked| checked.body)
}

/// [`check_generate`] with the price of what goes upstream.
pub fn check_priced(body: &[u8], policy: &Policy) -> Result<Checked, Refusal> {
    let text = core::str::from_utf8(body)
        .map_err(|_| refusal(400, Code::InvalidField, "The body is not UTF-8 text.", &[]))?;
    let report = validate::validate_json(
        text,
        &Options {
            max_credits: policy.max_credits,
            model_override: None,
        },
    );
    if let Some(model) = report
        .model
        .filter(|m| !policy.models.is_empty() && !policy.models.iter().any(|a| a == m.id))
    {
        return Err(refusal(
            403,
            Code::InvalidModel,
            "The model {} is not allowed here; allowed: {}.",
            &[model.id, &word_list(&policy.models)],
        ));
    }
    let credits = report.estimate.as_ref().map_or(0, |e| e.credits);
    let priced = |body| Checked { body, credits };
    match (report.request, report.errors.first()) {
        (Some(Value::Object(mut members)), None) if !policy.forward_unknown_fields => {
            // Every other member of a valid request is an UNKNOWN_FIELD: nobody checked it.
            members.retain(|(key, _)| validate::is_known_field(key));
            Ok(priced(Value::Object(members).to_json()))
        }
        (Some(request), None) => Ok(priced(request.to_json())),
        (_, Some(first)) => {
            let only_budget = report.errors.iter().all(|i| i.code == Code::BudgetExceeded);
            let status = if only_budget { 402 } else { 400 };
            Err(Refusal {
                status,
                body: error_envelope(
                    status,
                    first.code.as_str(),
                    &first.message,
                    Some(&report.errors),
                ),
            })
        }
        (None, None) => Err(refusal(
            400,
            Code::InvalidField,
            "The request could not be checked.",
            &[],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_stay_here_unless_allowed() {
        let body = br#"{"prompt":"p","DURATION":15,"seed":7}"#;
        let sent = check_generate(body, &Policy::default());
        // Today's validator warns about both; a stricter one refuses DURATION: neither goes up.
        if let Ok(sent) = sent {
            assert!(
                !sent.contains("DURATION") && !sent.contains(r#""seed""#),
                "{sent}"
            );
        }
        let open = Policy {
            forward_unknown_fields: true,
            ..Policy::default()
        };
        let sent = check_generate(br#"{"prompt":"p","seed":7}"#, &open).unwrap();
        assert!(sent.contains(r#""seed":7"#), "{sent}");
        let closed = check_generate(br#"{"prompt":"p","seed":7}"#, &Policy::default()).unwrap();
        assert!(!closed.contains(r#""seed""#), "{closed}");
    }

    #[test]
    fn valid_requests_go_upstream_normalised() {
        let body = check_generate(br#"{"prompt":"p","duration":10}"#, &Policy::default()).unwrap();
        assert_eq!(
            body,
            r#"{"model":"seedance-2.0","prompt":"p","duration":10,"resolution":"720p","aspect_ratio":"16:9"}"#
        );
    }

    #[test]
    fn refusals_use_the_api_envelope() {
        let r = check_generate(br#"{"prompt":"","duration":7}"#, &Policy::default()).unwrap_err();
        assert_eq!(r.status, 400);
        let v = crate::json::parse(&r.body).unwrap();
        assert_eq!(v.get("code").and_then(Value::as_i64), Some(400));
        assert_eq!(
            v.get("error")
                .and_then(|e| e.get("code"))
                .and_then(Value::as_str),
            Some("INVALID_PROMPT")
        );
        assert_eq!(v.get("data"), Some(&Value::Null));

        let budget = Policy {
            max_credits: Some(300),
            ..Policy::default()
        };
        let r = check_generate(br#"{"prompt":"p","duration":10}"#, &budget).unwrap_err();
        assert_eq!(r.status, 402);
        assert!(r.body.contains("BUDGET_EXCEEDED"));

        let mini_only = Policy {
            models: vec!["seedance-2-mini".into()],
            ..Policy::default()
        };
        let r = check_generate(br#"{"prompt":"p"}"#, &mini_only).unwrap_err();
        assert_eq!(r.status, 403);
        assert!(r.body.contains("INVALID_MODEL"));
        assert!(check_generate(br#"{"prompt":"p","model":"seedance-2-mini"}"#, &mini_only).is_ok());

        assert_eq!(
            check_generate(b"\xff\xfe", &Policy::default())
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            check_generate(b"not json", &Policy::default())
                .unwrap_err()
                .status,
            400
        );
    }
}
