// Generate-request bodies of a chosen size in the shapes that cost a careless checker the most
// (the same as tests/support/hostile_bodies.rs builds for the native timing tests): used by
// tests/js/proxy-hostile-input.test.mjs and `make bench`, with the timing of each shape through a
// proxy.

import { textTable } from "./support.mjs";

const KiB = 1024;

const repeated = (size, member) => {
  const parts = ['{"prompt":"p"'];
  let length = parts[0].length;
  for (let i = 0; length < size; i++) {
    const part = `,${member(i)}`;
    parts.push(part);
    length += Buffer.byteLength(part);
  }
  return `${parts.join("")}}`;
};

const list = (size, key, item) => {
  const parts = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = item(i);
    parts.push(part);
    length += Buffer.byteLength(part) + 1;
  }
  return `{"prompt":"p","${key}":[${parts.join(",")}]}`;
};

const distinctCjk = (from, count) =>
  Array.from({ length: count }, (_, i) => String.fromCodePoint(0x4e00 + ((from + i) % 20000))).join(
    "",
  );

/** Each shape's body of about `size` bytes. */
export const SHAPES = {
  "distinct unknown keys": (size) => repeated(size, (i) => `"k${i}":1`),
  "near-known keys": (size) =>
    repeated(size, (i) => `"${["DURATION", "Duration", "dUrAtIoN"][i % 3]}${i}":1`),
  "case variants of a pricing key": (size) =>
    repeated(size, (i) => `"${[" DURATION", "Model"][i % 2]}":5`),
  "repeated unknown key": (size) => repeated(size, () => '"seed":1'),
  "repeated known key": (size) => repeated(size, () => '"duration":5'),
  "lone surrogate keys": (size) => repeated(size, (i) => `"\\ud800k${i}":1`),
  "values JSON cannot carry": (size) =>
    repeated(size, (i) => `"k${i}":{"\\u0000no-json":"bigint"}`),
  "long list of URLs": (size) =>
    list(size, "images", (i) => `"https://cdn${i}.example.com/${i}.png"`),
  "long unknown list": (size) => list(size, "extra", () => '[1,"a",null]'),
  "nested lists": (size) => list(size, "extra", () => `${"[".repeat(60)}${"]".repeat(60)}`),
  "escaped prompt": (size) =>
    `{"prompt":"${"\\u00e9\\n\\ud83d\\ude00".repeat(Math.ceil(size / 20))}"}`,
  "escaped unknown value": (size) =>
    `{"prompt":"p","extra":"${'\\u0041\\"\\\\'.repeat(Math.ceil(size / 10))}"}`,
  "long Unicode host": (size) =>
    `{"prompt":"p","callback_url":"http://${distinctCjk(0, Math.floor(size / 3))}.com/"}`,
  "many Unicode hosts": (size) =>
    list(size, "images", (i) => `"http://${distinctCjk(i * 40, 40)}.com/"`),
  "white space": (size) => {
    const pad = " \n\t\r".repeat(Math.floor(size / 16));
    return `{${pad}"prompt"${pad}:${pad}"p"${pad}}`;
  },
  "long number": (size) => {
    const digits = "9".repeat(Math.floor(size / 3));
    return `{"prompt":"p","duration":${digits},"extra":1.${digits}e${digits}}`;
  },
};

/** Best of `runs` round trips of `body` as a generate through the proxy at `base`, in ms. */
async function bestTime(base, body, runs = 3) {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await fetch(`${base}/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    // Answered by the checks (forwarded, or refused as invalid): never a size or time limit.
    if (res.status !== 200 && res.status !== 400) throw new Error(`status ${res.status}`);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Each shape through the proxy at `base` (…/v2) at 256 KiB, 512 KiB and 1 MiB (maxBodyBytes):
 * `{ shape, ms: [3 times], ratio }`, the ratio of the 1 MiB time to the 512 KiB one (5 ms floor:
 * below it loopback round trips say more than the proxy).
 */
export async function shapeTimes(base, shapes = Object.keys(SHAPES)) {
  const rows = [];
  for (const shape of shapes) {
    const build = SHAPES[shape];
    // The builders may pass the size asked by one member: 1 MiB less 1 KiB stays within maxBodyBytes.
    const [small, large, full] = [256 * KiB, 512 * KiB, 1023 * KiB].map(build);
    await bestTime(base, small, 1); // warm-up
    const ms = [
      await bestTime(base, small),
      await bestTime(base, large, 5),
      await bestTime(base, full, 5),
    ];
    rows.push({ shape, ms, ratio: Math.max(ms[2], 5) / Math.max(ms[1], 5) });
  }
  return rows;
}

/** The rows of `shapeTimes` as a text table. */
export function shapeTable(rows) {
  const cells = rows.map(({ shape, ms, ratio }) => ({
    shape,
    a: ms[0].toFixed(1),
    b: ms[1].toFixed(1),
    c: ms[2].toFixed(1),
    ratio: ratio.toFixed(2),
  }));
  const cols = [
    ["shape", "body shape"],
    ["a", "256 KiB ms"],
    ["b", "512 KiB ms"],
    ["c", "1 MiB ms"],
    ["ratio", "1 MiB / 512 KiB"],
  ];
  return textTable(cols, cells, (i) => i > 0);
}
