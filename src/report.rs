//! What a check writes back: the issues, the `ValidationReport` and the model catalogue, as the
//! JSON the JavaScript contract names. The checks themselves are in `validate`.

use crate::codes::Code;
use crate::json::{write_str, ObjectWriter, Value};
use crate::model::{Model, MODELS};
use crate::pricing::Estimate;
use crate::validate::{number_list, MAX_PROMPT_CHARS};

/// One problem with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// `listModels`: the catalogue as JSON, for forms to build their options from. Written straight
/// into the text (no `Value`s built and dropped, no closures): a third of this is the engine's
/// wasm otherwise.
pub fn models_json() -> String {
    let mut out = String::from("[");
    for (i, model) in MODELS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut w = ObjectWriter::new(&mut out);
        w.str("id", model.id)
            .str("label", model.label)
            .raw("durations", "[");
        w.out
            .push_str(&number_list(&model.durations.list(), ",", ","));
        w.out.push(']');
        w.key("resolutions");
        // The natively rendered ones: accepted and not downgraded.
        w.out.push('[');
        for (r, b) in model.billed_resolutions {
            if r == b {
                push_string_item(w.out, r);
            }
        }
        w.out.push(']');
        w.key("billed_resolutions");
        let mut billed = ObjectWriter::new(w.out);
        for (r, b) in model.billed_resolutions {
            billed.str(r, b);
        }
        billed.end();
        w.key("aspect_ratios").out.push('[');
        for ratio in model.aspect_ratios {
            push_string_item(w.out, ratio);
        }
        w.out.push(']');
        w.uint("max_images", model.max_images.into())
            .bool("reference_video", model.reference_video)
            .bool("reference_audio", model.reference_audio)
            .bool("is_default", model.is_default)
            .uint("max_prompt_chars", MAX_PROMPT_CHARS as u64);
        w.end();
    }
    out.push(']');
    out
}

/// Appends `item` to a JSON array being written: a string, after a comma unless it is the first.
fn push_string_item(out: &mut String, item: &str) {
    if out.as_bytes().last() != Some(&b'[') {
        out.push(',');
    }
    write_str(out, item);
}
