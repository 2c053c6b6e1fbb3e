//! Reading option objects from JavaScript, with a coded error for each wrong type.

use super::option;
use crate::client::error::ClientError;
use crate::validate::text;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn wrong(name: &str, expected: &str) -> ClientError {
    ClientError::invalid_option(&text(&["The option ", name, " must be ", expected, "."]))
}

fn given(options: &JsValue, name: &str) -> Option<JsValue> {
    Some(option(options, name)).filter(|v| !v.is_undefined() && !v.is_null())
}

pub fn string(options: &JsValue, name: &str) -> Result<Option<String>, ClientError> {
    given(options, name)
        .map(|v| v.as_string().ok_or_else(|| wrong(name, "a string")))
        .transpose()
}

pub fn boolean(options: &JsValue, name: &str) -> Result<Option<bool>, ClientError> {
    given(options, name)
        .map(|v| v.as_bool().ok_or_else(|| wrong(name, "true or false")))
        .transpose()
}

/// A whole number from 0 to `max` (milliseconds, counts).
pub fn whole(options: &JsValue, name: &str, max: f64) -> Result<Option<u64>, ClientError> {
    given(options, name)
        .map(|v| match v.as_f64() {
            Some(n) if (0.0..=max).contains(&n) => Ok(n.floor() as u64),
            _ => Err(wrong(name, "a non-negative number")),
        })
        .transpose()
}

pub fn function(options: &JsValue, name: &str) -> Result<Option<Function>, ClientError> {
    given(options, name)
        .map(|v| {
            v.dyn_into::<Function>()
                .map_err(|_| wrong(name, "a function"))
        })
        .transpose()
}

/// An `AbortSignal`, also one from another realm or a polyfill (anything with `aborted` and
/// `addEventListener`).
pub fn signal(options: &JsValue) -> Result<Option<JsValue>, ClientError> {
    let Some(value) = given(options, "signal") else {
        return Ok(None);
    };
    let listens =
        Reflect::get(&value, &JsValue::from_str("addEventListener")).is_ok_and(|f| f.is_function());
    if value.is_object() && listens {
        Ok(Some(value))
    } else {
        Err(wrong("signal", "an AbortSignal"))
    }
}

/// Extra headers: a `Record<string, string>`, or anything iterable of `[name, value]` pairs such
/// as a `Headers` or a `Map` (whose entries `Object.entries` would not see).
pub fn headers(options: &JsValue) -> Result<Vec<(String, String)>, ClientError> {
    let Some(value) = given(options, "headers") else {
        return Ok(Vec::new());
    };
    let bad = || wrong("headers", "an object of strings");
    let pairs: Vec<JsValue> = match js_sys::try_iter(&value) {
        Ok(Some(iter)) => iter.collect::<Result<_, _>>().map_err(|_| bad())?,
        _ => {
            let object: Object = value.dyn_into().map_err(|_| bad())?;
            Object::entries(&object).iter().collect()
        }
    };
    let mut out = Vec::new();
    for pair in pairs {
        match (
            Reflect::get_u32(&pair, 0).ok().and_then(|v| v.as_string()),
            Reflect::get_u32(&pair, 1).ok().and_then(|v| v.as_string()),
        ) {
            (Some(name), Some(value)) => out.push((name, value)),
            _ => return Err(bad()),
        }
    }
    Ok(out)
}
