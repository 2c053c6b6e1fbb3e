// For browsers, workers, bundlers.

import { markReady, ready, SeedanceError } from "__GLUE__";
import loadWasm, * as wasm from "./seedance_wasm.js";

export { isSeedanceError, SeedanceError } from "__GLUE__";
export { memoryStore } from "__SPEND__";

import {
  checkIn,
  inLocale,
  localeOf,
  localeOfHeader,
  localeOption,
  localizeError,
  localizeResponse,
} from "__ROOT__/locale.js";

function requireReady(locale) {
  if (!ready)
    throw localizeError(
      new SeedanceError("NOT_INITIALIZED", "Not loaded: `await init()` first."),
      localeOf(locale),
    );
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

/**
 * One parameter: Deno.serve gives a handler of length 0 no request. `locale` ("en", "zh-CN" or
 * "auto": the request's Accept-Language) picks the language of the proxy's own messages.
 */
export function createProxyHandler(options) {
  const wanted = localeOption(options);
  requireReady(wanted);
  const handle = inLocale(localeOf(wanted), () => wasm.createProxyHandler(options));
  if (wanted === "auto")
    return (request) =>
      handle(request).then((r) =>
        localizeResponse(r, localeOfHeader(request?.headers?.get?.("accept-language"))),
      );
  const locale = localeOf(wanted);
  return locale === "en"
    ? (request) => handle(request)
    : (request) => handle(request).then((r) => localizeResponse(r, locale));
}

/** A SeedanceError of a client call in the client's locale (in an outcome of runMany too). */
const localized = (locale) => (error) => {
  throw localizeError(error, locale);
};

export class SeedanceClient extends wasm.SeedanceClient {
  #locale;
  constructor(options) {
    const locale = localeOf(localeOption(options));
    requireReady(locale);
    try {
      super(options);
    } catch (error) {
      throw localizeError(error, locale);
    }
    this.#locale = locale;
  }
  generate(...args) {
    return super.generate(...args).catch(localized(this.#locale));
  }
  getStatus(...args) {
    return super.getStatus(...args).catch(localized(this.#locale));
  }
  waitForTask(...args) {
    return super.waitForTask(...args).catch(localized(this.#locale));
  }
  run(...args) {
    return super.run(...args).catch(localized(this.#locale));
  }
  runMany(...args) {
    return super
      .runMany(...args)
      .then((outcomes) => {
        for (const outcome of outcomes ?? []) localizeError(outcome?.error, this.#locale);
        return outcomes;
      })
      .catch(localized(this.#locale));
  }
}

let loading;

// Idempotent; `source`: a URL, Response, bytes or WebAssembly.Module.
export function init(source) {
  loading ??= loadWasm({ module_or_path: source }).then(markReady, (error) => {
    loading = undefined; // a later call tries again
    throw error;
  });
  return loading;
}
