// The `seedance-wasm/engine` entry for browsers, workers and bundlers: validation and pricing only,
// in its own wasm built for size (no client, batch runner or proxy), for web forms that check and
// price as the user types. The functions behave exactly as the main entry's; `await init()` first.
// scripts/assemble-pkg.mjs bundles it with its wasm-bindgen JS into pkg/engine/index.js and puts
// the wasm in that file (wasm-loader.js).

import { SeedanceError } from "__JS__/error.js";
import { initOnce, instantiate, ready } from "__JS__/init.js";
import * as wasm from "./engine/seedance_wasm.js";
import { bytesOf } from "./wasm-loader.js";

export { isSeedanceError, SeedanceError } from "__JS__/error.js";

import { checkIn, said } from "__ROOT__/locale.js";

/** NOT_INITIALIZED before init(); `zh`: said for zh-CN.js (locale.js). */
function requireReady(zh) {
  if (!ready)
    throw new SeedanceError("NOT_INITIALIZED", said(zh, "Not loaded: `await init()` first."));
}
export const validateRequest = checkIn(wasm.validateRequest, requireReady, wasm.tagMessages);
export const estimateCost = checkIn(wasm.estimateCost, requireReady, wasm.tagMessages);
export const compareModels = checkIn(wasm.compareModels, requireReady, wasm.tagMessages);
export const listModels = () => {
  requireReady();
  return wasm.listModels();
};

// Pure: the Workers entry (engine-workerd.js), which has its own init(), bundles no embedded wasm.
export const init = /* @__PURE__ */ initOnce(
  () => instantiate(wasm.initSync, bytesOf("__WASM_TEXT__")),
  wasm.initSync,
);
