// The Node (speed) build's own boundary (feature `node-boundary`), where the JS costs no download:
// reports copied from a text parsed before, and a prompt copied as UTF-16 to be counted.

import { Buffer } from "node:buffer";
import { fromJson } from "./json.js";

// The way back. A form checks on every keystroke and a proxy sees the same settings again and
// again; with the prompt apart (json.js `promptApart`) their report texts repeat, and copying a
// parsed report takes a fifth of the time of JSON.parse of its text (docs/measurements.md).

/**
 * Parsed reports by their text's length: `[text, value]` pairs. Not a Map by text: hashing a
 * fresh text of 300 characters cost more than comparing it with the few of its length. Emptied
 * when full, so memory stays small whatever the texts.
 */
const parsed = new Map();
let count = 0;
const MAX_TEXTS = 256;

/** A fresh copy of a JSON value (plain objects, arrays, strings, numbers, booleans, null). */
function copyOf(value) {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const out = {};
  for (const key in value) {
    // JSON.parse makes `__proto__` an own member; an assignment would set the prototype instead.
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: copyOf(value[key]),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else out[key] = copyOf(value[key]);
  }
  return out;
}

/** json.js `fromJson`, the same object, from a copy of the text's parsed value when it came before. */
export function fromJsonCopied(text, prompt) {
  let template;
  let same = parsed.get(text.length);
  if (same !== undefined) {
    for (const [known, value] of same)
      if (known === text) {
        template = value;
        break;
      }
  }
  if (template === undefined) {
    template = fromJson(text);
    if (template === null) return null;
    if (count >= MAX_TEXTS) {
      parsed.clear();
      count = 0;
      same = undefined;
    }
    if (same === undefined) {
      same = [];
      parsed.set(text.length, same);
    }
    same.push([text, template]);
    count++;
  }
  const value = copyOf(template);
  if (typeof prompt === "string" && value.request) value.request.prompt = prompt;
  return value;
}

/** A Buffer over the wasm's memory, made again when the memory grows (a new ArrayBuffer). */
let view = null;

/**
 * Writes the string `text` as UTF-16 (little-endian, as wasm reads `u16`s) into the wasm's `memory`
 * at `at`, where `room` bytes are free; returns the units written. Node copies the units as they
 * are, where TextEncoder transcodes each (docs/measurements.md).
 */
export function utf16Into(text, memory, at, room) {
  if (view === null || view.buffer !== memory.buffer) view = Buffer.from(memory.buffer);
  return view.write(text, at, room, "utf16le") >> 1;
}
