// The entry for Node: the wasm is instantiated synchronously on import, so `init()` has nothing
// left to do (it still exists, so the same code runs everywhere).

import { markReady, toJson } from "__GLUE__";
import { Buffer } from "node:buffer";
import { validateRequest as validateThroughJson } from "./node/index.js";
// node/ holds the package built for speed (Node reads it from disk: its size costs no download).
import { initSync } from "./node/seedance_wasm.js";
// Messages in Chinese with `locale: "zh-CN"` (no download to save here).
import "./zh-CN.js";

// The wasm is in this file as base64 (scripts/assemble-pkg.mjs writes it over the placeholder), not
// read from disk: a server bundler (Next.js's Turbopack and webpack) turns `new URL("x.wasm",
// import.meta.url)` into an asset URL that node:fs cannot read, so the package works bundled, with
// no configuration. Decoding is native (about 0.2 ms).
const wasm = initSync({ module: Buffer.from("__WASM_BASE64__", "base64") });
markReady();

export * from "./node/index.js";
export { toNodeListener } from "./node-listener.js";
export { denoKvStore } from "./spend-deno-kv.js";
export { redisStore } from "./spend-redis.js";

// validateRequest without JSON.parse: the request's JSON text goes straight into the wasm's input
// buffer, and the report comes back as a tape of numbers and one text (src/report.rs, `Tape`) from
// which the objects are built here. JSON.parse of the report cost more than a third of a call, most
// of it per object; object literals cost nanoseconds. With options (maxCredits) the call takes the
// JSON path of the other entries.

let bytes = Buffer.alloc(0);
let words = new Uint32Array(0);
/** Fresh views of the wasm memory after it grew (growing detaches the old buffer). */
function views() {
  if (bytes.buffer !== wasm.memory.buffer) {
    bytes = Buffer.from(wasm.memory.buffer);
    words = new Uint32Array(wasm.memory.buffer);
  }
}

// The tape being read: its words from `at`, its text.
let at = 0;
let text = "";
const word = () => words[at++];
const string = () => text.slice(words[at++], words[at++]);

function issues() {
  const list = [];
  for (let n = word(); n > 0; n--)
    list.push({ code: string(), field: string(), message: string() });
  return list;
}

function value() {
  switch (word()) {
    case 1:
      return false;
    case 2:
      return true;
    case 3:
      return +string();
    case 4:
      return string();
    case 5: {
      const list = [];
      for (let n = word(); n > 0; n--) list.push(value());
      return list;
    }
    case 6: {
      const object = {};
      for (let n = word(); n > 0; n--) {
        const key = string();
        const item = value();
        // An own member, as JSON.parse makes it (assigning `__proto__` would set the prototype).
        if (key === "__proto__")
          Object.defineProperty(object, key, {
            value: item,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        else object[key] = item;
      }
      return object;
    }
    default:
      return null;
  }
}

function estimate() {
  if (word() === 0) return null;
  // The members in the contract's order; an object literal reads its values left to right.
  const e = {
    model: string(),
    duration: word(),
    resolution: string(),
    billed_resolution: string(),
    input_kind: string(),
    credits: word(),
    usd: 0,
  };
  e.usd = e.credits / 100; // the same double as JSON.parse of the engine's exact decimal
  return e;
}

export function validateRequest(req, options) {
  if (options !== undefined) return validateThroughJson(req, options);
  const json = toJson(req) ?? "null";
  const capacity = json.length * 3; // UTF-8 bytes per UTF-16 unit, at most
  const input = wasm.validateInput(capacity) >>> 0;
  views();
  const length = bytes.write(json, input, capacity, "utf8");
  at = wasm.validateToTape(length) >>> 2;
  views();
  const start = words[at];
  const end = start + words[at + 1];
  at += 2;
  text = start === end ? "" : bytes.toString("utf8", start, end);
  const ok = word() === 1;
  const errors = issues();
  const warnings = issues();
  const request = value();
  return { ok, errors, warnings, request, estimate: estimate() };
}
