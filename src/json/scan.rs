//! The loops over every byte of a text: the end of a plain run in a JSON string, and the length
//! of a text in code points. A prompt of 2,000 characters is up to 8,000 bytes, counted when it has
//! more UTF-16 units than the limit allows characters (`validate_json_with_prompt_head`) and
//! scanned when it crosses inside the request's JSON (src/js/json.js `promptApart`) or a proxy body. The Node (speed) build reads eight bytes at a time (feature `word-scans`: one `u64`,
//! which wasm has as a native type); the size builds that browsers download read one byte at a
//! time, which is smaller (engine entry: 90 B gzip).

#[cfg(not(feature = "word-scans"))]
pub use bytes::{char_count, plain_run_len};
#[cfg(feature = "word-scans")]
pub use words::{char_count, plain_run_len};

/// Bytes that end a run of plain characters inside a JSON string: `"`, `\` and control characters.
#[inline(always)]
fn ends_plain_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The number of code points of well-formed UTF-16 `units` (every high surrogate paired): its
/// units less its low surrogates (0xDC00 to 0xDFFF), four units at a time. The speed build
/// counts a prompt so, copied as UTF-16 (src/js/node-boundary.js), rather than encoded to UTF-8.
#[cfg(any(test, feature = "node-boundary"))]
pub fn utf16_code_points(units: &[u16]) -> usize {
    const TOPS: u64 = 0xFC00_FC00_FC00_FC00;
    const LOWS: u64 = 0xDC00_DC00_DC00_DC00;
    const SIXES: u64 = 0x003F_003F_003F_003F;
    const SEVENTHS: u64 = 0x0040_0040_0040_0040;
    let mut n = units.len();
    let mut quads = units.chunks_exact(4);
    for quad in &mut quads {
        let w = quad
            .iter()
            .rev()
            .fold(0u64, |w, &u| (w << 16) | u64::from(u));
        // Each lane's top six bits, zero where they are a low surrogate's (110111), then
        // raised into bit 6 unless zero: the lanes without bit 6 are low surrogates.
        let tops = ((w & TOPS) ^ LOWS) >> 10;
        let raised = (tops & SIXES) + SIXES;
        n -= 4 - (raised & SEVENTHS).count_ones() as usize;
    }
    n - quads
        .remainder()
        .iter()
        .filter(|&&u| u & 0xFC00 == 0xDC00)
        .count()
}

/// The scans one byte at a time.
#[cfg(any(test, not(feature = "word-scans")))]
mod bytes {
    use super::ends_plain_run;

    /// How many bytes at the start of `bytes` continue a plain run (none of them ends one).
    pub fn plain_run_len(bytes: &[u8]) -> usize {
        bytes
            .iter()
            .position(|&b| ends_plain_run(b))
            .unwrap_or(bytes.len())
    }

    /// The number of Unicode code points of `text` (what JavaScript's `[...text].length` counts):
    /// its bytes that do not continue a UTF-8 sequence (0x80 to 0xBF, -128 to -65 as signed bytes).
    /// A plain byte loop, where `chars().count()` links core's larger vectorised counter.
    pub fn char_count(text: &str) -> usize {
        let mut n = 0;
        for &b in text.as_bytes() {
            n += usize::from(b as i8 >= -0x40);
        }
        n
    }
}

/// The scans eight bytes at a time, falling back to single bytes only near what they look for.
#[cfg(any(test, feature = "word-scans"))]
mod words {
    use super::ends_plain_run;

    /// The high bit of every byte.
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

    /// One in every byte.
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);

    /// The eight bytes of `bytes` from `at`, if there are eight.
    #[inline(always)]
    fn word(bytes: &[u8], at: usize) -> Option<u64> {
        let chunk = bytes.get(at..at + 8)?;
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        Some(u64::from_le_bytes(eight))
    }

    /// A high bit in every byte of `w` below `n` (`n` at most 0x80), and maybe in bytes after one.
    #[inline(always)]
    fn below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS
    }

    /// A high bit in every byte of `w` equal to `b`, and maybe in bytes after one.
    #[inline(always)]
    fn equal(w: u64, b: u8) -> u64 {
        below(w ^ (ONES * u64::from(b)), 1)
    }

    /// How many bytes at the start of `bytes` continue a plain run (none of them ends one).
    #[inline(never)]
    pub fn plain_run_len(bytes: &[u8]) -> usize {
        let mut at = 0;
        // Whole words while none of their bytes may end the run; the word that may is read byte by
        // byte below, so the bit tests need no exactness beyond never missing a byte.
        while let Some(w) = word(bytes, at) {
            if below(w, 0x20) | equal(w, b'"') | equal(w, b'\\') != 0 {
                break;
            }
            at += 8;
        }
        while bytes.get(at).is_some_and(|&b| !ends_plain_run(b)) {
            at += 1;
        }
        at
    }

    /// Per byte of `w`, its high bit when the byte continues a UTF-8 sequence (`10xxxxxx`).
    #[inline(always)]
    fn continuations(w: u64) -> u64 {
        w & !(w << 1) & HIGHS
    }

    /// The number of Unicode code points of `text` (what JavaScript's `[...text].length` counts): its
    /// bytes that do not continue a UTF-8 sequence.
    pub fn char_count(text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut n = bytes.len();
        let mut at = 0;
        while at + 8 <= bytes.len() {
            // SAFETY: the eight bytes from `at` are within `bytes`, and any eight bytes are a `u64`.
            let w = unsafe { bytes.as_ptr().add(at).cast::<u64>().read_unaligned() };
            n -= continuations(u64::from_le(w)).count_ones() as usize;
            at += 8;
        }
        for &b in bytes.get(at..).unwrap_or_default() {
            n -= usize::from(b & 0xC0 == 0x80);
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of every length around a word, with each kind of byte at each place in it.
    fn texts() -> Vec<String> {
        let pieces = [
            "a", "é", "夕", "😀", "\"", "\\", "\n", "\u{1f}", " ", "\u{7f}", "\u{80}",
        ];
        let mut out = vec![String::new()];
        for len in 0..20 {
            for (i, piece) in pieces.iter().enumerate() {
                let mut s: String = "x".repeat(len);
                s.push_str(piece);
                s.push_str(&pieces[(i * 7 + len) % pieces.len()].repeat(len % 5));
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn utf16_counts_agree_with_the_standard_library_at_every_length() {
        for text in texts() {
            let units: Vec<u16> = text.encode_utf16().collect();
            assert_eq!(utf16_code_points(&units), text.chars().count(), "{text:?}");
        }
        // Every unit next to every lane's edge values: the lanes must not carry into each other.
        for unit in [0u16, 0x3FF, 0xD7FF, 0xD800, 0xDBFF, 0xDFFF, 0xE000, 0xFFFF] {
            for len in 0..9 {
                let mut units = vec![0xDC00u16; len];
                units.push(unit);
                let lows = units
                    .iter()
                    .filter(|&&u| (0xDC00..=0xDFFF).contains(&u))
                    .count();
                assert_eq!(utf16_code_points(&units), units.len() - lows, "{units:x?}");
            }
        }
    }

    #[test]
    fn counts_agree_with_the_standard_library_at_every_length() {
        for (name, char_count) in [
            ("bytes", bytes::char_count as fn(&str) -> usize),
            ("words", words::char_count),
        ] {
            for text in texts() {
                assert_eq!(char_count(&text), text.chars().count(), "{name} {text:?}");
            }
        }
    }

    /// A way of scanning JSON (see `plain_run_len`).
    type PlainRunLen = fn(&[u8]) -> usize;

    /// Both ways of scanning JSON, each with its name: both are tested, whichever the build uses.
    const PLAIN_RUN_LENS: [(&str, PlainRunLen); 2] = [
        ("bytes", bytes::plain_run_len),
        ("words", words::plain_run_len),
    ];

    #[test]
    fn a_plain_run_ends_at_the_first_quote_backslash_or_control_character() {
        for (name, plain_run_len) in PLAIN_RUN_LENS {
            for text in texts() {
                let expected = text.bytes().position(ends_plain_run).unwrap_or(text.len());
                assert_eq!(plain_run_len(text.as_bytes()), expected, "{name} {text:?}");
            }
            // Every byte value at every place of a word and after it.
            for at in 0..17 {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; 17];
                    bytes[at] = b;
                    let expected = if ends_plain_run(b) { at } else { 17 };
                    assert_eq!(plain_run_len(&bytes), expected, "{name} {b:#x} at {at}");
                }
            }
        }
    }
}
