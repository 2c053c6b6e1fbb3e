//! `validate`: what `estimateCost` reports when a request cannot be priced.

use seedance_wasm::codes::Code;
use seedance_wasm::model::MODELS;
use seedance_wasm::validate::{estimate_or_issue, validate_json, Options};

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

fn errors(request: &str) -> Vec<(&'static str, String, String)> {
    validate_json(request, &Options::default())
        .errors
        .into_iter()
        .map(|i| (i.code.as_str(), i.field, i.message))
        .collect()
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
