// The `seedance-wasm/engine` entry for browsers, workers and bundlers: validation and pricing only,
// in its own wasm built for size (no client, batch runner or proxy), for web forms that check and
// price as the user types. The functions behave exactly as the main entry's; `await init()` first.
// scripts/assemble-pkg.mjs bundles it with its wasm-bindgen JS into pkg/engine/index.js and puts the
// wasm's bytes into that file, so a page makes one request, not two, and there is no .wasm to host.

import { markReady, ready, SeedanceError } from "__GLUE__";
import * as wasm from "./engine/seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__GLUE__";

const guard =
  (f) =>
  (...args) => {
    if (!ready) throw new SeedanceError("NOT_INITIALIZED", "Not loaded: `await init()` first.");
    return f(...args);
  };

export const validateRequest = guard(wasm.validateRequest);
export const estimateCost = guard(wasm.estimateCost);
export const compareModels = guard(wasm.compareModels);
export const listModels = guard(wasm.listModels);

/**
 * The engine's wasm, one character per byte (code points 0 to 255): scripts/assemble-pkg.mjs writes
 * it over this placeholder after minifying. As text it costs about 650 bytes of gzip more than the
 * .wasm file, and saves the second request, which is most of what a fresh page waits for in init().
 */
const WASM_TEXT = "__WASM_TEXT__";

/**
 * The embedded wasm's bytes. `btoa` reads such text as bytes and `Uint8Array.fromBase64` turns them
 * back, both native: about 0.3 ms in Chromium, where the loop (for runtimes without fromBase64)
 * takes about 2 ms.
 */
function embeddedWasm() {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(btoa(WASM_TEXT));
  const bytes = new Uint8Array(WASM_TEXT.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = WASM_TEXT.charCodeAt(i);
  return bytes;
}

/** The wasm `source` names, as bytes or a compiled module: a URL or Request is fetched. */
async function wasmFrom(source) {
  let found = await source;
  if (
    typeof found === "string" ||
    found instanceof URL ||
    (typeof Request === "function" && found instanceof Request)
  )
    found = await fetch(found);
  if (typeof Response === "function" && found instanceof Response) {
    if (!found.ok)
      throw new Error(`failed to fetch the engine's wasm: ${found.status} ${found.url}`);
    return found.arrayBuffer();
  }
  return found;
}

/**
 * Instantiates the engine. A synchronous compile of its 35 kB takes about a millisecond and waits
 * on no other thread (the asynchronous one waits for a worker thread, several milliseconds on a busy
 * machine); where a runtime refuses it (a browser's main-thread limit), the asynchronous one runs.
 */
async function load(source) {
  let code = source === undefined ? embeddedWasm() : await wasmFrom(source);
  if (!(code instanceof WebAssembly.Module)) {
    try {
      wasm.initSync({ module: code });
      return;
    } catch {
      code = await WebAssembly.compile(code);
    }
  }
  wasm.initSync({ module: code });
}

let loading;

/**
 * Loads the engine's wasm once; a failed load may be retried. Without `source` it is the wasm in this
 * file; `source` (URL, Request, Response, bytes, Module or a promise of one) loads another.
 */
export function init(source) {
  loading ??= load(source).then(markReady, (error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
