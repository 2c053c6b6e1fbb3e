//! The checks of `SeedanceClient`'s and `createProxyHandler`'s options that need no JavaScript:
//! endpoints that are URLs, model ids the catalogue knows, option names a letter's case away from a
//! known one. Each gives the sentence of the `INVALID_FIELD` error, naming the option, at
//! construction: a wrong option then fails at once instead of on every request (a 502 or 403 from
//! a proxy, a key silently ignored by a client).

use crate::engine::model::{self, MODELS};
use crate::text::{fill, push_word};

/// Whether `url` is an absolute `http://` or `https://` URL with a host (scheme in any case).
pub fn is_http_url(url: &str) -> bool {
    // Byte loops, not `to_lowercase`, `split_once` or `find`: smaller in the wasm.
    let bytes = url.as_bytes();
    let scheme = |s: &[u8]| {
        bytes
            .get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    };
    let rest = if scheme(b"https://") {
        &bytes[8..]
    } else if scheme(b"http://") {
        &bytes[7..]
    } else {
        return false;
    };
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let mut host = &rest[..end];
    if let Some(at) = host.iter().rposition(|&b| b == b'@') {
        host = &host[at + 1..];
    }
    !host.is_empty() && host[0] != b':' && !host.iter().any(|&b| b <= b' ' || b == b'\\')
}

/// The error for an endpoint option (`upstream`, `baseUrl`) whose value is not an absolute
/// http(s) URL, or `None`. `paths` also accepts a path from the root (`/api/seedance/v2`), which a
/// page's `fetch` resolves against its own origin.
pub fn endpoint_problem(name: &str, value: &str, paths: bool) -> Option<String> {
    let value = value.trim();
    if is_http_url(value) || (paths && value.starts_with('/') && !value.starts_with("//")) {
        return None;
    }
    let template = if paths {
        "The option {} must be an absolute http(s) URL or a path such as /v2, not \"{}\"."
    } else {
        "The option {} must be an absolute http(s) URL, not \"{}\"."
    };
    Some(fill(template, &[name, value]))
}

/// The error for a `models` list naming a model the catalogue does not know, or `None`.
pub fn models_problem<S: AsRef<str>>(models: &[S]) -> Option<String> {
    let unknown = models
        .iter()
        .map(AsRef::as_ref)
        .find(|id| model::find(id).is_none())?;
    let mut known = String::new();
    for m in &MODELS {
        push_word(&mut known, m.id);
    }
    Some(fill(
        "The option models names an unknown model \"{}\"; use one of {}.",
        &[unknown, &known],
    ))
}

/// The error for an option name among `given` that differs from one of `known` only by case
/// (`apikey` for `apiKey`), which would otherwise be ignored; or `None`. Other unknown names are
/// left alone (options added later, or the caller's own).
pub fn case_slip_problem<'a>(
    given: impl IntoIterator<Item = &'a str>,
    known: &[&str],
) -> Option<String> {
    given.into_iter().find_map(|name| {
        let meant = known
            .iter()
            .find(|k| **k != name && k.eq_ignore_ascii_case(name))?;
        Some(fill("Unknown option {}; did you mean {}?", &[name, meant]))
    })
}

/// The error for options that are not an object (`new SeedanceClient("key")`), or `None`;
/// `kind` is what JavaScript's `typeof` says of them, `undefined` meaning none were given.
pub fn not_an_object_problem(function: &str, kind: &str) -> Option<String> {
    if kind == "object" || kind == "undefined" {
        return None;
    }
    Some(fill(
        "{} takes an object of options, such as { apiKey: \"…\" }, not a {}.",
        &[function, kind],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_with_a_host_are_endpoints() {
        for url in [
            "https://seedanceapi.org/v2",
            "http://127.0.0.1:8787",
            "HTTPS://Example.com",
            "http://user@host/v2",
            "https://host?x#y",
        ] {
            assert!(is_http_url(url), "{url}");
            assert_eq!(endpoint_problem("upstream", url, false), None, "{url}");
        }
    }

    #[test]
    fn other_schemes_relative_urls_and_missing_hosts_are_not() {
        for url in [
            "nope",
            "",
            "ftp://seedanceapi.org/v2",
            "seedanceapi.org/v2",
            "https://",
            "http:///v2",
            "https://:443/v2",
            "http://a b/",
            "//seedanceapi.org/v2",
            "/api/seedance/v2",
            "https:\\\\host",
        ] {
            assert!(!is_http_url(url), "{url}");
            let message = endpoint_problem("upstream", url, false).unwrap_or_default();
            assert!(
                message.starts_with("The option upstream must be an absolute"),
                "{url}"
            );
            assert!(
                message.contains(&format!("not \"{}\"", url.trim())),
                "{message}"
            );
        }
    }

    #[test]
    fn a_base_url_may_be_a_path_from_the_root_but_not_protocol_relative() {
        assert_eq!(endpoint_problem("baseUrl", "/api/seedance/v2", true), None);
        assert_eq!(
            endpoint_problem("baseUrl", " https://x.org/v2 ", true),
            None
        );
        let message = endpoint_problem("baseUrl", "api/v2", true).unwrap_or_default();
        assert!(message.contains("baseUrl") && message.contains("or a path such as /v2"));
        assert!(endpoint_problem("baseUrl", "//x.org/v2", true).is_some());
    }

    #[test]
    fn models_must_all_be_in_the_catalogue() {
        assert_eq!(models_problem::<&str>(&[]), None);
        assert_eq!(models_problem(&["seedance-2-mini", "seedance-2.0"]), None);
        assert_eq!(
            models_problem(&["seedance-2.0", "seedance-3"]).as_deref(),
            Some(
                "The option models names an unknown model \"seedance-3\"; use one of \
                 seedance-2.0, seedance-2.0-fast, seedance-2-mini."
            )
        );
    }

    #[test]
    fn a_name_that_differs_only_by_case_names_the_option_meant() {
        let known = ["apiKey", "baseUrl"];
        assert_eq!(
            case_slip_problem(["apikey"], &known).as_deref(),
            Some("Unknown option apikey; did you mean apiKey?")
        );
        assert!(case_slip_problem(["BASEURL"], &known).is_some_and(|m| m.ends_with("baseUrl?")));
        assert_eq!(case_slip_problem(["apiKey", "baseUrl"], &known), None);
        assert_eq!(
            case_slip_problem(["somethingElse", "api_key"], &known),
            None
        );
    }

    #[test]
    fn options_must_be_an_object_or_absent() {
        assert_eq!(not_an_object_problem("SeedanceClient", "object"), None);
        assert_eq!(not_an_object_problem("SeedanceClient", "undefined"), None);
        assert_eq!(
            not_an_object_problem("SeedanceClient", "string").as_deref(),
            Some("SeedanceClient takes an object of options, such as { apiKey: \"…\" }, not a string.")
        );
    }
}
