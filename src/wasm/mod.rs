//! The `#[wasm_bindgen]` surface: converts values and maps errors, and holds no rule.
//!
//! Values cross as JSON text: one `JSON.stringify` in, one `JSON.parse` out. That is one boundary
//! crossing per call instead of one per field, which is what makes checking as the user types cheap.

#[cfg(feature = "client")]
pub mod client;
pub mod engine;
#[cfg(feature = "client")]
mod options;
#[cfg(feature = "client")]
pub mod proxy;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error_from_json(json: &str) -> JsValue;
    #[wasm_bindgen(js_name = toJson)]
    fn to_json(value: &JsValue) -> Option<String>;
}

/// Parses JSON text written by the engine into a JS value.
fn from_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// A `SeedanceError` from the JSON the engine writes for one.
fn make_error(error: &crate::client::error::ClientError) -> JsValue {
    make_error_from_json(&error.to_json())
}

/// Reads `options[name]` (absent when `options` is not an object).
fn option(options: &JsValue, name: &str) -> JsValue {
    if !options.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}
