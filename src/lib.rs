//! seedance-wasm: check, price and run Seedance 2.0 video-generation requests from JavaScript.
//!
//! The rules live in plain Rust modules that compile and test natively (`model`, `validate`,
//! `pricing`, `url_check`, `json`, and the pure parts of `client`). The `wasm` module is the thin
//! `#[wasm_bindgen]` surface: it converts values and maps errors, and holds no rule of its own.

pub mod client;
pub mod codes;
pub mod json;
pub mod model;
pub mod odd_input;
pub mod option_checks;
pub mod pricing;
pub mod proxy;
pub mod report;
pub mod search;
#[cfg(feature = "serde")]
mod serde_shapes;
pub mod url_check;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The wasm's allocator: lol_alloc's free list, a few hundred bytes of code where Rust's default
/// (dlmalloc) takes several kilobytes. Sound here: the wasm32-unknown-unknown build has no threads
/// (no atomics target feature), which is what `AssumeSingleThreaded` requires.
#[cfg(all(target_arch = "wasm32", not(feature = "default-allocator")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
