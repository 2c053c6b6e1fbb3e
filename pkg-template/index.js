// For browsers, workers, bundlers.

import { SeedanceError } from "__JS__/error.js";
import { initOnce, ready, withExport } from "__JS__/init.js";
import loadWasm, * as wasm from "./seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__JS__/error.js";
export { memoryStore } from "__JS__/spend.js";

import { checkIn, chineseFor, chineseForRequest, said } from "__ROOT__/locale.js";

/** NOT_INITIALIZED before init(); `zh`: said for zh-CN.js (locale.js). */
function requireReady(zh) {
  if (!ready)
    throw new SeedanceError("NOT_INITIALIZED", said(zh, "Not loaded: `await init()` first."));
}
const tag = wasm.tagMessages;
const guard =
  (f) =>
  (...args) => {
    requireReady();
    return f(...args);
  };
export const validateRequest = checkIn(wasm.validateRequest, requireReady, tag);
export const estimateCost = checkIn(wasm.estimateCost, requireReady, tag);
export const compareModels = checkIn(wasm.compareModels, requireReady, tag);
export const listModels = guard(wasm.listModels);
export const parseCallback = guard(wasm.parseCallback);

/**
 * `call()`'s promise, with its messages in Chinese when `zh` (locale.js's `chineseFor`): the wasm
 * writes them tagged for the whole call, and a rejection's SeedanceError is rendered.
 */
const callIn = (zh, call) =>
  zh
    ? zh.tagging(tag, call).catch((error) => {
        throw zh.error(error);
      })
    : call();

/**
 * One parameter: Deno.serve gives a handler of length 0 no request. `locale` ("en", "zh-CN" or
 * "auto": the request's Accept-Language) picks the language of the proxy's own messages.
 */
export function createProxyHandler(options) {
  const zh = chineseFor(options);
  let handle;
  try {
    requireReady(zh);
    handle = zh
      ? zh.tagging(tag, () => wasm.createProxyHandler(options))
      : wasm.createProxyHandler(options);
  } catch (error) {
    throw zh ? zh.error(error) : error;
  }
  return (request) => {
    const chinese = chineseForRequest(options, request);
    return chinese
      ? chinese.tagging(tag, () => handle(request)).then(chinese.response)
      : handle(request);
  };
}

export class SeedanceClient extends wasm.SeedanceClient {
  #zh;
  constructor(options) {
    const zh = chineseFor(options);
    try {
      requireReady(zh);
      if (zh) tag(true);
      try {
        super(options);
      } finally {
        if (zh) tag(false);
      }
    } catch (error) {
      throw zh ? zh.error(error) : error;
    }
    this.#zh = zh;
  }
  generate(...args) {
    return callIn(this.#zh, () => super.generate(...args));
  }
  getStatus(...args) {
    return callIn(this.#zh, () => super.getStatus(...args));
  }
  waitForTask(...args) {
    return callIn(this.#zh, () => super.waitForTask(...args));
  }
  run(...args) {
    return callIn(this.#zh, () => super.run(...args));
  }
  runMany(...args) {
    const zh = this.#zh;
    return callIn(zh, () =>
      super.runMany(...args).then((list) => {
        if (zh) for (const outcome of list ?? []) zh.error(outcome?.error);
        return list;
      }),
    );
  }
}

// Idempotent; `source`: a URL, Response, bytes or WebAssembly.Module, which must be this build's
// (it has the client's constructor). Without one, wasm-bindgen's loader fetches the .wasm beside
// seedance_wasm.js. A failure is INIT_FAILED, and init() may be called again.
// Pure: the browser entry, which has its own init(), bundles none of wasm-bindgen's loader.
export const init = /* @__PURE__ */ initOnce(
  () => loadWasm(),
  /* @__PURE__ */ withExport(wasm.initSync, "seedanceclient_new"),
);
