// The `seedance-wasm/engine` entry for browsers, workers and bundlers: validation and pricing only,
// in its own wasm built for size (no client, batch runner or proxy), for web forms that check and
// price as the user types. The functions behave exactly as the main entry's; `await init()` first.
// scripts/assemble-pkg.mjs bundles it with its wasm-bindgen JS into pkg/engine/index.js.

import { markReady, ready, SeedanceError } from "__GLUE__";
import loadWasm, * as wasm from "./engine/seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__GLUE__";

const guard =
  (f) =>
  (...args) => {
    if (!ready) throw new SeedanceError("NOT_INITIALIZED", "Not loaded: `await init()` first.");
    return f(...args);
  };

export const validateRequest = guard(wasm.validateRequest);
export const estimateCost = guard(wasm.estimateCost);
export const compareModels = guard(wasm.compareModels);
export const listModels = guard(wasm.listModels);

let loading;

/** Loads the engine's wasm once; a failed load may be retried. `source`: URL, Response, bytes or Module. */
export function init(source) {
  loading ??= loadWasm({ module_or_path: source }).then(markReady, (error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
