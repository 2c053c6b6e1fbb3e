//! `listModels()`'s JSON, written from the catalogue at compile time: the wasm holds the text,
//! whose keys and names repeat so that gzip shrinks it to a fraction, instead of the code that
//! wrote it at each call (measured: engine entry -286 B gzip).

use crate::engine::model::{Durations, MAX_PROMPT_CHARS, MODELS};

/// Room for the text while it is written; [`MODELS_JSON`] keeps only what was written.
const ROOM: usize = 4096;

/// Text being written at compile time.
struct Text {
    bytes: [u8; ROOM],
    len: usize,
}

impl Text {
    const fn raw(&mut self, s: &str) {
        let s = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            self.bytes[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
    }

    /// A JSON string. The catalogue's text needs no escapes; the build fails if it ever would.
    const fn string(&mut self, s: &str) {
        let mut i = 0;
        while i < s.len() {
            let b = s.as_bytes()[i];
            assert!(
                b >= 0x20 && b != b'"' && b != b'\\',
                "a catalogue string needs escaping"
            );
            i += 1;
        }
        self.raw("\"");
        self.raw(s);
        self.raw("\"");
    }

    const fn uint(&mut self, n: u32) {
        let mut digits = [0u8; 10];
        let (mut n, mut count) = (n, 0);
        loop {
            digits[count] = b'0' + (n % 10) as u8;
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while count > 0 {
            count -= 1;
            self.bytes[self.len] = digits[count];
            self.len += 1;
        }
    }

    /// `"key":`, after a comma unless it is the object's first key.
    const fn key(&mut self, key: &str) {
        if self.bytes[self.len - 1] != b'{' {
            self.raw(",");
        }
        self.string(key);
        self.raw(":");
    }

    /// A comma unless the list (`[` or `{`) was just opened.
    const fn separator(&mut self) {
        let last = self.bytes[self.len - 1];
        if last != b'[' && last != b'{' {
            self.raw(",");
        }
    }

    const fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.raw(if value { "true" } else { "false" });
    }
}

/// The catalogue as the JSON of `listModels()`.
const fn write() -> Text {
    let mut t = Text {
        bytes: [0; ROOM],
        len: 0,
    };
    t.raw("[");
    let mut m = 0;
    while m < MODELS.len() {
        let model = &MODELS[m];
        t.separator();
        t.raw("{");
        t.key("id");
        t.string(model.id);
        t.key("label");
        t.string(model.label);
        t.key("durations");
        t.raw("[");
        match model.durations {
            Durations::OneOf(values) => {
                let mut i = 0;
                while i < values.len() {
                    t.separator();
                    t.uint(values[i]);
                    i += 1;
                }
            }
            Durations::Range { min, max } => {
                let mut value = min;
                while value <= max {
                    t.separator();
                    t.uint(value);
                    value += 1;
                }
            }
        }
        t.raw("]");
        // The natively rendered resolutions: accepted and not downgraded.
        t.key("resolutions");
        t.raw("[");
        let resolutions = model.billed_resolutions;
        let mut i = 0;
        while i < resolutions.len() {
            let (r, b) = resolutions[i];
            if same(r, b) {
                t.separator();
                t.string(r);
            }
            i += 1;
        }
        t.raw("]");
        t.key("billed_resolutions");
        t.raw("{");
        let mut i = 0;
        while i < resolutions.len() {
            t.key(resolutions[i].0);
            t.string(resolutions[i].1);
            i += 1;
        }
        t.raw("}");
        t.key("aspect_ratios");
        t.raw("[");
        let mut i = 0;
        while i < model.aspect_ratios.len() {
            t.separator();
            t.string(model.aspect_ratios[i]);
            i += 1;
        }
        t.raw("]");
        t.key("max_images");
        t.uint(model.max_images);
        t.bool("reference_video", model.reference_video);
        t.bool("reference_audio", model.reference_audio);
        t.bool("is_default", model.is_default);
        t.key("max_prompt_chars");
        t.uint(MAX_PROMPT_CHARS as u32);
        t.raw("}");
        m += 1;
    }
    t.raw("]");
    t
}

/// Whether two strings are equal (`==` on `str` is not a `const fn`).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const WRITTEN: Text = write();

/// The written bytes, without the unused room.
const BYTES: [u8; WRITTEN.len] = {
    let mut out = [0; WRITTEN.len];
    let mut i = 0;
    while i < out.len() {
        out[i] = WRITTEN.bytes[i];
        i += 1;
    }
    out
};

/// `listModels()`'s JSON text.
pub const MODELS_JSON: &str = match core::str::from_utf8(&BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the catalogue is not UTF-8"),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{write_str, ObjectWriter};

    /// The catalogue written at run time by the JSON writer (its escaping, its numbers): the text
    /// `listModels()` returned before it was written at compile time.
    fn written_at_run_time() -> String {
        let list = |out: &mut String, items: &mut dyn Iterator<Item = String>| {
            out.push('[');
            for (i, item) in items.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&item);
            }
            out.push(']');
        };
        let quoted = |s: &str| {
            let mut out = String::new();
            write_str(&mut out, s);
            out
        };
        let mut out = String::new();
        list(
            &mut out,
            &mut MODELS.iter().map(|model| {
                let mut text = String::new();
                let mut w = ObjectWriter::new(&mut text);
                w.str("id", model.id)
                    .str("label", model.label)
                    .key("durations");
                let durations = model.durations.list();
                list(w.out, &mut durations.iter().map(|d| d.to_string()));
                w.key("resolutions");
                list(w.out, &mut model.native_resolutions().map(quoted));
                w.key("billed_resolutions");
                let mut billed = ObjectWriter::new(w.out);
                for (r, b) in model.billed_resolutions {
                    billed.str(r, b);
                }
                billed.end();
                w.key("aspect_ratios");
                list(w.out, &mut model.aspect_ratios.iter().map(|r| quoted(r)));
                w.uint("max_images", model.max_images.into())
                    .bool("reference_video", model.reference_video)
                    .bool("reference_audio", model.reference_audio)
                    .bool("is_default", model.is_default)
                    .uint("max_prompt_chars", MAX_PROMPT_CHARS as u64);
                w.end();
                text
            }),
        );
        out
    }

    #[test]
    fn same_compares_every_byte() {
        assert!(same("720p", "720p"));
        assert!(!same("720p", "480p"), "equal lengths, other bytes");
        assert!(!same("720p", "1080p"));
    }

    #[test]
    #[should_panic(expected = "a catalogue string needs escaping")]
    fn a_string_that_needs_escaping_stops_the_build() {
        let mut text = Text {
            bytes: [0; ROOM],
            len: 0,
        };
        text.string("16\"9");
    }

    #[test]
    fn the_compile_time_text_is_what_the_json_writer_writes() {
        assert_eq!(MODELS_JSON, written_at_run_time());
        assert!(MODELS_JSON
            .starts_with(r#"[{"id":"seedance-2.0","label":"Seedance 2.0","durations":[5,10,15],"#));
    }
}
