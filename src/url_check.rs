//! URL rules: media URLs must be absolute http(s) URLs with a host; a callback URL must also name
//! a host the provider can reach from the public internet.
//!
//! Hosts are read the way browsers read them (the WHATWG URL standard), so that an address written
//! as `2130706433`, `0x7f.1` or `[::ffff:127.0.0.1]` is recognised as the loopback address it is.
//! The `url` crate would bring IDNA tables far larger than this whole engine.

/// Why a URL was refused; `message` is the end of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    NotHttp,
    Malformed,
    NotPublic,
}

impl UrlProblem {
    pub fn message(self) -> &'static str {
        match self {
            UrlProblem::NotHttp => "must be an absolute http:// or https:// URL",
            UrlProblem::Malformed => "is not a well-formed URL with a host",
            UrlProblem::NotPublic => {
                "must point to a public internet host, not localhost, a loopback, private, link-local or reserved address"
            }
        }
    }
}

/// The host part of an absolute http(s) URL, checked for shape.
fn http_host(url: &str) -> Result<&str, UrlProblem> {
    // A byte search: `split_once("://")` links core's two-way substring searcher into the wasm.
    let at = url
        .as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .ok_or(UrlProblem::NotHttp)?;
    let (scheme, rest) = (&url[..at], &url[at + 3..]);
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(UrlProblem::NotHttp);
    }
    // Browsers strip or reinterpret these, which lets one host masquerade as another.
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(UrlProblem::Malformed);
    }
    let end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#'));
    let authority = &rest[..end.unwrap_or(rest.len())];
    let host_port = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    let host = if host_port.starts_with('[') {
        let end = find_byte(host_port, b']').ok_or(UrlProblem::Malformed)?;
        check_port(&host_port[end + 1..])?;
        &host_port[..=end]
    } else {
        let host = &host_port[..find_byte(host_port, b':').unwrap_or(host_port.len())];
        if host.len() < host_port.len() {
            check_port(&host_port[host.len()..])?;
        }
        host
    };
    if host.is_empty()
        || host
            .bytes()
            .any(|b| matches!(b, b'%' | b' ' | b'<' | b'>' | b'^' | b'|' | b'[' | b']'))
            && !host.starts_with('[')
    {
        return Err(UrlProblem::Malformed);
    }
    Ok(host)
}

/// Where the ASCII byte `byte` first is in `text` (a character boundary, being ASCII). Byte loops
/// here and in `split_byte`: `char` patterns link core's memchr-based searchers into the wasm.
fn find_byte(text: &str, byte: u8) -> Option<usize> {
    text.bytes().position(|b| b == byte)
}

/// `text` cut at every ASCII byte `separator`, like `text.split(char).collect()`.
fn split_byte(text: &str, separator: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == separator {
            pieces.push(&text[start..i]);
            start = i + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// `:port` with at most five digits below 65536, or nothing.
fn check_port(suffix: &str) -> Result<(), UrlProblem> {
    if suffix.is_empty() {
        return Ok(());
    }
    let digits = suffix.strip_prefix(':').ok_or(UrlProblem::Malformed)?;
    if digits.is_empty() {
        return Ok(()); // `http://host:/` is allowed by the standard and means the default port
    }
    if digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlProblem::Malformed);
    }
    let port: u32 = digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'));
    if port > 65535 {
        return Err(UrlProblem::Malformed);
    }
    Ok(())
}

/// Checks a media URL (image, reference video or audio): absolute http(s) with a valid host.
pub fn check_media_url(url: &str) -> Result<(), UrlProblem> {
    let host = http_host(url)?;
    classify_host(host).map(|_| ())
}

/// Checks a callback URL: a media URL whose host is publicly routable.
pub fn check_callback_url(url: &str) -> Result<(), UrlProblem> {
    let host = http_host(url)?;
    match classify_host(host)? {
        Host::V4(ip) if is_public_v4(ip) => Ok(()),
        Host::V6(ip) if is_public_v6(&ip) => Ok(()),
        Host::Name(name) if is_public_name(&name) => Ok(()),
        _ => Err(UrlProblem::NotPublic),
    }
}

enum Host {
    V4(u32),
    V6([u16; 8]),
    Name(String),
}

fn classify_host(host: &str) -> Result<Host, UrlProblem> {
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(UrlProblem::Malformed)?;
        return parse_v6(inner).map(Host::V6).ok_or(UrlProblem::Malformed);
    }
    let name = host.to_ascii_lowercase();
    if ends_in_number(&name) {
        return parse_v4(&name).map(Host::V4).ok_or(UrlProblem::Malformed);
    }
    let trimmed = name.strip_suffix('.').unwrap_or(&name);
    if split_byte(trimmed, b'.')
        .iter()
        .any(|label| label.is_empty())
    {
        return Err(UrlProblem::Malformed);
    }
    Ok(Host::Name(name))
}

/// The WHATWG rule: a host whose last label is numeric must parse as an IPv4 address.
fn ends_in_number(host: &str) -> bool {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let last = split_byte(trimmed, b'.').pop().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match last.strip_prefix("0x") {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// One IPv4 part: decimal, `0x` hex or leading-zero octal, as browsers accept.
fn parse_v4_part(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return if radix == 16 { Some(0) } else { None };
    }
    let mut n: u64 = 0;
    for c in digits.chars() {
        n = n
            .checked_mul(radix)?
            .checked_add(u64::from(c.to_digit(radix as u32)?))?;
        if n > u64::from(u32::MAX) {
            return None;
        }
    }
    Some(n)
}

/// IPv4 in any of the forms the URL standard accepts (`127.1`, `2130706433`, `0x7f.0.0.1`).
fn parse_v4(host: &str) -> Option<u32> {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let parts = split_byte(trimmed, b'.');
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(4);
    for part in &parts {
        numbers.push(parse_v4_part(part)?);
    }
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|&n| n > 255) {
        return None;
    }
    let last_bits = 8 * (5 - numbers.len() as u32);
    if last_bits < 32 && *last >= 1u64 << last_bits {
        return None;
    }
    let mut ip = *last;
    for (i, &n) in leading.iter().enumerate() {
        ip += n << (24 - 8 * i as u32);
    }
    u32::try_from(ip).ok()
}

/// IPv6 text (with `::` compression and an optional dotted IPv4 tail) into eight groups.
fn parse_v6(text: &str) -> Option<[u16; 8]> {
    // A byte search, like `http_host`'s: no substring searcher in the wasm.
    let (head, tail) = match text.as_bytes().windows(2).position(|w| w == b"::") {
        Some(at) => (&text[..at], Some(&text[at + 2..])),
        None => (text, None),
    };
    let head_groups = v6_groups(head)?;
    let tail_groups = match tail {
        Some(t) => v6_groups(t)?,
        None => Vec::new(),
    };
    let total = head_groups.len() + tail_groups.len();
    if (tail.is_none() && total != 8) || (tail.is_some() && total > 7) {
        return None;
    }
    let mut out = [0u16; 8];
    out[..head_groups.len()].copy_from_slice(&head_groups);
    out[8 - tail_groups.len()..].copy_from_slice(&tail_groups);
    Some(out)
}

fn v6_groups(text: &str) -> Option<Vec<u16>> {
    let mut groups = Vec::new();
    if text.is_empty() {
        return Some(groups);
    }
    let pieces = split_byte(text, b':');
    for (i, piece) in pieces.iter().enumerate() {
        if i == pieces.len() - 1 && find_byte(piece, b'.').is_some() {
            let v4 = parse_dotted_quad(piece)?;
            groups.push((v4 >> 16) as u16);
            groups.push(v4 as u16);
        } else {
            if piece.is_empty() || piece.len() > 4 {
                return None;
            }
            groups.push(u16::from_str_radix(piece, 16).ok()?);
        }
    }
    Some(groups)
}

/// Strict `a.b.c.d` (the only IPv4 form allowed inside an IPv6 literal).
fn parse_dotted_quad(text: &str) -> Option<u32> {
    let parts = split_byte(text, b'.');
    if parts.len() != 4 {
        return None;
    }
    let mut ip = 0u32;
    for part in parts {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if n > 255 {
            return None;
        }
        ip = ip << 8 | n;
    }
    Some(ip)
}

/// Non-public IPv4 ranges: (network, prefix length).
const PRIVATE_V4: [(u32, u32); 15] = [
    (0x0000_0000, 8),  // 0.0.0.0/8 "this network"
    (0x0A00_0000, 8),  // 10/8 private
    (0x6440_0000, 10), // 100.64/10 carrier-grade NAT
    (0x7F00_0000, 8),  // 127/8 loopback
    (0xA9FE_0000, 16), // 169.254/16 link-local
    (0xAC10_0000, 12), // 172.16/12 private
    (0xC000_0000, 24), // 192.0.0/24 protocol assignments
    (0xC000_0200, 24), // 192.0.2/24 documentation
    (0xC058_6300, 24), // 192.88.99/24 6to4 relay
    (0xC0A8_0000, 16), // 192.168/16 private
    (0xC612_0000, 15), // 198.18/15 benchmarking
    (0xC633_6400, 24), // 198.51.100/24 documentation
    (0xCB00_7100, 24), // 203.0.113/24 documentation
    (0xE000_0000, 4),  // 224/4 multicast
    (0xF000_0000, 4),  // 240/4 reserved and broadcast
];

fn is_public_v4(ip: u32) -> bool {
    !PRIVATE_V4
        .iter()
        .any(|&(net, len)| ip >> (32 - len) == net >> (32 - len))
}

fn is_public_v6(ip: &[u16; 8]) -> bool {
    let embedded_v4 = (u32::from(ip[6]) << 16) | u32::from(ip[7]);
    match ip {
        [0, 0, 0, 0, 0, 0xffff, ..] => is_public_v4(embedded_v4), // IPv4-mapped
        [0, 0, 0, 0, 0, 0, ..] => false, // ::, ::1 and the deprecated IPv4-compatible form
        [0x64, 0xff9b, 0, 0, 0, 0, ..] => is_public_v4(embedded_v4), // NAT64
        [first, ..] if first & 0xfe00 == 0xfc00 => false, // fc00::/7 unique local
        [first, ..] if first & 0xffc0 == 0xfe80 => false, // fe80::/10 link-local
        [first, ..] if first & 0xffc0 == 0xfec0 => false, // fec0::/10 old site-local
        [first, ..] if first & 0xff00 == 0xff00 => false, // ff00::/8 multicast
        [0x2001, 0x0db8, ..] => false,   // documentation
        _ => true,
    }
}

/// Names that never resolve on the public internet.
const PRIVATE_SUFFIXES: [&str; 6] = [
    "localhost",
    "local",
    "internal",
    "localdomain",
    "home.arpa",
    "lan",
];

fn is_public_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    // Fullwidth digits and dots map to ASCII in browsers; require the ASCII (punycode) form.
    if !name.is_ascii() || find_byte(name, b'.').is_none() {
        return false;
    }
    !PRIVATE_SUFFIXES.iter().any(|suffix| {
        name == *suffix
            || name
                .strip_suffix(suffix)
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_urls_need_http_and_a_host() {
        for ok in [
            "https://cdn.example.com/a.png",
            "http://1.2.3.4:8080/x?y#z",
            "HTTPS://[2001:4860::1]/v.mp4",
            "https://user:pw@ex.com/",
        ] {
            assert_eq!(check_media_url(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            check_media_url("ftp://ex.com/a.png"),
            Err(UrlProblem::NotHttp)
        );
        assert_eq!(check_media_url("/relative.png"), Err(UrlProblem::NotHttp));
        assert_eq!(
            check_media_url("data:image/png;base64,AAAA"),
            Err(UrlProblem::NotHttp)
        );
        for bad in [
            "https:///path",
            "https://",
            "http://ex.com:99999/",
            "http://ex .com/",
            "http://a\\@b/",
            "http://[::1/",
            "http://1.2.3.999/",
            "http://a..b/",
            "http://ex.com:8x/",
        ] {
            assert_eq!(check_media_url(bad), Err(UrlProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn callback_refuses_every_non_public_spelling() {
        for bad in [
            "http://localhost/cb",
            "http://LOCALHOST.:80/cb",
            "http://app.localhost/cb",
            "http://127.0.0.1/",
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://0.0.0.0/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[::]/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[64:ff9b::a00:1]/",
            "http://intranet/",
            "http://printer.local/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://xn--.localhost/",
        ] {
            assert_eq!(check_callback_url(bad), Err(UrlProblem::NotPublic), "{bad}");
        }
        for ok in [
            "https://hooks.example.com/seedance",
            "http://8.8.8.8/cb",
            "https://[2606:4700::1111]/cb",
            "http://172.32.0.1/",
            "https://api.example.com.:8443/x",
        ] {
            assert_eq!(check_callback_url(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            check_callback_url("ftp://example.com/"),
            Err(UrlProblem::NotHttp)
        );
        assert_eq!(
            check_callback_url("http://4294967296/"),
            Err(UrlProblem::Malformed)
        );
    }

    #[test]
    fn ipv4_forms_match_the_url_standard() {
        assert_eq!(parse_v4("127.1"), Some(0x7F00_0001));
        assert_eq!(parse_v4("1.2.65535"), Some(0x0102_FFFF));
        assert_eq!(parse_v4("1.2.65536"), None);
        assert_eq!(parse_v4("0x"), Some(0));
        assert_eq!(parse_v4("08"), None);
        assert_eq!(parse_v4("1.2.3.4.5"), None);
    }
}
