// For browsers, workers, bundlers.

import { markReady, ready, SeedanceError } from "__GLUE__";
import loadWasm, * as wasm from "./seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__GLUE__";
export { memoryStore } from "__SPEND__";

function requireReady() {
  if (!ready) throw new SeedanceError("NOT_INITIALIZED", "Not loaded: `await init()` first.");
}
const guard =
  (f) =>
  (...args) => {
    requireReady();
    return f(...args);
  };

export const validateRequest = guard(wasm.validateRequest);
export const estimateCost = guard(wasm.estimateCost);
export const compareModels = guard(wasm.compareModels);
export const listModels = guard(wasm.listModels);
export const parseCallback = guard(wasm.parseCallback);
// One parameter: Deno.serve gives a handler of length 0 no request.
export const createProxyHandler = guard((options) => {
  const handle = wasm.createProxyHandler(options);
  return (request) => handle(request);
});

export class SeedanceClient extends wasm.SeedanceClient {
  constructor(options) {
    requireReady();
    super(options);
  }
}

let loading;

// Idempotent; `source`: a URL, Response, bytes or WebAssembly.Module.
export function init(source) {
  loading ??= loadWasm({ module_or_path: source }).then(markReady, (error) => {
    loading = undefined; // a later call tries again
    throw error;
  });
  return loading;
}
