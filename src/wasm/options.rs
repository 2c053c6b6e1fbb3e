//! Reading option objects from JavaScript, with a coded error for each wrong type.

use super::{number_of, option};
use crate::client::error::ClientError;
use crate::codes::Code;
use crate::option_checks;
use crate::text::phrase;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn wrong(name: &str, expected: &str) -> ClientError {
    ClientError::invalid_option("The option {} must be {}.", &[name, &phrase(expected)])
}

fn given(options: &JsValue, name: &str) -> Option<JsValue> {
    Some(option(options, name)).filter(|v| !v.is_null_or_undefined())
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
        .map(|v| match number_of(&v) {
            n if (0.0..=max).contains(&n) => Ok(n.floor() as u64),
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

#[wasm_bindgen(module = "/src/js/options.js")]
extern "C" {
    #[wasm_bindgen(js_name = headerPairs)]
    fn header_pairs(value: &JsValue) -> JsValue;
}

/// Extra headers: a `Record<string, string>`, or anything iterable of `[name, value]` pairs such
/// as a `Headers` or a `Map` (read in JS: `headerPairs`).
pub fn headers(options: &JsValue) -> Result<Vec<(String, String)>, ClientError> {
    let Some(value) = given(options, "headers") else {
        return Ok(Vec::new());
    };
    let list = header_pairs(&value);
    if list.is_null() {
        return Err(wrong("headers", "an object of strings"));
    }
    let list: Vec<String> = list
        .unchecked_into::<Array>()
        .iter()
        .map(|v| v.as_string().unwrap_or_default())
        .collect();
    Ok(list
        .chunks_exact(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect())
}

/// Reads the options of a constructor one by one. The first wrong option is kept as the error
/// (`finish`) and nothing is read after it, as with `?`; each read gives a plain value, so the
/// many call sites carry no `Result` (wasm size).
pub struct Reader<'a> {
    options: &'a JsValue,
    error: Option<ClientError>,
}

impl<'a> Reader<'a> {
    /// Reads from `options`.
    pub fn new(options: &'a JsValue) -> Self {
        Reader {
            options,
            error: None,
        }
    }

    fn take<T>(
        &mut self,
        read: impl FnOnce(&JsValue) -> Result<Option<T>, ClientError>,
    ) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        read(self.options).unwrap_or_else(|e| {
            self.error = Some(e);
            None
        })
    }

    /// Records `template` filled with `args` as the error (an `INVALID_FIELD`) unless one came
    /// first.
    pub fn refuse(&mut self, template: &str, args: &[&str]) {
        if self.error.is_none() {
            self.error = Some(ClientError::invalid_option(template, args));
        }
    }

    /// See [`string`].
    pub fn string(&mut self, name: &str) -> Option<String> {
        self.take(|o| string(o, name))
    }

    /// See [`boolean`].
    #[cfg(feature = "proxy")]
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        self.take(|o| boolean(o, name))
    }

    /// See [`whole`].
    pub fn whole(&mut self, name: &str, max: f64) -> Option<u64> {
        self.take(|o| whole(o, name, max))
    }

    /// A byte count from 1 to 1 GiB (a cap must fit the 32-bit wasm address space).
    pub fn bytes(&mut self, name: &str) -> Option<usize> {
        let n = self.whole(name, f64::from(1u32 << 30));
        if n == Some(0) {
            self.refuse("The option {} must be at least 1.", &[name]);
        }
        n.map(|n| n as usize)
    }

    /// See [`function`].
    pub fn function(&mut self, name: &str) -> Option<Function> {
        self.take(|o| function(o, name))
    }

    /// The error of the first wrong option, if any.
    pub fn finish(self) -> Result<(), ClientError> {
        self.error.map_or(Ok(()), Err)
    }
}

/// Every option name `SeedanceClient` reads, for [`check_client`].
const CLIENT_OPTIONS: &[&str] = &[
    "apiKey",
    "baseUrl",
    "fetch",
    "headers",
    "timeoutMs",
    "maxRetries",
    "maxReplyBytes",
    "locale",
];

/// Every option name `createProxyHandler` reads, for [`check_proxy`].
#[cfg(feature = "proxy")]
const PROXY_OPTIONS: &[&str] = &[
    "apiKey",
    "upstream",
    "maxCredits",
    "models",
    "fetch",
    "timeoutMs",
    "maxReplyBytes",
    "maxBodyBytes",
    "maxInFlightBytes",
    "bodyTimeoutMs",
    "forwardUnknownFields",
    "locale",
    "authorize",
    "quota",
    "allowedOrigins",
];

/// The error for an own property name of `options` that differs from one of `known` only by case.
fn case_slip(options: &JsValue, known: &[&str]) -> Option<String> {
    if !options.is_object() {
        return None;
    }
    js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>())
        .iter()
        .find_map(|k| option_checks::case_slip_problem([k.as_string()?.as_str()], known))
}

fn refusal(problem: Option<String>) -> Result<(), ClientError> {
    problem.map_or(Ok(()), |m| Err(ClientError::new(Code::InvalidField, m)))
}

/// The checks of `SeedanceClient`'s options beyond their types (`crate::option_checks`): an
/// object, no name a case away from a known one, `baseUrl` an http(s) URL or a path.
pub fn check_client(options: &JsValue) -> Result<(), ClientError> {
    let kind = options.js_typeof().as_string().unwrap_or_default();
    let base_url = option(options, "baseUrl").as_string();
    refusal(
        option_checks::not_an_object_problem("SeedanceClient", &kind)
            .or_else(|| case_slip(options, CLIENT_OPTIONS))
            .or_else(|| {
                let url = base_url.filter(|u| !u.trim().is_empty())?;
                option_checks::endpoint_problem("baseUrl", &url, true)
            }),
    )
}

#[cfg(feature = "proxy")]
/// The checks of `createProxyHandler`'s options beyond their types (`crate::option_checks`): no
/// name a case away from a known one, `upstream` an http(s) URL, `models` known ones.
pub fn check_proxy(options: &JsValue) -> Result<(), ClientError> {
    let upstream = option(options, "upstream").as_string();
    let models = option(options, "models");
    let models: Vec<String> = if Array::is_array(&models) {
        models
            .unchecked_into::<Array>()
            .iter()
            .filter_map(|m| m.as_string())
            .collect()
    } else {
        Vec::new()
    };
    refusal(
        case_slip(options, PROXY_OPTIONS)
            .or_else(|| option_checks::endpoint_problem("upstream", &upstream?, false))
            .or_else(|| option_checks::models_problem(&models)),
    )
}
