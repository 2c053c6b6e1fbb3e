//! What a check writes back: the issues, the `ValidationReport` and the model catalogue, as the
//! JSON the JavaScript contract names. The checks themselves are in `validate`.

use crate::codes::Code;
use crate::engine::model::Model;
use crate::engine::pricing::Estimate;
use crate::json::{ObjectWriter, Value};

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

    /// Sets the request's prompt to `null`, for glue that puts back the string it passed apart
    /// (`validate_json_with_prompt_head`): the prompt's head then never crosses back, and a
    /// report of ASCII text stays ASCII, which JavaScript decodes and parses faster.
    pub fn clear_prompt(&mut self) {
        if let Some(slot) = self.request.as_mut().and_then(|r| r.get_mut("prompt")) {
            *slot = Value::Null;
        }
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

#[cfg(test)]
mod tests {
    use crate::engine::validate::{
        blank, validate_json, validate_json_with_prompt_head, Options, PromptMeasure,
    };
    use crate::json::{parse, write_str, Value};

    /// The report's text with its request's prompt (cleared) set to the whole prompt, as the glue
    /// sets it.
    fn with_prompt_put_back(text: &str, prompt: &str) -> String {
        let mut report = parse(text).unwrap();
        if let Value::Object(members) = &mut report {
            if let Some((_, Value::Object(request))) =
                members.iter_mut().find(|(k, _)| k == "request")
            {
                let slot = request.iter_mut().find(|(k, _)| k == "prompt").unwrap();
                assert_eq!(slot.1, Value::Null, "null in place of the prompt");
                slot.1 = Value::String(prompt.to_owned());
            }
        }
        report.to_json()
    }

    #[test]
    fn a_prompt_apart_gives_the_report_of_the_whole_request() {
        for (rest, prompt) in [
            (r#"{}"#, "A cat surfing a wave at sunset"),
            (
                r#"{"model":"seedance-2-mini","resolution":"1080p","aspect_ratio":"1:1"}"#,
                "夕暮れの海辺を走る柴犬 🐕🌅 — 35mm",
            ),
            (
                r#"{"model":"seedance-2-mini","duration":12,"images":[" https://cdn.example.com/p.jpg"],"reference_video_urls":["https://cdn.example.com/r.mp4"],"public":false}"#,
                "x",
            ),
            (
                r#"{"seed":-0.5e+3,"__proto__":{"a":[true,null,{"😀":1}]},"x":1,"x":[],"n":{}}"#,
                "Drone \"shot\"\n\u{1}",
            ),
            (
                r#"{"model":"seedance-3.0 😀","duration":"10","DURATION":5,"\ud800":1}"#,
                " ",
            ),
            (
                r#"{"duration":15,"resolution":"1080p"}"#,
                &"夕".repeat(2001),
            ),
            (
                r#"{"duration":15,"resolution":"1080p"}"#,
                &"🐕".repeat(2000),
            ),
            (r#"{"duration":15}"#, "\u{3000}\u{85} \t\u{feff}夕 "),
            (r#"{}"#, &" ".repeat(2001)),
            (r#"{"duration":15}"#, &"a🐕".repeat(1000)),
            (
                r#"{"duration":15}"#,
                &["a🐕".repeat(1000), "a".into()].concat(),
            ),
        ] {
            // The prompt as the last member of the request's text.
            let with_prompt = |prompt: &str| {
                let mut text = rest.strip_suffix('}').unwrap().to_owned();
                text.push_str(if text.len() > 1 {
                    ",\"prompt\":"
                } else {
                    "\"prompt\":"
                });
                write_str(&mut text, prompt);
                text.push('}');
                text
            };
            let whole_report = validate_json(&with_prompt(prompt), &Options::default()).to_json();
            let chars = prompt.chars().count();
            let units = prompt.encode_utf16().count();
            // Every head the glue may pass: some first characters of the prompt, or all of them.
            for n in 0..=chars {
                let head: String = prompt.chars().take(n).collect();
                let asked = core::cell::Cell::new(false);
                let whole = || {
                    asked.set(true);
                    prompt.to_owned()
                };
                // What src/js/json.js `promptLength` gives.
                let length = match (units <= 2000 || units == chars, chars <= 2000) {
                    (true, _) => units,
                    (false, true) => 2000,
                    (false, false) => 0,
                };
                let measure = PromptMeasure { length, whole };
                let mut apart = validate_json_with_prompt_head(
                    &with_prompt(&head),
                    Some(measure),
                    &Options::default(),
                );
                apart.clear_prompt();
                let text = with_prompt_put_back(&apart.to_json(), prompt);
                assert_eq!(text, whole_report, "{rest} {prompt} {n}");
                // The whole prompt only when the head is white space or the length unknown.
                assert_eq!(
                    asked.get(),
                    blank(&head) || length == 0,
                    "{rest} {prompt} {n}"
                );
            }
        }
    }
}
