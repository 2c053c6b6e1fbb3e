// Requests into the wasm and reports out of it as JSON text, the engine's one format across the
// boundary: any JS value to JSON in one step (with the values JSON lacks named rather than lost),
// the request's prompt passed apart from the rest of it, and a report parsed back (or copied, when
// its text came before) with its prompt.

// The way back. A form checks on every keystroke and a proxy sees the same settings again and
// again; with the prompt apart (promptApart) their report texts repeat, and copying a report parsed
// before takes a third of the time of JSON.parse of its text (docs/measurements.md).

/**
 * Parsed texts by their length: `[text, value]` pairs. Not a Map by text: hashing a fresh text of
 * 300 characters cost twice a comparison with the few of its length. Emptied when full, and long
 * texts are not kept, so its memory stays small whatever the texts (256 of 4,096 characters).
 */
const parsed = new Map();
let count = 0;

/** A fresh copy of a JSON value without a `__proto__` member (see parsedCopy). */
function copyOf(value) {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const out = {};
  for (const key in value) out[key] = copyOf(value[key]);
  return out;
}

/**
 * A copy of the value of `text` parsed before, or JSON.parse of it. A text with a `__proto__` member
 * (JSON.parse makes it an own member, which an assignment in copyOf would not) or a long one is
 * parsed each time. The engine writes no `_` escaped, so the member shows as written.
 */
function parsedCopy(text) {
  let same = parsed.get(text.length) ?? [];
  for (const [known, value] of same) if (known === text) return copyOf(value);
  const value = JSON.parse(text);
  if (text.length > 4096 || text.includes('"__proto__"')) return value;
  if (count++ > 255) {
    parsed.clear();
    count = 1;
    same = [];
  }
  parsed.set(text.length, [...same, [text, value]]);
  return copyOf(value);
}

/**
 * The value of JSON text the engine wrote; null (never a throw) if it were not JSON. When `prompt`
 * is a string, the text is a report whose request's prompt crossed apart (see promptApart): put back.
 */
export function fromJson(text, prompt) {
  try {
    const value = parsedCopy(text);
    if (typeof prompt === "string" && value.request) value.request.prompt = prompt;
    return value;
  } catch {
    return null;
  }
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * The prompt of a request that can cross into the wasm apart from the rest of it (then it needs no
 * JSON escaping or parsing, and the report need not carry it back): a well-formed string, own
 * enumerable member of a plain object without `toJSON`. Otherwise undefined, and the whole request crosses as JSON.
 */
export function promptApart(req) {
  try {
    if (req === null || typeof req !== "object" || Array.isArray(req)) return undefined;
    // Own and enumerable, as JSON.stringify reads members.
    if (typeof req.toJSON === "function" || !isEnumerable.call(req, "prompt")) return undefined;
    const { prompt } = req;
    // TextEncoder would write a lone surrogate as U+FFFD: such a prompt crosses in the request's
    // JSON, where the engine sees it (`"\ud800"`) and refuses it. So does any prompt where
    // isWellFormed (Node 20, browsers since 2023) is missing.
    return typeof prompt === "string" && prompt.isWellFormed?.() ? prompt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * toJson of a request, or, when its `prompt` crosses apart (a string: see promptApart) and is
 * longer than 128 UTF-16 units, of the request with only the prompt's head, its first 32 units (33
 * rather than half a pair): the engine reads no more of it unless it asks (src/engine/validate.rs
 * `PromptMeasure`). A shorter prompt is its own head: the spread copy that cuts one cost more than
 * its characters (0.15 to 0.35 us a call in Node and Chromium; `{ prompt, ...rest }` was slower).
 */
export function requestJson(req, prompt) {
  if (typeof prompt !== "string" || prompt.length <= 128) return toJson(req);
  try {
    return toJson({ ...req, prompt: prompt.slice(0, prompt.codePointAt(31) > 0xffff ? 33 : 32) });
  } catch {
    return undefined;
  }
}

/** A character past U+FFFF (two UTF-16 units): without one, a string has as many code points as units. */
const ASTRAL = /[^\0-\uFFFF]/u;

/**
 * The length of a well-formed string (promptApart's) as the rules need it: its UTF-16 units when
 * they are within `max` or when it has no character past U+FFFF (then they are its code points);
 * else `max` when its code points are within `max`; else 0, and the engine counts the whole prompt
 * (only a prompt too long, whose message says its length, costs that copy). Never fewer than its
 * code points. A regular expression counts in V8's native code: twice as fast as a loop of
 * charCodeAt over 3,400 units of emoji in Chromium (docs/measurements.md); the Node build counts a
 * UTF-16 copy in the wasm instead (node-boundary.js). Made on each call (V8 keeps it compiled by its
 * text): 0.26 us, against 18 B of download for keeping it here.
 */
export function promptLength(text, max) {
  if (text.length <= max || !ASTRAL.test(text)) return text.length;
  // With the u flag, `[^]` is any one code point.
  return RegExp(`^[^]{0,${max}}$`, "u").test(text) ? max : 0;
}

/**
 * Writes the string `text` (`null` for anything else) as UTF-8 into the wasm's `memory` at `at`,
 * where `room` bytes are free, as TextEncoder does (a lone surrogate as U+FFFD); returns the bytes
 * written, or minus the room it may need (3 per UTF-16 unit) when `room` is less. A loop rather
 * than TextEncoder, whose every call cost Chromium about 0.5 us, twice this loop over a request of
 * 100 characters (its prompt apart); the Node build writes with TextEncoder (node-boundary.js).
 */
export function utf8Into(text, memory, at, room) {
  if (typeof text !== "string") text = "null";
  const n = text.length;
  if (n * 3 > room) return -n * 3;
  const view = new Uint8Array(memory.buffer, at, room);
  let j = 0;
  for (let i = 0; i < n; i++) {
    // A pair's code point, or a lone surrogate's unit, written as TextEncoder does: U+FFFD.
    let c = text.codePointAt(i);
    if (c >> 11 === 27) c = 0xfffd;
    if (c < 0x80) view[j++] = c;
    else {
      if (c < 0x800) view[j++] = 0xc0 | (c >> 6);
      else {
        if (c < 0x10000) view[j++] = 0xe0 | (c >> 12);
        else {
          view[j++] = 0xf0 | (c >> 18);
          view[j++] = 0x80 | ((c >> 12) & 0x3f);
          i++;
        }
        view[j++] = 0x80 | ((c >> 6) & 0x3f);
      }
      view[j++] = 0x80 | (c & 0x3f);
    }
  }
  return j;
}

// Values JSON lacks, named rather than lost: NaN and Infinity as text; BigInt, Symbol and function
// (as a member or array element of the request) as {[NO_JSON_KEY]: type}, which the engine
// (src/engine/validate.rs) refuses as INVALID_FIELD.
const NO_JSON_KEY = "\u0000no-json";
const noJson = (v) => typeof v === "bigint" || typeof v === "symbol" || typeof v === "function";

function replacerFor(root) {
  const lists = new Set(
    root !== null && typeof root === "object" ? Object.values(root).filter(Array.isArray) : [],
  );
  return function (_key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (noJson(value) && (this === root || lists.has(this) || value === root))
      return { [NO_JSON_KEY]: typeof value };
    return typeof value === "bigint" ? `${value}n` : value;
  };
}

/** Whether JSON.stringify would drop a member (for...in: cheap; an inherited one is harmless). */
function dropsMember(value) {
  if (value === null || typeof value !== "object") return false;
  for (const key in value) {
    const type = typeof value[key];
    if (type === "symbol" || type === "function") return true;
  }
  return false;
}

/**
 * JSON text of any value, or undefined (undefined, a cycle). The slow replacer runs only when the
 * plain text has a `null`, the plain call threw or gave nothing, or would drop a member.
 */
export function toJson(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && !text.includes("null") && !dropsMember(value)) return text;
  } catch {
    // Retried with the replacer.
  }
  try {
    return JSON.stringify(value, replacerFor(value));
  } catch {
    return undefined;
  }
}
