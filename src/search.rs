//! Substring search by a plain byte loop. `str::find`, `contains`, `replace` and `split_once`
//! with a `&str` pattern link core's two-way searcher (about 1.7 kB of wasm) into the package;
//! the texts searched here (reply bodies, messages, dates) are short enough for the plain loop.

/// The byte offset of the first `needle` in `hay` (`Some(0)` for an empty needle, as `str::find`).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let last = hay.len().checked_sub(needle.len())?;
    (0..=last).find(|&i| hay[i..].starts_with(needle))
}

/// The byte offset of the first `byte` (an ASCII one) in `hay`; a loop, where a `char` pattern
/// would link core's memchr-based searcher.
pub fn find_byte(hay: &str, byte: u8) -> Option<usize> {
    hay.bytes().position(|b| b == byte)
}

/// `text` with every `needle` replaced by `with`, left to right without overlaps, as
/// `str::replace` does; `None` when there is none. `needle` must not be empty (then: `None`).
pub fn replace(text: &str, needle: &str, with: &str) -> Option<String> {
    if needle.is_empty() {
        return None;
    }
    let mut at = find(text, needle)?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        out.push_str(&rest[..at]);
        out.push_str(with);
        rest = &rest[at + needle.len()..];
        match find(rest, needle) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_replaces_as_the_str_methods_do() {
        for (hay, needle) in [
            ("abcabc", "ca"),
            ("abc", "abcd"),
            ("", "a"),
            ("abc", ""),
            ("aaaa", "aa"),
            ("é夕é", "夕"),
            ("key sk-1234 and sk-1234", "sk-1234"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            if !needle.is_empty() {
                let expected = hay.contains(needle).then(|| hay.replace(needle, "[r]"));
                assert_eq!(replace(hay, needle, "[r]"), expected, "{hay:?} {needle:?}");
            }
        }
        assert_eq!(replace("abc", "", "x"), None);
    }
}
