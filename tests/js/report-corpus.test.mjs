// Every entry's reports on 8,000 generated requests (tests/js/report-corpus.mjs) are the same text
// as each other's and as the stored digest: a change to the engine, the glue or the way a report
// crosses the boundary that alters one byte of one answer fails here. The digest covers, per
// request, validateRequest without and with maxCredits, compareModels and estimateCost (its value or
// its error's code, message and issues), each as JSON.stringify writes it.
//
// Then prompts measured apart where the head alone cannot decide, against the whole request's JSON.
//
// When an answer changes on purpose, `PRINT_DIGEST=1 node tests/js/report-corpus.test.mjs` prints
// the new digest. Needs a built pkg/ (`make build`).

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { corpus } from "./report-corpus.mjs";

const COUNT = 8000;
const DIGEST = "55eb137ff40d1122d8b83b9c6f4b145c64a1692358adaecb9c77b46115945456";

/** The entries of the package, by the file a user's import resolves to, and the wasm its init()
 * is given (the full build's fetches its file; the browser entries decode the wasm they carry). */
const ENTRIES = [
  ["Node", "node.js"],
  ["full (workers, bundlers)", "index.js", "seedance_wasm_bg.wasm"],
  ["browser", "browser/index.js"],
  ["engine", "engine/index.js"],
];

let dir;
const entries = {};
before(async () => {
  dir = await copyBuiltPackage(mkdtempSync(join(tmpdir(), "seedance-corpus-")));
  for (const [name, file, wasm] of ENTRIES) {
    entries[name] = await import(pathToFileURL(join(dir, file)).href);
    await entries[name].init(wasm && readFileSync(join(dir, wasm)));
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** One request's answers from one entry, as text. */
function answers(m, input) {
  let estimate;
  try {
    estimate = m.estimateCost(input);
  } catch (error) {
    estimate = [m.isSeedanceError(error), error.code, error.message, error.issues];
  }
  return JSON.stringify([
    m.validateRequest(input),
    m.validateRequest(input, { maxCredits: 300 }),
    m.compareModels(input),
    estimate,
  ]);
}

test(`every entry gives the stored answers on ${COUNT} generated requests`, () => {
  const requests = corpus(COUNT);
  const hash = createHash("sha256");
  for (const [i, input] of requests.entries()) {
    const [first, ...others] = ENTRIES.map(([name]) => [name, answers(entries[name], input)]);
    for (const [name, text] of others)
      assert.equal(text, first[1], `request #${i}: ${name} differs from ${first[0]}`);
    hash.update(first[1]).update("\n");
  }
  const digest = hash.digest("hex");
  if (process.env.PRINT_DIGEST) console.log(`report corpus digest: ${digest}`);
  assert.equal(digest, DIGEST, "the answers changed (PRINT_DIGEST=1 prints the new digest)");
});

test("answers asked again are the same text (the Node build then builds reports it saw before)", () => {
  const requests = corpus(COUNT);
  for (const name of ["Node", "browser"]) {
    const once = requests.map((input) => answers(entries[name], input));
    // In a row: the Node build keeps a text the second time, builds its literal the third and
    // answers from it the fourth (the first answers were too long ago: it keeps 256 texts).
    for (const [i, input] of requests.entries()) {
      for (const time of ["second", "third", "fourth"])
        assert.equal(
          answers(entries[name], input),
          once[i],
          `request #${i}, ${name}, ${time} time`,
        );
    }
  }
});

test("the corpus covers long prompts of every script, escapes and the limit", () => {
  const prompts = corpus(COUNT)
    .map((r) => {
      try {
        return r?.prompt;
      } catch {
        return undefined;
      }
    })
    .filter((p) => typeof p === "string");
  const count = (f) => prompts.filter(f).length;
  assert.ok(count((p) => p.length >= 900 && /[\u3040-\u9fff]/.test(p)) > 200, "long CJK");
  assert.ok(count((p) => p.length >= 900 && /^[\x20-\x7e]*$/.test(p)) > 50, "long ASCII");
  assert.ok(count((p) => /\p{Extended_Pictographic}/u.test(p) && p.length >= 900) > 100, "emoji");
  assert.ok(count((p) => /["\\\n\t]/.test(p)) > 500, "escapes");
  assert.ok(
    count((p) => /[\ud800-\udfff]/.test(p.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) > 50,
    "lone surrogates",
  );
  assert.ok(count((p) => [...p].length === 2000) > 100, "exactly 2,000");
  assert.ok(count((p) => [...p].length > 2000) > 100, "over 2,000");
});

test("a prompt JSON.stringify does not see is missing, and the prompt returned is the one checked", () => {
  const hidden = { duration: 5 };
  Object.defineProperty(hidden, "prompt", { value: "a fox", enumerable: false });
  const inherited = Object.assign(Object.create({ prompt: "a fox" }), { duration: 5 });
  let reads = 0;
  const changing = {
    get prompt() {
      reads++;
      return reads === 1 ? "a fox" : "";
    },
  };
  for (const [name] of ENTRIES) {
    const m = entries[name];
    for (const input of [hidden, inherited]) {
      const report = m.validateRequest(input);
      assert.equal(report.errors[0]?.message, "A prompt is required.", name);
    }
    reads = 0;
    const report = m.validateRequest(changing);
    // Read once for the check and the report alike (JSON.stringify of the rest reads it again).
    assert.equal(
      report.ok,
      report.request?.prompt === "a fox",
      `${name}: ${JSON.stringify(report)}`,
    );
  }
});

/**
 * Prompts where the head that crosses into the wasm (32 UTF-16 units; src/engine/validate.rs
 * `validate_json_with_prompt_head`) cannot decide alone: white space past it in either language's
 * sense, a pair cut at its end, lengths around the limit in units and in code points. Each entry's
 * report must be the whole request's, as it crosses in JSON when it has `toJSON`.
 */
const HEAD_CANNOT_DECIDE = {
  "white space past the head, then a letter": `${" ".repeat(40)}x`,
  "only white space, long": " ".repeat(3000),
  "only ideographic spaces, past the head": "\u3000".repeat(40),
  "NEL (white space to the engine, not to JS's \\s), then a letter": `${"\u0085".repeat(40)}x`,
  "only NEL": "\u0085".repeat(40),
  "BOM (JS's \\s, not white space to the engine)": "\ufeff".repeat(40),
  "white space then a pair cut at the head's end": `${" ".repeat(31)}😀 and more`,
  "a pair across the head's end": `${"a".repeat(31)}😀`,
  "emoji: more units than the limit, 2,000 code points": "😀".repeat(2000),
  "emoji: 2,001 code points": "😀".repeat(2001),
  "one pair and letters: 2,001 units, 2,000 code points": `😀${"a".repeat(1999)}`,
  "letters and emoji: 3,000 units, 2,000 code points": "a😀".repeat(1000),
  "letters and emoji: 2,001 code points": `${"a😀".repeat(1000)}a`,
  "Chinese at the limit": "夕".repeat(2000),
  "Chinese over the limit": "夕".repeat(2001),
  "ASCII over the limit in units and code points": "a".repeat(2001),
  "a lone surrogate after the head": `${"a".repeat(40)}\ud800`,
  "a lone surrogate in the head": "\udc00abc",
  empty: "",
};

for (const [name, prompt] of Object.entries(HEAD_CANNOT_DECIDE)) {
  test(`the report of a prompt measured apart is the whole request's: ${name}`, () => {
    for (const [entry, m] of Object.entries(entries)) {
      for (const rest of [{}, { model: "seedance-2-mini", duration: 8 }]) {
        const request = { ...rest, prompt };
        const whole = { toJSON: () => request };
        for (const options of [undefined, { maxCredits: 100 }]) {
          assert.deepEqual(
            m.validateRequest(request, options),
            m.validateRequest(whole, options),
            `${entry} ${JSON.stringify(rest)} ${JSON.stringify(options)}`,
          );
        }
      }
    }
  });
}

test("every call's report is its own object: changing one changes no later one", () => {
  // A `__proto__` member, as JSON.parse makes it: the report echoes it as a member, not a prototype.
  // A report text seen before is copied from its parsed value (src/js/json.js `parsedCopy`), one
  // with a `__proto__` member parsed again: both kinds, each answered three times.
  const request = JSON.parse('{"prompt":"A fox in the snow","__proto__":{"x":1},"seed":3}');
  const plain = { prompt: "A fox in the snow", seed: 3, model: "seedance-2-mini" };
  for (const [name] of ENTRIES) {
    const m = entries[name];
    for (const call of [
      (r) => m.validateRequest(r),
      (r) => m.compareModels(r),
      () => m.listModels(),
      () => m.validateRequest(plain),
      () => m.compareModels(plain),
      () => m.validateRequest({ ...plain, extra: 1 }),
    ]) {
      const first = call(request);
      const text = JSON.stringify(first);
      const again = call(request);
      assert.equal(JSON.stringify(again), text, name);
      // Every object and array of the first answer, changed in place.
      const spoil = (value) => {
        if (value === null || typeof value !== "object") return;
        for (const key of Object.keys(value)) spoil(value[key]);
        if (Array.isArray(value)) value.push("spoiled");
        else value.spoiled = true;
      };
      spoil(first);
      assert.equal(JSON.stringify(call(request)), text, name);
    }
    const report = m.validateRequest(request);
    assert.equal(Object.getPrototypeOf(report.request), Object.prototype, name);
    assert.ok(Object.hasOwn(report.request, "__proto__"), name);
    assert.deepEqual(
      Object.getOwnPropertyDescriptor(report.request, "__proto__").value,
      { x: 1 },
      name,
    );
  }
});
