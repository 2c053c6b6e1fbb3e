// The Node (speed) build's own boundary (feature `node-boundary`), where the JS costs no download
// and Node's Buffer is at hand: text written into the wasm by Buffer, a prompt as UTF-16 to be
// counted.

import { Buffer } from "node:buffer";

/** A Buffer over the wasm's memory, made again when the memory grows (a new ArrayBuffer). */
let view = null;

/**
 * Writes the string `text` as UTF-16 (little-endian, as wasm reads `u16`s) into the wasm's `memory`
 * at `at`, where `room` bytes are free; returns the units written. Node copies the units as they
 * are, where TextEncoder transcodes each and json.js `promptLength` reads them one by one
 * (docs/measurements.md).
 */
export function utf16Into(text, memory, at, room) {
  if (view === null || view.buffer !== memory.buffer) view = Buffer.from(memory.buffer);
  return view.write(text, at, room, "utf16le") >> 1;
}

/** json.js `utf8Into`, written by Buffer (no JS loop: a long text costs a copy, not a loop). */
export function utf8Into(text, memory, at, room) {
  if (typeof text !== "string") text = "null";
  if (text.length * 3 > room) return -text.length * 3;
  if (view === null || view.buffer !== memory.buffer) view = Buffer.from(memory.buffer);
  return view.write(text, at, room, "utf8");
}
