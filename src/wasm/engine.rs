//! Validation and pricing exports.

use super::{from_json, make_error_from_json, option, request_json};
use crate::client::error::ClientError;
use crate::validate::{self, Options};
use wasm_bindgen::prelude::*;

/// Reads the `maxCredits` option: absent, or a whole number of credits from 0 to 2^32-1.
pub(crate) fn max_credits(options: &JsValue) -> Result<Option<u32>, ClientError> {
    let value = option(options, "maxCredits");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0 => Ok(Some(n as u32)),
        _ => Err(ClientError::invalid_option(
            "maxCredits must be a whole, non-negative number of credits.",
        )),
    }
}

/// Checks a request and prices it; never throws. See `ValidationReport` in the package's types.
#[wasm_bindgen(js_name = validateRequest)]
pub fn validate_request(req: JsValue, options: JsValue) -> JsValue {
    let report = match max_credits(&options) {
        Ok(max_credits) => validate::validate_json(
            &request_json(&req),
            &Options {
                max_credits,
                model_override: None,
            },
        ),
        Err(error) => validate::option_error_report(&request_json(&req), &error.message),
    };
    from_json(&report.to_json())
}

/// Prices a request; throws a `SeedanceError` when the model, duration, resolution or reference
/// videos are not valid for pricing.
#[wasm_bindgen(js_name = estimateCost)]
pub fn estimate_cost(req: JsValue) -> Result<JsValue, JsValue> {
    let report = validate::validate_json(&request_json(&req), &Options::default());
    match validate::estimate_or_pricing_issue(&report) {
        Ok(estimate) => {
            let mut out = String::new();
            estimate.write_json(&mut out);
            Ok(from_json(&out))
        }
        // The issue written from the report, not copied into an error first.
        Err(Some(issue)) => Err(make_error_from_json(&ClientError::issue_json(issue))),
        Err(None) => Err(make_error_from_json(&ClientError::issue_json(
            &validate::unpriceable(),
        ))),
    }
}

/// The same request checked and priced for every model, in `listModels()` order.
#[wasm_bindgen(js_name = compareModels)]
pub fn compare_models(req: JsValue) -> JsValue {
    from_json(&validate::compare_json(&request_json(&req)))
}

/// The model catalogue, for forms to build their options from.
#[wasm_bindgen(js_name = listModels)]
pub fn list_models() -> JsValue {
    from_json(validate::MODELS_JSON)
}

/// `validateRequest` for the Node entry's glue (pkg-template/node.js), which writes the request's
/// JSON text into [`validate_input`]'s buffer, calls [`validate_to_tape`] and builds the report's
/// objects from the [`Tape`] (no `JSON.parse`, no string copies through wasm-bindgen). Only the
/// Node (speed) build has it: browsers load the size builds, where this would be bytes for nothing.
#[cfg(feature = "tape-glue")]
mod tape_glue {
    use crate::report::Tape;
    use crate::validate::{self, Options};
    use std::cell::Cell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        // Kept between calls (the wasm has one thread), so a call allocates no buffers of its own.
        static INPUT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
        static TAPE: Cell<Tape> = Cell::new(Tape::default());
    }

    /// Makes the input buffer at least `capacity` bytes long and returns where it starts.
    #[wasm_bindgen(js_name = validateInput)]
    pub fn validate_input(capacity: usize) -> usize {
        INPUT.with(|cell| {
            let mut input = cell.take();
            if input.len() < capacity {
                input.resize(capacity, 0);
            }
            let start = input.as_ptr() as usize;
            cell.set(input);
            start
        })
    }

    /// Checks the request whose JSON text is the input buffer's first `len` bytes; returns where
    /// the words of the report start: the text's address and length in bytes, then the
    /// [`Tape`]'s words.
    #[wasm_bindgen(js_name = validateToTape)]
    pub fn validate_to_tape(len: usize) -> usize {
        let input = INPUT.with(Cell::take);
        let text = input
            .get(..len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("null");
        let report = validate::validate_json(text, &Options::default());
        INPUT.with(|cell| cell.set(input));
        TAPE.with(|cell| {
            let mut tape = cell.take();
            tape.clear();
            tape.words.extend([0, 0]);
            tape.write_report(&report);
            tape.words[0] = tape.text.as_ptr() as u32;
            tape.words[1] = tape.text.len() as u32;
            let start = tape.words.as_ptr() as usize;
            cell.set(tape);
            start
        })
    }
}
