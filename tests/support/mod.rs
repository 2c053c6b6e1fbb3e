//! Helpers shared by the wasm-bindgen-test suites.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;

/// A JS value from a JS expression, so tests can use what JSON cannot express.
pub fn js(expression: &str) -> JsValue {
    Function::new_no_args(&["return (", expression, ");"].concat())
        .call0(&JsValue::NULL)
        .unwrap()
}

/// `value.a.0.b` for the path `a.0.b`; undefined where a step is missing.
pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let key = key
            .parse::<u32>()
            .map(JsValue::from)
            .unwrap_or_else(|_| JsValue::from_str(key));
        Reflect::get(&v, &key).unwrap_or(JsValue::UNDEFINED)
    })
}
