// The entry for Edge runtimes (the `edge-light` condition: Next.js's Edge runtime, Vercel Edge
// Functions): the full build, bundled into edge/index.js with its wasm as text (wasm-loader.js), as
// the browser entries carry theirs, because an Edge bundle has no file system and its bundler
// rewrites `new URL("x.wasm", import.meta.url)`. Compiled and instantiated synchronously on import,
// so a route handler needs no `init()`. Listed in package.json's `sideEffects`.

import { initFailed, markReady, ready } from "__JS__/init.js";
import { initSync } from "./seedance_wasm.js";
import { bytesOf } from "./wasm-loader.js";
// Messages in Chinese with `locale: "zh-CN"` (no download to save here).
import "./zh-CN.js";
import "./zh-CN-proxy.js";

/** Instantiates the wasm; a runtime that refuses it (no compiling from bytes) is INIT_FAILED. */
function load() {
  try {
    initSync({ module: bytesOf("__WASM_TEXT__") });
  } catch (error) {
    return Promise.reject(initFailed(error, false));
  }
  markReady();
  return Promise.resolve();
}
load().catch(() => {}); // a failure here is init()'s to report (calls throw NOT_INITIALIZED)

export * from "./index.js";

/** Nothing is left to load once the wasm was instantiated on import; otherwise one more try. */
export function init() {
  return ready ? Promise.resolve() : load();
}
