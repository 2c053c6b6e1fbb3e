//! The replies the proxy writes itself, in the API's own error envelope: every refusal of the
//! proxy's files is one of these.

use crate::codes::Code;
use crate::engine::report::{write_issues, Issue};
use crate::json::ObjectWriter;
use crate::text::fill;

/// A reply the proxy gives itself: HTTP status and the API's error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status of the reply.
    pub status: u16,
    /// The JSON body of the reply.
    pub body: String,
}

/// The API's error envelope: `{code, message, error: {code, message, issues?}, data: null}`.
pub fn error_envelope(status: u16, code: &str, message: &str, issues: Option<&[Issue]>) -> String {
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.uint("code", status.into())
        .str("message", message)
        .key("error");
    let mut inner = ObjectWriter::new(w.out);
    inner.str("code", code).str("message", message);
    if let Some(issues) = issues {
        inner.key("issues");
        write_issues(inner.out, issues);
    }
    inner.end();
    w.raw("data", "null");
    w.end();
    out
}

/// A reply with the API's error envelope for `code` (see [`error_envelope`]).
pub fn refusal(status: u16, code: Code, template: &str, args: &[&str]) -> Refusal {
    Refusal {
        status,
        body: error_envelope(status, code.as_str(), &fill(template, args), None),
    }
}
