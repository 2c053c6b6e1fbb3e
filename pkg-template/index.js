// The entry for browsers, workers, bundlers and Deno: `await init()` loads the wasm once.
import loadWasm from "./seedance_wasm.js";

export {
  validateRequest,
  estimateCost,
  compareModels,
  listModels,
  SeedanceClient,
  parseCallback,
  createProxyHandler,
} from "./seedance_wasm.js";
export { SeedanceError, isSeedanceError } from "__GLUE__";

let loading;

/**
 * Loads and instantiates the WebAssembly module; idempotent. `source` is optional: a URL, a
 * Response, bytes or a WebAssembly.Module, for setups that serve the .wasm file elsewhere.
 */
export function init(source) {
  loading ??= loadWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => undefined,
    (error) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}
