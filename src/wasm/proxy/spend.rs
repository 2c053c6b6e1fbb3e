//! The proxy's spending control at the JS edge (the `proxy` feature): who the caller is
//! (`authorize`) and the `SpendStore` calls. Every decision is in `proxy::spend`; this file only
//! asks the store and reads its answers (src/js/spend.js turns each into a plain value).

use super::config::SpendConfig;
use crate::client::transport::await_promise;
use crate::codes::Code;
use crate::proxy::spend::{self, Counter, Settlement};
use crate::proxy::{refusal, Refusal};
use js_sys::{Float64Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/spend.js")]
extern "C" {
    /// `authorize(request)` read as a caller id (string), null (refused), a Response, or false
    /// (it threw or answered something else).
    #[wasm_bindgen(js_name = callerOf)]
    fn caller_of(authorize: &Function, request: &JsValue) -> Promise;
    /// `store.reserve`: a Float64Array [admitted 1 or 0, value of each counter], or undefined.
    #[wasm_bindgen(js_name = reserveIn)]
    fn reserve_in(
        store: &JsValue,
        keys: Vec<String>,
        limits: Vec<f64>,
        expires: Vec<f64>,
        amount: f64,
        ms: f64,
    ) -> Promise;
    /// `store.adjust`: true once done.
    #[wasm_bindgen(js_name = adjustIn)]
    fn adjust_in(
        store: &JsValue,
        keys: Vec<String>,
        limits: Vec<f64>,
        expires: Vec<f64>,
        delta: f64,
        ms: f64,
    ) -> Promise;
    /// `store.put`: true once done.
    #[wasm_bindgen(js_name = putIn)]
    fn put_in(store: &JsValue, key: &str, value: &str, expires_at: f64, ms: f64) -> Promise;
    /// `store.get`: the string kept, null, or undefined when the store failed.
    #[wasm_bindgen(js_name = getIn)]
    fn get_in(store: &JsValue, key: &str, ms: f64) -> Promise;
}

/// Why `authorize` named no caller.
pub(super) enum NoCaller {
    /// A 401 or 500 in the API's envelope, written by the handler.
    Refused(Refusal),
    /// The `Response` that `authorize` returned, sent as it is.
    Answered(JsValue),
}

/// Who is calling: the id `authorize` gave, `"anonymous"` without `authorize`, or why not.
pub(super) async fn caller(
    authorize: Option<&Function>,
    request: &JsValue,
) -> Result<String, NoCaller> {
    let Some(authorize) = authorize else {
        return Ok("anonymous".into());
    };
    let said = await_promise(caller_of(authorize, request)).await;
    if let Some(id) = said.as_string() {
        return Ok(id);
    }
    Err(if said.is_null() {
        NoCaller::Refused(refusal(
            401,
            Code::InvalidApiKey,
            "This proxy does not know the caller.",
            &[],
        ))
    } else if said.as_bool() == Some(false) {
        NoCaller::Refused(refusal(
            500,
            Code::InternalError,
            "The proxy could not tell who is calling (its authorize function failed).",
            &[],
        ))
    } else {
        NoCaller::Answered(said)
    })
}

fn columns(counters: &[Counter]) -> (Vec<String>, Vec<f64>, Vec<f64>) {
    (
        counters.iter().map(|c| c.key.clone()).collect(),
        counters.iter().map(|c| c.limit as f64).collect(),
        counters.iter().map(|c| c.expires_at_ms as f64).collect(),
    )
}

/// Asks the store to reserve `amount` (0: only read): whether it was admitted and each counter's
/// value, or `None` when the store failed.
pub(super) async fn reserve(
    config: &SpendConfig,
    counters: &[Counter],
    amount: u64,
) -> Option<(bool, Vec<u64>)> {
    let (keys, limits, expires) = columns(counters);
    let answer = await_promise(reserve_in(
        &config.store,
        keys,
        limits,
        expires,
        amount as f64,
        config.timeout_ms as f64,
    ))
    .await;
    let values = answer.dyn_into::<Float64Array>().ok()?.to_vec();
    let (admitted, spent) = values.split_first()?;
    Some((*admitted == 1.0, spent.iter().map(|&s| s as u64).collect()))
}

/// Carries out a settlement once the upstream answered: changes the spend, records who owns a
/// created task. Returns the counters' values after it (from `spent`, the values once reserved).
/// A store that fails here leaves the reservation as it was: never less spend than happened.
pub(super) async fn settle(
    config: &SpendConfig,
    counters: &[Counter],
    spent: &[u64],
    settlement: &Settlement,
    estimate: u64,
    owner: Option<&str>,
    now_ms: u64,
) -> Vec<u64> {
    let delta = match settlement {
        Settlement::Created { delta, .. } => *delta,
        Settlement::Released => -(estimate as i64),
        Settlement::Kept => 0,
    };
    if let (Settlement::Created { task_id, .. }, Some(caller)) = (settlement, owner) {
        let expires = now_ms.saturating_add(spend::OWNER_TTL_MS) as f64;
        let key = spend::owner_key(task_id);
        let ms = config.timeout_ms as f64;
        // Once more if the store failed: without the record the creator cannot read its task
        // through the proxy (its id is still in the answer, so the task is never lost).
        for _ in 0..2 {
            let put = await_promise(put_in(&config.store, &key, caller, expires, ms)).await;
            if put.as_bool() == Some(true) {
                break;
            }
        }
    }
    if delta != 0 {
        let (keys, limits, expires) = columns(counters);
        let ms = config.timeout_ms as f64;
        let done = await_promise(adjust_in(
            &config.store,
            keys,
            limits,
            expires,
            delta as f64,
            ms,
        ))
        .await
        .as_bool()
            == Some(true);
        if done {
            return spent
                .iter()
                .map(|&s| s.saturating_add_signed(delta))
                .collect();
        }
    }
    spent.to_vec()
}

/// Whether `caller` created `task_id` (as recorded when it did), or the refusal to answer: 404
/// for another's or an unknown task, 503 when the store failed.
pub(super) async fn check_owner(
    config: &SpendConfig,
    task_id: &str,
    caller: &str,
) -> Result<(), Refusal> {
    let key = spend::owner_key(task_id);
    let owner = await_promise(get_in(&config.store, &key, config.timeout_ms as f64)).await;
    if owner.is_undefined() {
        return Err(spend::unavailable());
    }
    match owner.as_string() {
        Some(owner) if owner == caller => Ok(()),
        _ => Err(spend::not_owner()),
    }
}
