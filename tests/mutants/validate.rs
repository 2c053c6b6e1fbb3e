//! `validate`: what `estimateCost` reports when a request cannot be priced.

use seedance_wasm::codes::Code;
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
