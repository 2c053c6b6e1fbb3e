//! The WHATWG URL standard's IPv4 and IPv6 host parsers, so that `2130706433`, `0x7f.1`, `0177.0.0.1`
//! and `[::ffff:127.0.0.1]` are read as the addresses a browser or a WHATWG parser reads.

use super::{last_label, without_final_dot};

/// The "ends in a number" rule: a host whose last label is numeric must parse as IPv4.
pub fn ends_in_number(host: &str) -> bool {
    let last = last_label(without_final_dot(host.as_bytes()));
    (!last.is_empty() && last.iter().all(u8::is_ascii_digit)) || v4_number(last).is_some()
}

/// The value of an ASCII digit or letter as a digit of base 36 (36 for any other byte).
fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' | b'A'..=b'Z' => u32::from((b | 0x20) - b'a') + 10,
        _ => 36,
    }
}

/// One IPv4 part: decimal, `0x` hex or leading-zero octal.
fn v4_number(part: &[u8]) -> Option<u64> {
    let (digits, radix) = match part {
        [] => return None,
        [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
        [b'0', rest @ ..] if !rest.is_empty() => (rest, 8),
        _ => (part, 10),
    };
    let mut n: u64 = 0;
    for &b in digits {
        let digit = digit_value(b);
        if digit >= radix {
            return None;
        }
        // Anything past 32 bits fails later; saturate rather than overflow.
        n = n.saturating_mul(radix.into()).saturating_add(digit.into());
    }
    Some(n)
}

/// IPv4 in any form the URL standard accepts (`127.1`, `2130706433`, `0x7f.0.0.1`, `1.2.3.4.`).
pub fn parse_v4(host: &str) -> Option<u32> {
    let host = match without_final_dot(host.as_bytes()) {
        [] => host.as_bytes(),
        rest => rest,
    };
    let count = host.iter().filter(|&&b| b == b'.').count() + 1;
    if count > 4 {
        return None;
    }
    let mut ip = 0u64;
    for (i, part) in host.split(|&b| b == b'.').enumerate() {
        let n = v4_number(part)?;
        let limit = if i + 1 < count {
            256
        } else {
            1 << (8 * (5 - count))
        };
        if n >= limit {
            return None;
        }
        ip += if i + 1 < count { n << (24 - 8 * i) } else { n };
    }
    u32::try_from(ip).ok()
}

/// The URL standard's IPv6 parser (the text between the brackets), step by step.
pub fn parse_v6(text: &str) -> Option<u128> {
    let input = text.as_bytes();
    let at = |i: usize| input.get(i).copied();
    let mut address = [0u16; 8];
    let mut piece = 0usize;
    let mut compress: Option<usize> = None;
    let mut p = 0usize;
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return None;
        }
        p = 2;
        piece = 1;
        compress = Some(1);
    }
    while p < input.len() {
        if piece == 8 {
            return None;
        }
        if at(p) == Some(b':') {
            if compress.is_some() {
                return None;
            }
            p += 1;
            piece += 1;
            compress = Some(piece);
            continue;
        }
        let (mut value, mut length) = (0u16, 0usize);
        while length < 4 {
            match at(p).map(digit_value) {
                Some(d) if d < 16 => value = value * 16 + d as u16,
                _ => break,
            }
            p += 1;
            length += 1;
        }
        match at(p) {
            Some(b'.') => {
                if length == 0 || piece > 6 {
                    return None;
                }
                p -= length;
                let mut seen = 0;
                while p < input.len() {
                    if seen > 0 {
                        if at(p) == Some(b'.') && seen < 4 {
                            p += 1;
                        } else {
                            return None;
                        }
                    }
                    let mut number: Option<u16> = None;
                    while let Some(c @ b'0'..=b'9') = at(p) {
                        let digit = u16::from(c - b'0');
                        number = match number {
                            None => Some(digit),
                            Some(0) => return None, // no leading zeros
                            Some(n) => Some(n * 10 + digit),
                        };
                        if number > Some(255) {
                            return None;
                        }
                        p += 1;
                    }
                    address[piece] = address[piece] * 0x100 + number?;
                    seen += 1;
                    if seen == 2 || seen == 4 {
                        piece += 1;
                    }
                }
                if seen != 4 {
                    return None;
                }
                break;
            }
            Some(b':') => {
                p += 1;
                if p == input.len() {
                    return None;
                }
            }
            Some(_) => return None,
            None => {}
        }
        address[piece] = value;
        piece += 1;
    }
    match compress {
        Some(start) => {
            let mut swaps = piece - start;
            piece = 7;
            while piece != 0 && swaps > 0 {
                address.swap(piece, start + swaps - 1);
                piece -= 1;
                swaps -= 1;
            }
        }
        None if piece != 8 => return None,
        None => {}
    }
    Some(address.iter().fold(0, |n, &g| n << 16 | u128::from(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_forms_match_the_url_standard() {
        assert_eq!(parse_v4("127.1"), Some(0x7F00_0001));
        assert_eq!(parse_v4("1.2.65535"), Some(0x0102_FFFF));
        assert_eq!(parse_v4("1.2.65536"), None);
        assert_eq!(parse_v4("0x"), Some(0));
        assert_eq!(parse_v4("08"), None);
        assert_eq!(parse_v4("1.2.3.4.5"), None);
        assert_eq!(parse_v4("1.2.3.4."), Some(0x0102_0304));
        assert_eq!(parse_v4("0177.0.0.1"), Some(0x7F00_0001));
        assert_eq!(parse_v4("4294967295"), Some(u32::MAX));
        assert_eq!(parse_v4("4294967296"), None);
        assert_eq!(parse_v4("99999999999999999999999"), None);
        assert_eq!(parse_v4("1..2"), None);
        assert!(ends_in_number("a.0x"));
        assert!(ends_in_number("a.1."));
        assert!(!ends_in_number("a.0xg"));
        assert!(!ends_in_number("1.2.3.4.."));
        assert!(!ends_in_number("."));
    }

    #[test]
    fn ipv6_forms_match_the_url_standard() {
        let v6 = |g: [u16; 8]| g.iter().fold(0u128, |n, &g| n << 16 | u128::from(g));
        assert_eq!(parse_v6("::1"), Some(1));
        assert_eq!(parse_v6("::"), Some(0));
        assert_eq!(
            parse_v6("::ffff:127.0.0.1"),
            Some(v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]))
        );
        assert_eq!(
            parse_v6("1:2:3:4:5:6:7:8"),
            Some(v6([1, 2, 3, 4, 5, 6, 7, 8]))
        );
        assert_eq!(
            parse_v6("2002:7F00:1::1"),
            Some(v6([0x2002, 0x7f00, 1, 0, 0, 0, 0, 1]))
        );
        assert_eq!(parse_v6("1::2:3"), Some(v6([1, 0, 0, 0, 0, 0, 2, 3])));
        for bad in [
            "1.2.3.4::",
            "1.2.3.4",
            "::1.2.3",
            "::1.2.3.4.5",
            "::01.2.3.4",
            "::256.0.0.1",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1::2::3",
            ":1",
            "1:",
            "12345::",
            "::g",
            "::1%25eth0",
            "",
            "1:2:3:4:5:6:7:1.2.3.4",
        ] {
            assert_eq!(parse_v6(bad), None, "{bad}");
        }
    }
}
