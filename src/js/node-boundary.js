// The Node (speed) build's own boundary (feature `node-boundary`), where the JS costs no download
// and Node's Buffer is at hand: text written into the wasm by TextEncoder, a prompt as UTF-16 to
// be counted.

import { Buffer } from "node:buffer";
import { fromJson as parsedReport } from "./json.js";

/** A Buffer over the wasm's memory, made again when the memory grows (a new ArrayBuffer). */
let view = null;

/**
 * Writes the string `text` as UTF-16 (little-endian, as wasm reads `u16`s) into the wasm's `memory`
 * at `at`, where `room` bytes are free; returns the units written. Node copies the units as they
 * are (0.15 us for 3,400 units of emoji), where TextEncoder transcodes each (5.6 us) and json.js
 * `promptLength`'s regular expression takes 4 us (docs/measurements.md).
 */
export function utf16Into(text, memory, at, room) {
  if (view === null || view.buffer !== memory.buffer) view = Buffer.from(memory.buffer);
  return view.write(text, at, room, "utf16le") >> 1;
}

const encoder = new TextEncoder();

/** json.js `utf8Into` by TextEncoder, the fastest way in Node (Buffer.write 20 ns slower a call). */
export function utf8Into(text, memory, at, room) {
  if (typeof text !== "string") text = "null";
  if (text.length * 3 > room) return -text.length * 3;
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, room)).written;
}

/**
 * Reports seen before by their text, keyed by length as json.js keeps them: `[text, make]` pairs,
 * `make` undefined until the text comes a second time, then a function that returns a fresh copy
 * of its value. Emptied when full; long texts and any with a `__proto__` member (JSON.parse makes it
 * an own member, a literal sets the prototype) are never kept.
 */
const seen = new Map();
let count = 0;
/** False once the runtime refuses `new Function` (node --disallow-code-generation-from-strings). */
let compiles = true;

/**
 * json.js `fromJson` for the Node build: a report text seen before is built by a function whose
 * body is that text as an object literal (V8 clones the literal's boilerplate: 18 ns for a report
 * of 160 characters, where json.js's copy of a parsed value takes 180 and JSON.parse 750;
 * docs/measurements.md). The text is made into a function only after JSON.parse accepted it, and
 * JSON text is an ECMAScript expression of the same value (ES2019), so the function can only build
 * that value. Where Node refuses `new Function`, json.js's way.
 */
export function fromJson(text, prompt) {
  if (!compiles) return parsedReport(text, prompt);
  let same = seen.get(text.length) ?? [];
  let entry;
  for (const pair of same) if (pair[0] === text) entry = pair;
  let value;
  if (entry?.[1]) value = entry[1]();
  else {
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    if (entry) {
      try {
        entry[1] = new Function(`return (${text})`);
      } catch {
        compiles = false;
      }
    } else if (text.length <= 4096 && !text.includes('"__proto__"')) {
      if (count++ > 255) {
        seen.clear();
        count = 1;
        same = [];
      }
      seen.set(text.length, [...same, [text, undefined]]);
    }
  }
  if (typeof prompt === "string" && value?.request) value.request.prompt = prompt;
  return value;
}
