// Simplified Chinese for every message seedance-wasm writes. Importing this module registers it;
// then `locale: "zh-CN"` (validateRequest, estimateCost, compareModels, SeedanceClient,
// createProxyHandler) gives Chinese sentences instead of English ones. The Node, Workers and edge
// entries import it themselves (with zh-CN-proxy.js, the proxy's sentences); a page imports
// `seedance-wasm/zh-CN` when it wants Chinese, so a page in English downloads none of it.
//
// While a call asks for Chinese, the engine writes each message tagged (src/text.rs):
// `\u0001` + its English template + `\u0002` before each value + `\u0003`, a value may be a tagged
// message itself. This file writes that in Chinese from the table of src/text/zh-CN.js, which the
// build puts below as Chinese templates keyed by a short hash of the English one
// (scripts/chinese-table.mjs): the English never ships twice. Codes, field names and values are
// never changed.

/** The build's hash seed and table (scripts/chinese-table.mjs writes both). */
const SEED = /* seed */ 0;
const CHINESE = new Map();

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/** Two characters that name an English template (FNV-1a of its UTF-16 units, folded to 12 bits). */
export function keyOf(template, seed = SEED) {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < template.length; i++) h = Math.imul(h ^ template.charCodeAt(i), 0x01000193);
  h = (h ^ (h >>> 12) ^ (h >>> 24)) & 4095;
  return ALPHABET[h >> 6] + ALPHABET[h & 63];
}

/** Adds Chinese templates: lines of a key (`keyOf`) and the template. */
export function addMessages(table) {
  for (const line of table.split("\n")) if (line) CHINESE.set(line.slice(0, 2), line.slice(2));
}

addMessages(/* table */ "");

// The provider's terms for the request's fields.
const FIELDS = {
  prompt: "提示词",
  duration: "时长",
  resolution: "分辨率",
  aspect_ratio: "画幅",
  model: "模型",
  images: "图片",
  reference_video_urls: "参考视频",
  reference_audio_urls: "参考音频",
  callback_url: "回调地址",
  public: "是否公开",
};

/** A field name (`images[2]` too) as the provider's term with the wire name, else quoted. */
function field(name) {
  const m = /^([a-z_]+)(\[\d+\])?$/.exec(name);
  return m && FIELDS[m[1]] ? `${FIELDS[m[1]]}（${name}）` : `“${name}”`;
}

/** A value inside a sentence: a list, a range or a byte count as Chinese writes it, else itself. */
function value(text) {
  const range = /^(\d+) to (\d+)$/.exec(text);
  if (range) return `${range[1]} 至 ${range[2]}`;
  // "5, 10 or 15", "480p, 720p", "seedance-2.0, seedance-2-mini": plain items only.
  if (/^[\w.:-]+(, [\w.:-]+)*( or [\w.:-]+)?$/.test(text))
    return text.replaceAll(", ", "、").replace(" or ", " 或 ");
  const size = /^(\d+) bytes$/.exec(text);
  return size ? `${size[1]} 字节` : text;
}

/** One message: its Chinese template filled, or the English one when the table has none. */
function sentence(template, values) {
  const chinese = CHINESE.get(keyOf(template));
  if (chinese === undefined) {
    let n = 0;
    const english = template.replace(/\{\}/g, () => values[n++] ?? "");
    // A server's sentence brings its own full stop (as src/client/response.rs writes it).
    return english.replace(/([.!?。])\.$/, "$1");
  }
  // {n}: a value; {fn}: a field name; {rn}: words that stay as given (a server's).
  const filled = chinese.replace(/\{([fr]?)(\d+)\}/g, (_, kind, n) => {
    const given = values[Number(n) - 1] ?? "";
    return kind === "f" ? field(given) : kind ? given : value(given);
  });
  // A value that is a sentence brings its own full stop.
  return filled.replace(/([。！？.!?])。$/, "$1");
}

/**
 * Tagged text in Chinese; text without tags as it is. One pass with a stack of open messages, not
 * recursion, at most 8 deep (the engine nests 3): a hostile value full of tag characters costs
 * linear time and no call depth, each character being written by at most 8 messages.
 */
export function render(text) {
  if (typeof text !== "string" || !text.includes("\u0001")) return text;
  // Each open message: its template, the values so far and the one being written (null between).
  const stack = [{ template: null, values: [], current: "" }];
  let at = 0;
  while (at < text.length) {
    const top = stack.at(-1);
    const c = text[at];
    if (c === "\u0001" && stack.length <= 8) {
      let end = at + 1;
      while (end < text.length && text[end] > "\u0003") end++;
      stack.push({ template: text.slice(at + 1, end), values: [], current: null });
      at = end;
    } else if (c === "\u0002" && stack.length > 1) {
      if (top.current !== null) top.values.push(top.current);
      top.current = "";
      at++;
    } else if (c === "\u0003" && stack.length > 1) {
      stack.pop();
      if (top.current !== null) top.values.push(top.current);
      const parent = stack.at(-1);
      parent.current = (parent.current ?? "") + sentence(top.template, top.values);
      at++;
    } else {
      let end = at + 1;
      while (end < text.length && text[end] > "\u0003") end++;
      // (A tag character the stack has no room for is written as it is.)
      top.current = (top.current ?? "") + text.slice(at, end);
      at = end;
    }
  }
  // Messages left open (only a mangled text has them) are closed where the text ends.
  while (stack.length > 1) {
    const top = stack.pop();
    if (top.current !== null) top.values.push(top.current);
    const parent = stack.at(-1);
    parent.current = (parent.current ?? "") + sentence(top.template, top.values);
  }
  return stack[0].current;
}

/**
 * "zh-CN" for Chinese in the simplified script (zh, zh-CN, zh-Hans, zh-SG, zh-Hans-HK…), "en"
 * for anything else (zh-TW and zh-Hant too), never a throw.
 */
export function localeOf(tag) {
  if (typeof tag !== "string") return "en";
  const [language, ...rest] = tag.trim().toLowerCase().replaceAll("_", "-").split("-");
  if (language !== "zh") return "en";
  if (rest.includes("hans")) return "zh-CN";
  return rest.some((s) => ["hant", "tw", "hk", "mo"].includes(s)) ? "en" : "zh-CN";
}

function issuesIn(list) {
  if (Array.isArray(list)) for (const issue of list) issue.message = render(issue.message);
}

/** A ValidationReport (or compareModels' rows) with its messages in Chinese. */
function report(value) {
  if (value !== null && typeof value === "object")
    for (const row of Array.isArray(value) ? value : [value]) {
      issuesIn(row.errors);
      issuesIn(row.warnings);
    }
  return value;
}

/** A SeedanceError (of any copy of the package) with its message and issues in Chinese. */
function error(value) {
  if (value instanceof Error && value.name === "SeedanceError") {
    value.message = render(value.message);
    issuesIn(value.issues);
  }
  return value;
}

/** `options.locale`, read without a throw. */
export function localeOption(options) {
  try {
    return options !== null && typeof options === "object" ? options.locale : undefined;
  } catch {
    return undefined;
  }
}

// What the entries use (pkg-template/locale.js), found by every copy of them; zh-CN-proxy.js adds
// the proxy's.
export const hooks = {
  wants: (options) => localeOf(localeOption(options)) === "zh-CN",
  /**
   * `call()` (one call into the wasm) writing its messages tagged: `tag` is the build's
   * `tagMessages`, which asks it of the next call; asked, the call keeps it to its end.
   */
  tagging(tag, call) {
    tag(true);
    try {
      return call();
    } finally {
      tag(false);
    }
  },
  /** A check's report, or its error, in Chinese. */
  check(call) {
    try {
      return report(call());
    } catch (thrown) {
      throw error(thrown);
    }
  },
  report,
  error,
};
globalThis[Symbol.for("seedance-wasm.zh-CN")] = hooks;
