//! The integer a JSON number spells, however it is written: other JSON writers than JavaScript's
//! send `240.0`, `2.4e2` or `1e3` for 240 and 1000, and a reader that takes only plain digits
//! loses a real charge.

/// The non-negative integer the JSON number text `text` equals exactly (`240`, `240.0`, `2.4e2`,
/// `24000e-2`, `-0`), or `None` when it has a fraction, is negative, passes `u64`, or is not a
/// JSON number. Exact decimal arithmetic: no float is parsed.
pub fn exact_u64(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    // The significant digits (integer and fraction parts together) and where the exponent starts.
    let mut digits: Vec<u8> = Vec::new();
    let mut fraction_digits: i64 = 0;
    let mut i = 0;
    let mut seen_point = false;
    while let Some(&b) = rest.get(i) {
        match b {
            b'0'..=b'9' => {
                digits.push(b - b'0');
                if seen_point {
                    fraction_digits += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    let int_digits = digits.len() as i64 - fraction_digits;
    if int_digits == 0 || (seen_point && fraction_digits == 0) {
        return None;
    }
    let exponent = match rest.get(i) {
        Some(_) => exponent_of(&rest[i + 1..])?,
        None => 0,
    };
    // value = digits × 10^(exponent - fraction_digits)
    let mut shift = exponent.saturating_sub(fraction_digits);
    while shift < 0 && digits.last() == Some(&0) {
        digits.pop();
        shift += 1;
    }
    let first = digits.iter().position(|&d| d != 0);
    let Some(first) = first else {
        return Some(0); // zero in any form, `-0` and `0e-5` included
    };
    if shift < 0 || negative {
        return None;
    }
    let mut n: u64 = 0;
    for &d in &digits[first..] {
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    for _ in 0..shift.min(20) {
        n = n.checked_mul(10)?;
    }
    (shift <= 20).then_some(n)
}

/// An exponent's value (`+3`, `-2`, `07`), saturated far beyond any that leaves a `u64`.
fn exponent_of(text: &[u8]) -> Option<i64> {
    let (sign, digits) = match text {
        [b'-', rest @ ..] => (-1, rest),
        [b'+', rest @ ..] => (1, rest),
        all => (1, all),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0i64, |n, &b| (n * 10 + i64::from(b - b'0')).min(1 << 40));
    Some(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_an_integer_is_that_integer() {
        for (text, n) in [
            ("240", 240),
            ("240.0", 240),
            ("240.000", 240),
            ("2.4e2", 240),
            ("2.40E+2", 240),
            ("24000e-2", 240),
            ("1e3", 1000),
            ("1E3", 1000),
            ("0", 0),
            ("-0", 0),
            ("0.0e-7", 0),
            ("0e99999999999999999999", 0),
            ("18446744073709551615", u64::MAX),
            ("1.8446744073709551615e19", u64::MAX),
        ] {
            assert_eq!(exact_u64(text), Some(n), "{text}");
        }
    }

    #[test]
    fn fractions_negatives_overflow_and_non_numbers_are_not_integers() {
        for text in [
            "2.5",
            "240.01",
            "1e-1",
            "25e-1",
            "-1",
            "-1e3",
            "18446744073709551616",
            "1e20",
            "1e99999999999999999999",
            "",
            "-",
            "1.",
            "e3",
            "1e",
            "1e+",
            "0x10",
            "1.2.3",
            ".5",
        ] {
            assert_eq!(exact_u64(text), None, "{text}");
        }
    }
}
