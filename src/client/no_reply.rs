//! The error of a request that got no usable reply, worded by what is known of it: nothing left the
//! machine (a URL fetch cannot use, a connection never made), or it may have reached the server (a
//! dropped connection, a browser's refusal, a timeout), in which case a generate may have created a
//! paid task. Pure; `api` reports these.

use super::error::ClientError;
use super::request::{Failure, Unsent};
use super::response;
use crate::codes::Code;
use crate::text::fill;

/// Said after a generate that may have reached the server.
pub const MAY_HAVE_BEEN_CREATED: &str =
    "{} The task may have been created and charged: check your tasks before sending it again.";

/// `ABORTED`: the caller's signal fired.
pub fn aborted(task_id: Option<&str>) -> ClientError {
    ClientError::say(Code::Aborted, "The operation was aborted.", &[]).with_task(task_id)
}

/// `NETWORK_ERROR` for `what` (`POST /generate`, `GET /status`): "not sent" with the reason when
/// nothing left the machine, "got no reply" otherwise; `detail` is the runtime's words. Retryable
/// when nothing was sent and the URL is usable: sending again cannot charge twice.
pub fn network_error(what: &str, unsent: Option<Unsent>, detail: &str) -> ClientError {
    let (template, retryable) = match unsent {
        None => ("The request {} got no reply{}.", false),
        Some(Unsent::Unreachable) => (
            "The request {} was not sent: the server could not be reached{}.",
            true,
        ),
        Some(Unsent::BadUrl) => (
            "The request {} was not sent: fetch cannot use its URL (check baseUrl){}.",
            false,
        ),
    };
    let detail = match detail {
        "" => String::new(),
        detail => fill(" ({})", &[detail]),
    };
    ClientError::say(Code::NetworkError, template, &[what, &detail]).retryable(retryable)
}

/// A generate request that got no usable reply: one that may have reached the server is not
/// repeated and says so; one that was not sent says nothing was created.
pub fn generate_failure(failure: Failure) -> ClientError {
    const WHAT: &str = "POST /generate";
    let mut error = match failure {
        Failure::TooLarge { status } => response::reply_too_large(status),
        Failure::TimedOut => ClientError::say(
            Code::Timeout,
            "The request POST /generate got no reply in time.",
            &[],
        ),
        Failure::Network(detail) => network_error(WHAT, None, &detail),
        Failure::NotSent(unsent, detail) => {
            let mut error = network_error(WHAT, Some(unsent), &detail);
            error.message = fill("{} No task was created.", &[&error.message]);
            return error;
        }
        Failure::Aborted => return aborted(None),
    };
    error.message = fill(MAY_HAVE_BEEN_CREATED, &[&error.message]);
    error
}

/// A status request that got no usable reply: transient (retryable) unless its URL is unusable or
/// its reply too large.
pub fn status_failure(failure: Failure) -> ClientError {
    const WHAT: &str = "GET /status";
    match failure {
        Failure::Aborted => aborted(None),
        Failure::TimedOut => ClientError::say(
            Code::Timeout,
            "The status request got no reply in time.",
            &[],
        )
        .retryable(true),
        Failure::Network(detail) => network_error(WHAT, None, &detail).retryable(true),
        Failure::NotSent(unsent, detail) => network_error(WHAT, Some(unsent), &detail),
        // Not transient: a wait stops here rather than read oversized replies to its deadline.
        Failure::TooLarge { status } => response::reply_too_large(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(failure: Failure) -> (Code, bool, String) {
        let e = generate_failure(failure);
        (e.code, e.retryable, e.message)
    }

    #[test]
    fn a_generate_that_may_have_been_sent_may_have_been_charged_and_is_not_retryable() {
        let (code, retryable, message) = generate(Failure::Network("socket hang up".into()));
        assert_eq!(code, Code::NetworkError);
        assert!(!retryable);
        assert_eq!(
            message,
            "The request POST /generate got no reply (socket hang up). The task may have been created and charged: check your tasks before sending it again."
        );
        let (code, retryable, message) = generate(Failure::TimedOut);
        assert_eq!((code, retryable), (Code::Timeout, false));
        assert!(message.ends_with(MAY_HAVE_BEEN_CREATED.trim_start_matches("{}")));
    }

    #[test]
    fn a_generate_that_could_not_connect_was_not_sent_and_is_retryable() {
        let (code, retryable, message) = generate(Failure::NotSent(
            Unsent::Unreachable,
            "connect ECONNREFUSED 127.0.0.1:1".into(),
        ));
        assert_eq!(code, Code::NetworkError);
        assert!(retryable);
        assert_eq!(
            message,
            "The request POST /generate was not sent: the server could not be reached (connect ECONNREFUSED 127.0.0.1:1). No task was created."
        );
        assert!(!message.contains("charged"));
    }

    #[test]
    fn a_generate_to_an_unusable_url_was_not_sent_and_is_not_retryable() {
        let (code, retryable, message) = generate(Failure::NotSent(
            Unsent::BadUrl,
            "Failed to parse URL from /v2/generate".into(),
        ));
        assert_eq!(code, Code::NetworkError);
        assert!(!retryable, "the same URL fails again");
        assert_eq!(
            message,
            "The request POST /generate was not sent: fetch cannot use its URL (check baseUrl) (Failed to parse URL from /v2/generate). No task was created."
        );
    }

    #[test]
    fn without_the_runtimes_words_the_sentence_still_ends() {
        let e = network_error("GET /status", Some(Unsent::Unreachable), "");
        assert_eq!(
            e.message,
            "The request GET /status was not sent: the server could not be reached."
        );
    }

    #[test]
    fn a_status_request_is_retried_unless_its_url_is_unusable_or_its_reply_too_large() {
        assert!(status_failure(Failure::Network("reset".into())).retryable);
        assert!(status_failure(Failure::NotSent(Unsent::Unreachable, String::new())).retryable);
        assert!(status_failure(Failure::TimedOut).retryable);
        assert!(!status_failure(Failure::NotSent(Unsent::BadUrl, String::new())).retryable);
        assert!(!status_failure(Failure::TooLarge { status: 200 }).retryable);
        assert_eq!(status_failure(Failure::Aborted).code, Code::Aborted);
        assert_eq!(generate_failure(Failure::Aborted).code, Code::Aborted);
    }

    #[test]
    fn glue_classes_map_to_what_was_sent() {
        assert_eq!(Unsent::from_class(0.0), None);
        assert_eq!(Unsent::from_class(1.0), Some(Unsent::Unreachable));
        assert_eq!(Unsent::from_class(2.0), Some(Unsent::BadUrl));
        assert_eq!(Unsent::from_class(7.0), None);
    }
}
