//! `validate`: what `estimateCost` reports when a request cannot be priced.

use seedance_wasm::codes::Code;
use seedance_wasm::engine::model::MODELS;
use seedance_wasm::engine::validate::{estimate_or_issue, validate_json, Issue, Options};

fn issue(request: &str) -> (Code, String, String) {
    let issue = estimate_or_issue(&validate_json(request, &Options::default())).unwrap_err();
    (issue.code, issue.field, issue.message)
}

/// A problem with the request as a whole (not JSON, not an object) is the reason it cannot be
/// priced, and is reported as it is, not replaced by the generic sentence.
#[test]
fn whole_request_issues_are_the_reason() {
    assert_eq!(
        issue("[1, 2]"),
        (
            Code::InvalidField,
            String::new(),
            "The request must be an object, not an array.".to_owned()
        )
    );
    assert_eq!(
        issue("{\"prompt\":"),
        (
            Code::InvalidField,
            String::new(),
            "The request is not valid JSON.".to_owned()
        )
    );
}

/// Each error of the report on `request` as (code, field, message).
fn errors(request: &str) -> Vec<(&'static str, String, String)> {
    let issues = report(request, None).errors;
    let triple = |i: Issue| (i.code.as_str(), i.field, i.message);
    issues.into_iter().map(triple).collect()
}

/// A wrong-typed string is quoted in the message up to 24 characters, and named by its kind
/// beyond (a long one would swamp the sentence).
#[test]
fn wrong_type_quotes_short_strings_only() {
    let at_limit = "123456789012345678901234";
    assert_eq!(
        errors(&format!(r#"{{"prompt":"x","duration":"{at_limit}"}}"#)),
        [(
            "INVALID_FIELD",
            "duration".to_owned(),
            format!("\"duration\" must be a number of seconds, not the string \"{at_limit}\".")
        )]
    );
    assert_eq!(
        errors(&format!(r#"{{"prompt":"x","duration":"{at_limit}5"}}"#)),
        [(
            "INVALID_FIELD",
            "duration".to_owned(),
            "\"duration\" must be a number of seconds, not a string.".to_owned()
        )]
    );
}

/// The choices a message offers are the catalogue's, comma-separated, in its order.
#[test]
fn messages_list_the_choices() {
    let ids: Vec<&str> = MODELS.iter().map(|m| m.id).collect();
    assert_eq!(
        errors(r#"{"prompt":"x","model":"nope"}"#),
        [(
            "INVALID_MODEL",
            "model".to_owned(),
            format!("Unknown model \"nope\"; use one of {}.", ids.join(", "))
        )]
    );
    let default = MODELS.iter().find(|m| m.is_default).unwrap();
    assert_eq!(
        errors(r#"{"prompt":"x","aspect_ratio":"7:7"}"#),
        [(
            "INVALID_ASPECT_RATIO",
            "aspect_ratio".to_owned(),
            format!(
                "The aspect ratio for {} must be one of {}.",
                default.id,
                default.aspect_ratios.join(", ")
            )
        )]
    );
}

fn report(request: &str, max_credits: Option<u32>) -> seedance_wasm::engine::validate::Report {
    let options = Options {
        max_credits,
        ..Options::default()
    };
    validate_json(request, &options)
}

fn prompt_of(chars: usize) -> String {
    format!(r#"{{"prompt":"{}"}}"#, "é".repeat(chars))
}

/// The prompt limit counts code points and allows exactly `MAX_PROMPT_CHARS`.
#[test]
fn prompt_limit_is_inclusive() {
    use seedance_wasm::engine::model::MAX_PROMPT_CHARS;
    assert_eq!(errors(&prompt_of(MAX_PROMPT_CHARS)), []);
    assert_eq!(
        errors(&prompt_of(MAX_PROMPT_CHARS + 1)),
        [(
            "INVALID_PROMPT",
            "prompt".to_owned(),
            format!(
                "The prompt has {} characters; at most {MAX_PROMPT_CHARS} are allowed.",
                MAX_PROMPT_CHARS + 1
            )
        )]
    );
}

/// Each model takes exactly its `max_images`, and one more is an error naming both counts.
#[test]
fn image_limit_is_inclusive_for_every_model() {
    for model in MODELS {
        let n = model.max_images as usize;
        let images = |count: usize| {
            (0..count)
                .map(|i| format!("\"https://cdn.example.com/{i}.png\""))
                .collect::<Vec<_>>()
                .join(",")
        };
        let request = |count| {
            format!(
                r#"{{"prompt":"x","model":"{}","images":[{}]}}"#,
                model.id,
                images(count)
            )
        };
        assert_eq!(errors(&request(n)), [], "{}", model.id);
        assert_eq!(
            errors(&request(n + 1)),
            [(
                "TOO_MANY_IMAGES",
                "images".to_owned(),
                format!("At most {n} images are allowed; {} were given.", n + 1)
            )],
            "{}",
            model.id
        );
    }
}

/// A budget equal to the price is enough; one credit less is not.
#[test]
fn budget_equal_to_the_price_is_enough() {
    let request = r#"{"prompt":"x"}"#;
    let price = report(request, None).estimate.unwrap().credits;
    let at = report(request, Some(price));
    assert_eq!(
        (at.errors.len(), at.estimate.map(|e| e.credits)),
        (0, Some(price))
    );
    let under = report(request, Some(price - 1));
    let got: Vec<_> = under
        .errors
        .iter()
        .map(|i| (i.code, i.field.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            Code::BudgetExceeded,
            "",
            format!(
                "The request costs {price} credits, over the budget of {}.",
                price - 1
            )
            .as_str()
        )]
    );
}

/// Empty `images` and `reference_video_urls` lists are no images and no videos: priced as text,
/// the default aspect ratio applied, no warning, and the empty lists not sent.
#[test]
fn empty_lists_are_no_input() {
    for model in MODELS {
        let text_only = report(&format!(r#"{{"prompt":"x","model":"{}"}}"#, model.id), None);
        let empty = report(
            &format!(
                r#"{{"prompt":"x","model":"{}","images":[],"reference_video_urls":[],"reference_audio_urls":[]}}"#,
                model.id
            ),
            None,
        );
        assert_eq!(empty.errors, [], "{}", model.id);
        assert_eq!(empty.warnings, [], "{}", model.id);
        let (e, t) = (empty.estimate.unwrap(), text_only.estimate.unwrap());
        assert_eq!(
            (e.input_kind.as_str(), e.credits),
            ("text", t.credits),
            "{}",
            model.id
        );
        assert_eq!(
            empty.request.unwrap().to_json(),
            format!(
                r#"{{"model":"{}","prompt":"x","duration":5,"resolution":"720p","aspect_ratio":"16:9"}}"#,
                model.id
            )
        );
    }
}

/// An unknown key given twice is sent once, with its last value (as `JSON.parse` keeps it).
#[test]
fn repeated_unknown_keys_are_sent_once() {
    let r = report(r#"{"prompt":"x","extra":1,"extra":2,"more":[3]}"#, None);
    let json = r.request.unwrap().to_json();
    assert!(
        json.ends_with(r#""aspect_ratio":"16:9","extra":2,"more":[3]}"#),
        "{json}"
    );
}

/// The durations a message offers, written as the catalogue lists them.
#[test]
fn duration_messages_list_each_models_durations() {
    use seedance_wasm::engine::model::Durations;
    for model in MODELS {
        let allowed = match model.durations {
            Durations::OneOf(values) => {
                let text: Vec<String> = values.iter().map(u32::to_string).collect();
                let (last, rest) = text.split_last().unwrap();
                format!("{} or {last}", rest.join(", "))
            }
            Durations::Range { min, max } => format!("{min} to {max}"),
        };
        assert_eq!(
            errors(&format!(
                r#"{{"prompt":"x","model":"{}","duration":1000}}"#,
                model.id
            )),
            [(
                "INVALID_DURATION",
                "duration".to_owned(),
                format!("The duration for {} must be {allowed} seconds.", model.id)
            )]
        );
    }
}

/// The warning for reference media on a model that ignores them names the models that use them.
#[test]
fn reference_warnings_name_the_models_that_use_them() {
    let users = |uses: fn(&seedance_wasm::engine::model::Model) -> bool| {
        let ids: Vec<&str> = MODELS.iter().filter(|m| uses(m)).map(|m| m.id).collect();
        ids.join(", ")
    };
    let r = report(
        r#"{"prompt":"x","reference_video_urls":["https://cdn.example.com/v.mp4"],"reference_audio_urls":["https://cdn.example.com/a.mp3"]}"#,
        None,
    );
    let default = MODELS.iter().find(|m| m.is_default).unwrap().id;
    let warnings: Vec<_> = r
        .warnings
        .iter()
        .map(|w| (w.code, w.field.as_str(), w.message.clone()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Code::UnsupportedForModel,
                "reference_video_urls",
                format!(
                    "\"reference_video_urls\" is used by {} only; {default} ignores it.",
                    users(|m| m.reference_video)
                )
            ),
            (
                Code::UnsupportedForModel,
                "reference_audio_urls",
                format!(
                    "\"reference_audio_urls\" is used by {} only; {default} ignores it.",
                    users(|m| m.reference_audio)
                )
            ),
        ]
    );
}

/// `estimateCost` reports the first problem with a pricing input: an item of
/// `reference_video_urls` counts, an item of another list does not. (The loose `Duration` key
/// leaves the price unknown in both.)
#[test]
fn pricing_issue_is_an_item_of_a_pricing_list() {
    let (code, field, _) = issue(
        r#"{"prompt":"x","model":"seedance-2-mini","reference_video_urls":["http://10.0.0.1/v.mp4"],"Duration":5}"#,
    );
    assert_eq!(
        (code, field.as_str()),
        (Code::InvalidReferenceUrl, "reference_video_urls[0]")
    );
    let (code, field, _) = issue(
        r#"{"prompt":"x","model":"seedance-2-mini","reference_audio_urls":["http://10.0.0.1/a.mp3"],"Duration":5}"#,
    );
    assert_eq!((code, field.as_str()), (Code::InvalidField, "Duration"));
}
