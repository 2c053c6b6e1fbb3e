//! The engine: the rules of a request that need no network. What each model allows and costs
//! (`model`), the exact integer price (`pricing`), the checks (`validate`, with the public-host rules
//! of `url_check` and the keys and values `odd_input` refuses) and what a check writes back
//! (`report`). The `seedance-wasm/engine` entry is this module alone; the client and the proxy
//! build on it, never the other way round.

pub mod model;
pub mod odd_input;
pub mod pricing;
pub mod report;
pub mod url_check;
pub mod validate;
