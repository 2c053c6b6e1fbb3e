// The entry for browsers, workers, bundlers and Deno: `await init()` loads the wasm once.
// Every export that calls into the wasm first checks that it is loaded, so a call made too early
// gets a SeedanceError with code NOT_INITIALIZED instead of a TypeError from inside the glue.
import loadWasm, * as wasm from "./seedance_wasm.js";
import { SeedanceError, isReady, markReady } from "__GLUE__";

export { SeedanceError, isSeedanceError } from "__GLUE__";

function requireReady() {
  if (!isReady()) {
    throw new SeedanceError(
      "NOT_INITIALIZED",
      "seedance-wasm is not loaded yet: `await init()` first (once, before any other call).",
    );
  }
}

export const validateRequest = (...args) => (requireReady(), wasm.validateRequest(...args));
export const estimateCost = (...args) => (requireReady(), wasm.estimateCost(...args));
export const compareModels = (...args) => (requireReady(), wasm.compareModels(...args));
export const listModels = (...args) => (requireReady(), wasm.listModels(...args));
export const parseCallback = (...args) => (requireReady(), wasm.parseCallback(...args));

/**
 * A Fetch-API handler of exactly one parameter: Deno.serve calls a handler whose `length` is 0
 * without the request.
 */
export function createProxyHandler(options) {
  requireReady();
  const handle = wasm.createProxyHandler(options);
  return (request) => handle(request);
}

export class SeedanceClient extends wasm.SeedanceClient {
  constructor(options) {
    requireReady();
    super(options);
  }
}

let loading;

/**
 * Loads and instantiates the WebAssembly module; idempotent. `source` is optional: a URL, a
 * Response, bytes or a WebAssembly.Module, for setups that serve the .wasm file elsewhere. Where
 * the entry already instantiated the wasm on import (Node, Workers), it has nothing to do.
 */
export function init(source) {
  loading ??= (isReady() ? Promise.resolve() : loadWasm(source === undefined ? undefined : { module_or_path: source })).then(
    () => markReady(),
    (error) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}
