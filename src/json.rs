//! A small JSON value, parser and writer.
//!
//! Requests cross the wasm boundary as one JSON string (one crossing instead of one per field),
//! and API responses arrive as text that may be HTML or truncated. This parser never panics,
//! limits nesting depth, keeps object key order, and keeps numbers as their source text so that
//! unknown fields are forwarded byte for byte and no float parsing code is linked into the wasm.

mod keys;
mod number;
mod scan;
pub use keys::last_of_each_key;
pub use number::exact_u64;
pub use scan::char_count;
use scan::plain_run_len;
#[cfg(feature = "node-boundary")]
pub use scan::utf16_code_points;

/// Deepest nesting accepted; deeper input is rejected rather than risking the stack.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Objects keep their key order; numbers keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// The number exactly as written in the source (already checked to be valid JSON).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array, in order.
    Array(Vec<Value>),
    /// An object's members in source order (repeated keys kept).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member named `key` of an object (the last one if repeated, as `JSON.parse` does).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// [`Value::get`], to replace the value.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self {
            Value::Object(members) => members
                .iter_mut()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text, when the value is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as an integer when it is a JSON number with no fraction or exponent.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(text) => parse_integer(text),
            _ => None,
        }
    }

    /// The name JavaScript's `typeof` (with arrays and null told apart) would give; used in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Compact JSON text of this value.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self);
        out
    }
}

/// Integer value of a JSON number's text, if it is a plain integer that fits an `i64`. `5.0` is
/// the integer 5 (other JSON writers than JavaScript's emit it); `5.5` and `1e3` are not. One
/// byte loop: no `str` slicing or searching to link into the wasm.
fn parse_integer(text: &str) -> Option<i64> {
    let (negative, rest) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let (mut n, mut digits, mut fraction) = (0i64, 0, false);
    for &b in rest {
        if fraction || b == b'.' {
            // Only zeros may follow the point (and no second point).
            if fraction && b != b'0' {
                return None;
            }
            fraction = true;
        } else if b.is_ascii_digit() {
            // The overflow test by division: `checked_mul` links 128-bit multiplication in.
            let digit = i64::from(b - b'0');
            if n > (i64::MAX - digit) / 10 {
                return None;
            }
            n = n * 10 + digit;
            digits += 1;
        } else {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    Some(if negative { -n } else { n })
}

/// Why a text is not acceptable JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not one well-formed JSON text (a syntax error, or something after the value).
    Syntax,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// Parses one JSON text (surrounding white space allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Value, ParseError> {
    parse_marked(text).map(|parsed| parsed.value)
}

/// A parsed text, with where it held lone surrogates.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value parsed.
    pub value: Value,
    /// Indexes of the top-level object members whose key or value held a lone surrogate escape
    /// (`"\ud800"`, which `JSON.stringify` writes for a broken UTF-16 string). A Rust string
    /// cannot hold one, so it is decoded as U+FFFD; this list lets the caller refuse the member
    /// instead of sending altered text.
    pub lone_surrogates: Vec<usize>,
}

/// Parses like [`parse`], and also says which top-level members held lone surrogates.
pub fn parse_marked(text: &str) -> Result<Parsed, ParseError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        lone_surrogates: 0,
        marked: Vec::new(),
    };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos == p.bytes.len() {
        Ok(Parsed {
            value,
            lone_surrogates: p.marked,
        })
    } else {
        Err(ParseError::Syntax)
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Lone surrogates decoded so far.
    lone_surrogates: usize,
    /// Top-level members that held one.
    marked: Vec<usize>,
}

// `#[inline(always)]` on the tiny helpers of the hot loops: the size-optimised build would
// otherwise call them per byte (measured: about a third of validateRequest's time).
impl Parser<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Result<(), ParseError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(ParseError::Syntax)
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(ParseError::Syntax)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        self.skip_ws();
        match self.peek() {
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(ParseError::Syntax),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(ParseError::Syntax),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(ParseError::Syntax);
            }
            let lone_before = self.lone_surrogates;
            let key = self.string()?;
            self.skip_ws();
            self.eat(b':')?;
            let value = self.value(depth + 1)?;
            if depth == 0 && self.lone_surrogates != lone_before {
                self.marked.push(members.len());
            }
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(ParseError::Syntax),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(ParseError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(ParseError::Syntax);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(ParseError::Syntax);
            }
        }
        // The slice is ASCII, so its ends are character boundaries (no UTF-8 check linked in).
        let text = self.text.get(start..self.pos).ok_or(ParseError::Syntax)?;
        Ok(Value::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(ParseError::Syntax),
            };
            n = n * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(n)
    }

    /// A `\u` escape, joining surrogate pairs; a lone surrogate becomes U+FFFD and is counted.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or_else(|| {
            self.lone_surrogates += 1;
            '\u{FFFD}'
        }))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            self.pos = start + plain_run_len(self.bytes.get(start..).unwrap_or_default());
            // Runs end only at ASCII bytes, so these are always character boundaries.
            out.push_str(self.text.get(start..self.pos).ok_or(ParseError::Syntax)?);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or(ParseError::Syntax)?;
                    self.pos += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(ParseError::Syntax),
                    });
                }
                _ => return Err(ParseError::Syntax),
            }
        }
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        // Runs end only at ASCII bytes, so these are always character boundaries.
        let end = start + plain_run_len(bytes.get(start..).unwrap_or_default());
        out.push_str(s.get(start..end).unwrap_or_default());
        let Some(&b) = bytes.get(end) else {
            break;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b & 0xf));
            }
        }
        start = end + 1;
    }
    out.push('"');
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xf)])
}

/// Appends an unsigned integer in decimal (without `core::fmt`, which costs wasm size).
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// The decimal text of `n`.
pub fn u64_text(n: u64) -> String {
    let mut out = String::new();
    write_u64(&mut out, n);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(text) => out.push_str(text),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut w = ObjectWriter::new(out);
            for (key, item) in members {
                w.key(key);
                write_value(w.out, item);
            }
            w.end();
        }
    }
}

/// Writes a JSON object member by member, managing commas; used to build replies.
pub struct ObjectWriter<'a> {
    /// The text being written; values written by hand go here after [`ObjectWriter::key`].
    pub out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object (`{`) at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes `"key":` (with a comma before it when needed); the caller writes the value.
    pub fn key(&mut self, key: &str) -> &mut Self {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        self
    }

    /// Writes a string member.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        write_str(self.out, value);
        self
    }

    /// Writes a string member, or `null` for `None`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// Writes an unsigned integer member.
    pub fn uint(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key);
        write_u64(self.out, value);
        self
    }

    /// Writes a boolean member.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// Writes an already-encoded JSON value.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Writes a parsed [`Value`] as a member.
    pub fn value(&mut self, key: &str, value: &Value) -> &mut Self {
        self.key(key);
        write_value(self.out, value);
        self
    }

    /// Closes the object (`}`).
    pub fn end(self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_count_counts_code_points_as_javascript_spreads_them() {
        assert_eq!(char_count(""), 0);
        assert_eq!(char_count("abc"), 3);
        assert_eq!(char_count("é😀夕"), 3);
        for text in ["é", "a😀b", "夕暮れの海辺 🐕🌅", "\u{10FFFF}x"] {
            assert_eq!(char_count(text), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn round_trips_and_keeps_order_and_number_text() {
        let text = r#"{"b":1,"a":[true,false,null,-0.5e+3,"x\"\\\n\u00e9\ud83d\ude00"],"c":{}}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.get("b").and_then(Value::as_i64), Some(1));
        assert_eq!(
            v.to_json(),
            "{\"b\":1,\"a\":[true,false,null,-0.5e+3,\"x\\\"\\\\\\n\u{e9}\u{1F600}\"],\"c\":{}}"
        );
    }

    #[test]
    fn rejects_bad_text_without_panicking() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "nul",
            "<html>",
            "1 2",
            "\"\u{1}\"",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_depth() {
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(&deep), Err(ParseError::TooDeep));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters_and_are_marked() {
        assert_eq!(
            parse("\"\\ud800x\"").unwrap(),
            Value::String("\u{FFFD}x".into())
        );
        assert_eq!(
            parse("\"\\udc00\"").unwrap(),
            Value::String("\u{FFFD}".into())
        );
        let marked = |text: &str| parse_marked(text).unwrap().lone_surrogates;
        assert_eq!(
            marked(
                r#"{"a":"\ud83d\ude00","b":["\udbff"],"\udc00":1,"c":{"d":"\ud800\u0041"},"e":"x"}"#
            ),
            [1, 2, 3]
        );
        assert_eq!(marked(r#"{"a":"\ud83d\ude00\u00e9"}"#), [0; 0]);
        assert_eq!(
            marked(r#"["\ud800"]"#),
            [0; 0],
            "only object members are named"
        );
    }

    #[test]
    fn integers_only_from_plain_digits() {
        let n = |t: &str| Value::Number(t.into()).as_i64();
        assert_eq!(n("15"), Some(15));
        assert_eq!(n("-4"), Some(-4));
        assert_eq!(n("5.5"), None);
        assert_eq!(n("5.00"), Some(5));
        assert_eq!(n("1e3"), None);
        assert_eq!(n("99999999999999999999"), None);
    }

    #[test]
    fn writes_control_characters_escaped() {
        let mut out = String::new();
        write_str(&mut out, "a\u{1}b\u{1f}");
        assert_eq!(out, "\"a\\u0001b\\u001f\"");
        assert_eq!(u64_text(0), "0");
        assert_eq!(u64_text(u64::MAX), "18446744073709551615");
    }
}
