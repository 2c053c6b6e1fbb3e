// The entry for Node: the wasm is instantiated synchronously on import, so `init()` has nothing
// left to do (it still exists, so the same code runs everywhere).

import { markReady } from "__JS__/init.js";
import { Buffer } from "node:buffer";
// node/ holds the package built for speed (Node reads it from disk: its size costs no download).
import { initSync } from "./node/seedance_wasm.js";
// Messages in Chinese with `locale: "zh-CN"` (no download to save here).
import "./zh-CN.js";
import "./zh-CN-proxy.js";

// The wasm is in this file as base64 (scripts/assemble-pkg.mjs writes it over the placeholder), not
// read from disk: a server bundler (Next.js's Turbopack and webpack) turns `new URL("x.wasm",
// import.meta.url)` into an asset URL that node:fs cannot read, so the package works bundled, with
// no configuration. Decoding is native (about 0.2 ms).
initSync({ module: Buffer.from("__WASM_BASE64__", "base64") });
markReady();

export * from "./node/index.js";
export { toNodeListener } from "./node-listener.js";
export { denoKvStore } from "./spend-deno-kv.js";
export { redisStore } from "./spend-redis.js";
