// The glue measures a prompt that crosses into the wasm apart from its request (src/js/json.js
// `promptLength`) and the engine trusts the figure: within the limit it must never be fewer than the
// prompt's code points (or a prompt too long would pass) nor more than the limit; past the limit it
// is the exact count the message shows, or 0 when the engine is to count the whole prompt. Held to
// the standard count, `[...text].length`, on every kind of string near and far from a small limit
// and at the real one.

import assert from "node:assert/strict";
import { test } from "node:test";
import { promptLength } from "../../src/js/json.js";

/** Characters of one, two and three UTF-8 bytes in one unit, and of two units (a pair). */
const CHARS = ["a", " ", "é", "中", "\uffff", "😀", "\u{10ffff}", "\u{10000}"];

/** Deterministic well-formed strings of up to `longest` characters drawn from CHARS. */
function* strings(count, longest, seed = 11) {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x;
  };
  for (let k = 0; k < count; k++) {
    const length = next() % (longest + 1);
    // Some strings of one script only: no surrogate at all, or only pairs.
    const pool = k % 3 === 0 ? CHARS.slice(0, 5) : k % 3 === 1 ? CHARS.slice(5) : CHARS;
    let s = "";
    for (let i = 0; i < length; i++) s += pool[next() % pool.length];
    yield s;
  }
}

/**
 * What the rules need: within `max`, a figure from the code points to `max`; past it, the count, or
 * 0 (count it yourself). Returns the figure.
 */
function assertMeasure(text, max) {
  const chars = [...text].length;
  const got = promptLength(text, max);
  if (chars > max) assert.ok(got === chars || got === 0, `${got} for ${chars} (max ${max})`);
  else assert.ok(got >= chars && got <= max, `${got} for ${chars} (max ${max})`);
  return got;
}

test("a prompt's measure is its exact length (or 0: count it) past the limit, within it never under its length", () => {
  for (const max of [0, 1, 2, 3, 7, 16])
    for (const text of strings(3000, 40)) assertMeasure(text, max);
});

test("at the real limit: prompts of 2,000 characters and one more, in every script", () => {
  for (const unit of CHARS)
    for (const n of [1999, 2000, 2001, 4000, 4001]) assertMeasure(unit.repeat(n), 2000);
  // Without a character past U+FFFF, the units are the code points: the exact count, no copy.
  assert.equal(assertMeasure("中".repeat(2001), 2000), 2001);
  assert.equal(assertMeasure("a".repeat(2420), 2000), 2420);
  const mixed = [..."中a😀é"];
  for (const n of [1999, 2000, 2001, 2999]) {
    const text = Array.from({ length: n }, (_, i) => mixed[i % mixed.length]).join("");
    assertMeasure(text, 2000);
  }
});

test("the limit can change between calls: each call is measured against its own", () => {
  const text = "😀".repeat(10);
  assert.equal(promptLength(text, 20), 20);
  assert.equal(promptLength(text, 10), 10);
  assert.equal(promptLength(text, 12), 12);
  assert.equal(promptLength(text, 9), 0);
  assert.equal(promptLength(text, 5), 0);
});
