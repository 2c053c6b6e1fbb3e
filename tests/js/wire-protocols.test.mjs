// The numbers the Rust and the JS side of the boundary pass each other have a name on each side:
// what the fetch race settled with and why a request was not sent (src/js/fetch.js `SETTLED` and
// `UNSENT_CLASS`, src/client/request.rs `settled` and `unsent_class`), and what one read of a
// proxy request body gave (src/js/proxy-io.js `CHUNK_READ`, src/proxy/body_limits.rs `chunk_read`).
// A value changed on one side only fails here. The JS objects are imported from the sources
// wasm-bindgen copies into the package; the Rust constants are read from the Rust sources.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { SETTLED, UNSENT_CLASS } from "../../src/js/fetch.js";
import { CHUNK_READ } from "../../src/js/proxy-io.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The `pub const NAME: type = value;` items of `pub mod <name> { ... }` in a Rust source file. */
function rustConsts(file, module) {
  const text = readFileSync(join(root, file), "utf8");
  const start = text.indexOf(`pub mod ${module} {`);
  assert.ok(start >= 0, `${file} has no \`pub mod ${module}\``);
  const body = text.slice(start, text.indexOf("\n}", start));
  const consts = {};
  for (const [, name, value] of body.matchAll(
    /pub const ([A-Z_]+): (?:f64|u8|i8|i32|u32) = (-?\d+(?:\.\d+)?);/g,
  ))
    consts[name] = Number(value);
  assert.ok(Object.keys(consts).length > 0, `no constants found in ${file} \`${module}\``);
  return consts;
}

/** Same names, same numbers, all distinct: a protocol where two outcomes share a number is broken. */
function assertSameProtocol(js, rust, what) {
  assert.ok(Object.isFrozen(js), `${what}: the JS object is not frozen`);
  assert.deepEqual({ ...js }, rust, `${what}: the JS and Rust sides differ`);
  assert.equal(
    new Set(Object.values(js)).size,
    Object.keys(js).length,
    `${what}: a number is used twice`,
  );
}

test("what the fetch race settled with is the same numbers in fetch.js and request.rs", () => {
  assertSameProtocol(SETTLED, rustConsts("src/client/request.rs", "settled"), "SETTLED");
});

test("why a request was not sent is the same numbers in fetch.js and request.rs", () => {
  assertSameProtocol(
    UNSENT_CLASS,
    rustConsts("src/client/request.rs", "unsent_class"),
    "UNSENT_CLASS",
  );
});

test("what a read of a proxy request body gave is the same numbers in proxy-io.js and body_limits.rs", () => {
  const rust = rustConsts("src/proxy/body_limits.rs", "chunk_read");
  assertSameProtocol(CHUNK_READ, rust, "CHUNK_READ");
  // A chunk, even an empty one, reads above END and every refusal below it (what
  // src/wasm/proxy/handler.rs tells apart by comparing with END).
  assert.ok(CHUNK_READ.CHUNK > CHUNK_READ.END);
  assert.ok(CHUNK_READ.TOO_SLOW < CHUNK_READ.END && CHUNK_READ.FAILED < CHUNK_READ.END);
});
