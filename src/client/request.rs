//! The one builder of an outgoing API request (URL, method, headers, body), pure and tested
//! natively: the client (`client::api`) and the server-side proxy (`wasm::proxy`) both send
//! what it builds. The API key goes only into the `Authorization` header: never into the URL.

use crate::text::text;

/// Which API call to make.
pub enum Call {
    /// `POST /generate` with this JSON body (already checked).
    Generate(String),
    /// `GET /status?task_id=...` for this task id.
    Status(String),
}

/// A request ready for `fetch`. No `Debug`: its headers hold the API key, which no log may show.
pub struct Outgoing {
    /// `POST` or `GET`.
    pub method: &'static str,
    /// The full URL; never holds the API key.
    pub url: String,
    /// Every header to send, `Authorization` last.
    pub headers: Vec<(String, String)>,
    /// The JSON body of a `POST`.
    pub body: Option<String>,
}

/// Builds the request for `call` under `base_url` (without a trailing slash). `extra` headers go
/// first; with an `api_key`, any `Authorization` among them is replaced by `Bearer <api_key>`.
pub fn build(
    base_url: &str,
    call: Call,
    api_key: Option<&str>,
    extra: &[(String, String)],
) -> Outgoing {
    let mut headers: Vec<(String, String)> = extra
        .iter()
        .filter(|(name, _)| !(api_key.is_some() && name.eq_ignore_ascii_case("authorization")))
        .cloned()
        .collect();
    let (method, url, body) = match call {
        Call::Generate(body) => {
            headers.push(("Content-Type".into(), "application/json".into()));
            ("POST", text(&[base_url, "/generate"]), Some(body))
        }
        Call::Status(task_id) => (
            "GET",
            text(&[base_url, "/status?task_id=", &query_value(&task_id)]),
            None,
        ),
    };
    if let Some(key) = api_key {
        headers.push(("Authorization".into(), text(&["Bearer ", key])));
    }
    Outgoing {
        method,
        url,
        headers,
        body,
    }
}

/// A reply: its status, `Retry-After` header and whole body.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header as sent, if any.
    pub retry_after: Option<String>,
    /// The whole body as text (decoded like `Response.text()`).
    pub body: String,
}

/// Why an exchange got no usable reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No reply, and the request may have reached the server: a dropped connection, a browser's
    /// refusal (CORS, which a page cannot tell from a dropped connection), an unreadable response.
    Network(String),
    /// No reply, and nothing left the machine (the runtime's message beside).
    NotSent(Unsent, String),
    /// No reply in time (the timeout covers the headers and the whole body).
    TimedOut,
    /// The caller aborted.
    Aborted,
    /// The body grew past the reply cap: reading stopped there and the stream was cancelled. The
    /// status had arrived; the reply is unusable, not missing.
    TooLarge {
        /// The status of the reply whose body was too long.
        status: u16,
    },
}

/// What the fetch race settled with: the first element of the array src/js/fetch.js `exchange`
/// resolves with, which fetch.js names `SETTLED` (tests/js/wire-protocols.test.mjs ties the two).
pub mod settled {
    /// `[REPLY, status, retryAfter, body]`: a whole reply within the cap.
    pub const REPLY: f64 = 0.0;
    /// `[TOO_LARGE, status]`: the body passed the cap.
    pub const TOO_LARGE: f64 = 1.0;
    /// `[NETWORK, unsent class, null, message]`: no usable reply (see [`super::unsent_class`]).
    pub const NETWORK: f64 = 2.0;
    /// `[TIMED_OUT]`: the deadline passed first.
    pub const TIMED_OUT: f64 = 3.0;
    /// `[ABORTED]`: the caller's signal aborted first.
    pub const ABORTED: f64 = 4.0;
}

/// Why a `NETWORK` outcome has no reply: the second element of its array, which src/js/fetch.js
/// names `UNSENT_CLASS` (tests/js/wire-protocols.test.mjs ties the two).
pub mod unsent_class {
    /// The request may have reached the server (a dropped connection, a browser's TypeError).
    pub const MAYBE_SENT: u8 = 0;
    /// No connection was made: [`super::Unsent::Unreachable`].
    pub const UNREACHABLE: u8 = 1;
    /// fetch cannot use the URL: [`super::Unsent::BadUrl`].
    pub const BAD_URL: u8 = 2;
}

/// Why a request surely did not leave the machine; src/js/fetch.js `unsent` tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsent {
    /// No connection was made: refused, no such host, a port fetch blocks (fetch.js `UNREACHABLE`).
    Unreachable,
    /// fetch cannot use the URL: it does not parse, or it is not http(s) (fetch.js `BAD_URL`).
    BadUrl,
}

impl Unsent {
    /// The class of a network failure as fetch.js numbers it: `MAYBE_SENT` (0, or anything else)
    /// is `None`.
    pub fn from_class(class: f64) -> Option<Unsent> {
        match class as u8 {
            unsent_class::UNREACHABLE => Some(Unsent::Unreachable),
            unsent_class::BAD_URL => Some(Unsent::BadUrl),
            _ => None,
        }
    }
}

/// `%`-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn query_value(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn generate_posts_json_with_the_key_in_the_header_only() {
        let sent = build(
            "https://x/v2",
            Call::Generate(r#"{"prompt":"p"}"#.into()),
            Some("sk-1"),
            &pairs(&[("X-Trace", "t"), ("authorization", "Bearer wrong")]),
        );
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.url, "https://x/v2/generate");
        assert_eq!(sent.body.as_deref(), Some(r#"{"prompt":"p"}"#));
        assert_eq!(
            sent.headers,
            pairs(&[
                ("X-Trace", "t"),
                ("Content-Type", "application/json"),
                ("Authorization", "Bearer sk-1"),
            ])
        );
        assert!(!sent.url.contains("sk-1"));
    }

    #[test]
    fn status_gets_with_the_task_id_encoded() {
        let sent = build(
            "https://x/v2",
            Call::Status("a b&c=d/é".into()),
            Some("k"),
            &[],
        );
        assert_eq!(sent.method, "GET");
        assert_eq!(
            sent.url,
            "https://x/v2/status?task_id=a%20b%26c%3Dd%2F%C3%A9"
        );
        assert_eq!(sent.body, None);
        assert_eq!(sent.headers, pairs(&[("Authorization", "Bearer k")]));
        let plain = build(
            "https://x/v2",
            Call::Status("n90a-b_c.d~".into()),
            None,
            &[],
        );
        assert_eq!(plain.url, "https://x/v2/status?task_id=n90a-b_c.d~");
    }

    #[test]
    fn without_a_key_the_callers_own_authorization_goes_as_given() {
        let sent = build(
            "/api",
            Call::Status("t".into()),
            None,
            &pairs(&[("Authorization", "Bearer session")]),
        );
        assert_eq!(sent.headers, pairs(&[("Authorization", "Bearer session")]));
    }
}
