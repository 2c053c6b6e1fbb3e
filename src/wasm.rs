//! The `#[wasm_bindgen]` surface: converts values and maps errors, and holds no rule.
//!
//! Values cross as JSON text: one `JSON.stringify` in, one `JSON.parse` out. That is one boundary
//! crossing per call instead of one per field, which is what makes checking as the user types cheap.

#[cfg(feature = "client")]
pub mod client;
pub mod engine;
#[cfg(feature = "client")]
mod options;
#[cfg(feature = "proxy")]
pub mod proxy;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error_from_json(json: &str) -> JsValue;
}

#[wasm_bindgen(module = "/src/js/json.js")]
extern "C" {
    #[cfg(feature = "client")]
    #[wasm_bindgen(js_name = toJson)]
    fn to_json(value: &JsValue) -> Option<String>;
    /// Writes the string `text` as UTF-8 into `memory` at `at`, where `room` bytes are free;
    /// returns the bytes written, or minus the room it needs when `room` is less.
    #[cfg(not(feature = "node-boundary"))]
    #[wasm_bindgen(js_name = utf8Into)]
    fn utf8_into(text: &JsValue, memory: &JsValue, at: usize, room: usize) -> isize;
    /// Parses a report (or copies one parsed before) and, when `prompt` is a string, puts it as
    /// its request's prompt.
    #[cfg(not(feature = "node-boundary"))]
    #[wasm_bindgen(js_name = fromJson)]
    fn report_with_prompt(text: &str, prompt: &JsValue) -> JsValue;
    /// The request's prompt when it can cross apart from the rest of the request (a well-formed
    /// string), else `undefined`.
    #[wasm_bindgen(js_name = promptApart)]
    fn prompt_apart(req: &JsValue) -> JsValue;
    /// The request's JSON text as a JS string, or `undefined` (undefined, functions, cycles); when
    /// `prompt` (from `prompt_apart`) is a string, with only its head as its prompt.
    #[wasm_bindgen(js_name = requestJson)]
    fn request_json_text(req: &JsValue, prompt: &JsValue) -> JsValue;
    /// The length of a prompt passed apart as the rules need it (`PromptMeasure::length`): its
    /// code points, a figure from there to `max` when they are within it, or 0 when not measured.
    #[cfg(not(feature = "node-boundary"))]
    #[wasm_bindgen(js_name = promptLength)]
    fn prompt_length(prompt: &JsValue, max: usize) -> usize;
}

/// The speed build's own boundary: text written by TextEncoder, a prompt as UTF-16 (a copy of its
/// units, where TextEncoder transcodes them).
#[cfg(feature = "node-boundary")]
#[wasm_bindgen(module = "/src/js/node-boundary.js")]
extern "C" {
    /// Writes the string `text` as UTF-16 into `memory` at `at`, where `room` bytes are free;
    /// returns the units written.
    #[wasm_bindgen(js_name = utf16Into)]
    fn utf16_into(text: &JsValue, memory: &JsValue, at: usize, room: usize) -> usize;
    /// json.js `utf8Into`, written by TextEncoder (Node's is as fast as a loop is in Chromium).
    #[wasm_bindgen(js_name = utf8Into)]
    fn utf8_into(text: &JsValue, memory: &JsValue, at: usize, room: usize) -> isize;
    /// json.js `fromJson`, a report seen before built from its text as an object literal.
    #[wasm_bindgen(js_name = fromJson)]
    fn report_with_prompt(text: &str, prompt: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/src/js/options.js")]
extern "C" {
    #[wasm_bindgen(js_name = optionOf)]
    fn option_of(options: &JsValue, name: &str) -> JsValue;
    /// The value if it is a number, else NaN (which no range check accepts).
    #[wasm_bindgen(js_name = numberOf)]
    fn number_of(value: &JsValue) -> f64;
}

/// Parses JSON text written by the engine into a JS value (null for text that is not JSON).
fn from_json(text: &str) -> JsValue {
    report_with_prompt(text, &JsValue::UNDEFINED)
}

/// A request's JSON text; `undefined`, functions and cycles have none and are checked as `null`.
fn request_json(req: &JsValue) -> String {
    utf8_of(&request_json_text(req, &JsValue::UNDEFINED))
}

/// A JS string's text (`null` for anything else), copied by the glue's `utf8Into` (TextEncoder's
/// `encodeInto`, native) where wasm-bindgen's own conversion copies ASCII in a JS loop, one
/// character at a time (most of a call with a long prompt).
fn utf8_of(text: &JsValue) -> String {
    let memory = wasm_bindgen::memory();
    let mut bytes = Vec::with_capacity(utf8_into(text, &memory, 0, 0).unsigned_abs());
    let room = bytes.capacity();
    let written = utf8_into(text, &memory, bytes.as_mut_ptr() as usize, room);
    // SAFETY: the glue wrote `written` bytes from the start, within the room it was given (the
    // `min` keeps that true whatever it returns). TextEncoder writes well-formed UTF-8 only (a lone
    // surrogate as U+FFFD), and whole characters only: the room is 3 bytes per UTF-16 unit, the
    // most one can take. wasm-bindgen's own `String` arguments rest on the same
    // (`from_utf8_unchecked` of TextEncoder's bytes); the check would read every byte once more (a
    // quarter of a call with a long Chinese prompt).
    unsafe {
        bytes.set_len(written.max(0).unsigned_abs().min(room));
        String::from_utf8_unchecked(bytes)
    }
}

/// json.js `promptLength` for the Node build, always the exact count: from a UTF-16 copy, which
/// Node writes as the units are (0.15 us for 3,400 units of emoji), where the browsers' regular
/// expression took 3 to 4 us and a loop in JavaScript three times as long.
#[cfg(feature = "node-boundary")]
fn prompt_length(prompt: &JsValue, max: usize) -> usize {
    let units = utf8_into(prompt, &wasm_bindgen::memory(), 0, 0).unsigned_abs() / 3;
    if units <= max {
        return units;
    }
    let mut copy: Vec<u16> = Vec::with_capacity(units);
    let written = utf16_into(
        prompt,
        &wasm_bindgen::memory(),
        copy.as_mut_ptr() as usize,
        units * 2,
    );
    // SAFETY: the glue wrote `written` units from the start, within the room it was given (the
    // `min` keeps that true whatever it returns); any two bytes are a `u16`.
    unsafe { copy.set_len(written.min(units)) };
    crate::json::utf16_code_points(&copy)
}

/// Every failure reaches JavaScript as a `SeedanceError`, built from the JSON the engine writes.
impl From<crate::client::error::ClientError> for JsValue {
    fn from(error: crate::client::error::ClientError) -> JsValue {
        make_error_from_json(&error.to_json())
    }
}

/// A promise that settles with the future's value, or rejects with its error (a `SeedanceError`:
/// `?` on a `ClientError` converts it). The future is boxed so that every client method and the
/// proxy handler share one instance of the promise machinery (wasm size).
#[cfg(feature = "client")]
fn promise(future: BoxedCall) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(Tagging {
        on: crate::text::take_asked(),
        future,
    })
}

#[cfg(feature = "client")]
type BoxedCall = core::pin::Pin<Box<dyn core::future::Future<Output = Result<JsValue, JsValue>>>>;

/// A call that writes its messages tagged (`crate::text`) if its caller asked for that as it began
/// (for Chinese), whatever other calls do between its steps.
#[cfg(feature = "client")]
struct Tagging {
    on: bool,
    future: BoxedCall,
}

#[cfg(feature = "client")]
impl core::future::Future for Tagging {
    type Output = Result<JsValue, JsValue>;

    fn poll(
        mut self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Self::Output> {
        let was = crate::text::set_tagged(self.on);
        let step = self.future.as_mut().poll(cx);
        crate::text::set_tagged(was);
        step
    }
}

/// Reads `options[name]` (absent when `options` is not an object, or its getter throws). The
/// imports above never throw, so the engine's wasm needs none of wasm-bindgen's exception plumbing.
fn option(options: &JsValue, name: &str) -> JsValue {
    // Most calls pass no options: then no name is decoded and passed out.
    if options.is_null_or_undefined() {
        return JsValue::UNDEFINED;
    }
    option_of(options, name)
}
