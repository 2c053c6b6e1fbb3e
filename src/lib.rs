//! seedance-wasm: check, price and run Seedance 2.0 video-generation requests from JavaScript.
//!
//! Three products, as the cargo features and the npm entries name them: the engine (`engine`: the
//! model table, checks, prices and reports), the client (`client`) and the proxy (`proxy`), on the
//! ground of `json`, `text`, `codes` and `search`; `option_checks` holds the checks of the client's
//! and the proxy's options. Their rules are plain Rust that compiles and tests natively (the
//! client's fetch and timers aside). The `wasm` module is the thin `#[wasm_bindgen]` surface, a
//! file per product: it converts values and maps errors, and holds no rule of its own.

pub mod client;
pub mod codes;
pub mod engine;
pub mod json;
pub mod option_checks;
pub mod proxy;
pub mod search;
#[cfg(feature = "serde")]
mod serde_shapes;
pub mod text;

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
