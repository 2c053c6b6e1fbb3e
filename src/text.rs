//! How the package writes its sentences and lists: templates filled without `format!` (which
//! costs wasm size), and, for the Chinese module, the same templates tagged instead of filled.
//!
//! Tagged, a message is `\u{1}` + its English template + `\u{2}` before each argument + `\u{3}`
//! (an argument may itself be a tagged message). `pkg-template/zh-CN.js` renders that in Chinese
//! by the template; the English templates never ship twice, and a page in English pays only for
//! the flags below. Tagging is on only while a call whose caller asked for Chinese runs: the entry
//! asks just before it ([`ask_tagged`]), the call takes the request as it begins ([`begin_call`],
//! or a client's or proxy's future, which keeps it across its awaits). A call that JavaScript
//! makes while another runs (from a callback such as `onProgress`) begins with its own setting.

use core::cell::Cell;

use crate::json;

thread_local! {
    /// Whether messages are being written tagged (see the module's doc). Per thread, so that
    /// native tests that tag run beside tests that do not; the wasm has one thread.
    static TAGGED: Cell<bool> = const { Cell::new(false) };
    /// Whether the next call from JavaScript asked for tagged messages.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Asks that the next call from JavaScript write its messages tagged (the entries set it just
/// before a call whose caller asked for Chinese, and clear it after).
pub fn ask_tagged(on: bool) {
    ASKED.with(|a| a.set(on));
}

/// Takes what the entry asked for this call (see [`ask_tagged`]); the next call asks anew.
pub fn take_asked() -> bool {
    ASKED.with(|a| a.replace(false))
}

/// A synchronous call from JavaScript under way: tagged as it asked; the setting before it comes
/// back when this drops.
pub struct Call {
    was: bool,
}

/// Begins a synchronous call from JavaScript (see [`Call`]).
pub fn begin_call() -> Call {
    Call {
        was: set_tagged(take_asked()),
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        set_tagged(self.was);
    }
}

/// Turns tagging on or off; returns whether it was on.
pub fn set_tagged(on: bool) -> bool {
    TAGGED.with(|t| t.replace(on))
}

/// Whether messages are being written tagged.
pub fn tagged() -> bool {
    TAGGED.with(Cell::get)
}

/// Joins parts without `format!`: URLs, keys and other text that is not a sentence.
pub(crate) fn text(parts: &[&str]) -> String {
    // A loop rather than `concat`, whose generic join code is larger in the wasm.
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A message from a template: each `{}` of `template` is replaced by the next of `args`; tagged
/// while [`tagged`]. One template per message instead of its pieces listed one by one: each listed
/// piece costs the wasm a pointer and a length written at its call site, and a whole template is
/// what the Chinese module looks up. The arguments are not scanned, so they may hold braces.
#[inline(never)]
pub(crate) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::new();
    if tagged() {
        out.push('\u{1}');
        out.push_str(template);
        for arg in args {
            out.push('\u{2}');
            out.push_str(arg);
        }
        out.push('\u{3}');
        return out;
    }
    let bytes = template.as_bytes();
    let (mut from, mut next) = (0, 0);
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'}' {
            out.push_str(&template[from..i]);
            out.push_str(args.get(next).copied().unwrap_or_default());
            next += 1;
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&template[from..]);
    out
}

/// A phrase used as a value inside a message ("a number", "per day"): itself while writing
/// English, tagged (so translated) while writing for the Chinese module.
pub(crate) fn phrase(words: &str) -> String {
    fill(words, &[])
}

/// `words` with `, ` between them. This and `number_list` write straight into one string: no list
/// of strings to join, and none of `[T]::join`'s larger code in the wasm.
pub(crate) fn word_list<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for word in words {
        push_word(&mut out, word.as_ref());
    }
    out
}

/// Appends `word` to a list of words being written (`, ` before it unless it is the first).
/// Lists of names are written with it straight from the tables: no `Vec` of names collected.
pub(crate) fn push_word(list: &mut String, word: &str) {
    if !list.is_empty() {
        list.push_str(", ");
    }
    list.push_str(word);
}

/// `values` as text, `separator` between them and `last_separator` before the last one (`5, 10
/// or 15`).
pub(crate) fn number_list(values: &[u32], separator: &str, last_separator: &str) -> String {
    let mut out = String::new();
    for (i, &value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == values.len() {
                last_separator
            } else {
                separator
            });
        }
        json::write_u64(&mut out, value.into());
    }
    out
}

#[cfg(test)]
mod fill_tests;
