// For browsers, workers, bundlers.

import { initOnce, ready, SeedanceError } from "__GLUE__";
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

// Idempotent; `source`: a URL, Response, bytes or WebAssembly.Module, which must be this build's
// (it has the client's constructor). Without one, wasm-bindgen's loader fetches the .wasm beside
// seedance_wasm.js. A failure is INIT_FAILED, and init() may be called again.
// Pure: the browser entry, which has its own init(), bundles none of wasm-bindgen's loader.
export const init = /* @__PURE__ */ initOnce(() => loadWasm(), wasm.initSync, "seedanceclient_new");
