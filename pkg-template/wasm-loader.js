// The wasm of the entries that carry it inside their JS file (engine.js, browser.js, edge.js):
// scripts/assemble-pkg.mjs writes it over their "__WASM_TEXT__" placeholder after bundling and
// minifying, one character per byte (code points 0 to 255). As text it costs 2 to 4 % more gzip
// than the .wasm file, and saves the second request: the page makes one, init() fetches nothing and
// only compiles and instantiates, and there is no .wasm for a bundler, a dev server, a CDN or Deno's
// permissions to place. A `source` given to init() still loads another copy of the wasm. Their
// init() is src/js/init.js's `initOnce`; this file imports no snippet (each build has its own).

/**
 * The embedded wasm's bytes. `btoa` reads such text as bytes and `Uint8Array.fromBase64` turns them
 * back, both native: about 0.3 ms for the engine in Chromium, where the loop takes about 2 ms. The
 * loop runs where fromBase64 is missing (Node 20, older browsers), and where the page replaced
 * `btoa` (a "Unicode-safe" one encodes as UTF-8 first, so the length differs; one may throw).
 */
export function bytesOf(text) {
  let bytes;
  try {
    bytes = Uint8Array.fromBase64?.(btoa(text)); // without fromBase64, no btoa either
  } catch {
    // a btoa that refuses the text: the loop below
  }
  if (bytes?.length !== text.length) {
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(i);
  }
  return swapped(bytes);
}

/** The text holds NUL as "z" (0x7a) and "z" as NUL (scripts/embed-wasm.mjs `SWAP`): swapped back. */
function swapped(bytes) {
  const zeros = [];
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) zeros.push(i);
  for (let i = bytes.indexOf(0x7a); i >= 0; i = bytes.indexOf(0x7a, i + 1)) bytes[i] = 0;
  for (const i of zeros) bytes[i] = 0x7a;
  return bytes;
}
