// The Node (speed) build's own boundary (feature `node-boundary`), where the JS costs no download
// and Node's Buffer is at hand: a prompt copied into the wasm as UTF-16 to be counted.

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
