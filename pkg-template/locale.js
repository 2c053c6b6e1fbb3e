// The `locale` option of every entry: which language a person reads the package's messages in.
// The engine writes English; with `locale: "zh-CN"` each message (issues, SeedanceError, the
// proxy's envelopes) is given in Simplified Chinese by the table that `seedance-wasm/zh-CN`
// registers (zh-CN.js). Codes, fields and every other value stay as they are. The Node, Workers and
// edge entries register the table themselves; a page imports `seedance-wasm/zh-CN` for it, so a
// page in English downloads none of it.

const TRANSLATOR = Symbol.for("seedance-wasm.messages.zh-CN");
let warned = false;

/**
 * "zh-CN" for Chinese in the simplified script (zh, zh-CN, zh-Hans, zh-SG, zh-Hans-HK…), "en"
 * for anything else, never a throw.
 */
export function localeOf(tag) {
  if (typeof tag !== "string") return "en";
  const [language, ...rest] = tag.trim().toLowerCase().replaceAll("_", "-").split("-");
  if (language !== "zh") return "en";
  if (rest.includes("hans")) return "zh-CN";
  return rest.some((s) => ["hant", "tw", "hk", "mo"].includes(s)) ? "en" : "zh-CN";
}

/** The locale an `Accept-Language` header asks for first (by its q-values). */
export function localeOfHeader(header) {
  let best = "en";
  let bestQ = 0;
  for (const part of String(header ?? "")
    .split(",")
    .slice(0, 32)) {
    const [tag, ...params] = part.split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    const weight = q === undefined ? 1 : Number(q);
    const language = tag.trim().toLowerCase();
    if (!(weight > bestQ) || language === "" || language === "*") continue;
    if (language.startsWith("zh") || language.startsWith("en")) {
      best = localeOf(language);
      bestQ = weight;
    }
  }
  return best;
}

/** `options.locale` read without a throw ("en" when absent or not an object). */
export function localeOption(options) {
  try {
    return options !== null && typeof options === "object" ? options.locale : undefined;
  } catch {
    return undefined;
  }
}

/** The message in `locale`; English when no Chinese table is registered (said once). */
export function say(message, locale) {
  if (locale !== "zh-CN" || typeof message !== "string") return message;
  const translate = globalThis[TRANSLATOR];
  if (typeof translate === "function") return translate(message);
  if (!warned && typeof console !== "undefined") {
    warned = true;
    console.warn('seedance-wasm: import "seedance-wasm/zh-CN" for messages in Chinese');
  }
  return message;
}

function issuesIn(list, locale) {
  if (Array.isArray(list)) for (const issue of list) issue.message = say(issue.message, locale);
}

/** A ValidationReport (or compareModels' rows) with its messages in `locale`. */
export function localizeReport(report, locale) {
  if (locale !== "zh-CN" || report === null || typeof report !== "object") return report;
  for (const row of Array.isArray(report) ? report : [report]) {
    issuesIn(row.errors, locale);
    issuesIn(row.warnings, locale);
  }
  return report;
}

/** A SeedanceError with its message and issues in `locale`; anything else as it is. */
export function localizeError(error, locale) {
  // Any copy's SeedanceError (this file is shared by entries with glues of their own).
  if (locale === "zh-CN" && error instanceof Error && error.name === "SeedanceError") {
    error.message = say(error.message, locale);
    issuesIn(error.issues, locale);
  }
  return error;
}

/** Calls `f`; a SeedanceError it throws comes out in `locale`. */
export function inLocale(locale, f) {
  try {
    return f();
  } catch (error) {
    throw localizeError(error, locale);
  }
}

/**
 * An answer of the proxy with the messages of its error envelope in `locale` (the answers of the
 * upstream pass through: only the package's own sentences are translated).
 */
export async function localizeResponse(response, locale) {
  const type = response.headers.get("content-type") ?? "";
  if (locale !== "zh-CN" || response.status < 400 || !type.includes("json")) return response;
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  if (body?.error && typeof body.error === "object") {
    body.message = say(body.message, locale);
    body.error.message = say(body.error.message, locale);
    issuesIn(body.error.issues, locale);
  }
  return new Response(JSON.stringify(body), response);
}

/**
 * A check of the engine (`f(req, options)`: validateRequest, estimateCost, compareModels) with its
 * messages, thrown or reported, in `options.locale`; `requireReady(locale)` throws NOT_INITIALIZED
 * before the wasm is loaded.
 */
export const checkIn = (f, requireReady) => (req, options) => {
  const locale = localeOf(localeOption(options));
  requireReady(locale);
  return localizeReport(
    inLocale(locale, () => f(req, options)),
    locale,
  );
};
