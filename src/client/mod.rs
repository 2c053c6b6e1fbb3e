//! The API client. `response` (envelope and status parsing) and `policy` (retries, backoff,
//! polling) are pure and tested natively; the fetch-based client is wasm32 only.

pub mod error;
pub mod policy;
pub mod response;
