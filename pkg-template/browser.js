// The `browser`/`default` entry of `seedance-wasm`: the main entry's API on a wasm built without
// the proxy's request handling (scripts/build.sh, pkg/browser/), which a browser app almost never
// runs. createProxyHandler still checks its options at once, with the same coded errors, and loads
// the full build (../seedance_wasm.js and its wasm) only when one of its handlers is first called.
// scripts/assemble-pkg.mjs copies this file into pkg/browser/ (the paths below are from there),
// bundles it with the browser build's JS into pkg/browser/index.js and puts the browser build's wasm
// in that file (../wasm-loader.js): this entry's init() replaces the main one's, which fetches it.

import { markReady } from "__GLUE__";
import { embeddedInit } from "../wasm-loader.js";
import { createProxyHandler as checkOptions } from "./main.js";
import { initSync, proxyUnavailable } from "./seedance_wasm.js";

export * from "./main.js";

// The client's constructor: the engine's wasm (which this entry's imports also satisfy) lacks it.
export const init = embeddedInit(initSync, markReady, "__WASM_TEXT__", "seedanceclient_new");

let loading;

/** The full build's wasm-bindgen module, loaded and instantiated once; a failed load is retried. */
function loadFullBuild() {
  loading ??= import("../seedance_wasm.js")
    .then(async (build) => {
      await build.default();
      return build;
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/**
 * Checks the options as the full build does (NOT_INITIALIZED or the options' coded error, at once)
 * and returns the values the check read, so that the full build's handler, made later, is made from
 * the same values whatever happens to the object in between.
 */
function checked(options) {
  const seen = Object.create(null);
  let reader = options;
  try {
    reader = new Proxy(options, {
      get: (target, key, receiver) => {
        seen[key] = Reflect.get(target, key, receiver);
        return seen[key];
      },
    });
  } catch {
    // not an object, or a revoked Proxy: the check refuses it
  }
  checkOptions(reader);
  return seen;
}

export function createProxyHandler(options) {
  const values = checked(options);
  let proxy;
  // One parameter: Deno.serve gives a handler of length 0 no request.
  return (request) => {
    proxy ??= loadFullBuild()
      .then((build) => build.createProxyHandler(values))
      .catch((error) => {
        proxy = undefined; // the next request tries again
        throw error;
      });
    // A build that cannot be loaded answers 503 in the API's envelope (never a hang or a throw).
    return proxy.then((handle) => handle(request), proxyUnavailable);
  };
}
