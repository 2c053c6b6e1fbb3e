//! Validation and pricing exports.

use super::{
    from_json, make_error_from_json, number_of, option, prompt_apart, prompt_length,
    report_with_prompt, request_json, request_json_text, utf8_of,
};
use crate::client::error::ClientError;
use crate::engine::model::MAX_PROMPT_CHARS;
use crate::engine::validate::{self, Options, PromptMeasure};
use wasm_bindgen::prelude::*;

/// Reads the `maxCredits` option: absent, or a whole number of credits from 0 to 2^32-1.
pub(crate) fn max_credits(options: &JsValue) -> Result<Option<u32>, ClientError> {
    let value = option(options, "maxCredits");
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let n = number_of(&value);
    if n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0 {
        Ok(Some(n as u32))
    } else {
        Err(ClientError::invalid_option(
            "maxCredits must be a whole, non-negative number of credits.",
            &[],
        ))
    }
}

/// Asks that the next call write its messages tagged for the Chinese module (see `crate::text`):
/// the entries ask just before a call whose caller asked for Chinese, and clear it after.
#[wasm_bindgen(js_name = tagMessages)]
pub fn tag_messages(on: bool) {
    crate::text::ask_tagged(on);
}

/// Checks a request and prices it; never throws. See `ValidationReport` in the package's types.
#[wasm_bindgen(js_name = validateRequest)]
pub fn validate_request(req: JsValue, options: JsValue) -> JsValue {
    let _call = crate::text::begin_call();
    let max_credits = max_credits(&options);
    // The prompt apart from the rest (src/js/json.js `promptApart`): only its head is copied, unless the
    // engine asks for more, and nothing of it is copied back, since the glue puts back the string
    // it passed.
    let prompt = prompt_apart(&req);
    let checked = Options {
        max_credits: max_credits.as_ref().ok().copied().flatten(),
        model_override: None,
    };
    // promptApart answers a string or undefined: is_null_or_undefined is the import the engine
    // needs anyway (engine entry -16 B gzip against is_undefined).
    let apart = !prompt.is_null_or_undefined();
    let measure = apart.then(|| PromptMeasure {
        length: prompt_length(&prompt, MAX_PROMPT_CHARS),
        whole: || utf8_of(&prompt),
    });
    let rest = utf8_of(&request_json_text(&req, &prompt));
    let mut report = validate::validate_json_with_prompt_head(&rest, measure, &checked);
    if let Err(error) = max_credits {
        validate::add_option_error(&mut report, &error.message);
    }
    if apart {
        report.clear_prompt();
    }
    report_with_prompt(&report.to_json(), &prompt)
}

/// Prices a request; throws a `SeedanceError` when the model, duration, resolution or reference
/// videos are not valid for pricing.
#[wasm_bindgen(js_name = estimateCost)]
pub fn estimate_cost(req: JsValue) -> Result<JsValue, JsValue> {
    let _call = crate::text::begin_call();
    let report = validate::validate_json(&request_json(&req), &Options::default());
    match validate::estimate_or_pricing_issue(&report) {
        Ok(estimate) => {
            let mut out = String::new();
            estimate.write_json(&mut out);
            Ok(from_json(&out))
        }
        // The issue written from the report, not copied into an error first.
        Err(issue) => {
            let unpriceable;
            let issue = match issue {
                Some(issue) => issue,
                None => {
                    unpriceable = validate::unpriceable();
                    &unpriceable
                }
            };
            Err(make_error_from_json(&ClientError::issue_json(issue)))
        }
    }
}

/// The same request checked and priced for every model, in `listModels()` order.
#[wasm_bindgen(js_name = compareModels)]
pub fn compare_models(req: JsValue) -> JsValue {
    let _call = crate::text::begin_call();
    from_json(&validate::compare_json(&request_json(&req)))
}

/// The model catalogue, for forms to build their options from.
#[wasm_bindgen(js_name = listModels)]
pub fn list_models() -> JsValue {
    from_json(validate::MODELS_JSON)
}
