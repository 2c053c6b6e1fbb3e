// The entry for Cloudflare Workers (the `workerd` condition, used by wrangler): the .wasm is
// imported as a module, which the Workers runtime compiles at deploy time, and instantiated on
// import, so a Worker needs no `init()` argument and works without calling `init()` at all.
// Listed in package.json's `sideEffects`: a bundler must keep this instantiation.

import { markReady } from "__JS__/init.js";
import { initSync } from "./seedance_wasm.js";
import wasmModule from "./seedance_wasm_bg.wasm";
// Messages in Chinese with `locale: "zh-CN"` (no download to save here).
import "./zh-CN.js";
import "./zh-CN-proxy.js";

initSync({ module: wasmModule });
markReady();

export * from "./index.js";
export { durableObjectStore, SpendLedger } from "./spend-durable-object.js";
