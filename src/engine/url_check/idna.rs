//! The ASCII (`xn--`) form of a Unicode host, for the message that refuses it. Full IDNA mapping
//! (UTS #46) needs tables larger than this engine; the common cases are mapped by hand (full-width
//! forms, ideographic full stops, ignored characters, case of Latin-1, Greek and Cyrillic) and each
//! label is then encoded with Punycode (RFC 3492).

/// The character UTS #46 maps `c` to in the cases handled here; `None` when it is dropped.
fn map_char(c: char) -> Option<char> {
    let code = c as u32;
    let mapped = match code {
        0x3002 | 0xFF0E | 0xFF61 => '.' as u32, // ideographic and full-width full stops
        0xFF01..=0xFF5E => code - 0xFEE0,       // full-width ASCII
        0x00AD | 0x200B | 0x2060 | 0xFEFF | 0xFE00..=0xFE0F => return None,
        0x00C0..=0x00DE if code != 0x00D7 => code + 0x20, // Latin-1 capitals
        0x0391..=0x03A9 if code != 0x03A2 => code + 0x20, // Greek capitals
        0x0410..=0x042F => code + 0x20,                   // Cyrillic capitals
        0x0400..=0x040F => code + 0x50,
        _ => code,
    };
    char::from_u32(mapped).map(|c| c.to_ascii_lowercase())
}

/// Most code points of a label to encode. A DNS label holds at most 63 bytes and Punycode writes at
/// least one byte per code point, so a longer label names no host; and encoding is quadratic in
/// the label's length (a 300,000-character label took minutes).
const MAX_LABEL_POINTS: usize = 63;

/// The host as its ASCII form: mapped, split into labels, non-ASCII labels Punycode-encoded;
/// `None` when a non-ASCII label is too long to be a DNS label.
pub fn ascii_form(host: &str) -> Option<String> {
    let mut out = String::new();
    let mut label = String::new();
    // Each label is written when the dot after it (or the end, read as a dot) is reached.
    let mut chars = host.chars();
    loop {
        let next = chars.next();
        let c = match next.map(map_char) {
            Some(Some(c)) => c,
            Some(None) => continue,
            None => '.',
        };
        if c != '.' {
            label.push(c);
            continue;
        }
        if label.bytes().all(|b| b < 0x80) {
            out.push_str(&label);
        } else if crate::json::char_count(&label) > MAX_LABEL_POINTS {
            return None;
        } else {
            out.push_str("xn--");
            punycode(&label, &mut out);
        }
        out.push('.');
        label.clear();
        if next.is_none() {
            break;
        }
    }
    out.truncate(out.len() - 1); // the dot after the last label (`pop` would decode a char)
    Some(out)
}

const BASE: u64 = 36;
const T_MIN: u64 = 1;
const T_MAX: u64 = 26;

fn adapt(delta: u64, points: u64, first: bool) -> u64 {
    let mut delta = delta / if first { 700 } else { 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

fn digit(d: u64) -> char {
    (if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + d as u8 - 26
    }) as char
}

/// RFC 3492 Punycode encoding of one label, appended to `out`. The arithmetic is 64-bit: no
/// label that fits in memory can overflow it. The label is decoded once into its code points
/// (each pass over `chars()` would add a UTF-8 decoder to the wasm).
fn punycode(label: &str, out: &mut String) {
    let mut points = Vec::new();
    let mut basic = 0;
    for c in label.chars() {
        points.push(u64::from(u32::from(c)));
        if c.is_ascii() {
            out.push(c);
            basic += 1;
        }
    }
    if basic > 0 {
        out.push('-');
    }
    let total = points.len() as u64;
    let (mut n, mut delta, mut bias, mut handled) = (128u64, 0u64, 72u64, basic);
    while handled < total {
        // The smallest code point not yet handled (there is one: `handled < total`).
        let mut m = u64::MAX;
        for &c in &points {
            if c >= n && c < m {
                m = c;
            }
        }
        delta += (m - n) * (handled + 1);
        n = m;
        for &c in &points {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = k.saturating_sub(bias).clamp(T_MIN, T_MAX);
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
}

#[cfg(test)]
mod encoder_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_matches_rfc_3492_and_idna() {
        assert_eq!(
            ascii_form("münchen.de").as_deref(),
            Some("xn--mnchen-3ya.de")
        );
        assert_eq!(
            ascii_form("MÜNCHEN.DE").as_deref(),
            Some("xn--mnchen-3ya.de")
        );
        assert_eq!(
            ascii_form("bücher.example.com").as_deref(),
            Some("xn--bcher-kva.example.com")
        );
        assert_eq!(
            ascii_form("例え.テスト").as_deref(),
            Some("xn--r8jz45g.xn--zckzah")
        );
        assert_eq!(
            ascii_form("пример.рф").as_deref(),
            Some("xn--e1afmkfd.xn--p1ai")
        );
        assert_eq!(
            ascii_form("ПРИМЕР.РФ").as_deref(),
            Some("xn--e1afmkfd.xn--p1ai")
        );
        assert_eq!(ascii_form("☃.net").as_deref(), Some("xn--n3h.net"));
        assert_eq!(ascii_form("faß.de").as_deref(), Some("xn--fa-hia.de"));
        // Full-width digits and dots map to plain ASCII: the host is an IPv4 address.
        assert_eq!(
            ascii_form("０Ｘｃ０．０２５０．０１").as_deref(),
            Some("0xc0.0250.01")
        );
        assert_eq!(
            ascii_form("ex\u{AD}ample。com").as_deref(),
            Some("example.com")
        );
        // RFC 3492 sample (L): 3<nen>B<gumi><kinpachi><sensei>
        let longest = "é".repeat(MAX_LABEL_POINTS);
        assert!(ascii_form(&[&longest, ".de"].concat()).is_some());
        assert_eq!(ascii_form(&[&longest, "é.de"].concat()), None);
        let mut out = String::new();
        punycode("3年B組金八先生", &mut out);
        assert_eq!(out, "3B-ww4c5e180e575a65lsy2b");
    }
}
