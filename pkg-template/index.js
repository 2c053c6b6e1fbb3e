// For browsers, workers, bundlers.

import { SeedanceError } from "__JS__/error.js";
import { initOnce, ready } from "__JS__/init.js";
import loadWasm, * as wasm from "./seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__JS__/error.js";
export { memoryStore } from "__JS__/spend.js";

import { checkIn, chineseFor, chineseForRequest, localeOption } from "__ROOT__/locale.js";

function requireReady() {
  if (!ready) throw new SeedanceError("NOT_INITIALIZED", "Not loaded: `await init()` first.");
}
const guard =
  (f) =>
  (...args) => {
    requireReady();
    return f(...args);
  };
export const validateRequest = checkIn(wasm.validateRequest, requireReady);
export const estimateCost = checkIn(wasm.estimateCost, requireReady);
export const compareModels = checkIn(wasm.compareModels, requireReady);
export const listModels = guard(wasm.listModels);
export const parseCallback = guard(wasm.parseCallback);

/** A promise's SeedanceError in Chinese when `zh` (locale.js's `chineseFor`) says so. */
const rejectIn = (zh, promise) =>
  zh
    ? promise.catch((error) => {
        throw zh.error(error);
      })
    : promise;

/**
 * One parameter: Deno.serve gives a handler of length 0 no request. `locale` ("en", "zh-CN" or
 * "auto": the request's Accept-Language) picks the language of the proxy's own messages.
 */
export function createProxyHandler(options) {
  const wanted = localeOption(options);
  const zh = wanted === "auto" ? null : chineseFor(wanted);
  let handle;
  try {
    requireReady();
    handle = wasm.createProxyHandler(options);
  } catch (error) {
    throw zh ? zh.error(error) : error;
  }
  return (request) => {
    const answer = handle(request);
    const chinese = chineseForRequest(wanted, request);
    return chinese ? answer.then(chinese.response) : answer;
  };
}

export class SeedanceClient extends wasm.SeedanceClient {
  #zh;
  constructor(options) {
    const zh = chineseFor(localeOption(options));
    try {
      requireReady();
      super(options);
    } catch (error) {
      throw zh ? zh.error(error) : error;
    }
    this.#zh = zh;
  }
  generate(...args) {
    return rejectIn(this.#zh, super.generate(...args));
  }
  getStatus(...args) {
    return rejectIn(this.#zh, super.getStatus(...args));
  }
  waitForTask(...args) {
    return rejectIn(this.#zh, super.waitForTask(...args));
  }
  run(...args) {
    return rejectIn(this.#zh, super.run(...args));
  }
  runMany(...args) {
    const zh = this.#zh;
    const outcomes = super.runMany(...args);
    return zh
      ? rejectIn(
          zh,
          outcomes.then((list) => {
            for (const outcome of list ?? []) zh.error(outcome?.error);
            return list;
          }),
        )
      : outcomes;
  }
}

// Idempotent; `source`: a URL, Response, bytes or WebAssembly.Module, which must be this build's
// (it has the client's constructor). Without one, wasm-bindgen's loader fetches the .wasm beside
// seedance_wasm.js. A failure is INIT_FAILED, and init() may be called again.
// Pure: the browser entry, which has its own init(), bundles none of wasm-bindgen's loader.
export const init = /* @__PURE__ */ initOnce(() => loadWasm(), wasm.initSync, "seedanceclient_new");
