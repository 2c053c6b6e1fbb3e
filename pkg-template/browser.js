// The `browser`/`default` entry of `seedance-wasm`: the main entry's API on a wasm built without
// the proxy (scripts/build.sh, pkg/browser/). A proxy exists to keep an API key secret, and a key
// in a page is no secret, so createProxyHandler belongs on a server: here it throws at once and
// says where to create it. Nothing here loads another build, so a bundler emits no file a client
// app never loads. scripts/assemble-pkg.mjs copies this file into pkg/browser/ (the paths below
// are from there), bundles it with the browser build's JS into pkg/browser/index.js and puts the
// browser build's wasm in that file (../wasm-loader.js): this entry's init() replaces the main
// one's, which fetches it.

import { SeedanceError } from "__JS__/error.js";
import { initOnce, instantiate, withExport } from "__JS__/init.js";
import { chineseFor, said } from "../locale.js";
import { bytesOf } from "../wasm-loader.js";
import { initSync } from "./seedance_wasm.js";

export * from "./main.js";

// The client's constructor: the engine's wasm (which this entry's imports also satisfy) lacks it.
export const init = initOnce(
  () => instantiate(initSync, bytesOf("__WASM_TEXT__")),
  withExport(initSync, "seedanceclient_new"),
);

/**
 * INVALID_FIELD, the code of createProxyHandler's other refusals at construction: a mistake in
 * the code, which no retry or init() mends.
 */
export function createProxyHandler(options) {
  const zh = chineseFor(options);
  const refused = new SeedanceError(
    "INVALID_FIELD",
    said(
      zh,
      "createProxyHandler runs on a server, where the API key stays secret: create the handler in Node, Deno, Bun, Cloudflare Workers or an Edge runtime, and point the page's SeedanceClient at it with baseUrl. (On a server, this is the browser entry: bundle with the node, workerd or edge-light condition.)",
    ),
  );
  throw zh ? zh.error(refused) : refused;
}
