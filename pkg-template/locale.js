// The `locale` option of every entry. The engine writes English; with `locale: "zh-CN"` (or
// "zh", "zh-Hans"…) the messages come out in Simplified Chinese once `seedance-wasm/zh-CN`
// (zh-CN.js) is loaded: it registers itself under a global symbol, so that every copy of an entry
// finds it. The Node, Workers and edge entries load it themselves; a page imports it when it wants
// Chinese, so a page in English downloads none of it and pays only for this file.

const KEY = Symbol.for("seedance-wasm.zh-CN");
let warned = false;

/** `options.locale`, read without a throw. */
export function localeOption(options) {
  try {
    return options !== null && typeof options === "object" ? options.locale : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Chinese messages (zh-CN.js's registration) when `locale` asks for them, else null. Asked
 * for Chinese without them, English, and a warning once.
 */
export function chineseFor(locale) {
  const zh = globalThis[KEY];
  if (zh) return zh.wants(locale) ? zh : null;
  if (!warned && /^\s*zh/i.test(typeof locale === "string" ? locale : "")) {
    warned = true;
    console.warn('seedance-wasm: import "seedance-wasm/zh-CN" for messages in Chinese');
  }
  return null;
}

/** For each request, the Chinese messages when the proxy's `locale` ("auto" too) asks for them. */
export function chineseForRequest(wanted, request) {
  if (wanted !== "auto") return chineseFor(wanted);
  let header;
  try {
    header = request.headers.get("accept-language");
  } catch {
    return null;
  }
  return globalThis[KEY]?.wantsHeader(header) ? globalThis[KEY] : null;
}

/**
 * A check of the engine (`f(req, options)`: validateRequest, estimateCost, compareModels) whose
 * messages, reported or thrown (NOT_INITIALIZED from `requireReady` too), are in `options.locale`.
 */
export const checkIn = (f, requireReady) => (req, options) => {
  const zh = chineseFor(localeOption(options));
  try {
    requireReady();
    const out = f(req, options);
    return zh ? zh.report(out) : out;
  } catch (error) {
    throw zh ? zh.error(error) : error;
  }
};
