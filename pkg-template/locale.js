// The `locale` option of every entry, as small as it can be for a page in English: the work is
// zh-CN.js's. With `locale: "zh-CN"` (or "zh", "zh-Hans"…) and `seedance-wasm/zh-CN` loaded (it
// registers itself under a global symbol, so that every copy of an entry finds it), the wasm
// writes its messages tagged while the call runs and zh-CN.js writes them in Chinese. The Node,
// Workers and edge entries load it themselves; a page imports it when it wants Chinese.

const KEY = Symbol.for("seedance-wasm.zh-CN");

/** zh-CN.js's hooks when it is loaded and `options.locale` asks for Chinese, else null. */
export function chineseFor(options) {
  const zh = globalThis[KEY];
  if (zh) return zh.wants(options) ? zh : null;
  if (/^zh/i.test(options?.locale))
    console.warn('seedance-wasm: import "seedance-wasm/zh-CN" for messages in Chinese');
  return null;
}

/** The hooks for one request to the proxy (its `locale` may be "auto": Accept-Language). */
export const chineseForRequest = (options, request) =>
  globalThis[KEY]?.forRequest?.(options, request) ?? null;

/** `text` as a message zh-CN.js renders (tagged, as src/text.rs writes them) when `zh`. */
export const said = (zh, text) => (zh ? `\u0001${text}\u0003` : text);

/**
 * A check of the engine (`f(req, options)`: validateRequest, estimateCost, compareModels) whose
 * messages, reported or thrown (NOT_INITIALIZED from `requireReady` too), are in
 * `options.locale`; `tag`: the build's `tagMessages`.
 */
export const checkIn = (f, requireReady, tag) => (req, options) => {
  const zh = chineseFor(options);
  if (!zh) {
    requireReady();
    return f(req, options);
  }
  return zh.check(() => {
    requireReady(zh);
    return zh.tagging(tag, () => f(req, options));
  });
};
