// The `seedance-wasm/engine` entry for browsers, workers and bundlers: validation and pricing only,
// in its own wasm built for size (no client, batch runner or proxy), for web forms that check and
// price as the user types. The functions behave exactly as the main entry's; `await init()` first.
// scripts/assemble-pkg.mjs bundles it with its wasm-bindgen JS into pkg/engine/index.js.
import loadWasm from "./engine/seedance_wasm.js";

export { validateRequest, estimateCost, compareModels, listModels } from "./engine/seedance_wasm.js";
export { SeedanceError, isSeedanceError } from "__GLUE__";

let loading;

/**
 * Loads and instantiates the engine's WebAssembly module once; a failed load may be retried.
 * `source` is optional: a URL, a Response, bytes or a WebAssembly.Module.
 */
export function init(source) {
  loading ??= loadWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => undefined,
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
