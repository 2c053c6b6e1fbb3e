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

/// The host as its ASCII form: mapped, split into labels, non-ASCII labels Punycode-encoded.
pub fn ascii_form(host: &str) -> Option<String> {
    let mapped: String = host.chars().filter_map(map_char).collect();
    let mut out = String::new();
    for (i, label) in mapped.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(label);
        } else {
            out.push_str("xn--");
            out.push_str(&punycode(label)?);
        }
    }
    Some(out)
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

fn digit(d: u32) -> char {
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    byte as char
}

/// RFC 3492 Punycode encoding of one label; `None` on arithmetic overflow.
fn punycode(label: &str) -> Option<String> {
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
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
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

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
        assert_eq!(
            punycode("3年B組金八先生").as_deref(),
            Some("3B-ww4c5e180e575a65lsy2b")
        );
    }
}
