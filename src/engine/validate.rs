//! All request checks. Every problem is reported at once, each with its code and the wire name of
//! the field; the normalised request (defaults applied) and the price come back with them.

use crate::codes::Code;
use crate::engine::model::{
    self, Model, DEFAULT_ASPECT_RATIO, DEFAULT_DURATION, DEFAULT_RESOLUTION, MAX_PROMPT_CHARS,
    MODELS,
};
pub use crate::engine::odd_input::NO_JSON_KEY;
use crate::engine::odd_input::{loose_known_field, no_json_kind};
use crate::engine::pricing::{self, Estimate, InputKind};
pub use crate::engine::report::{models_json, write_issues, Issue, Options, Report, MODELS_JSON};
use crate::engine::url_check::{self, check_public_url};
use crate::json::{self, ObjectWriter, Value};
use crate::text::{fill, number_list, phrase, push_word, word_list};

/// The end of the message for a member that held a lone surrogate.
const LONE_SURROGATE: &str = " holds a lone surrogate (half of a UTF-16 pair), which is not text.";

/// Fields the API documents; anything else is kept and warned about.
const KNOWN_FIELDS: [&str; 10] = [
    "prompt",
    "model",
    "duration",
    "resolution",
    "aspect_ratio",
    "images",
    "reference_video_urls",
    "reference_audio_urls",
    "callback_url",
    "public",
];

/// Whether `key` is a field the API documents (the engine checks and prices it); every other key
/// of a valid request is an `UNKNOWN_FIELD`.
pub fn is_known_field(key: &str) -> bool {
    KNOWN_FIELDS.contains(&key)
}

/// Checks a request given as JSON text (how it crosses from JavaScript and arrives at the proxy).
pub fn validate_json(input: &str, options: &Options) -> Report {
    validate_json_with_prompt_head(input, None::<PromptMeasure<fn() -> String>>, options)
}

/// Whether a prompt is empty or only white space (Unicode's `White_Space`): refused.
pub fn blank(prompt: &str) -> bool {
    prompt.chars().all(char::is_whitespace)
}

/// What the rules may ask of a prompt that JavaScript did not copy into the wasm, only its head
/// (copying a long prompt, UTF-16 to UTF-8, was most of a call).
pub struct PromptMeasure<F: Fn() -> String> {
    /// The prompt's length in code points, or a figure from there to the limit when its code
    /// points are within it (all the rules ask then); 0 when only the whole prompt can tell.
    /// JavaScript measures it (src/js/json.js `promptLength`), where the string is.
    pub length: usize,
    /// The whole prompt, copied when its head and length cannot decide.
    pub whole: F,
}

/// [`validate_json`]; with `prompt`, of a request whose prompt is only its head in `input`, its
/// first characters. The rules seldom need more: the whole prompt is asked for only when the head
/// is white space (only the whole can tell whether it is [`blank`]) or its length is not known.
pub fn validate_json_with_prompt_head<F: Fn() -> String>(
    input: &str,
    prompt: Option<PromptMeasure<F>>,
    options: &Options,
) -> Report {
    let Ok(mut parsed) = json::parse_marked(input) else {
        return not_an_object("The request is not valid JSON.", &[]);
    };
    let mut chars = None;
    if let (Some(measure), Some(Value::String(head))) = (prompt, parsed.value.get_mut("prompt")) {
        if measure.length == 0 || blank(head) {
            // Counted and checked on the whole, as a prompt in the request's JSON is.
            *head = (measure.whole)();
        } else {
            chars = Some(measure.length);
        }
    }
    check_request(&parsed.value, &parsed.lone_surrogates, chars, options)
}

/// `key[i]`: the name of a list's item in a report.
fn item_name(key: &str, i: usize) -> String {
    let mut name = String::from(key);
    name.push('[');
    json::write_u64(&mut name, i as u64);
    name.push(']');
    name
}

/// The report of a request that is not an object, its message `template` filled with `args`.
fn not_an_object(template: &str, args: &[&str]) -> Report {
    Report {
        errors: vec![Issue::new(Code::InvalidField, "", fill(template, args))],
        warnings: Vec::new(),
        request: None,
        estimate: None,
        model: None,
    }
}

/// Names a wrong option as the report's problem (the request is then not to be sent), so that
/// `validateRequest` still never throws.
pub fn add_option_error(report: &mut Report, message: &str) {
    report.errors.push(Issue::new(
        Code::InvalidField,
        "maxCredits",
        message.to_owned(),
    ));
    report.request = None;
}

/// Fields whose values set the price.
const PRICING_FIELDS: [&str; 4] = ["model", "duration", "resolution", "reference_video_urls"];

/// Whether a key is a case/space variant of a pricing field, which leaves the price unknown: a
/// service that reads keys loosely might bill by it.
fn loose_pricing_key(key: &str) -> bool {
    loose_known_field(key, &KNOWN_FIELDS).is_some_and(|f| PRICING_FIELDS.contains(&f))
}

/// The estimate, or the first problem with a pricing input (`estimateCost` throws it).
pub fn estimate_or_issue(report: &Report) -> Result<Estimate, Issue> {
    estimate_or_pricing_issue(report).map_err(|issue| issue.cloned().unwrap_or_else(unpriceable))
}

/// [`estimate_or_issue`] by reference (the engine's wasm writes the issue without copying it):
/// `Err(None)` when no error names a pricing input, which is [`unpriceable`].
pub fn estimate_or_pricing_issue(report: &Report) -> Result<Estimate, Option<&Issue>> {
    report.estimate.ok_or_else(|| {
        report.errors.iter().find(|i| {
            i.field.is_empty()
                || loose_pricing_key(&i.field)
                || PRICING_FIELDS
                    .iter()
                    .any(|f| i.field == *f || is_item_of(&i.field, f))
        })
    })
}

/// The issue of a request without an estimate whose errors name no pricing input.
pub fn unpriceable() -> Issue {
    Issue::new(
        Code::InvalidField,
        "",
        fill("The request cannot be priced.", &[]),
    )
}

/// Whether `field` names an item of the list `key` (`images[2]` of `images`).
fn is_item_of(field: &str, key: &str) -> bool {
    field.as_bytes().get(key.len()) == Some(&b'[') && field.starts_with(key)
}

/// Checks one request value.
pub fn validate(input: &Value, options: &Options) -> Report {
    check_request(input, &[], None, options)
}

/// Checks one request value whose members at these indexes held lone surrogates (see
/// [`json::Parsed`]); `prompt_chars` is the prompt's length when its value is only its head.
fn check_request(
    input: &Value,
    lone_surrogates: &[usize],
    prompt_chars: Option<usize>,
    options: &Options,
) -> Report {
    let members = match (input, no_json_kind(input)) {
        (Value::Object(members), None) => members,
        (other, kind) => {
            let kind = kind.unwrap_or(other.kind());
            return not_an_object("The request must be an object, not {}.", &[&phrase(kind)]);
        }
    };
    let mut check = Check {
        input,
        members,
        lone_surrogates,
        prompt_chars,
        errors: Vec::new(),
        warnings: Vec::new(),
    };

    check.prompt();
    let model = check.model(options.model_override);
    let duration = model.and_then(|m| check.duration(m));
    let resolution = model.and_then(|m| check.resolution(m));
    let images = check.url_list("images", Code::InvalidImageUrl);
    let videos = check.url_list("reference_video_urls", Code::InvalidReferenceUrl);
    let audios = check.url_list("reference_audio_urls", Code::InvalidReferenceUrl);
    let has_images = images.is_some_and(|n| n > 0);
    if let Some(m) = model {
        check.image_count(m, images.unwrap_or(0));
        check.references(m, videos, audios);
        check.aspect_ratio(m, has_images);
    }
    check.callback_url();
    check.public();
    check.other_members();

    // A field exactly is no other's variant: only the rest are folded (a twentieth of a call).
    let price_is_ambiguous = members
        .iter()
        .any(|(key, _)| !is_known_field(key) && loose_pricing_key(key));
    let estimate = match (
        model,
        duration,
        resolution,
        videos.is_some() || check.absent("reference_video_urls"),
    ) {
        (Some(m), Some(d), Some(r), true) if !price_is_ambiguous => {
            let uses_video = m.reference_video && videos.is_some_and(|n| n > 0);
            let kind = match (uses_video, has_images) {
                (true, _) => InputKind::Video,
                (false, true) => InputKind::Image,
                (false, false) => InputKind::Text,
            };
            pricing::estimate(m, d, r, kind)
        }
        _ => None,
    };
    if let (Some(limit), Some(e)) = (options.max_credits, estimate) {
        if e.credits > limit {
            check.issue(
                Code::BudgetExceeded,
                "",
                "The request costs {} credits, over the budget of {}.",
                &[
                    &json::u64_text(e.credits.into()),
                    &json::u64_text(limit.into()),
                ],
            );
        }
    }

    let request = match (check.errors.is_empty(), model, estimate) {
        (true, Some(m), Some(e)) => Some(normalize(input, members, m, &e, has_images)),
        _ => None,
    };
    Report {
        errors: check.errors,
        warnings: check.warnings,
        request,
        estimate,
        model,
    }
}

/// The request as it should be sent: known fields in a fixed order with defaults, then the rest.
fn normalize(
    input: &Value,
    members: &[(String, Value)],
    model: &Model,
    estimate: &Estimate,
    has_images: bool,
) -> Value {
    let mut out: Vec<(String, Value)> = Vec::with_capacity(members.len() + 4);
    let mut put = |key: &str, value: Value| out.push((key.to_owned(), value));
    let given = |key: &str| input.get(key).filter(|v| !matches!(v, Value::Null));

    put("model", Value::String(model.id.to_owned()));
    if let Some(prompt) = given("prompt") {
        put("prompt", prompt.clone());
    }
    put(
        "duration",
        Value::Number(json::u64_text(estimate.duration.into())),
    );
    put(
        "resolution",
        Value::String(estimate.billed_resolution.to_owned()),
    );
    match given("aspect_ratio") {
        Some(ratio) => put("aspect_ratio", ratio.clone()),
        None if !has_images => put(
            "aspect_ratio",
            Value::String(DEFAULT_ASPECT_RATIO.to_owned()),
        ),
        None => {}
    }
    // An empty list is left out; `callback_url` and `public` are never lists here (no errors).
    for &key in &[
        "images",
        "reference_video_urls",
        "reference_audio_urls",
        "callback_url",
        "public",
    ] {
        if let Some(value) =
            given(key).filter(|v| !matches!(v, Value::Array(items) if items.is_empty()))
        {
            put(key, cleaned_urls(value));
        }
    }
    // A repeated key keeps its last value, as `JSON.parse` does.
    for last in json::last_of_each_key(members) {
        let (key, value) = &members[last];
        if !is_known_field(key) {
            out.push((key.clone(), value.clone()));
        }
    }
    Value::Object(out)
}

/// URL strings as the WHATWG parser reads them ([`url_check::clean`]): the text that was checked
/// is the text sent. Other values are kept as they are.
fn cleaned_urls(value: &Value) -> Value {
    let mut value = value.clone();
    let items = match &mut value {
        Value::Array(items) => items.as_mut_slice(),
        single => std::slice::from_mut(single),
    };
    for item in items {
        if let Value::String(url) = item {
            *url = url_check::clean(url).into_owned();
        }
    }
    value
}

struct Check<'a> {
    input: &'a Value,
    members: &'a [(String, Value)],
    /// Indexes of the members that held lone surrogates.
    lone_surrogates: &'a [usize],
    /// The prompt's length when its value is only its head ([`validate_json_with_prompt_head`]):
    /// in code points, or in UTF-16 units when those are within the limit.
    prompt_chars: Option<usize>,
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
}

impl<'a> Check<'a> {
    /// A field's value; `null` counts as absent, as it does for optional JSON fields generally.
    fn field(&self, key: &str) -> Option<&'a Value> {
        self.input.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// Whether a member named `key` held a lone surrogate.
    fn held_lone_surrogate(&self, key: &str) -> bool {
        let members = self.members;
        self.lone_surrogates
            .iter()
            .any(|&i| members.get(i).is_some_and(|(k, _)| k == key))
    }

    fn absent(&self, key: &str) -> bool {
        self.field(key).is_none()
    }

    /// Adds an error, or a warning when `code` is one ([`Code::is_warning`]), whose message is
    /// `template` filled with `args` (see [`fill`]): one call per check instead of two, and one
    /// function for both lists (wasm size: -23 B gzip against one for each).
    fn issue(&mut self, code: Code, field: &str, template: &str, args: &[&str]) {
        let message = fill(template, args);
        let list = if code.is_warning() {
            &mut self.warnings
        } else {
            &mut self.errors
        };
        list.push(Issue::new(code, field, message));
    }

    fn wrong_type(&mut self, field: &str, expected: &str, got: &Value) {
        // Quote short strings: `not the string "10"` explains a form value, `"NaN"` a bad number.
        let got = match got {
            Value::String(s) if json::char_count(s) <= 24 => fill("the string \"{}\"", &[s]),
            other => phrase(no_json_kind(other).unwrap_or(other.kind())),
        };
        self.issue(
            Code::InvalidField,
            field,
            "\"{}\" must be {}, not {}.",
            &[field, &phrase(expected), &got],
        );
    }

    /// A string field; reports a wrong type and returns `None` for it.
    fn string(&mut self, key: &str) -> Option<&'a str> {
        let value = self.field(key)?;
        match value {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(key, "a string", other);
                None
            }
        }
    }

    fn prompt(&mut self) {
        if self.absent("prompt") {
            self.issue(Code::InvalidPrompt, "prompt", "A prompt is required.", &[]);
            return;
        }
        let Some(prompt) = self.string("prompt") else {
            return;
        };
        if self.held_lone_surrogate("prompt") {
            self.issue(
                Code::InvalidPrompt,
                "prompt",
                "The prompt{}",
                &[&phrase(LONE_SURROGATE)],
            );
        } else if blank(prompt) {
            self.issue(
                Code::InvalidPrompt,
                "prompt",
                "The prompt must not be empty or only white space.",
                &[],
            );
        } else {
            let length = self
                .prompt_chars
                .unwrap_or_else(|| json::char_count(prompt));
            if length > MAX_PROMPT_CHARS {
                self.issue(
                    Code::InvalidPrompt,
                    "prompt",
                    "The prompt has {} characters; at most {} are allowed.",
                    &[
                        &json::u64_text(length as u64),
                        &json::u64_text(MAX_PROMPT_CHARS as u64),
                    ],
                );
            }
        }
    }

    fn model(&mut self, forced: Option<&'static Model>) -> Option<&'static Model> {
        if forced.is_some() {
            return forced;
        }
        if self.absent("model") {
            return Some(model::default_model());
        }
        let id = self.string("model")?;
        let found = model::find(id);
        if found.is_none() {
            let mut names = String::new();
            for m in &MODELS {
                push_word(&mut names, m.id);
            }
            self.issue(
                Code::InvalidModel,
                "model",
                "Unknown model \"{}\"; use one of {}.",
                &[id, &names],
            );
        }
        found
    }

    fn duration(&mut self, model: &Model) -> Option<u32> {
        let Some(value) = self.field("duration") else {
            return Some(DEFAULT_DURATION);
        };
        let Value::Number(_) = value else {
            self.wrong_type("duration", "a number of seconds", value);
            return None;
        };
        match value.as_i64() {
            Some(seconds) if model.durations.allows(seconds) => u32::try_from(seconds).ok(),
            _ => {
                let allowed = match model.durations {
                    model::Durations::OneOf(values) => number_list(values, ", ", " or "),
                    model::Durations::Range { min, max } => number_list(&[min, max], "", " to "),
                };
                self.issue(
                    Code::InvalidDuration,
                    "duration",
                    "The duration for {} must be {} seconds.",
                    &[model.id, &allowed],
                );
                None
            }
        }
    }

    fn resolution(&mut self, model: &Model) -> Option<&'static str> {
        if self.absent("resolution") {
            return Some(DEFAULT_RESOLUTION);
        }
        let requested = self.string("resolution")?;
        let Some(&(name, billed)) = model
            .billed_resolutions
            .iter()
            .find(|(r, _)| *r == requested)
        else {
            let mut names = String::new();
            for &(r, _) in model.billed_resolutions {
                push_word(&mut names, r);
            }
            self.issue(
                Code::InvalidResolution,
                "resolution",
                "The resolution must be one of {}.",
                &[&names],
            );
            return None;
        };
        if name != billed {
            self.issue(
                Code::ResolutionDowngraded,
                "resolution",
                "{} renders {} as {} and bills it as {}.",
                &[model.id, name, billed, billed],
            );
        }
        Some(name)
    }

    fn aspect_ratio(&mut self, model: &Model, has_images: bool) {
        let Some(ratio) = self.string("aspect_ratio") else {
            return;
        };
        if !model.allows_aspect_ratio(ratio) {
            self.issue(
                Code::InvalidAspectRatio,
                "aspect_ratio",
                "The aspect ratio for {} must be one of {}.",
                &[model.id, &word_list(model.aspect_ratios)],
            );
        } else if has_images {
            self.issue(
                Code::AspectRatioIgnored,
                "aspect_ratio",
                "The aspect ratio applies to text-to-video only; with images it is ignored.",
                &[],
            );
        }
    }

    /// Checks a list of URLs; returns its length when it is a list (of anything).
    fn url_list(&mut self, key: &str, code: Code) -> Option<usize> {
        let value = self.field(key)?;
        let Value::Array(items) = value else {
            self.wrong_type(key, "an array of URL strings", value);
            return None;
        };
        for (i, item) in items.iter().enumerate() {
            let field = || item_name(key, i);
            match item {
                Value::String(url) => {
                    if let Err(problem) = check_public_url(url) {
                        self.issue(
                            code,
                            &field(),
                            "Each URL in \"{}\" {}.",
                            &[key, &problem.message()],
                        );
                    }
                }
                other => self.wrong_type(&field(), "a URL string", other),
            }
        }
        Some(items.len())
    }

    fn image_count(&mut self, model: &Model, count: usize) {
        if count > model.max_images as usize {
            self.issue(
                Code::TooManyImages,
                "images",
                "At most {} images are allowed; {} were given.",
                &[
                    &json::u64_text(model.max_images.into()),
                    &json::u64_text(count as u64),
                ],
            );
        }
    }

    fn references(&mut self, model: &Model, videos: Option<usize>, audios: Option<usize>) {
        let video: fn(&Model) -> bool = |m| m.reference_video;
        let audio: fn(&Model) -> bool = |m| m.reference_audio;
        for &(key, count, supports) in &[
            ("reference_video_urls", videos, video),
            ("reference_audio_urls", audios, audio),
        ] {
            if count.is_some_and(|n| n > 0) && !supports(model) {
                let mut users = String::new();
                for user in MODELS.iter().filter(|m| supports(m)) {
                    push_word(&mut users, user.id);
                }
                self.issue(
                    Code::UnsupportedForModel,
                    key,
                    "\"{}\" is used by {} only; {} ignores it.",
                    &[key, &users, model.id],
                );
            }
        }
    }

    fn callback_url(&mut self) {
        let Some(url) = self.string("callback_url") else {
            return;
        };
        if let Err(problem) = check_public_url(url) {
            self.issue(
                Code::InvalidCallbackUrl,
                "callback_url",
                "The callback URL {}.",
                &[&problem.message()],
            );
        }
    }

    /// Members other than the known fields' values: lone surrogates anywhere, case variants of
    /// known keys, values JSON cannot carry; what is left is an unknown field, sent as is.
    fn other_members(&mut self) {
        // The marked indexes ascend: one cursor walks them beside the members (linear time).
        let mut marked = self.lone_surrogates.iter().peekable();
        for (i, (key, value)) in self.members.iter().enumerate() {
            let known = is_known_field(key);
            let held_lone_surrogate = marked.next_if_eq(&&i).is_some();
            if key != "prompt" && held_lone_surrogate {
                self.issue(
                    Code::InvalidField,
                    key,
                    "\"{}\"{}",
                    &[key, &phrase(LONE_SURROGATE)],
                );
            } else if known {
                // Checked above with its field.
            } else if let Some(field) = loose_known_field(key, &KNOWN_FIELDS) {
                self.issue(
                    Code::InvalidField,
                    key,
                    "\"{}\" is not a field; field names are exact and lower case (\"{}\").",
                    &[key, field],
                );
            } else if let Some(kind) = no_json_kind(value) {
                self.issue(
                    Code::InvalidField,
                    key,
                    "\"{}\" is {}, which JSON cannot carry.",
                    &[key, &phrase(kind)],
                );
            } else if let Some((i, kind)) = match value {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .find_map(|(i, item)| no_json_kind(item).map(|kind| (i, kind))),
                _ => None,
            } {
                let field = item_name(key, i);
                self.issue(
                    Code::InvalidField,
                    &field,
                    "\"{}\" is {}, which JSON cannot carry.",
                    &[&field, &phrase(kind)],
                );
            } else {
                self.issue(
                    Code::UnknownField,
                    key,
                    "\"{}\" is not a documented field; it is sent as is.",
                    &[key],
                );
            }
        }
    }

    fn public(&mut self) {
        if let Some(value) = self.field("public") {
            if !matches!(value, Value::Bool(_)) {
                self.wrong_type("public", "true or false", value);
            }
        }
    }
}

/// `compareModels`: the same request checked and priced for every model, in catalogue order.
pub fn compare_json(input: &str) -> String {
    let parsed = json::parse_marked(input).ok();
    let mut out = String::from("[");
    for (i, model) in MODELS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let options = Options {
            max_credits: None,
            model_override: Some(model),
        };
        let report = match &parsed {
            Some(p) => check_request(&p.value, &p.lone_surrogates, None, &options),
            None => not_an_object("The request is not valid JSON.", &[]),
        };
        let mut w = ObjectWriter::new(&mut out);
        w.str("model", model.id)
            .bool("ok", report.ok())
            .key("estimate");
        match &report.estimate {
            Some(e) => e.write_json(w.out),
            None => w.out.push_str("null"),
        }
        w.key("errors");
        write_issues(w.out, &report.errors);
        w.end();
    }
    out.push(']');
    out
}
