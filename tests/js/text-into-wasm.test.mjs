// The glue writes a JS string into the wasm's memory as UTF-8 exactly as TextEncoder would: the
// engine takes those bytes as UTF-8 unchecked (src/wasm.rs `utf8_of`), so any other byte would be
// a fault, not a wrong answer. Both writers are held to TextEncoder: the browsers' loop
// (src/js/json.js `utf8Into`) and the Node build's TextEncoder (src/js/node-boundary.js).

import assert from "node:assert/strict";
import { test } from "node:test";
import { utf8Into as loopInto } from "../../src/js/json.js";
import { utf8Into as bufferInto } from "../../src/js/node-boundary.js";

const WRITERS = { "the browsers' loop": loopInto, "the Node build's TextEncoder": bufferInto };

const encoder = new TextEncoder();

/** Units that meet every branch: ASCII, 2- and 3-byte, both surrogate halves, the edges. */
const UNITS = [
  0x00, 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0x4e2d, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00,
  0xdfff, 0xe000, 0xfeff, 0xfffd, 0xffff,
];

/** Deterministic strings of `length` units drawn from UNITS, with pairs and lone halves. */
function* strings(count, seed = 7) {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x;
  };
  for (let k = 0; k < count; k++) {
    const length = next() % 300;
    let s = "";
    for (let i = 0; i < length; i++) {
      const r = next() % 10;
      s += r < 3 ? "😀" : String.fromCharCode(UNITS[next() % UNITS.length]);
    }
    yield s;
  }
}

function written(utf8Into, text, at = 16) {
  const memory = { buffer: new ArrayBuffer(at + 4 * (text.length + 1)) };
  const n = utf8Into(text, memory, at, 3 * text.length);
  return new Uint8Array(memory.buffer, at, n);
}

for (const [writer, utf8Into] of Object.entries(WRITERS)) {
  test(`${writer}: every string is written as TextEncoder writes it, a lone surrogate as U+FFFD`, () => {
    const fixed = [
      "",
      "a",
      "中",
      "😀",
      "\ud800",
      "\udc00",
      "a\ud800",
      "\ud800a",
      "\udc00\ud800",
      "x".repeat(255) + "😀",
      "中".repeat(256),
      "中".repeat(257),
      "😀".repeat(129),
      "a".repeat(3000),
      "中😀\ud800".repeat(1000),
      `{"model":"seedance-2-mini","prompt":"在雨中的霓虹夜市里缓慢推进的镜头"}`,
    ];
    for (const text of [...fixed, ...strings(3000)]) {
      assert.deepEqual(written(utf8Into, text), encoder.encode(text), JSON.stringify(text));
    }
  });

  test(`${writer}: anything but a string is written as null; too little room answers minus the room it needs`, () => {
    const memory = { buffer: new ArrayBuffer(64) };
    for (const value of [undefined, null, 3, {}]) {
      const n = utf8Into(value, memory, 4, 12);
      assert.deepEqual(new Uint8Array(memory.buffer, 4, n), encoder.encode("null"));
    }
    assert.equal(utf8Into("abc", memory, 0, 0), -9);
    assert.equal(utf8Into("abc", memory, 0, 8), -9);
    assert.equal(utf8Into("abc", memory, 0, 9), 3);
    assert.deepEqual(
      new Uint8Array(memory.buffer, 9, 8),
      new Uint8Array(8),
      "nothing past the room",
    );
  });

  test(`${writer}: a memory that grew (a new buffer) is written, not the old one`, () => {
    const memory = { buffer: new ArrayBuffer(32) };
    utf8Into("old", memory, 0, 9);
    const old = memory.buffer;
    memory.buffer = new ArrayBuffer(64);
    utf8Into("new", memory, 40, 9);
    assert.deepEqual(new Uint8Array(memory.buffer, 40, 3), encoder.encode("new"));
    assert.deepEqual(new Uint8Array(old, 0, 3), encoder.encode("old"));
  });
}
