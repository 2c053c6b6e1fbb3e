//! Each pure module's exact values at its edges (limits, boundaries, the first and last of a
//! list), one file per module: the cases mutation testing (`make mutants`, `.cargo/mutants.toml`)
//! showed the other tests leaving open. One test binary, so that each mutant costs one more link,
//! not one per file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

mod batch;
mod json;
mod policy;
mod proxy;
mod response;
mod url_check;
mod validate;
