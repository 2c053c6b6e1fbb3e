// Readiness and `init()`: each entry's wasm is instantiated once, on import where the runtime can
// (Node, Workers, Edge) or by init() where it cannot (browsers); `ready` says it is done. Kept in JS
// because loading the wasm is what the wasm cannot do for itself.

import { messageOf, SeedanceError } from "./error.js";

// Set when the wasm is instantiated.
export let ready = false;
export const markReady = () => {
  ready = true;
};

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
 * Compiles and instantiates the wasm `source` names through wasm-bindgen's `initSync` (or
 * `withExport`'s). A synchronous compile (about a millisecond for the engine) waits on no other
 * thread, where the asynchronous one waits for a worker thread (several milliseconds on a busy
 * machine); where a runtime refuses it (a browser's main-thread limit), the asynchronous compile
 * runs instead.
 */
export async function instantiate(initSync, source) {
  let code = await wasmFrom(source);
  if (!(code instanceof WebAssembly.Module)) {
    try {
      code = new WebAssembly.Module(code);
    } catch {
      code = await WebAssembly.compile(code);
    }
  }
  initSync({ module: code });
}

/**
 * wasm-bindgen's `initSync` for a wasm an entry was given: one without the export `name` is
 * another build's whose imports this one happens to satisfy (the engine's, given to the client's
 * build), refused before wasm-bindgen keeps it, so that init() can be retried with the right one.
 * A function apart, so that the engine entry, which names no export, carries none of it.
 */
export const withExport = (initSync, name) => (given) => {
  if (!WebAssembly.Module.exports(given.module).some((e) => e.name === name))
    throw new WebAssembly.LinkError(`not this entry's wasm: it has no ${name} export`);
  return initSync(given);
};

/**
 * An entry's `init(source?)`: loads the wasm once (later calls return the same promise, or a
 * resolved one once it is ready), then marks it ready; a failed load rejects with INIT_FAILED
 * (`initFailed`) and may be retried. Without `source`, `own()` loads the entry's own wasm; `source`
 * (URL, Request, Response, bytes, Module or a promise of one) loads another through `initSync`
 * (`withExport`'s where the entry needs an export).
 */
export function initOnce(own, initSync) {
  let loading;
  return function init(source) {
    const given = source !== undefined;
    if (ready) return Promise.resolve(); // loaded on import (Node, Workers, Edge), or before
    loading ??= (given ? instantiate(initSync, source) : own()).then(markReady, (error) => {
      loading = undefined;
      throw initFailed(error, given);
    });
    return loading;
  };
}

/**
 * The INIT_FAILED error of a failed `init()`: the runtime's words (and its error as `cause`), and
 * what to do by their kind: a compile the page's Content-Security-Policy refused (Chromium and
 * Safari name 'unsafe-eval', Firefox "CSP"), bytes that are
 * not WebAssembly (CompileError), another build's wasm (LinkError), or a source that could not be
 * fetched (a bad URL, a refused connection, an HTTP error status). `given`: whether init() was
 * given a source (else the entry's own wasm failed).
 */
export function initFailed(error, given) {
  const detail = messageOf(error) || String(error);
  const name = error?.name;
  const failed = new SeedanceError(
    "INIT_FAILED",
    `init() failed (${detail}). ${
      /unsafe-eval|CSP/.test(detail)
        ? "Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy"
        : `${name === "CompileError" ? "Not WebAssembly" : name === "LinkError" ? "Another build's wasm" : "Check the URL"}: give init() this entry's own seedance_wasm_bg.wasm${given ? " or no argument" : ""}`
    }, then call it again.`,
  );
  failed.cause = error;
  return failed;
}
