// The entry for browsers, workers, bundlers and Deno: `await init()` loads the wasm once. A call
// before that throws NOT_INITIALIZED (not a TypeError from inside the glue).
import loadWasm, * as wasm from "./seedance_wasm.js";
import { SeedanceError, isReady, markReady } from "__GLUE__";

export { SeedanceError, isSeedanceError } from "__GLUE__";

function requireReady() {
  if (!isReady()) throw new SeedanceError("NOT_INITIALIZED", "seedance-wasm is not loaded yet: `await init()` first.");
}
const guard = (call) => (...args) => (requireReady(), call(...args));

export const validateRequest = guard(wasm.validateRequest);
export const estimateCost = guard(wasm.estimateCost);
export const compareModels = guard(wasm.compareModels);
export const listModels = guard(wasm.listModels);
export const parseCallback = guard(wasm.parseCallback);

/** One parameter: Deno.serve calls a handler whose `length` is 0 without the request. */
export function createProxyHandler(options) {
  const handle = guard(wasm.createProxyHandler)(options);
  return (request) => handle(request);
}

export class SeedanceClient extends wasm.SeedanceClient {
  constructor(options) {
    requireReady();
    super(options);
  }
}

let loading;

/**
 * Loads and instantiates the WebAssembly module; idempotent. `source` is optional: a URL, a
 * Response, bytes or a WebAssembly.Module, for setups that serve the .wasm file elsewhere.
 */
export function init(source) {
  loading ??= (isReady() ? Promise.resolve() : loadWasm(source === undefined ? undefined : { module_or_path: source })).then(
    markReady,
    (error) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}
