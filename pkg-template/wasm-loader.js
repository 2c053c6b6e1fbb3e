// init() of the browser entries (engine.js, browser.js), whose wasm is inside their JS file:
// scripts/assemble-pkg.mjs writes it over their "__WASM_TEXT__" placeholder after bundling and
// minifying, one character per byte (code points 0 to 255). As text it costs 2 to 4 % more gzip
// than the .wasm file, and saves the second request: the page makes one, init() fetches nothing and
// only compiles and instantiates, and there is no .wasm for a bundler, a dev server, a CDN or Deno's
// permissions to place. A `source` given to init() still loads another copy of the wasm.

/**
 * The embedded wasm's bytes. `btoa` reads such text as bytes and `Uint8Array.fromBase64` turns them
 * back, both native: about 0.3 ms for the engine in Chromium, where the loop takes about 2 ms. The
 * loop runs where fromBase64 is missing (Node 20, older browsers), and where the page replaced
 * `btoa` (a "Unicode-safe" one encodes as UTF-8 first, so the length differs; one may throw).
 */
export function bytesOf(text) {
  try {
    const bytes = Uint8Array.fromBase64?.(btoa(text)); // without fromBase64, no btoa either
    if (bytes?.length === text.length) return bytes;
  } catch {
    // a btoa that refuses the text: the loop below
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The wasm a `source` names, as bytes or a compiled module: a URL or Request is fetched. */
async function wasmFrom(source) {
  let found = await source;
  if (
    typeof found === "string" ||
    found instanceof URL ||
    (typeof Request === "function" && found instanceof Request)
  )
    found = await fetch(found);
  if (typeof Response === "function" && found instanceof Response) {
    if (!found.ok) throw new Error(`failed to fetch the wasm: ${found.status} ${found.url}`);
    return found.arrayBuffer();
  }
  return found;
}

/**
 * Compiles, checks and instantiates through wasm-bindgen's `initSync`. A synchronous compile (about
 * a millisecond for the engine) waits on no other thread, where the asynchronous one waits for a
 * worker thread (several milliseconds on a busy machine); where a runtime refuses it (a browser's
 * main-thread limit), the asynchronous compile runs instead. A wasm without `requiredExport` is
 * another build's whose imports this entry happens to satisfy (the engine's, given to the browser
 * entry): refused before wasm-bindgen keeps it, so that init() can be retried with the right one.
 */
async function instantiate(initSync, text, source, requiredExport) {
  let code = source === undefined ? bytesOf(text) : await wasmFrom(source);
  if (!(code instanceof WebAssembly.Module)) {
    try {
      code = new WebAssembly.Module(code);
    } catch {
      code = await WebAssembly.compile(code);
    }
  }
  if (requiredExport && !WebAssembly.Module.exports(code).some((e) => e.name === requiredExport))
    throw new Error(`not this entry's wasm: it has no ${requiredExport} export`);
  initSync({ module: code });
}

/**
 * The entry's `init(source?)`: loads the wasm once (later calls return the same promise), then
 * `markReady`; a failed load may be retried. Without `source` it is the wasm in `text`; `source`
 * (URL, Request, Response, bytes, Module or a promise of one) loads another, which must export
 * `requiredExport` where one is named.
 */
export function embeddedInit(initSync, markReady, text, requiredExport) {
  let loading;
  return function init(source) {
    loading ??= instantiate(initSync, text, source, requiredExport).then(markReady, (error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
