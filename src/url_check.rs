//! The one URL rule for everything the service downloads or calls (`images`,
//! `reference_video_urls`, `reference_audio_urls`, `callback_url`): an absolute http(s) URL, read
//! the way the WHATWG URL standard (browsers, Node, most servers' fetchers) reads it, whose host is
//! publicly reachable.
//!
//! The URL is first cleaned as the standard does (leading and trailing C0 controls and spaces
//! stripped, tabs and newlines removed anywhere); the cleaned text is what gets forwarded (see
//! [`clean`]), so the service reads exactly the text whose host was checked. Spaces and other
//! characters in the path, query and fragment are accepted and forwarded as typed (a WHATWG parser
//! percent-encodes them). Hosts are parsed like the standard (IPv4 in decimal, octal, hex and
//! short forms; the IPv6 parser) and judged against the IANA registries (`ranges`) and the
//! special-use names (`names`).
//!
//! Refused although the standard parses them, because parsers disagree on them and the service
//! might read another host: backslashes before the path, anything but exactly `//` after the
//! scheme, more than one `@`, and percent-encoded hosts. Unicode hosts are refused with their
//! `xn--` form in the message (`idna`): full IDNA mapping needs tables larger than this engine.
//! The `url` crate is not used for the same reason. A public name that resolves to a private
//! address (`127.0.0.1.nip.io`) cannot be seen from the text: the service must refuse it.

mod idna;
mod ip;
mod names;
mod ranges;

use std::borrow::Cow;

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    NotHttp,
    Malformed,
    /// Parsed by the standard, but read differently by other parsers.
    Ambiguous,
    NotPublic,
    /// A non-ASCII host, with its ASCII (`xn--`) form.
    UnicodeHost(String),
}

impl UrlProblem {
    /// The end of a sentence that starts with the URL's name.
    pub fn message(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            UrlProblem::NotHttp => "must be an absolute http:// or https:// URL",
            UrlProblem::Malformed => "is not a well-formed URL with a host",
            UrlProblem::Ambiguous => {
                "must be written plainly as scheme://host/path: backslashes, other than two slashes, several @ or a percent-encoded host are read differently by different parsers"
            }
            UrlProblem::NotPublic => {
                "must point to a public internet host, not localhost, a loopback, private, link-local or reserved address or name"
            }
            UrlProblem::UnicodeHost(ascii) => {
                return Cow::Owned(String::from("has a non-ASCII host; write it in its ASCII (IDNA) form: ") + ascii);
            }
        })
    }
}

/// The URL as the WHATWG parser first sees it: leading and trailing C0 controls and spaces
/// stripped, ASCII tabs and newlines removed. This is the form sent on.
pub fn clean(url: &str) -> Cow<'_, str> {
    // Bytes above 0x20 start a character here: all the bytes around them are ASCII.
    let start = url.bytes().position(|b| b > b' ').unwrap_or(url.len());
    let end = url.bytes().rposition(|b| b > b' ').map_or(start, |i| i + 1);
    let trimmed = &url[start..end];
    if trimmed.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        let mut out = String::with_capacity(trimmed.len());
        for c in trimmed.chars() {
            if !matches!(c, '\t' | '\n' | '\r') {
                out.push(c);
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Checks a URL the service downloads or calls: absolute http(s) on a public host.
pub fn check_public_url(url: &str) -> Result<(), UrlProblem> {
    let url = clean(url);
    let host = authority_host(&url)?;
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(UrlProblem::Malformed)?;
        let ip = ip::parse_v6(inner).ok_or(UrlProblem::Malformed)?;
        return public(ranges::is_global_v6(ip));
    }
    if host.contains('%') {
        return Err(UrlProblem::Ambiguous);
    }
    if host.bytes().any(|b| b >= 0x80) {
        return Err(UrlProblem::UnicodeHost(idna::ascii_form(host)));
    }
    // The standard's forbidden domain code points (the rest cannot occur in an authority here).
    if host
        .bytes()
        .any(|b| b <= b' ' || b == 0x7F || matches!(b, b'<' | b'>' | b'[' | b']' | b'^' | b'|'))
    {
        return Err(UrlProblem::Malformed);
    }
    let name = host.to_ascii_lowercase();
    if ip::ends_in_number(&name) {
        let ip = ip::parse_v4(&name).ok_or(UrlProblem::Malformed)?;
        return public(ranges::is_global_v4(ip));
    }
    let labels = name.strip_suffix('.').unwrap_or(&name);
    if labels.split('.').any(str::is_empty) {
        return Err(UrlProblem::Malformed); // no DNS name has an empty label
    }
    public(names::is_public_name(&name))
}

fn public(is_public: bool) -> Result<(), UrlProblem> {
    if is_public {
        Ok(())
    } else {
        Err(UrlProblem::NotPublic)
    }
}

/// The host of a cleaned absolute http(s) URL written as `scheme://[userinfo@]host[:port]`.
fn authority_host(url: &str) -> Result<&str, UrlProblem> {
    let (scheme, rest) = url.split_once(':').ok_or(UrlProblem::NotHttp)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(UrlProblem::NotHttp);
    }
    let slashes = rest
        .bytes()
        .take_while(|&b| b == b'/' || b == b'\\')
        .count();
    let after_slashes = &rest[slashes..];
    let end = after_slashes
        .find(['/', '?', '#', '\\'])
        .unwrap_or(after_slashes.len());
    let authority = &after_slashes[..end];
    if authority.is_empty() {
        return Err(UrlProblem::Malformed); // the standard requires a host
    }
    if slashes != 2
        || !rest.starts_with("//")
        || after_slashes[end..].starts_with('\\')
        || authority.matches('@').count() > 1
    {
        return Err(UrlProblem::Ambiguous);
    }
    let host_port = match authority.split_once('@') {
        Some((_, after)) => after,
        None => authority,
    };
    // A `:` inside brackets belongs to an IPv6 address.
    let mut in_brackets = false;
    let colon = host_port.find(|c| {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ => {}
        }
        c == ':' && !in_brackets
    });
    let (host, port) = match colon {
        Some(i) => (&host_port[..i], &host_port[i + 1..]),
        None => (host_port, ""),
    };
    if host.is_empty() || !valid_port(port) {
        return Err(UrlProblem::Malformed);
    }
    Ok(host)
}

/// Digits up to 65535 (leading zeros allowed), or nothing for the default port.
fn valid_port(port: &str) -> bool {
    let mut value = 0u32;
    for b in port.bytes() {
        if !b.is_ascii_digit() {
            return false;
        }
        value = value * 10 + u32::from(b - b'0');
        if value > 65535 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests;
