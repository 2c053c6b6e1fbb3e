//! What a check writes back: the issues, the `ValidationReport` and the model catalogue, as the
//! JSON the JavaScript contract names. The checks themselves are in `validate`.

use crate::codes::Code;
use crate::json::{ObjectWriter, Value};
use crate::model::Model;
use crate::pricing::Estimate;

mod catalogue;
pub use catalogue::MODELS_JSON;

/// One problem with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Issue {
    /// What kind of problem it is.
    pub code: Code,
    /// The wire name of the field (`images[2]`), or empty for the request as a whole.
    pub field: String,
    /// A plain English sentence that names the field and says what is allowed.
    pub message: String,
}

impl Issue {
    pub(crate) fn new(code: Code, field: &str, message: String) -> Self {
        Issue {
            code,
            field: field.to_owned(),
            message,
        }
    }

    /// Appends the issue as `{code, field, message}`.
    pub fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.str("code", self.code.as_str())
            .str("field", &self.field)
            .str("message", &self.message);
        w.end();
    }
}

/// Writes a list of issues as a JSON array.
pub fn write_issues(out: &mut String, issues: &[Issue]) {
    out.push('[');
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        issue.write_json(out);
    }
    out.push(']');
}

/// Options of a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Refuse requests priced above this many credits (`BUDGET_EXCEEDED`).
    pub max_credits: Option<u32>,
    /// Check the request as if it named this model (`compareModels`).
    pub model_override: Option<&'static Model>,
}

/// The outcome of a check: the `ValidationReport` of the JavaScript contract.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        into = "crate::serde_shapes::ReportJson",
        try_from = "crate::serde_shapes::ReportJson"
    )
)]
pub struct Report {
    /// Problems that stop the request from being sent.
    pub errors: Vec<Issue>,
    /// Things worth knowing; the request is still sent.
    pub warnings: Vec<Issue>,
    /// The request with defaults applied, as it should be sent; only when there is no error.
    pub request: Option<Value>,
    /// Present whenever the pricing inputs are valid, even if another field is not.
    pub estimate: Option<Estimate>,
    /// The model checked against, if it was known.
    pub model: Option<&'static Model>,
}

impl Report {
    /// Whether the request may be sent (no errors; warnings allowed).
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Appends the report as the JavaScript `ValidationReport`.
    pub fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.bool("ok", self.ok()).key("errors");
        write_issues(w.out, &self.errors);
        w.key("warnings");
        write_issues(w.out, &self.warnings);
        match &self.request {
            Some(request) => w.value("request", request),
            None => w.raw("request", "null"),
        };
        w.key("estimate");
        match &self.estimate {
            Some(estimate) => estimate.write_json(w.out),
            None => w.out.push_str("null"),
        }
        w.end();
    }

    /// The report as the JavaScript `ValidationReport` JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(1024);
        self.write_json(&mut out);
        out
    }
}

/// `listModels`: the catalogue as JSON, for forms to build their options from.
pub fn models_json() -> String {
    MODELS_JSON.to_owned()
}

/// A report as numbers and one text, for glue that builds the report's objects itself instead of
/// calling `JSON.parse` (the Node entry: there, `JSON.parse` of the report cost more than a third of
/// a `validateRequest` call, most of it per object, where a JS object literal costs nanoseconds).
///
/// `words` holds, in order: `ok` (0 or 1); the errors and the warnings, each as a count and then
/// per issue `code`, `field`, `message` as text spans; the request as a value (below); the estimate
/// as 0, or 1 then `model` (span), `duration`, `resolution` (span), `billed_resolution` (span),
/// `input_kind` (span), `credits` (its `usd` is `credits / 100`). A text span is the start and end
/// of a slice of `text` in UTF-16 units (JavaScript's string indexes). A value is a tag then its
/// data: 0 null, 1 false, 2 true, 3 a number (span of its JSON text), 4 a string (span), 5 an
/// array (count, then the items), 6 an object (count, then per member the key's span and the value).
#[cfg(any(test, feature = "tape-glue"))]
#[derive(Debug, Default)]
pub struct Tape {
    /// The numbers described above.
    pub words: Vec<u32>,
    /// Every string of the report, one after another.
    pub text: String,
    /// Length of `text` in UTF-16 units.
    utf16_len: u32,
}

#[cfg(any(test, feature = "tape-glue"))]
impl Tape {
    /// Empties the tape, keeping its memory for the next report.
    pub fn clear(&mut self) {
        self.words.clear();
        self.text.clear();
        self.utf16_len = 0;
    }

    /// Appends `s` to the text and its span to the words.
    fn span(&mut self, s: &str) {
        let start = self.utf16_len;
        self.text.push_str(s);
        // UTF-16 units: one per character, two for the four-byte ones (lead byte 0xF0 and above).
        let units = s
            .bytes()
            .map(|b| u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0))
            .sum::<u32>();
        self.utf16_len = start.wrapping_add(units);
        self.words.push(start);
        self.words.push(self.utf16_len);
    }

    fn issues(&mut self, issues: &[Issue]) {
        self.words.push(issues.len() as u32);
        for issue in issues {
            self.span(issue.code.as_str());
            self.span(&issue.field);
            self.span(&issue.message);
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.words.push(0),
            Value::Bool(b) => self.words.push(1 + u32::from(*b)),
            Value::Number(text) => {
                self.words.push(3);
                self.span(text);
            }
            Value::String(s) => {
                self.words.push(4);
                self.span(s);
            }
            Value::Array(items) => {
                self.words.push(5);
                self.words.push(items.len() as u32);
                for item in items {
                    self.value(item);
                }
            }
            Value::Object(members) => {
                self.words.push(6);
                self.words.push(members.len() as u32);
                for (key, item) in members {
                    self.span(key);
                    self.value(item);
                }
            }
        }
    }

    /// Appends `report` (see [`Tape`]).
    pub fn write_report(&mut self, report: &Report) {
        self.words.push(u32::from(report.ok()));
        self.issues(&report.errors);
        self.issues(&report.warnings);
        match &report.request {
            Some(request) => self.value(request),
            None => self.words.push(0),
        }
        match &report.estimate {
            Some(e) => {
                self.words.push(1);
                self.span(e.model.id);
                self.words.push(e.duration);
                self.span(e.resolution);
                self.span(e.billed_resolution);
                self.span(e.input_kind.as_str());
                self.words.push(e.credits);
            }
            None => self.words.push(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::write_str;
    use crate::validate::validate_json;

    /// Reads a tape back into JSON text, as the Node glue reads it into objects.
    struct Reader<'a> {
        words: &'a [u32],
        text: Vec<u16>,
        at: usize,
    }

    impl Reader<'_> {
        fn word(&mut self) -> u32 {
            self.at += 1;
            self.words[self.at - 1]
        }
        fn string(&mut self) -> String {
            let (start, end) = (self.word() as usize, self.word() as usize);
            String::from_utf16(&self.text[start..end]).unwrap()
        }
        fn quoted(&mut self, out: &mut String) {
            let s = self.string();
            write_str(out, &s);
        }
        /// A count, then that many items, between the brackets with commas.
        fn list(
            &mut self,
            out: &mut String,
            brackets: [char; 2],
            item: fn(&mut Self, &mut String),
        ) {
            out.push(brackets[0]);
            for i in 0..self.word() {
                if i > 0 {
                    out.push(',');
                }
                item(self, out);
            }
            out.push(brackets[1]);
        }
        fn issues(&mut self, out: &mut String) {
            self.list(out, ['[', ']'], |r, out| {
                out.push_str("{\"code\":");
                r.quoted(out);
                out.push_str(",\"field\":");
                r.quoted(out);
                out.push_str(",\"message\":");
                r.quoted(out);
                out.push('}');
            });
        }
        fn value(&mut self, out: &mut String) {
            match self.word() {
                0 => out.push_str("null"),
                1 => out.push_str("false"),
                2 => out.push_str("true"),
                3 => out.push_str(&self.string()),
                4 => self.quoted(out),
                5 => self.list(out, ['[', ']'], Self::value),
                6 => self.list(out, ['{', '}'], |r, out| {
                    r.quoted(out);
                    out.push(':');
                    r.value(out);
                }),
                tag => panic!("bad tag {tag}"),
            }
        }
        fn report(&mut self) -> String {
            let mut out = String::new();
            out.push_str(if self.word() == 1 {
                "{\"ok\":true,\"errors\":"
            } else {
                "{\"ok\":false,\"errors\":"
            });
            self.issues(&mut out);
            out.push_str(",\"warnings\":");
            self.issues(&mut out);
            out.push_str(",\"request\":");
            self.value(&mut out);
            out.push_str(",\"estimate\":");
            if self.word() == 0 {
                out.push_str("null");
            } else {
                out.push_str("{\"model\":");
                self.quoted(&mut out);
                let duration = self.word();
                out.push_str(&format!(",\"duration\":{duration},\"resolution\":"));
                self.quoted(&mut out);
                out.push_str(",\"billed_resolution\":");
                self.quoted(&mut out);
                out.push_str(",\"input_kind\":");
                self.quoted(&mut out);
                let credits = self.word();
                out.push_str(&format!(",\"credits\":{credits},\"usd\":"));
                crate::pricing::write_usd(&mut out, credits);
                out.push('}');
            }
            out.push('}');
            out
        }
    }

    #[test]
    fn a_tape_reads_back_as_the_reports_json() {
        let mut tape = Tape::default();
        for input in [
            r#"{"prompt":"A cat surfing a wave at sunset"}"#,
            r#"{"prompt":"夕暮れの海辺を走る柴犬 🐕🌅 — 35mm","model":"seedance-2-mini","resolution":"1080p","aspect_ratio":"1:1"}"#,
            r#"{"prompt":"x","model":"seedance-2-mini","duration":12,"images":[" https://cdn.example.com/p.jpg"],"reference_video_urls":["https://cdn.example.com/r.mp4"],"reference_audio_urls":["https://cdn.example.com/s.mp3"],"callback_url":"https://hooks.example.com/s?run=42","public":false}"#,
            r#"{"prompt":"Drone \"shot\"\n\ud83d\ude00","seed":-0.5e+3,"__proto__":{"a":[true,null,{"😀":1}]},"x":1,"x":[],"n":{}}"#,
            r#"{"prompt":"","model":"seedance-3.0 😀","duration":"10","resolution":"2k","images":"https://a","callback_url":"http://localhost/cb","public":1,"DURATION":5,"\ud800":1}"#,
            r#"{"prompt":"ok","duration":15,"resolution":"1080p"}"#,
            "[1,2]",
            "null",
            "not json",
        ] {
            let report = validate_json(input, &Options::default());
            tape.clear();
            tape.write_report(&report);
            let mut reader = Reader {
                words: &tape.words,
                text: tape.text.encode_utf16().collect(),
                at: 0,
            };
            assert_eq!(reader.report(), report.to_json(), "{input}");
            assert_eq!(reader.at, tape.words.len(), "{input}: every word read");
            assert_eq!(tape.utf16_len as usize, reader.text.len(), "{input}");
        }
    }
}
