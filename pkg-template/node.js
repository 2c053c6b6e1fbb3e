// The entry for Node: the wasm is read from disk and instantiated synchronously on import, so
// `init()` has nothing left to do (it still exists, so the same code runs everywhere).

import { markReady } from "__GLUE__";
import { readFileSync } from "node:fs";
// node/ holds the package built for speed (Node reads it from disk: its size costs no download).
import { initSync } from "./node/seedance_wasm.js";

initSync({ module: readFileSync(new URL("./node/seedance_wasm_bg.wasm", import.meta.url)) });
markReady();

export * from "./node/index.js";
export { toNodeListener } from "./node-listener.js";
