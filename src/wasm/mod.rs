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
#[cfg(feature = "proxy")]
mod proxy_handler;
#[cfg(feature = "proxy")]
mod proxy_spend;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error_from_json(json: &str) -> JsValue;
    #[wasm_bindgen(js_name = toJson)]
    fn to_json(value: &JsValue) -> Option<String>;
    /// Parses JSON text written by the engine into a JS value (null for text that is not JSON).
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = optionOf)]
    fn option_of(options: &JsValue, name: &str) -> JsValue;
}

/// A request's JSON text; `undefined`, functions and cycles have none and are checked as `null`.
fn request_json(req: &JsValue) -> String {
    to_json(req).unwrap_or_else(|| "null".to_owned())
}

/// Every failure reaches JavaScript as a `SeedanceError`, built from the JSON the engine writes.
impl From<crate::client::error::ClientError> for JsValue {
    fn from(error: crate::client::error::ClientError) -> JsValue {
        make_error_from_json(&error.to_json())
    }
}

/// A promise that settles with the future's value, or rejects with its `SeedanceError`. The
/// future is boxed so that every client method and the proxy handler share one instance of the
/// promise machinery (wasm size).
#[cfg(feature = "client")]
fn promise(
    future: core::pin::Pin<
        Box<dyn core::future::Future<Output = Result<JsValue, crate::client::error::ClientError>>>,
    >,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move { future.await.map_err(JsValue::from) })
}

/// Reads `options[name]` (absent when `options` is not an object, or its getter throws). The
/// imports above never throw, so the engine's wasm needs none of wasm-bindgen's exception plumbing.
fn option(options: &JsValue, name: &str) -> JsValue {
    if !options.is_object() {
        return JsValue::UNDEFINED;
    }
    option_of(options, name)
}
