// The `seedance-wasm/engine` entry for Cloudflare Workers (the `workerd` condition): the engine's
// own wasm (validation and pricing only, a third of the full build's upload), imported as a module,
// which the Workers runtime compiles at deploy time, and instantiated on import: a Worker needs no
// `init()`. scripts/assemble-pkg.mjs bundles this file with the engine's wasm-bindgen JS in place
// (the .wasm stays a module of its own). Listed in package.json's `sideEffects`.

import { markReady } from "__JS__/init.js";
import { initSync } from "./engine/seedance_wasm.js";
import wasmModule from "./engine/seedance_wasm_bg.wasm";

initSync({ module: wasmModule });
markReady();

export * from "./engine.js";

/** Nothing is left to load: the wasm was instantiated on import. */
export function init() {
  return Promise.resolve();
}
