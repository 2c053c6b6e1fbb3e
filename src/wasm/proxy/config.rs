//! What a proxy handler holds, read from its options by `wasm::proxy` and used by the request
//! handling (`handler`) and the spending store's calls (`spend`).

use crate::client::transport::Link;
use crate::proxy::body_limits::{BodyLimits, InFlight};
use crate::proxy::spend::Quota;
use crate::proxy::Policy;
use core::cell::RefCell;
use js_sys::Function;
use wasm_bindgen::JsValue;

/// Where a handler with `quota` keeps its spend, and its limits.
pub(super) struct SpendConfig {
    /// The `SpendStore` (`quota.store`, default a `memoryStore()` of this handler's own).
    pub(super) store: JsValue,
    /// `quota.perCaller` and `quota.total`.
    pub(super) quota: Quota,
    /// How long a store call may take before the request is refused (`quota.timeoutMs`).
    pub(super) timeout_ms: u64,
}

/// What a handler holds, read from its options.
pub(super) struct ProxyConfig {
    pub(super) api_key: String,
    pub(super) upstream: String,
    /// The `fetch`, the deadline of one upstream request (`timeoutMs`) and the reply cap.
    pub(super) link: Link,
    pub(super) policy: Policy,
    pub(super) limits: BodyLimits,
    /// Bytes of the request bodies this handler is reading now (held as JS bytes).
    pub(super) in_flight: RefCell<InFlight>,
    /// `authorize(request)`: who is calling (none: everyone is `"anonymous"`).
    pub(super) authorize: Option<Function>,
    /// The spending limits and their store (`quota`).
    pub(super) spend: Option<SpendConfig>,
    /// Origins whose pages may call across origins (`allowedOrigins`).
    pub(super) allowed_origins: Vec<String>,
}
