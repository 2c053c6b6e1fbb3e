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

use crate::text::fill;

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute `http://` or `https://` URL.
    NotHttp,
    /// Not a well-formed URL with a host.
    Malformed,
    /// Parsed by the standard, but read differently by other parsers.
    Ambiguous,
    /// The host is local, private, reserved or otherwise not reachable from the internet.
    NotPublic,
    /// A non-ASCII host, with its ASCII (`xn--`) form.
    UnicodeHost(String),
}

impl UrlProblem {
    /// The end of a sentence that starts with the URL's name.
    pub fn message(&self) -> String {
        let words = match self {
            UrlProblem::NotHttp => "must be an absolute http:// or https:// URL",
            UrlProblem::Malformed => "is not a well-formed URL with a host",
            UrlProblem::Ambiguous => {
                "must be written plainly as scheme://host/path: backslashes, other than two slashes, several @ or a percent-encoded host are read differently by different parsers"
            }
            UrlProblem::NotPublic => {
                "must point to a public internet host, not localhost, a loopback, private, link-local or reserved address or name"
            }
            UrlProblem::UnicodeHost(ascii) => {
                return fill(
                    "has a non-ASCII host; write it in its ASCII (IDNA) form: {}",
                    &[ascii],
                );
            }
        };
        fill(words, &[])
    }
}

/// The URL as the WHATWG parser first sees it: leading and trailing C0 controls and spaces
/// stripped, ASCII tabs and newlines removed. This is the form sent on. Byte loops throughout this
/// module: `str` patterns (`split`, `find(char)`) would link core's searchers into the wasm.
pub fn clean(url: &str) -> Cow<'_, str> {
    // Bytes above 0x20 start a character here: all the bytes around them are ASCII.
    let bytes = url.as_bytes();
    let (mut start, mut end) = (0, bytes.len());
    while start < end && bytes[start] <= b' ' {
        start += 1;
    }
    while end > start && bytes[end - 1] <= b' ' {
        end -= 1;
    }
    let trimmed = &url[start..end];
    let is_removed = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r');
    if !trimmed.as_bytes().iter().any(is_removed) {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut from = 0;
    for (i, b) in trimmed.as_bytes().iter().enumerate() {
        if is_removed(b) {
            out.push_str(&trimmed[from..i]);
            from = i + 1;
        }
    }
    out.push_str(&trimmed[from..]);
    Cow::Owned(out)
}

/// Checks a URL the service downloads or calls: absolute http(s) on a public host.
pub fn check_public_url(url: &str) -> Result<(), UrlProblem> {
    let url = clean(url);
    let host = authority_host(&url)?;
    let bytes = host.as_bytes();
    if bytes[0] == b'[' {
        if bytes.len() < 2 || bytes[bytes.len() - 1] != b']' {
            return Err(UrlProblem::Malformed);
        }
        let ip = ip::parse_v6(&host[1..host.len() - 1]).ok_or(UrlProblem::Malformed)?;
        return public(ranges::is_global_v6(ip));
    }
    // A loop, not `contains`: `[u8]::contains` links memchr into the wasm.
    #[allow(clippy::manual_contains)]
    let percent_encoded = bytes.iter().any(|&b| b == b'%');
    if percent_encoded {
        return Err(UrlProblem::Ambiguous);
    }
    if bytes.iter().any(|&b| b >= 0x80) {
        return Err(idna::ascii_form(host).map_or(UrlProblem::Malformed, UrlProblem::UnicodeHost));
    }
    // The standard's forbidden domain code points (the rest cannot occur in an authority here).
    if bytes
        .iter()
        .any(|&b| b <= b' ' || b == 0x7F || matches!(b, b'<' | b'>' | b'[' | b']' | b'^' | b'|'))
    {
        return Err(UrlProblem::Malformed);
    }
    let name = host.to_ascii_lowercase();
    if ip::ends_in_number(&name) {
        let ip = ip::parse_v4(&name).ok_or(UrlProblem::Malformed)?;
        return public(ranges::is_global_v4(ip));
    }
    // No DNS name has an empty label: no leading, doubled or (after the one allowed final dot)
    // trailing dot, and not empty.
    let mut previous = b'.';
    for &b in without_final_dot(name.as_bytes()) {
        if b == b'.' && previous == b'.' {
            return Err(UrlProblem::Malformed);
        }
        previous = b;
    }
    if previous == b'.' {
        return Err(UrlProblem::Malformed);
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

/// A host name without its final dot (`example.com.` is `example.com`).
fn without_final_dot(name: &[u8]) -> &[u8] {
    match name {
        [rest @ .., b'.'] => rest,
        _ => name,
    }
}

/// The last label of a host name (after the last dot; all of it when it has none).
fn last_label(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) => &name[dot + 1..],
        None => name,
    }
}

/// The host of a cleaned absolute http(s) URL written as `scheme://[userinfo@]host[:port]`.
/// Never empty.
fn authority_host(url: &str) -> Result<&str, UrlProblem> {
    let bytes = url.as_bytes();
    let colon = bytes
        .iter()
        .position(|&b| b == b':')
        .ok_or(UrlProblem::NotHttp)?;
    let scheme = &bytes[..colon];
    if !scheme.eq_ignore_ascii_case(b"http") && !scheme.eq_ignore_ascii_case(b"https") {
        return Err(UrlProblem::NotHttp);
    }
    let rest = &bytes[colon + 1..];
    let slashes = rest
        .iter()
        .take_while(|&&b| b == b'/' || b == b'\\')
        .count();
    let after_slashes = &rest[slashes..];
    let end = after_slashes
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
        .unwrap_or(after_slashes.len());
    let authority = &after_slashes[..end];
    if authority.is_empty() {
        return Err(UrlProblem::Malformed); // the standard requires a host
    }
    if slashes != 2
        || !rest.starts_with(b"//")
        || after_slashes.get(end) == Some(&b'\\')
        || authority.iter().filter(|&&b| b == b'@').count() > 1
    {
        return Err(UrlProblem::Ambiguous);
    }
    // Offsets in `url`: the authority starts after `scheme://`.
    let mut host_start = colon + 3;
    if let Some(at) = authority.iter().position(|&b| b == b'@') {
        host_start += at + 1;
    }
    let authority_end = colon + 3 + end;
    // A `:` inside brackets belongs to an IPv6 address.
    let mut in_brackets = false;
    let mut host_end = authority_end;
    for (i, &b) in bytes[host_start..authority_end].iter().enumerate() {
        match b {
            b'[' => in_brackets = true,
            b']' => in_brackets = false,
            b':' if !in_brackets => {
                host_end = host_start + i;
                break;
            }
            _ => {}
        }
    }
    let port = bytes.get(host_end + 1..authority_end).unwrap_or(&[]);
    if host_end == host_start || !valid_port(port) {
        return Err(UrlProblem::Malformed);
    }
    Ok(&url[host_start..host_end])
}

/// Digits from 1 to 65535 (leading zeros allowed), or nothing for the default port. Port 0 parses
/// by the standard but names no service: a connection to it fails or, on some stacks, reaches
/// whatever the system picks.
fn valid_port(port: &[u8]) -> bool {
    let mut value = 0u32;
    for &b in port {
        if !b.is_ascii_digit() {
            return false;
        }
        value = value * 10 + u32::from(b - b'0');
        if value > 65535 {
            return false;
        }
    }
    port.is_empty() || value > 0
}

#[cfg(test)]
mod tests;
