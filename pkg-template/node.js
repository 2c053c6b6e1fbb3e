// The entry for Node: the wasm is read from disk and instantiated synchronously on import, so
// `init()` has nothing left to do (it still exists, so the same code runs everywhere).
import { readFileSync } from "node:fs";
import { initSync } from "./seedance_wasm.js";
import { markReady } from "__GLUE__";

initSync({ module: readFileSync(new URL("./seedance_wasm_bg.wasm", import.meta.url)) });
markReady();

export * from "./index.js";
export { toNodeListener } from "./node-listener.js";
