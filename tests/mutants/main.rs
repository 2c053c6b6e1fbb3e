//! Tests written to kill the mutants that `make mutants` (cargo-mutants, `.cargo/mutants.toml`)
//! found surviving in the pure modules, one file per module. Each asserts exact values and fails
//! on the mutant it was written for (README.md, "Mutation testing"). One test binary, so that
//! each mutant costs one more link, not one per file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

mod batch;
mod json;
mod policy;
mod proxy;
mod response;
mod url_check;
mod validate;
