//! Which browser pages may call the proxy (`allowedOrigins`), pure. A foreign page must not spend
//! through a user's cookies: a request whose `Origin` is neither the proxy's own nor listed is
//! refused before anything else happens. Requests without `Origin` (servers, curl, same-origin
//! GETs) are not cross-origin browser requests and pass.

use crate::codes::Code;
use crate::proxy::refusal::{refusal, Refusal};
use crate::search;

/// What the `Origin` of a request allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// No `Origin`, or the proxy's own: no CORS headers needed.
    SameOrigin,
    /// A listed origin: answers carry `Access-Control-Allow-*` for it.
    Listed(String),
    /// Any other origin: 403, nothing forwarded.
    Refused,
}

/// The host and port of an origin or URL, lower-case, without the scheme's default port, so
/// that `https://a.com` behind a TLS-terminating front end matches `http://a.com/...`.
fn authority(url: &str) -> Option<String> {
    let at = search::find(url, "://")?;
    let scheme = url[..at].to_ascii_lowercase();
    let rest = &url[at + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut host = rest[..end].to_ascii_lowercase();
    let default = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    if !default.is_empty() && host.ends_with(default) {
        host.truncate(host.len() - default.len());
    }
    Some(host).filter(|h| !h.is_empty())
}

/// Whether `text` is an origin an `allowedOrigins` list may hold: `http(s)://host[:port]`, nothing
/// after it but an optional `/` (a path would never match a browser's `Origin`).
pub fn is_origin(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    !host.is_empty()
        && !host.starts_with(':')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

/// Decides what a request's `Origin` header allows, given the request's own URL and the
/// `allowedOrigins` option (compared without case or a trailing slash).
pub fn access(origin: Option<&str>, request_url: &str, allowed: &[String]) -> Access {
    let Some(origin) = origin.map(str::trim).filter(|o| !o.is_empty()) else {
        return Access::SameOrigin;
    };
    let listed = allowed
        .iter()
        .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin));
    if listed {
        return Access::Listed(origin.to_owned());
    }
    match (authority(origin), authority(request_url)) {
        (Some(from), Some(own)) if from == own => Access::SameOrigin,
        _ => Access::Refused,
    }
}

/// The 403 for an origin that may not call the proxy.
pub fn refused(origin: &str) -> Refusal {
    refusal(
        403,
        Code::HttpError,
        "Pages on {} may not call this proxy (see the option allowedOrigins).",
        &[origin],
    )
}

/// Headers of every answer to a listed origin: it may read the answer and the spending headers.
pub fn allow_headers(origin: &str) -> Vec<(String, String)> {
    vec![
        ("Access-Control-Allow-Origin".into(), origin.to_owned()),
        ("Access-Control-Allow-Credentials".into(), "true".into()),
        (
            "Access-Control-Expose-Headers".into(),
            "RateLimit, RateLimit-Policy, Retry-After".into(),
        ),
        ("Vary".into(), "Origin".into()),
    ]
}

/// Headers of the answer (204) to a listed origin's preflight: the methods the proxy serves and
/// the headers the page asked to send, when they are a plain list of header names.
pub fn preflight_headers(origin: &str, requested: Option<&str>) -> Vec<(String, String)> {
    let mut headers = allow_headers(origin);
    headers.push(("Access-Control-Allow-Methods".into(), "GET, POST".into()));
    let names = requested
        .filter(|r| {
            r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_, ".contains(&b))
        })
        .filter(|r| !r.trim().is_empty())
        .unwrap_or("content-type, authorization");
    headers.push(("Access-Control-Allow-Headers".into(), names.to_owned()));
    headers.push(("Access-Control-Max-Age".into(), "600".into()));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<String> {
        vec!["https://app.example.com/".into()]
    }

    #[test]
    fn requests_without_origin_or_from_the_proxy_itself_pass() {
        let url = "http://api.example.com/v2/generate";
        assert_eq!(access(None, url, &[]), Access::SameOrigin);
        assert_eq!(access(Some(" "), url, &[]), Access::SameOrigin);
        assert_eq!(
            access(Some("http://api.example.com"), url, &[]),
            Access::SameOrigin
        );
        // Behind a front end that ends TLS, the request URL says http.
        assert_eq!(
            access(Some("https://API.example.com"), url, &[]),
            Access::SameOrigin
        );
        assert_eq!(
            access(
                Some("http://127.0.0.1:8080"),
                "http://127.0.0.1:8080/x",
                &[]
            ),
            Access::SameOrigin
        );
    }

    #[test]
    fn other_origins_are_refused_unless_listed() {
        let url = "http://api.example.com/v2/generate";
        assert_eq!(
            access(Some("https://evil.example"), url, &listed()),
            Access::Refused
        );
        assert_eq!(access(Some("null"), url, &listed()), Access::Refused);
        assert_eq!(
            access(Some("http://api.example.com:8080"), url, &[]),
            Access::Refused
        );
        assert_eq!(
            access(Some("http://api.example.com.evil.example"), url, &[]),
            Access::Refused
        );
        assert_eq!(
            access(Some("https://App.Example.com"), url, &listed()),
            Access::Listed("https://App.Example.com".into())
        );
        assert_eq!(
            access(Some("https://app.example.com"), "garbage", &[]),
            Access::Refused
        );
    }

    #[test]
    fn origins_an_allow_list_may_hold() {
        for good in [
            "https://app.example.com",
            "http://127.0.0.1:8080/",
            "https://[::1]:3000",
            "https://xn--bcher-kva.example",
        ] {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "app.example.com",
            "https://",
            "https://a.com/path",
            "*",
            "null",
            "ftp://a.com",
            "https://user@a.com",
            "https://a b.com",
            "https://:80",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn refusal_and_cors_headers() {
        let r = refused("https://evil.example");
        assert_eq!(r.status, 403);
        assert!(r.body.contains("HTTP_ERROR") && r.body.contains("allowedOrigins"));
        let h = preflight_headers("https://a.b", Some("Content-Type, X-Id"));
        assert!(h.contains(&("Access-Control-Allow-Origin".into(), "https://a.b".into())));
        assert!(h.contains(&(
            "Access-Control-Allow-Headers".into(),
            "Content-Type, X-Id".into()
        )));
        let h = preflight_headers("https://a.b", Some("x\r\nSet-Cookie: 1"));
        assert!(h.contains(&(
            "Access-Control-Allow-Headers".into(),
            "content-type, authorization".into()
        )));
    }
}
